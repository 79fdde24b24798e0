import { Client } from '@microsoft/microsoft-graph-client';
import { LocalTenant } from '../../localtenant';
import { confidentialClient, graphScopes, teamsSsoToken } from './tokens';

export const REVIEW_SCOPES = ['AccessReview.ReadWrite.All', 'User.Read', 'GroupMember.Read.All'];

/**
 * A Graph access token for a user of the local tenant, obtained the way the bot obtains it: the user's Teams SSO
 * token (from the dev endpoint), exchanged on behalf of the user by msal-node with the bot app (lt.apps[0]).
 */
export async function userGraphToken(lt: LocalTenant, user: string, scopes: string[]): Promise<string> {
  const oboAssertion = await teamsSsoToken(lt, user);
  const result = await confidentialClient(lt).acquireTokenOnBehalfOf({ oboAssertion, scopes: graphScopes(scopes) });
  if (!result) throw new Error(`no token for ${user}`);
  return result.accessToken;
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

export interface RecordedDecision {
  id: string;
  principal: { id: string; displayName: string };
  resource: { id: string; displayName?: string; type?: string };
  decision: string;
  recommendation: string;
  justification: string;
  reviewedBy: { id: string; displayName?: string };
}

/** What Graph holds for every person of a review instance, read as the tenant's administrator (not as the bot). */
export async function recordedDecisions(
  lt: LocalTenant,
  definitionId: string,
  instanceId = definitionId,
): Promise<RecordedDecision[]> {
  const admin = await graphAs(lt, 'admin@contoso.com', ['AccessReview.Read.All']);
  const res = await admin
    .api(`/identityGovernance/accessReviews/definitions/${definitionId}/instances/${instanceId}/decisions`)
    .query({ $top: '999' })
    .get();
  return res.value as RecordedDecision[];
}
