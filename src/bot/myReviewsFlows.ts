import { GraphCallError, outcomeUnknown } from '../graph/failures';
import {
  applyDecisions,
  definitionById,
  deleteDefinition,
  instanceById,
  ownedReviewsPage,
  sendReminder,
  stopInstance,
} from '../graph/reviewManagement';
import { messageView } from '../views/cardViews';
import { confirmDeleteReviewView, ListOutcome, myReviewsView } from '../views/ownerViews';
import { renderCard } from '../views/renderCard';
import { safeText } from '../views/untrustedText';
import * as words from '../views/wording';
import { ActionOf } from './cardActionSchemas';
import { FlowSettings, Reviewer } from './reviewer';

/**
 * Watching and closing the reviews I created: the list (five per card page, each with its current instances), and
 * stop, apply, nudge and delete, each one Graph call answered in the turn and the list drawn again in place with what
 * Graph shows afterwards.
 */

type Card = Record<string, unknown>;

/** Reviews per card page, and current instances shown per review (a review of every Microsoft 365 group has many). */
export const OWNER_PAGE_SIZE = 5;
export const INSTANCES_SHOWN = 3;

/** The list at `skip`, with an outcome line; if the list cannot be read, the outcome still shows, with why. */
export async function showMyReviews(r: Reviewer, skip: number, outcome?: ListOutcome): Promise<Card> {
  try {
    const page = await ownedReviewsPage(r.graph, r.userId, skip, OWNER_PAGE_SIZE, INSTANCES_SHOWN);
    return renderCard('myReviews', myReviewsView(page, outcome));
  } catch (err) {
    if (!(err instanceof GraphCallError) || !outcome) throw err;
    return renderCard(
      'message',
      messageView(words.MY_REVIEWS_TITLE, `${outcome.text}\n\n${words.listNotRead(err.message)}`, {
        color: outcome.style === 'good' ? 'Good' : 'Attention',
        retry: { verb: 'myReviews', skip },
        retryTitle: words.REFRESH,
      }),
    );
  }
}

/** A refused action in words: the owner's side of Graph's answer. */
function refused(name: string, err: GraphCallError): ListOutcome {
  const status = err.failure.status;
  const why =
    status === 403
      ? words.MANAGE_FORBIDDEN
      : status === 409
        ? `${words.ALREADY_DONE} (${safeText(err.failure.message, 200)})`
        : status === 404
          ? words.GONE
          : err.message;
  return { text: words.actionFailed(name, why), style: 'attention' };
}

async function act(r: Reviewer, a: { name: string; skip: number }, run: () => Promise<ListOutcome>): Promise<Card> {
  let outcome: ListOutcome;
  try {
    outcome = await run();
  } catch (err) {
    if (!(err instanceof GraphCallError)) throw err;
    outcome = refused(safeText(a.name, 100), err);
  }
  return showMyReviews(r, a.skip, outcome);
}

/**
 * Sends a write that Graph gets once (src/graph/reviewManagement.ts). A refusal throws; an unknown outcome (no answer,
 * a 5xx) comes back, so the caller reads back before it says anything.
 */
async function sendOnce(run: () => Promise<void>): Promise<GraphCallError | undefined> {
  try {
    await run();
    return undefined;
  } catch (err) {
    if (err instanceof GraphCallError && outcomeUnknown(err.failure)) return err;
    throw err;
  }
}

/** What Graph shows after a write; after an unknown outcome, said as such, and a failed read-back too. */
async function readBack(
  name: string,
  unknown: GraphCallError | undefined,
  read: (unknown: boolean) => Promise<ListOutcome>,
): Promise<ListOutcome> {
  if (!unknown) return read(false);
  try {
    const now = await read(true);
    return { ...now, text: words.noAnswerButNow(name, now.text) };
  } catch (err) {
    if (!(err instanceof GraphCallError)) throw err;
    return { text: words.noAnswerUnread(name, err.message), style: 'attention' };
  }
}

