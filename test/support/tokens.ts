import { ConfidentialClientApplication } from '@azure/msal-node';
import { LocalTenant } from '../../localtenant';
import { AppRegistration } from '../../localtenant/model';
import { jsonOf, postJson } from './http';

/**
 * msal-node configured against the local tenant exactly as the bot configures it against Entra: a confidential client
 * with the app's secret, the tenant authority, and the local host as a known authority.
 */
export function confidentialClient(
  lt: LocalTenant,
  app: Pick<AppRegistration, 'clientId' | 'clientSecret'> = lt.apps[0],
): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      authority: lt.authority,
      knownAuthorities: [new URL(lt.url).host],
    },
  });
}

/** The user's Teams SSO token for the bot, from the local tenant's dev endpoint (standing in for the Teams client). */
export async function teamsSsoToken(lt: LocalTenant, user: string, botId?: string): Promise<string> {
  const res = await postJson(`${lt.url}/_localtenant/dev/teams-sso-token`, { user, botId });
  const body = await jsonOf(res);
  if (res.status !== 200) throw new Error(`teams-sso-token for ${user}: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** Graph scopes as a client writes them for the on-behalf-of request. */
export function graphScopes(scopes: string[]): string[] {
  return scopes.map((s) => (s.includes('/') ? s : `https://graph.microsoft.com/${s}`));
}

/** Reads the claims of a JWT without checking it (tests look at what the tenant put in). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function claimsOf(token: string): any {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/** An app-only Graph token (client credentials, `.default`) for an app registration of the local tenant. */
export async function appToken(
  lt: LocalTenant,
  app: Pick<AppRegistration, 'clientId' | 'clientSecret'>,
): Promise<string> {
  const res = await fetch(`${lt.url}/${lt.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }).toString(),
  });
  const body = await jsonOf(res);
  if (res.status !== 200)
    throw new Error(`client credentials for ${app.clientId}: ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}
