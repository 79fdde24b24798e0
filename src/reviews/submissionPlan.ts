import { withoutHiddenCharacters } from './hiddenCharacters';
import { Choice, Decision, ReviewItem, ReviewSummary } from './model';
import { recordableInGraph } from './reviewKinds';

/** One batchRecordDecisions call: one person's item for one resource, and the decision to record. */
export interface DecisionCall {
  /** The decision item, to read back what Graph holds for it after the write. */
  itemId: string;
  principalId: string;
  /** Always sent with the principal, so the call decides exactly that item, never the person's other items. */
  resourceId: string;
  decision: Exclude<Decision, 'NotReviewed'>;
  justification: string;
  /** Index of the page item this call decides. */
  itemIndex: number;
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
export const NOT_RECORDABLE =
  'Not sent: Microsoft Graph cannot record decisions on Azure roles. Decide in the Azure portal.';
export const NO_IDS = 'Microsoft Graph did not say who or what this item is, so it cannot be decided here.';

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * The justification as it is written to Graph: without hidden characters, its lines kept (the portal shows them). One
 * with nothing visible left is none, and a review that requires one refuses it.
 */
export function justificationToSend(typed: string): string {
  return withoutHiddenCharacters(typed, true);
}

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
  const text = justificationToSend(justification);
  items.forEach((item, i) => {
    const choice = choices[i] ?? '';
    if (choice === '') return;
    if (item.principalId === ZERO_GUID || item.resourceId === ZERO_GUID) {
      problems.push({ itemIndex: i, message: NO_IDS });
      return;
    }
    if (!recordableInGraph(item.resourceKind)) {
      problems.push({ itemIndex: i, message: NOT_RECORDABLE });
      return;
    }
    if (choice === 'Approve' && review.justificationRequired && !text) {
      problems.push({ itemIndex: i, message: JUSTIFICATION_REQUIRED });
      return;
    }
    calls.push({
      itemId: item.id,
      principalId: item.principalId,
      resourceId: item.resourceId,
      decision: choice,
      justification: text,
      itemIndex: i,
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

/**
 * What Graph holds for a submitted item, read back after the writes: the item itself, or 'notListed' when Graph no
 * longer lists the reviewer for it (filterByCurrentUser leaves it out, or a direct read is refused), or 'unread'
 * when it could not be read, with why.
 */
export type ReadBack =
  { kind: 'held'; item: ReviewItem; reviewedById: string } | { kind: 'notListed' } | { kind: 'unread'; error: string };

export interface CallResult {
  /**
   * Why Graph refused or did not answer the write, in words; absent when it accepted it. Accepted alone proves
   * nothing: batchRecordDecisions answers 204 even when no item matched.
   */
  writeError?: string;
  /**
   * The write got no answer, or a server error: Graph may have recorded it. The read-back decides; when it could not
   * be read either, the card says that whether it was recorded is not known.
   */
  writeUnknown?: boolean;
  readBack: ReadBack;
}

export const NOT_LISTED = 'Microsoft Graph did not record this: you may not be a reviewer of this person any more.';
export const NOT_TAKEN =
  'Microsoft Graph did not record this: it still holds another decision. The review may have changed, or another reviewer decided meanwhile.';
export const NO_ANSWER = 'Microsoft Graph did not answer for this decision.';

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Why a call's decision is not recorded, or undefined when it is: Graph took the write and now holds the chosen
 * decision by this reviewer (and the justification, when one was sent).
 */
export function whyNotRecorded(call: DecisionCall, result: CallResult, reviewerId: string): string | undefined {
  if (result.writeError && !result.writeUnknown) return result.writeError;
  const back = result.readBack;
  if (back.kind === 'notListed') return NOT_LISTED;
  if (back.kind === 'unread') {
    return result.writeUnknown
      ? `Whether this was recorded is not known: ${result.writeError} It could not be read back either (${back.error}). Press Submit to send it again; recording the same decision twice changes nothing.`
      : `Microsoft Graph took this, but whether it was recorded could not be checked. ${back.error}`;
  }
  const held = back.item;
  const took =
    held.decision === call.decision &&
    sameId(back.reviewedById, reviewerId) &&
    (!call.justification || held.justification === call.justification);
  if (took) return undefined;
  // Read back after a write with no answer: Graph does not hold it, so it was not recorded.
  return result.writeUnknown ? `${result.writeError} ${NOT_TAKEN}` : NOT_TAKEN;
}

export interface SubmissionOutcome {
  /** The page with every submitted item as Graph holds it (where it could be read back). */
  items: ReviewItem[];
  /** Decisions Graph holds as chosen. */
  recorded: number;
  /** Page item index -> what went wrong; their choices stay on the card. */
  failures: Map<number, string>;
}

/**
 * The page after a submission, drawn from what Graph holds for the submitted items rather than from what was sent;
 * choices Graph does not hold, and invalid ones, are kept with the reason.
 */
export function applyOutcome(
  items: ReviewItem[],
  plan: SubmissionPlan,
  results: CallResult[],
  reviewerId: string,
): SubmissionOutcome {
  const next = items.map((i) => ({ ...i }));
  const failures = new Map<number, string>();
  let recorded = 0;
  plan.calls.forEach((call, k) => {
    const result = results[k] ?? { writeError: NO_ANSWER, readBack: { kind: 'unread', error: NO_ANSWER } };
    if (result.readBack.kind === 'held') {
      // What the read-back does not carry (the v1.0 read has no principalResourceMembership) stays as it was drawn.
      const held = result.readBack.item;
      const drawn = next[call.itemIndex];
      next[call.itemIndex] = {
        ...drawn,
        ...held,
        access: held.access ?? drawn.access,
        resourceDetail: held.resourceDetail || drawn.resourceDetail,
        // Nor the schedule instances read beside the page (ASSIGNMENT_DETAILS_ENABLED).
        assignment: held.assignment ?? drawn.assignment,
      };
      if (next[call.itemIndex].access === undefined) delete next[call.itemIndex].access;
      if (next[call.itemIndex].assignment === undefined) delete next[call.itemIndex].assignment;
    }
    const why = whyNotRecorded(call, result, reviewerId);
    if (why) failures.set(call.itemIndex, why);
    else recorded++;
  });
  for (const p of plan.problems) failures.set(p.itemIndex, p.message);
  return { items: next, recorded, failures };
}
