import { json, noContent, route, Route } from '../http';
import type { Tenant } from '../tenant';
import { ACCESS_TOKEN_SECONDS, teamsSsoToken } from './issueTokens';
import { answeringOAuthErrors, missingParameter, OAuthError, userNotInDirectory } from './oauthErrors';
import { RefreshTokens } from './refreshTokens';

/**
 * Local-only endpoints, not part of Entra:
 * - POST /_localtenant/dev/teams-sso-token {"user": id or UPN, "botId"?: client id} -> {token, expires_in}: the
 *   user's Teams SSO token for the bot, as the Teams client would obtain it. It stands in for the Teams client, which
 *   the Agents Playground cannot play. Without botId, the first registered app is the bot.
 * - POST /_localtenant/dev/revoke-sessions {"user"}: invalidates the user's refresh tokens (AADSTS50173 on their
 *   next use), to try expired sign-ins.
 */
export function devRoutes(tenant: Tenant, refreshTokens: RefreshTokens): Route[] {
  const userOf = (body: unknown) => {
    const ref = (body as { user?: unknown } | undefined)?.user;
    if (typeof ref !== 'string' || !ref) throw missingParameter('user');
    const user = tenant.directory.findUser(ref);
    if (!user) {
      throw userNotInDirectory(404, 'invalid_request', ref, tenant.id);
    }
    return user;
  };
  return [
    route(
      'POST',
      /^\/_localtenant\/dev\/teams-sso-token$/,
      'dev teams-sso-token',
      answeringOAuthErrors(tenant.clock, (req) => {
        const user = userOf(req.body);
        if (!user.accountEnabled) {
          throw new OAuthError(400, 'invalid_grant', 50057, 'The user account is disabled.');
        }
        const requested = (req.body as { botId?: unknown }).botId;
        const botId = typeof requested === 'string' && requested ? requested : [...tenant.apps.keys()][0];
        if (!botId || !tenant.apps.has(botId)) {
          throw new OAuthError(
            400,
            'unauthorized_client',
            700016,
            `Application with identifier '${botId ?? ''}' was not found in the directory '${tenant.domain}'.`,
          );
        }
        return json(200, { token: teamsSsoToken(tenant, user, botId), expires_in: ACCESS_TOKEN_SECONDS });
      }),
    ),
    route(
      'POST',
      /^\/_localtenant\/dev\/revoke-sessions$/,
      'dev revoke-sessions',
      answeringOAuthErrors(tenant.clock, (req) => {
        refreshTokens.revokeUser(userOf(req.body).id);
        return noContent();
      }),
    ),
  ];
}
