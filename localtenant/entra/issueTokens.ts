import { createHash, randomUUID } from 'node:crypto';
import { AppRegistration, User } from '../model';
import { stableGuid } from '../seed/ids';
import type { Tenant } from '../tenant';

/** The tokens the local Entra signs: Graph access tokens, id tokens, client_info, and Teams SSO tokens. */

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
/** The Teams desktop/web client, which requests SSO tokens for a bot (its app id is public). */
export const TEAMS_CLIENT_ID = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';
export const ACCESS_TOKEN_SECONDS = 3600;

function times(tenant: Tenant, lifetimeSeconds: number): { iat: number; nbf: number; exp: number } {
  const iat = Math.floor(tenant.clock.nowMs() / 1000);
  return { iat, nbf: iat, exp: iat + lifetimeSeconds };
}

/** Entra's "sub" is pairwise: stable for one user and one app, different across apps. */
function pairwiseSub(userId: string, clientId: string): string {
  return createHash('sha256').update(`${userId}|${clientId}`).digest('base64url').slice(0, 43);
}

/** A delegated Graph token: scp holds the granted scopes by their short names. */
export function graphUserToken(tenant: Tenant, user: User, app: AppRegistration, scopes: string[]): string {
  return tenant.keys.sign({
    aud: GRAPH_RESOURCE,
    iss: tenant.issuer,
    ...times(tenant, ACCESS_TOKEN_SECONDS),
    app_displayname: app.displayName,
    appid: app.clientId,
    idtyp: 'user',
    name: user.displayName,
    oid: user.id,
    scp: scopes.join(' '),
    sub: pairwiseSub(user.id, app.clientId),
    tid: tenant.id,
    upn: user.userPrincipalName,
    uti: randomUUID(),
    ver: '1.0',
  });
}

/** An app-only Graph token (client credentials): roles holds the admin-consented application permissions. */
export function graphAppToken(tenant: Tenant, app: AppRegistration): string {
  const servicePrincipalId = stableGuid(`serviceprincipal:${app.clientId}`);
  const claims: Record<string, unknown> = {
    aud: GRAPH_RESOURCE,
    iss: tenant.issuer,
    ...times(tenant, ACCESS_TOKEN_SECONDS),
    app_displayname: app.displayName,
    appid: app.clientId,
    idtyp: 'app',
    oid: servicePrincipalId,
    sub: servicePrincipalId,
    tid: tenant.id,
    uti: randomUUID(),
    ver: '1.0',
  };
  // Entra leaves the roles claim out when the app has no application permissions.
  if (app.applicationPermissions.length > 0) claims.roles = [...app.applicationPermissions];
  return tenant.keys.sign(claims);
}

export function idToken(tenant: Tenant, user: User, app: AppRegistration): string {
  return tenant.keys.sign({
    aud: app.clientId,
    iss: tenant.issuer,
    ...times(tenant, ACCESS_TOKEN_SECONDS),
    name: user.displayName,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    sub: pairwiseSub(user.id, app.clientId),
    tid: tenant.id,
    ver: '2.0',
  });
}

/** client_info as Entra returns it with client_info=1: base64url JSON {uid, utid}; msal builds "uid.utid" from it. */
export function clientInfo(tenant: Tenant, user: User): string {
  return Buffer.from(JSON.stringify({ uid: user.id, utid: tenant.id })).toString('base64url');
}

/** The token the Teams client obtains for a bot with SSO: audience api://botid-{botId}, scope access_as_user. */
export function teamsSsoToken(tenant: Tenant, user: User, botId: string): string {
  return tenant.keys.sign({
    aud: `api://botid-${botId}`,
    iss: tenant.issuer,
    ...times(tenant, ACCESS_TOKEN_SECONDS),
    azp: TEAMS_CLIENT_ID,
    azpacr: '0',
    name: user.displayName,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    scp: 'access_as_user',
    sub: pairwiseSub(user.id, TEAMS_CLIENT_ID),
    tid: tenant.id,
    upn: user.userPrincipalName,
    uti: randomUUID(),
    ver: '2.0',
  });
}
