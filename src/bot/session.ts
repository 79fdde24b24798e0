import { Client } from '@microsoft/microsoft-graph-client';
import { SignInRequired, TokenService } from '../auth/tokenService';
import { createGraphClient, GraphClientOptions } from '../graph/client';

export interface SessionDeps {
  tokens: TokenService;
  graph: GraphClientOptions;
  /** Local mode: where the Playground user's SSO token comes from (the production path gets it from Teams). */
  localSsoToken?: (userId: string) => Promise<string>;
}

/**
 * A Graph client acting as the user for this turn. Throws SignInRequired when the user must sign in (never in
 * local mode, where the local tenant stands in for Teams SSO).
 */
export async function graphForUser(deps: SessionDeps, userId: string): Promise<Client> {
  let token: string;
  try {
    token = await deps.tokens.graphToken(userId);
  } catch (err) {
    if (!(err instanceof SignInRequired) || !deps.localSsoToken) throw err;
    await deps.tokens.signIn(userId, await deps.localSsoToken(userId));
    token = await deps.tokens.graphToken(userId);
  }
  return createGraphClient(async () => token, deps.graph);
}
