import { Route } from '../http';
import type { Tenant } from '../tenant';

/** Graph directory routes: users, groups, members, owners, /me, invitations, the access review policy. */
export function directoryRoutes(_tenant: Tenant): Route[] {
  return [];
}
