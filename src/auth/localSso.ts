/**
 * Local mode only. The Agents Playground cannot do Teams SSO, so the bot asks a development endpoint of the local
 * tenant (LOCAL_SSO_URL) for the Playground user's Teams SSO token, standing in for the Teams client. Everything after
 * that (on-behalf-of, the sealed cache, refresh, Graph) is the production path.
 */
export function localSsoTokenSource(endpoint: string, botAppId: string): (userId: string) => Promise<string> {
  return async (userId: string) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: userId, botId: botAppId }),
    });
    const body = (await res.json().catch(() => ({}))) as { token?: string; error_description?: string };
    if (!res.ok || !body.token) {
      throw new Error(
        `No Teams SSO token for user ${userId} from LOCAL_SSO_URL: ${body.error_description ?? res.status}`,
      );
    }
    return body.token;
  };
}
