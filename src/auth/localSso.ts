/**
 * Local mode only. The Agents Playground cannot do Teams SSO, so the bot asks the local tenant's development endpoint
 * for the Playground user's Teams SSO token, standing in for the Teams client. Everything after that (on-behalf-of,
 * the sealed cache, refresh, Graph) is the production path.
 */
export function localSsoTokenSource(localTenantUrl: string, botAppId: string): (userId: string) => Promise<string> {
  return async (userId: string) => {
    const res = await fetch(`${localTenantUrl}/_localtenant/dev/teams-sso-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: userId, botId: botAppId }),
    });
    const body = (await res.json().catch(() => ({}))) as { token?: string; error_description?: string };
    if (!res.ok || !body.token) {
      throw new Error(
        `The local tenant has no Teams SSO token for user ${userId}: ${body.error_description ?? res.status}`,
      );
    }
    return body.token;
  };
}
