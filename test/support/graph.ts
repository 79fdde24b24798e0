import { Client } from '@microsoft/microsoft-graph-client';
import { LocalTenant } from '../../localtenant';

export const REVIEW_SCOPES = ['AccessReview.ReadWrite.All', 'User.Read', 'GroupMember.Read.All'];

/**
 * A Graph access token for a seeded user, as Entra would issue it to the bot on the user's behalf.
 * INTERIM: signed with the tenant's key directly; to be replaced by the real flow (dev SSO token -> msal-node OBO).
 */
export async function userGraphToken(lt: LocalTenant, user: string, scopes: string[]): Promise<string> {
  const u = lt.tenant.directory.findUser(user);
  if (!u) throw new Error(`no such user in the local tenant: ${user}`);
  const now = Math.floor(lt.tenant.clock.nowMs() / 1000);
  return lt.tenant.keys.sign({
    aud: 'https://graph.microsoft.com',
    iss: lt.tenant.issuer,
    tid: lt.tenantId,
    oid: u.id,
    upn: u.userPrincipalName,
    name: u.displayName,
    scp: scopes.join(' '),
    appid: lt.apps[0].clientId,
    iat: now,
    nbf: now,
    exp: now + 3600,
  });
}

/** The Graph SDK client (the one the bot uses) pointed at the local tenant, acting as the given user. */
export async function graphAs(
  lt: LocalTenant,
  user: string,
  scopes: string[] = REVIEW_SCOPES,
  version: 'v1.0' | 'beta' = 'v1.0',
): Promise<Client> {
  const token = await userGraphToken(lt, user, scopes);
  return Client.initWithMiddleware({
    authProvider: { getAccessToken: async () => token },
    baseUrl: `${lt.url}/`,
    defaultVersion: version,
    customHosts: new Set(['localhost']),
  });
}
