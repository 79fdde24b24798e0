import { Route } from '../../http';
import type { Tenant } from '../../tenant';
import { decisionRoutes } from './decisionRoutes';
import { definitionRoutes } from './definitionRoutes';
import { instanceRoutes } from './instanceRoutes';
import { reviewerRoutes } from './reviewerRoutes';

/**
 * Graph access reviews routes, v1.0 and beta, under /identityGovernance/accessReviews (plus beta
 * /me/pendingAccessReviewInstances). Order matters: filterByCurrentUser routes come before the {id} routes.
 */
export function accessReviewRoutes(tenant: Tenant): Route[] {
  return [...reviewerRoutes(tenant), ...definitionRoutes(tenant), ...decisionRoutes(tenant), ...instanceRoutes(tenant)];
}
