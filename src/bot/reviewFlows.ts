import {
  acceptRecommendations,
  currentStageId,
  decisionsPage,
  myDecisionRows,
  notReviewedItems,
} from '../graph/accessReviews';
import { recordDecisions } from '../graph/recordDecisions';
import { GraphCallError, GraphFailure, outcomeUnknown } from '../graph/failures';
import { Logger } from '../logging';
import { ActionOf, CardAction, PageRef } from './cardActionSchemas';
import { pendingInbox, summarize } from '../reviews/inbox';
import { ItemFilter, ReviewItem, ReviewPage, ReviewSummary } from '../reviews/model';
import { applyOutcome, approveRestPlan, justificationToSend, submissionPlan } from '../reviews/submissionPlan';
import { renderCard } from '../views/renderCard';
import { FlowSettings, Reviewer } from './reviewer';
import { entriesKept } from './settingsFlows';
import {
  approvingView,
  confirmApproveRestView,
  inboxView,
  messageView,
  notRecordedLines,
  ReviewViewExtras,
  reviewView,
} from '../views/cardViews';
import * as words from '../views/wording';
import * as kinds from '../views/kindWording';
import { recordableInGraph } from '../reviews/reviewKinds';
import { assignmentDetailOf } from '../reviews/assignmentDetails';
import { listsFor } from '../graph/assignmentDetails';

/**
 * What the reviewer can do, each returning the card to show (replacing the card in place for card actions).
 * Graph failures come back as cards that say what failed and keep what the reviewer entered.
 */

type Card = Record<string, unknown>;
/** Where a page is: the review, the filter and the first person shown. */
type PageAt = Pick<ActionOf<'openReview'>, 'review' | 'filter' | 'skip'>;

export async function showInbox(r: Reviewer, s: FlowSettings, skip = 0): Promise<Card> {
  const rows = await myDecisionRows(r.graph, s.listMode);
  const now = s.now();
  return renderCard('inbox', inboxView(pendingInbox(summarize(rows), now), skip));
}

async function loadPage(
  r: Reviewer,
  s: FlowSettings,
  review: ReviewSummary,
  filter: ItemFilter,
  skip: number,
): Promise<ReviewPage> {
  // A multi-stage review is decided in its current stage: found once, then carried in the card's data.
  // Opened from the inbox, the stage is found again, so a card left open across a stage change is put right there.
  if (review.multiStage && !review.stageId) {
    const stageId = await currentStageId(r.graph, review).catch((err) => {
      // Not readable (refused, or no answer): the instance's own routes, which Graph answers for the current stage.
      if (err instanceof GraphCallError) return undefined;
      throw err;
    });
    if (stageId) review = { ...review, stageId };
  }
  let page = await decisionsPage(r.graph, review, filter, skip, s.pageSize, s.listMode);
  // Past the end (people were decided since the card was drawn): show the last page instead of an empty one.
  if (page.items.length === 0 && page.count > 0 && skip > 0 && !page.more) {
    skip = Math.floor((page.count - 1) / s.pageSize) * s.pageSize;
    page = await decisionsPage(r.graph, review, filter, skip, s.pageSize, s.listMode);
  }
  const items = await withAssignmentDetails(r, s, review, await withGroupFacts(r, s, page.items));
  return { review, filter, skip, top: s.pageSize, ...page, items };
}

/**
 * Of a role or PIM-for-Groups review (with ASSIGNMENT_DETAILS_ENABLED): each item with what its assignment is, read
 * in one $batch per page. A refusal or a failure leaves the items as Graph listed them.
 */
