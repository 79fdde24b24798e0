import { Route } from '../http';
import type { Tenant } from '../tenant';
import { devRoutes } from './devRoutes';
import { metadataRoutes } from './metadata';
import { RefreshTokens } from './refreshTokens';
import { tokenEndpoint } from './tokenEndpoint';

/** Entra ID: OpenID metadata, JWKS, the token endpoint, and the local-only Teams SSO token endpoint. */
export function entraRoutes(tenant: Tenant): Route[] {
  const refreshTokens = new RefreshTokens(tenant.clock);
  return [...metadataRoutes(tenant), tokenEndpoint(tenant, refreshTokens), ...devRoutes(tenant, refreshTokens)];
}
