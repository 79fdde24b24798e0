import type { Tenant } from '../tenant';
import { OAuthError } from './oauthErrors';

/** The multi-tenant aliases Entra serves metadata for; tokens are only issued under the tenant's own id or domain. */
export const MULTI_TENANT_ALIASES = ['common', 'organizations'];

/** Checks the {tenant} segment of an Entra URL: the tenant id or its domain (and, where allowed, common/organizations). */
export function checkTenantSegment(tenant: Tenant, segment: string, opts: { multiTenant?: boolean } = {}): void {
  const s = segment.toLowerCase();
  if (s === tenant.id || s === tenant.domain.toLowerCase()) return;
  if (opts.multiTenant && MULTI_TENANT_ALIASES.includes(s)) return;
  throw new OAuthError(
    400,
    opts.multiTenant ? 'invalid_tenant' : 'invalid_request',
    90002,
    `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the ` +
      'correct cloud. Check with your subscription administrator, this may happen if there are no active ' +
      'subscriptions for the tenant.',
  );
}