async function withAssignmentDetails(
  r: Reviewer,
  s: FlowSettings,
  review: ReviewSummary,
  items: ReviewItem[],
): Promise<ReviewItem[]> {
  if (!s.assignmentDetails || (review.kind !== 'directoryRole' && review.kind !== 'pimGroup')) return items;
  const resourceKind = review.kind === 'directoryRole' ? 'directoryRole' : 'group';
  const mine = items.filter((i) => i.resourceKind === resourceKind);
  const resources = [...new Set(mine.map((i) => i.resourceId.toLowerCase()))];
  // A review of one role or group: its items share it (the inbox names it only then).
  if (resources.length !== 1) return items;
  let held;
  try {
    held = await s.assignmentDetails.read(
      r.graph,
      r.userId,
      listsFor(review.kind, review.assignment),
      resources[0],
      mine.map((i) => i.principalId),
    );
  } catch (err) {
    if (!(err instanceof GraphCallError)) throw err;
    return items;
  }
  return items.map((i) => {
    const instances = i.resourceKind === resourceKind ? held.get(i.principalId.toLowerCase()) : undefined;
    const assignment = instances ? assignmentDetailOf(instances) : undefined;
    return assignment ? { ...i, assignment } : i;
  });
}

/**
 * The page's items with what the directory says of their groups. Never holds the page back on a refusal: a read that
 * fails leaves the item as Graph listed it, and the card says nothing of what it could not read.
 */
async function withGroupFacts(r: Reviewer, s: FlowSettings, items: ReviewItem[]): Promise<ReviewItem[]> {
  const resources = items.filter((i) => i.resourceKind === 'group').map((i) => i.resourceId);
  const principals = items.filter((i) => i.principalKind === 'Group').map((i) => i.principalId);
  if (!s.groupFacts || (!resources.length && !principals.length)) return items;
  let facts;
  try {
    facts = await s.groupFacts.read(r.graph, r.userId, resources, principals);
  } catch (err) {
    if (!(err instanceof GraphCallError)) throw err;
    return items;
  }
  return items.map((i) => {
    const resource = i.resourceKind === 'group' ? facts.get(i.resourceId.toLowerCase()) : undefined;
    const members = i.principalKind === 'Group' ? facts.get(i.principalId.toLowerCase())?.memberCount : undefined;
    return {
      ...i,
      ...(resource && resource.onPremisesSynced !== undefined ? { resourceGroup: resource } : {}),
      ...(members !== undefined ? { memberCount: members } : {}),
    };
  });
}

export async function openReview(
  r: Reviewer,
  s: FlowSettings,
  a: PageAt,
  extras: ReviewViewExtras = {},
): Promise<Card> {
  const page = await loadPage(r, s, a.review, a.filter, a.skip);
  return renderCard('review', reviewView(page, s.now(), extras));
}

/** Logs a decision write or read-back that Graph failed, with its request ids; the card names the person. */
const logNotRecorded = (log: Logger) => (failure: GraphFailure) =>
  log.warn({ err: new GraphCallError(failure) }, 'decision not recorded');

/** The page a submit was pressed on, as its action carries it, with these items. */
function submittedPage(s: FlowSettings, a: ActionOf<'submit'>, items: ReviewItem[]): ReviewPage {
  return { review: a.review, filter: a.filter, skip: a.skip, top: s.pageSize, count: a.count, more: a.more, items };
}

/**
 * Records the changed choices on the page (batchRecordDecisions per person through $batch, with the read-back of
 * those people in the same batch) and redraws them as Graph holds them: Graph answers 204 even to a write that
 * decided nothing. Anything not recorded stays chosen, with the reason, and Retry sends just that.
 */
