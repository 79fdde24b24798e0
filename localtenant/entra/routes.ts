import { Route } from '../http';
import type { Tenant } from '../tenant';

/** Entra ID: OpenID metadata, JWKS, the token endpoint, and the local-only Teams SSO token endpoint. */
export function entraRoutes(_tenant: Tenant): Route[] {
  return [];
}
