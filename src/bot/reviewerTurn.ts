import { CardFactory, TurnContext } from 'botbuilder';
import { SignInRequired } from '../auth/tokenService';
import { GraphCallError, outcomeUnknown } from '../graph/failures';
import { retryOnRefusedToken } from '../graph/refusedToken';
import { withoutDeadline } from '../deadline';
import { correlated, correlationIdOf, Logger } from '../logging';
import { StorageSlow } from '../storage/storageCall';
import { renderCard } from '../views/renderCard';
import { messageView } from '../views/cardViews';
import { CardAction } from './cardActionSchemas';
import { pressedCard } from './cardInPlace';
import { FlowSettings, Reviewer, userIdOf } from './reviewer';
import { failureCard, inputKept } from './reviewFlows';
import { graphForUser, SessionDeps } from './session';
import { sendSignInCard, SignInSettings } from './signIn';
import { turnLog } from './turnLog';
import * as words from '../views/wording';

export type Card = Record<string, unknown>;

export interface ReviewerTurnDeps {
  session: SessionDeps;
  flows: FlowSettings;
  signIn: SignInSettings;
  /** The process's logger: a turn logs through its own child (turnLog), long work through a job's. */
  log: Logger;
}

export function problemCard(title: string, text: string): Card {
  return renderCard('message', messageView(title, text, { color: 'Attention' }));
}

/**
 * Runs a review flow as the person in this turn. Sign-in and Graph failures become cards (or a sign-in request),
 * never lost input: an action that carries the reviewer's choices is drawn again with them, whatever failed.
 */
export async function asReviewer(
  deps: ReviewerTurnDeps,
  context: TurnContext,
  flow: (r: Reviewer) => Promise<Card>,
  retry?: CardAction,
): Promise<Card | SignInRequired> {
  const userId = userIdOf(context);
  if (!userId) {
    return problemCard(words.WHO_ARE_YOU_TITLE, words.WHO_ARE_YOU);
  }
  const log = turnLog(context, deps.log);
  const run = async () => {
    const graph = await graphForUser(deps.session, userId);
    const later: Reviewer['later'] = (work) => {
      const job = jobLog(deps.log, log, userId, retry);
      const card = pressedCard(context, deps.signIn.botAppId, job);
      const started = performance.now();
      job.info('long work started');
      // Nobody waits for it: it is not cut at the end of the turn's budget (its calls keep their own timeouts).
      void withoutDeadline(() => work((c) => card.show(c), job))
        .catch((err) => failureAnswer(deps, job, err, retry))
        .then((final) => card.finish(final))
        .then(() => job.info({ durationMs: Math.round(performance.now() - started) }, 'long work done'));
    };
    return flow({ userId, name: context.activity.from?.name ?? '', graph, log, later });
  };
  try {
    return await retryOnRefusedToken(deps.session.tokens, userId, run, words.SIGN_IN_EXPIRED);
  } catch (err) {
    if (err instanceof SignInRequired) {
      log.info({ reason: err.reason }, 'sign-in needed');
      return err;
    }
    return failureAnswer(deps, log, err, retry);
  }
}

/**
 * The logger of long work that goes on after the turn answered: its own correlationId, the turn's as
 * turnCorrelationId, the card verb and the review's ids (GUIDs checked by the action's schema).
 */
function jobLog(root: Logger, turn: Logger, userId: string, action?: CardAction): Logger {
  const review = action && 'review' in action ? action.review : undefined;
  return correlated(root, {
    job: action?.verb ?? 'longWork',
    userId,
    definitionId: review?.definitionId,
    instanceId: review?.instanceId,
    turnCorrelationId: correlationIdOf(turn),
  });
}

/** The card for a flow that failed as a whole: what failed, with the input of the action kept where it had any. */
function failureAnswer(deps: ReviewerTurnDeps, log: Logger, err: unknown, retry?: CardAction): Card {
  const kept = (why: string, sent: 'nothing' | 'unknown') =>
    retry ? inputKept(deps.flows, retry, why, sent) : undefined;
  if (err instanceof GraphCallError) {
    log.warn({ err }, 'Graph call failed');
    return kept(err.message, outcomeUnknown(err.failure) ? 'unknown' : 'nothing') ?? failureCard(err, retry);
  }
  if (err instanceof SignInRequired) {
    log.info({ reason: err.reason }, 'sign-in needed');
    return kept(err.message, 'nothing') ?? problemCard(words.SIGN_IN_AGAIN_TITLE, words.signInAgain(err.message));
  }
  if (err instanceof StorageSlow) {
    log.warn({ err }, 'storage slow');
    return (
      kept(
        err.outcomeUnknown ? words.STORAGE_SLOW_UNSURE_WHY : words.STORAGE_SLOW_WHY,
        err.outcomeUnknown ? 'unknown' : 'nothing',
      ) ?? storageSlowCard(err, retry)
    );
  }
  log.error({ err }, 'unexpected failure');
  return kept(words.WENT_WRONG_ON_THE_WAY, 'unknown') ?? problemCard(words.WENT_WRONG_TITLE, words.WENT_WRONG);
}

/**
 * Storage did not answer in time: what was entered is in the Try again button, and what may have happened is said
 * as it is (every storage write a card action makes can be sent again without doing it twice).
 */
export function storageSlowCard(err: StorageSlow, retry?: CardAction): Card {
  return renderCard(
    'message',
    messageView(words.STORAGE_SLOW_TITLE, err.outcomeUnknown ? words.STORAGE_SLOW_UNSURE : words.STORAGE_SLOW, {
      color: 'Warning',
      retry: retry as Record<string, unknown> | undefined,
    }),
  );
}

/** Sends a card as a message, or the sign-in card when the reviewer has to sign in first. */
export async function replyWith(context: TurnContext, signIn: SignInSettings, card: Card | SignInRequired) {
  if (card instanceof SignInRequired) await sendSignInCard(context, signIn, card.reason);
  else await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
}