export async function submitDecisions(r: Reviewer, s: FlowSettings, a: ActionOf<'submit'>): Promise<Card> {
  const plan = submissionPlan(a.review, a.items, a.choices, a.justification);
  const results = plan.calls.length
    ? await recordDecisions(r.graph, a.review, plan.calls, {
        reviewerId: r.userId,
        maxRetries: s.maxRetries,
        onFailure: logNotRecorded(r.log),
      })
    : [];
  const outcome = applyOutcome(a.items, plan, results, r.userId);
  const keptChoices = a.choices.map((c, i) => (outcome.failures.has(i) ? c : ''));
  const page = submittedPage(s, a, outcome.items);
  const failed = outcome.failures.size;
  const extras: ReviewViewExtras = {
    choices: keptChoices,
    failures: outcome.failures,
    justification: failed ? a.justification : '',
  };
  if (plan.calls.length === 0 && failed === 0) {
    extras.outcome = words.NOTHING_TO_SUBMIT;
  } else if (failed === 0) {
    extras.outcome = words.recordedOutcome(outcome.recorded);
    extras.outcomeDetail = kinds.APPLIED_AT_END;
    extras.outcomeStyle = 'good';
  } else {
    extras.outcome = words.partlyRecorded(outcome.recorded, failed);
    extras.outcomeDetail = words.KEPT_FOR_RETRY;
    extras.outcomeStyle = 'attention';
  }
  return renderCard('review', reviewView(page, s.now(), extras));
}

export async function acceptAll(r: Reviewer, s: FlowSettings, a: ActionOf<'acceptRecommendations'>): Promise<Card> {
  try {
    await acceptRecommendations(r.graph, a.review);
  } catch (err) {
    // No answer, or a server error: Graph may have accepted them. The page read now says what it holds.
    if (!(err instanceof GraphCallError && outcomeUnknown(err.failure))) throw err;
    return openReview(r, s, a, { outcome: words.noAnswerShowingNow(err.message), outcomeStyle: 'attention' });
  }
  return openReview(r, s, a, {
    outcome: words.ACCEPTED_RECOMMENDATIONS,
    outcomeStyle: 'good',
  });
}

/** The items a decision can be recorded on through Graph (not Azure roles: see reviewKinds.ts). */
const decidable = (items: ReviewItem[]) => items.filter((i) => recordableInGraph(i.resourceKind));

/** Asks first: approving everyone left is one click away from a mistake. */
export async function confirmApproveRest(
  r: Reviewer,
  s: FlowSettings,
  a: ActionOf<'approveRest'>,
  problem = '',
): Promise<Card> {
  const waiting = decidable(await notReviewedItems(r.graph, a.review)).length;
  if (waiting === 0) {
    return openReview(r, s, a, { outcome: words.EVERYONE_REVIEWED });
  }
  const page: ReviewPage = {
    review: a.review,
    filter: a.filter,
    skip: a.skip,
    top: s.pageSize,
    count: waiting,
    items: [],
  };
  return renderCard('confirmApproveRest', confirmApproveRestView(page, waiting, a.justification, problem));
}

/** Retries of one request while approving everyone: nobody waits on a turn, so Graph's pauses are sat out. */
const BACKGROUND_RETRIES = 8;

/**
 * Approves everyone not reviewed yet, one call per person (never an id-less call that would overwrite decisions
 * made). Long work: the card answers at once with progress, the people are listed and recorded in the background
 * (as long as Graph asks to wait), and the review page comes back with the approvals Graph holds, read back.
 */
export async function approveRest(r: Reviewer, s: FlowSettings, a: ActionOf<'approveRestConfirmed'>): Promise<Card> {
  if (a.review.justificationRequired && !justificationToSend(a.justification)) {
    return confirmApproveRest(r, s, { ...a, verb: 'approveRest' }, words.JUSTIFICATION_NEEDED_TO_APPROVE);
  }
  const waiting = { done: 0, recorded: 0, failed: 0, total: a.review.remaining };
  r.later(async (show, log) => {
    const items = decidable(await notReviewedItems(r.graph, a.review));
    const plan = approveRestPlan(a.review, items, a.justification);
    show(renderCard('message', approvingView(a.review, { ...waiting, total: plan.calls.length })));
    const results = await recordDecisions(r.graph, a.review, plan.calls, {
      reviewerId: r.userId,
      maxRetries: BACKGROUND_RETRIES,
      maxWaitSeconds: Infinity,
      onProgress: (p) => show(renderCard('message', approvingView(a.review, p))),
      onFailure: logNotRecorded(log),
    });
    const outcome = applyOutcome(items, plan, results, r.userId);
    const failed = [...outcome.failures.entries()].map(([i, why]) => ({ name: items[i].principalName, why }));
    log.info({ recorded: outcome.recorded, failed: failed.length }, 'approvals recorded');
    return openReview(r, s, a, {
      outcome: words.approvedSummary(outcome.recorded, failed.length),
      outcomeDetail: notRecordedLines(failed),
      outcomeStyle: failed.length ? 'attention' : 'good',
    });
  });
  return renderCard('message', approvingView(a.review, waiting));
}

