import { SignInRequired, TokenService } from '../auth/tokenService';
import { GraphCallError } from './failures';

/**
 * Runs Graph work as a user. Graph can refuse a token it issued (revoked, or expired early): the session is then
 * forgotten, and the work runs once more if a new token can be had without the user; if not, SignInRequired
 * ('expired', with `message`). Any other failure passes through.
 */
export async function retryOnRefusedToken<T>(
  tokens: Pick<TokenService, 'refused'>,
  userId: string,
  run: () => Promise<T>,
  message: string,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof GraphCallError && err.failure.status === 401)) throw err;
    if (!(await tokens.refused(userId))) throw new SignInRequired('expired', message);
    return run();
  }
}
