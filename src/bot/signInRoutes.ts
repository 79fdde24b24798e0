import { createHash } from 'node:crypto';
import { ActivityTypes, TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import { OnceOnly } from '../storage/onceOnly';
import { StorageSlow } from '../storage/storageCall';
import { CommandDeps, showReviews } from './commands';
import { userIdOf } from './reviewer';
import { handleTokenExchange, handleVerifyState } from './signIn';
import { turnLog } from './turnLog';

export interface SignInRouteDeps extends CommandDeps {
  once: OnceOnly;
}

const isInvoke = (name: string) => async (context: TurnContext) =>
  context.activity.type === ActivityTypes.Invoke && context.activity.name === name;

/**
 * Teams SSO for messages: the OAuthCard's token arrives as `signin/tokenExchange` (or `signin/verifyState` after
 * consent); once signed in, the reviewer gets their reviews.
 */
export function registerSignIn(app: Application<TurnState>, deps: SignInRouteDeps): void {
  app.addRoute(
    isInvoke('signin/tokenExchange'),
    async (context) => {
      const userId = userIdOf(context);
      if (!(await handleTokenExchange(context, deps.tokens, userId, turnLog(context, deps.log)))) return;
      // Teams sends the same exchange from each of the user's clients (desktop, web, phone), possibly to different
      // instances: every one is answered, only the first shows the reviews.
      const id = (context.activity.value as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string' && id) {
        const key = createHash('sha256').update(`${userId}\n${id}`).digest('hex');
        // Storage too slow to say whether another client was first: shown here too, rather than nowhere.
        const first = await deps.once
          .claim(`token-exchange/${key}`)
          .catch((err) => (err instanceof StorageSlow ? true : Promise.reject(err)));
        if (!first) return;
      }
      await showReviews(context, deps);
    },
    true,
  );
  app.addRoute(
    isInvoke('signin/verifyState'),
    async (context) => {
      if (await handleVerifyState(context, deps.signIn, deps.tokens, userIdOf(context), turnLog(context, deps.log)))
        await showReviews(context, deps);
    },
    true,
  );
}
