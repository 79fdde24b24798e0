import { json, route, Route } from '../http';
import type { Tenant } from '../tenant';
import { authenticate, requirePermission } from './auth';
import { groupRoutes } from './directoryGroups';
import { CreationNotes } from './directoryShapes';
import { userRoutes } from './directoryUsers';
import { userRelationRoutes } from './userRelations';

const READ_POLICY = {
  delegated: ['Policy.Read.All', 'Policy.ReadWrite.AccessReview'],
  application: ['Policy.Read.All', 'Policy.ReadWrite.AccessReview'],
};

/**
 * Graph directory routes: users, groups, members, owners, /me, a user's transitiveMemberOf and manager, invitations,
 * the access review policy.
 */
export function directoryRoutes(tenant: Tenant): Route[] {
  const notes: CreationNotes = { invitedUserIds: new Set(), groupCreatedByApp: new Map() };
  return [
    ...userRoutes(tenant, notes),
    ...userRelationRoutes(tenant, notes),
    ...groupRoutes(tenant, notes),
    // The accessReviewPolicy singleton is documented in beta only; v1.0 answers "Resource not found for the segment".
    route('GET', /^\/(?<v>beta)\/policies\/accessReviewPolicy$/, 'GET /policies/accessReviewPolicy', (req) => {
      requirePermission(authenticate(req, tenant), READ_POLICY);
      return json(200, {
        '@odata.context': `${req.baseUrl}/beta/$metadata#policies/accessReviewPolicy/$entity`,
        id: 'accessReviewPolicy',
        displayName: 'Access Review Policy',
        description: 'Policy contains directory-level access review settings.',
        isGroupOwnerManagementEnabled: tenant.accessReviewPolicy.isGroupOwnerManagementEnabled,
      });
    }),
  ];
}
