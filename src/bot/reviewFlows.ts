import { acceptRecommendations, decisionsPage, myDecisionRows, notReviewedItems } from '../graph/accessReviews';
import { recordDecisions } from '../graph/recordDecisions';
import { GraphCallError } from '../graph/failures';
import { CardAction } from '../reviews/actions';
import { pendingInbox, summarize } from '../reviews/inbox';
import { Choice, ItemFilter, ReviewItem, ReviewPage, ReviewSummary } from '../reviews/model';
import { applyOutcome, approveRestPlan, submissionPlan } from '../reviews/submissionPlan';
import { renderCard } from '../views/renderCard';
import { FlowSettings, Reviewer } from './reviewer';
import { confirmApproveRestView, inboxView, messageView, ReviewViewExtras, reviewView } from '../views/cardViews';

/**
 * What the reviewer can do, each returning the card to show (replacing the card in place for card actions).
 * Graph failures come back as cards that say what failed and keep what the reviewer entered.
 */

type Card = Record<string, unknown>;
type Action<V extends CardAction['verb']> = Extract<CardAction, { verb: V }>;

export async function showInbox(r: Reviewer, s: FlowSettings): Promise<Card> {
  const rows = await myDecisionRows(r.graph, s.listMode);
  const now = s.now();
  return renderCard('inbox', inboxView(pendingInbox(summarize(rows), now)));
}

async function loadPage(
  r: Reviewer,
  s: FlowSettings,
  review: ReviewSummary,
  filter: ItemFilter,
  skip: number,
): Promise<ReviewPage> {
  let page = await decisionsPage(r.graph, review, filter, skip, s.pageSize);
  // Past the end (people were decided since the card was drawn): show the last page instead of an empty one.
  if (page.items.length === 0 && page.count > 0 && skip > 0 && !page.more) {
    skip = Math.floor((page.count - 1) / s.pageSize) * s.pageSize;
    page = await decisionsPage(r.graph, review, filter, skip, s.pageSize);
  }
  return { review, filter, skip, top: s.pageSize, ...page };
}

export async function openReview(
  r: Reviewer,
  s: FlowSettings,
  a: Action<'openReview'>,
  extras: ReviewViewExtras = {},
): Promise<Card> {
  const page = await loadPage(r, s, a.review, a.filter, a.skip);
  return renderCard('review', reviewView(page, s.now(), extras));
}

/** The page a submit was pressed on, as its action carries it, with these items. */
function submittedPage(s: FlowSettings, a: Action<'submit'>, items: ReviewItem[]): ReviewPage {
  return { review: a.review, filter: a.filter, skip: a.skip, top: s.pageSize, count: a.count, more: a.more, items };
}

/**
 * Records the changed choices on the page (batchRecordDecisions per person through $batch, with the read-back of
 * those people in the same batch) and redraws them as Graph holds them: Graph answers 204 even to a write that
 * decided nothing. Anything not recorded stays chosen, with the reason, and Retry sends just that.
 */
export async function submitDecisions(r: Reviewer, s: FlowSettings, a: Action<'submit'>): Promise<Card> {
  const plan = submissionPlan(a.review, a.items, a.choices, a.justification);
  const results = plan.calls.length
    ? await recordDecisions(r.graph, a.review, plan.calls, { reviewerId: r.userId, maxRetries: s.maxRetries })
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
    extras.outcome = "Nothing to submit: choose Approve, Deny or Don't know for someone first.";
  } else if (failed === 0) {
    extras.outcome = `Recorded ${outcome.recorded} decision${outcome.recorded === 1 ? '' : 's'}.`;
    extras.outcomeStyle = 'good';
  } else {
    extras.outcome = `${outcome.recorded} recorded, ${failed} not recorded.`;
    extras.outcomeDetail =
      'Your choices for those people are kept below with the reason. Fix what is needed and press Submit to retry.';
    extras.outcomeStyle = 'attention';
  }
  return renderCard('review', reviewView(page, s.now(), extras));
}

export async function acceptAll(r: Reviewer, s: FlowSettings, a: Action<'acceptRecommendations'>): Promise<Card> {
  await acceptRecommendations(r.graph, a.review);
  return openReview(
    r,
    s,
    { verb: 'openReview', review: a.review, filter: a.filter, skip: a.skip },
    {
      outcome: 'Accepted the recommendations for everyone you had not reviewed yet.',
      outcomeStyle: 'good',
    },
  );
}

