import { Choice, Decision, ReviewItem, ReviewSummary } from './model';

/** One batchRecordDecisions call: one person's item for one resource, and the decision to record. */
export interface DecisionCall {
  principalId: string;
  /** Always sent with the principal, so the call decides exactly that item, never the person's other items. */
  resourceId: string;
  decision: Exclude<Decision, 'NotReviewed'>;
  justification: string;
  /** Indexes of the page items this call decides. */
  itemIndexes: number[];
}

export interface Problem {
  itemIndex: number;
  message: string;
}

export interface SubmissionPlan {
  calls: DecisionCall[];
  /** Choices that cannot be sent as they are, with why; nothing of them is sent. */
  problems: Problem[];
}

export const JUSTIFICATION_REQUIRED =
  'This review requires a justification to approve. Write one in the box and submit again.';
export const NO_IDS = 'Microsoft Graph did not say who or what this item is, so it cannot be decided here.';

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * What to send for the choices made on one page: a call per chosen decision ("leave as is" sends nothing). A choice
 * equal to the decision shown is sent too: the card may be older than the decision, and the justification may be new.
 * Never an id-less call, which would decide every item of the review.
 */
export function submissionPlan(
  review: ReviewSummary,
  items: ReviewItem[],
  choices: Choice[],
  justification: string,
): SubmissionPlan {
  const calls: DecisionCall[] = [];
  const problems: Problem[] = [];
  const text = justification.trim();
  items.forEach((item, i) => {
    const choice = choices[i] ?? '';
    if (choice === '') return;
    if (item.principalId === ZERO_GUID || item.resourceId === ZERO_GUID) {
      problems.push({ itemIndex: i, message: NO_IDS });
      return;
    }
    if (choice === 'Approve' && review.justificationRequired && !text) {
      problems.push({ itemIndex: i, message: JUSTIFICATION_REQUIRED });
      return;
    }
    calls.push({
      principalId: item.principalId,
      resourceId: item.resourceId,
      decision: choice,
      justification: text,
      itemIndexes: [i],
    });
  });
  return { calls, problems };
}

/** The same for "approve everyone not reviewed yet": one call per person, with the justification given. */
export function approveRestPlan(
  review: ReviewSummary,
  notReviewed: ReviewItem[],
  justification: string,
): SubmissionPlan {
  return submissionPlan(
    review,
    notReviewed,
    notReviewed.map(() => 'Approve'),
    justification,
  );
}

export interface CallResult {
  ok: boolean;
  /** Why it failed, in words for the reviewer. */
  error?: string;
}

export interface SubmissionOutcome {
  items: ReviewItem[];
  recorded: number;
  /** Page item index -> what went wrong; their choices stay on the card. */
  failures: Map<number, string>;
}

/** The page after a submission: recorded choices shown as decided by me, failed and invalid ones kept with the reason. */
export function applyOutcome(
  items: ReviewItem[],
  plan: SubmissionPlan,
  results: CallResult[],
  reviewerName: string,
): SubmissionOutcome {
  const next = items.map((i) => ({ ...i }));
  const failures = new Map<number, string>();
  let recorded = 0;
  plan.calls.forEach((call, k) => {
    const r = results[k] ?? { ok: false, error: 'No answer was received for this decision.' };
    for (const idx of call.itemIndexes) {
      if (r.ok) {
        next[idx] = {
          ...next[idx],
          decision: call.decision,
          justification: call.justification,
          reviewedByName: reviewerName,
        };
        recorded++;
      } else failures.set(idx, r.error ?? 'Not recorded.');
    }
  });
  for (const p of plan.problems) failures.set(p.itemIndex, p.message);
  return { items: next, recorded, failures };
}
