import { GRAPH_APP_ID, User } from '../model';
import { Req } from '../http';
import { Tenant } from '../tenant';
import { fail } from './errors';

/** Who is calling Graph: a signed-in user through an app (delegated), or an app on its own (application). */
export type Caller =
  { kind: 'user'; user: User; appId: string; scopes: Set<string> } | { kind: 'app'; appId: string; roles: Set<string> };

export const GRAPH_AUDIENCES = ['https://graph.microsoft.com', GRAPH_APP_ID];

/**
 * Checks the bearer token of a Graph request: present, signed by this tenant, for Graph, not expired.
 * Throws the 401 Graph answers otherwise (code InvalidAuthenticationToken).
 */
export function authenticate(req: Req, tenant: Tenant): Caller {
  const header = req.headers.authorization;
  if (!header) fail(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (!m) fail(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  const result = tenant.keys.verify(m[1], { audience: GRAPH_AUDIENCES, nowMs: tenant.clock.nowMs() });
  if (!result.ok) {
    const message = {
      malformed: 'IDX14100: JWT is not well formed.',
      signature: 'Access token validation failure. Invalid signature.',
      audience: 'Invalid audience.',
      issuer: 'Invalid issuer.',
      expired: 'Lifetime validation failed, the token is expired.',
    }[result.reason];
    fail(401, 'InvalidAuthenticationToken', message);
  }
  const c = result.claims;
  if (c.tid !== tenant.id) fail(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid tenant.');
  const appId = String(c.appid ?? c.azp ?? '');
  if (typeof c.scp === 'string') {
    const user = tenant.directory.users.get(String(c.oid));
    if (!user || !user.accountEnabled)
      fail(401, 'InvalidAuthenticationToken', 'Access token validation failure. User not found or disabled.');
    return { kind: 'user', user, appId, scopes: new Set(c.scp.split(' ').filter(Boolean)) };
  }
  return { kind: 'app', appId, roles: new Set(Array.isArray(c.roles) ? c.roles.map(String) : []) };
}

/**
 * The permission check: the caller's token must carry one of the permissions the docs list for the call
 * (delegated scopes in scp, application permissions in roles). 403 Authorization_RequestDenied otherwise.
 */
export function requirePermission(caller: Caller, opts: { delegated?: string[]; application?: string[] }): void {
  const granted = caller.kind === 'user' ? caller.scopes : caller.roles;
  const wanted = (caller.kind === 'user' ? opts.delegated : opts.application) ?? [];
  if (!wanted.some((p) => granted.has(p))) {
    fail(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }
}

/** The signed-in user of a delegated call; 403 for app-only tokens on calls that only exist for users (/me...). */
export function requireUser(
  caller: Caller,
  message = '/me request is only valid with delegated authentication flow.',
): User {
  if (caller.kind !== 'user') fail(400, 'BadRequest', message);
  return caller.user;
}
