import { Choice, Decision, ReviewItem, ReviewSummary } from './model';

/** One batchRecordDecisions call: one person (and resource, where needed) and the decision to record. */
export interface DecisionCall {
  principalId: string;
  /** Sent only when the person has several items on the page, so the call does not decide the others. */
  resourceId?: string;
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

/**
 * What to send for the choices made on one page: a call per changed choice (leave-as-is and unchanged choices send
 * nothing), never an id-less call that would decide every item of the review.
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
  const perPrincipal = new Map<string, number>();
  for (const item of items) perPrincipal.set(item.principalId, (perPrincipal.get(item.principalId) ?? 0) + 1);

  items.forEach((item, i) => {
    const choice = choices[i] ?? '';
    if (choice === '' || choice === item.decision) return;
    if (choice === 'Approve' && review.justificationRequired && !text) {
      problems.push({ itemIndex: i, message: JUSTIFICATION_REQUIRED });
      return;
    }
    calls.push({
      principalId: item.principalId,
      ...((perPrincipal.get(item.principalId) ?? 0) > 1 ? { resourceId: item.resourceId } : {}),
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