/** Stop now: the instance ends; what it is afterwards is read back before saying so. */
export function stopReview(r: Reviewer, _s: FlowSettings, a: ActionOf<'stopReview'>): Promise<Card> {
  return act(r, a, async () => {
    const name = safeText(a.name, 100);
    const unknown = await sendOnce(() => stopInstance(r.graph, a));
    return readBack(name, unknown, async (noAnswer) => {
      const now = await instanceById(r.graph, a);
      return now
        ? { text: noAnswer ? words.nowShows(now.status) : words.stopped(name, now.status), style: 'good' }
        : { text: words.actionFailed(name, words.GONE), style: 'attention' };
    });
  });
}

/** Apply decisions (auto-apply off, instance complete): denied people leave the group. */
export function applyReview(r: Reviewer, _s: FlowSettings, a: ActionOf<'applyReview'>): Promise<Card> {
  return act(r, a, async () => {
    const name = safeText(a.name, 100);
    const unknown = await sendOnce(() => applyDecisions(r.graph, a));
    return readBack(name, unknown, async (noAnswer) => {
      const now = await instanceById(r.graph, a);
      return now
        ? {
            text: noAnswer ? words.nowShows(now.status) : words.applied(name, now.status),
            style: now.status === 'Applied' ? 'good' : 'default',
          }
        : { text: words.actionFailed(name, words.GONE), style: 'attention' };
    });
  });
}

/**
 * Nudge: Graph's sendReminder (an admin role is required; a plain-words note otherwise), and Attest's own reminder
 * in Teams when a reminder sender is wired (FlowSettings.remindReviewers).
 */
export function nudgeReview(r: Reviewer, s: FlowSettings, a: ActionOf<'nudgeReview'>): Promise<Card> {
  return act(r, a, async () => {
    const name = safeText(a.name, 100);
    let byEntra = false;
    let entraRefusal: GraphCallError | undefined;
    try {
      await sendReminder(r.graph, a);
      byEntra = true;
    } catch (err) {
      if (!(err instanceof GraphCallError)) throw err;
      entraRefusal = err;
    }
    const inTeams = s.remindReviewers ? await s.remindReviewers(a, r.userId) : 0;
    if (byEntra || inTeams > 0) {
      const note = entraRefusal?.failure.status === 403 ? ` ${words.NUDGE_NEEDS_ADMIN}` : '';
      return { text: `${words.nudged(name, byEntra, inTeams)}${note}`, style: 'good' };
    }
    if (entraRefusal?.failure.status === 403) {
      return { text: words.actionFailed(name, words.NUDGE_NEEDS_ADMIN), style: 'attention' };
    }
    // No answer, or a server error: Microsoft Entra may be mailing the reviewers already; a second press would mail
    // them twice, and there is nothing to read back.
    if (entraRefusal && outcomeUnknown(entraRefusal.failure)) {
      return { text: words.nudgeUnknown(name, entraRefusal.message), style: 'attention' };
    }
    throw entraRefusal ?? new GraphCallError({ status: 0, code: 'NoReminder', message: 'no reminder was sent' });
  });
}

/** Asks first: deleting takes every instance and decision with it. */
export async function askDeleteReview(_r: Reviewer, _s: FlowSettings, a: ActionOf<'deleteReview'>): Promise<Card> {
  return renderCard('confirmDeleteReview', confirmDeleteReviewView(a));
}

/**
 * Delete, then say what Graph said: deleted (204, and no longer listed), not there (404: already deleted, or never a
 * review), refused; after no answer, what reading it back shows.
 */
export function deleteReview(r: Reviewer, _s: FlowSettings, a: ActionOf<'deleteReviewConfirmed'>): Promise<Card> {
  return act(r, a, async () => {
    const name = safeText(a.name, 100);
    let unknown: GraphCallError | undefined;
    try {
      unknown = await sendOnce(() => deleteDefinition(r.graph, a.definitionId));
    } catch (err) {
      if (err instanceof GraphCallError && err.failure.status === 404) {
        return { text: words.notThereToDelete(name), style: 'attention' };
      }
      throw err;
    }
    return readBack(name, unknown, async (noAnswer) => {
      const still = await definitionById(r.graph, a.definitionId);
      if (still) return { text: noAnswer ? words.STILL_LISTED : words.stillThere(name), style: 'attention' };
      return { text: noAnswer ? words.GONE_NOW : words.deleted(name), style: 'good' };
    });
  });
}
