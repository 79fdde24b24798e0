import { Client } from '@microsoft/microsoft-graph-client';
import { TokenService } from '../auth/tokenService';
import { createGraphClient, GraphClientOptions } from '../graph/client';

export interface SessionDeps {
  tokens: TokenService;
  graph: GraphClientOptions;
}

/** A Graph client acting as the user for this turn. Throws SignInRequired when the user must sign in. */
export async function graphForUser(deps: SessionDeps, userId: string): Promise<Client> {
  const token = await deps.tokens.graphToken(userId);
  return createGraphClient(async () => token, deps.graph);
}
