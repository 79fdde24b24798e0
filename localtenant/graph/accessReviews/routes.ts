import { Route } from '../../http';
import type { Tenant } from '../../tenant';

/** Graph access reviews routes (v1.0 and beta). */
export function accessReviewRoutes(_tenant: Tenant): Route[] {
  return [];
}