/** Asks first: approving everyone left is one click away from a mistake. */
export async function confirmApproveRest(
  r: Reviewer,
  s: FlowSettings,
  a: Action<'approveRest'>,
  problem = '',
): Promise<Card> {
  const waiting = (await notReviewedItems(r.graph, a.review)).length;
  if (waiting === 0) {
    return openReview(
      r,
      s,
      { verb: 'openReview', review: a.review, filter: a.filter, skip: a.skip },
      { outcome: 'Everyone has been reviewed already.' },
    );
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

/**
 * Approves everyone not reviewed yet, one call per person (never an id-less call that would overwrite decisions made),
 * and counts the approvals Graph holds afterwards, read back, not the calls sent.
 */
export async function approveRest(r: Reviewer, s: FlowSettings, a: Action<'approveRestConfirmed'>): Promise<Card> {
  if (a.review.justificationRequired && !a.justification.trim()) {
    return confirmApproveRest(r, s, { ...a, verb: 'approveRest' }, 'This review requires a justification to approve.');
  }
  const items = await notReviewedItems(r.graph, a.review);
  const plan = approveRestPlan(a.review, items, a.justification);
  const results = await recordDecisions(r.graph, a.review, plan.calls, {
    reviewerId: r.userId,
    maxRetries: s.maxRetries,
  });
  const outcome = applyOutcome(items, plan, results, r.userId);
  const failed = [...outcome.failures.entries()].map(([i, why]) => `${items[i].principalName}: ${why}`);
  return openReview(
    r,
    s,
    { verb: 'openReview', review: a.review, filter: a.filter, skip: a.skip },
    {
      outcome: failed.length
        ? `Approved ${outcome.recorded}; ${failed.length} not recorded.`
        : `Approved ${outcome.recorded} ${outcome.recorded === 1 ? 'person' : 'people'}.`,
      outcomeDetail:
        failed.slice(0, 10).join('\n') +
        (failed.length > 10 ? `\n…and ${failed.length - 10} more. Run it again to retry them.` : ''),
      outcomeStyle: failed.length ? 'attention' : 'good',
    },
  );
}

/**
 * A button that would leave the page (or decide in bulk) was pressed with choices not submitted: the page it was
 * pressed on is drawn again, each choice with its person (matched by item id, in case the page moved meanwhile),
 * and the reviewer is told to submit first.
 */
export async function keepUnsaved(
  r: Reviewer,
  s: FlowSettings,
  a: Action<'openReview' | 'acceptRecommendations' | 'approveRest'>,
  pending: Choice[],
): Promise<Card> {
  const from = a.from!;
  const page = await loadPage(r, s, a.review, from.filter, from.skip);
  const choices = page.items.map((item) => pending[from.ids.indexOf(item.id)] ?? '');
  const kept = choices.filter((c) => c !== '').length;
  const lost = pending.filter((c) => c !== '').length - kept;
  return renderCard(
    'review',
    reviewView(page, s.now(), {
      choices,
      justification: a.justification ?? '',
      outcome: `You have ${kept} decision${kept === 1 ? '' : 's'} on this page not submitted yet.`,
      outcomeDetail:
        'Press Submit decisions first, or set them back to "Leave as is".' +
        (lost > 0
          ? ` ${lost} of your choices were for people no longer on this page (decided by someone else meanwhile).`
          : ''),
      outcomeStyle: 'attention',
    }),
  );
}

/**
 * When an action that carries the reviewer's input fails as a whole (sign-in service, storage, Graph unreachable),
 * the card is drawn again from the action's own data, with every choice and the justification still filled in.
 */
export function inputKept(s: FlowSettings, a: CardAction, why: string): Card | undefined {
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
        outcome: 'Nothing was recorded.',
        outcomeDetail: `${why} Your choices are kept below: press Retry.`,
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
      confirmApproveRestView(page, a.review.remaining, a.justification, `Nothing was recorded. ${why}`),
    );
  }
  return undefined;
}

/** A failed Graph call as a card, with a button that repeats the same action. */
export function failureCard(err: GraphCallError, retry?: CardAction): Card {
  return renderCard(
    'message',
    messageView('That did not work', err.message, {
      color: 'Attention',
      retry: retry as Record<string, unknown> | undefined,
    }),
  );
}