/**
 * A button that would leave the page (or decide in bulk) was pressed with choices not submitted: the page it was
 * pressed on is drawn again, each choice with its person (matched by item id, in case the page moved meanwhile),
 * and the reviewer is told to submit first.
 */
export async function keepUnsaved(
  r: Reviewer,
  s: FlowSettings,
  a: ActionOf<'openReview' | 'acceptRecommendations' | 'approveRest'>,
  from: PageRef,
): Promise<Card> {
  const pending = a.choices;
  const page = await loadPage(r, s, a.review, from.filter, from.skip);
  const choices = page.items.map((item) => pending[from.ids.indexOf(item.id)] ?? '');
  const kept = choices.filter((c) => c !== '').length;
  const lost = pending.filter((c) => c !== '').length - kept;
  return renderCard(
    'review',
    reviewView(page, s.now(), {
      choices,
      justification: a.justification ?? '',
      outcome: words.unsavedOnPage(kept),
      outcomeDetail: words.submitFirst(lost),
      outcomeStyle: 'attention',
    }),
  );
}

/**
 * When an action that carries the reviewer's input fails as a whole (sign-in service, storage, Graph unreachable),
 * the card is drawn again from the action's own data, with every choice and the justification still filled in.
 */
/**
 * `sent`: 'nothing' when the flow failed before anything was written (sign-in, a refused read); 'unknown' when it may
 * have written something first (no answer, an unexpected failure): then the card does not say nothing was recorded.
 */
export function inputKept(
  s: FlowSettings,
  a: CardAction,
  why: string,
  sent: 'nothing' | 'unknown' = 'nothing',
): Card | undefined {
  const outcome = sent === 'nothing' ? words.NOTHING_RECORDED : words.NOT_CONFIRMED;
  if (a.verb === 'submit') {
    const failures = new Map<number, string>();
    a.choices.forEach((c, i) => c !== '' && failures.set(i, why));
    const page = submittedPage(s, a, a.items);
    return renderCard(
      'review',
      reviewView(page, s.now(), {
        choices: a.choices,
        justification: a.justification,
        failures,
        outcome,
        outcomeDetail: words.keptBelow(why),
        outcomeStyle: 'attention',
      }),
    );
  }
  if (a.verb === 'approveRestConfirmed') {
    const page: ReviewPage = {
      review: a.review,
      filter: a.filter,
      skip: a.skip,
      top: s.pageSize,
      count: a.review.remaining,
      items: [],
    };
    return renderCard(
      'confirmApproveRest',
      confirmApproveRestView(page, a.review.remaining, a.justification, `${outcome} ${why}`),
    );
  }
  if (a.verb === 'saveSettings') return entriesKept(a, { text: words.settingsKept(why), color: 'Attention' });
  return undefined;
}

/** A failed Graph call as a card, with a button that repeats the same action. */
export function failureCard(err: GraphCallError, retry?: CardAction): Card {
  return renderCard(
    'message',
    messageView(words.DID_NOT_WORK_TITLE, err.message, {
      color: 'Attention',
      retry: retry as Record<string, unknown> | undefined,
    }),
  );
}
