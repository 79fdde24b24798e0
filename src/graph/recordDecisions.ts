import { Client } from '@microsoft/microsoft-graph-client';
import { ReviewSummary } from '../reviews/model';
import { CallResult, DecisionCall } from '../reviews/submissionPlan';
import { instancePath, seg } from './accessReviews';
import { MAX_RETRY_WAIT_SECONDS } from './client';
import { describeFailure, failureOf, failureOfInner } from './failures';

/** Graph $batch takes at most 20 requests. */
const BATCH_LIMIT = 20;

interface InnerRequest {
  id: string;
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: unknown;
}
interface InnerResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * The batchRecordDecisions request for one person. Always with a principalId: without one Graph would decide every
 * item of the review. Instance-level calls apply to the current stage of a multi-stage review.
 */
function requestFor(review: ReviewSummary, callIndex: number, c: DecisionCall): InnerRequest {
  const body: Record<string, string> = {
    decision: c.decision,
    justification: c.justification,
    principalId: seg(c.principalId, 'principal id'),
    resourceId: seg(c.resourceId, 'resource id'),
  };
  return {
    id: String(callIndex),
    method: 'POST',
    url: `${instancePath(review)}/batchRecordDecisions`,
    headers: { 'Content-Type': 'application/json' },
    body,
  };
}

const retryable = (status: number) => status === 429 || status === 503 || status === 504;

/**
 * Records decisions through Graph $batch, at most 20 requests per batch. Inner 429/503/504 answers are retried
 * after their Retry-After (each inner request is throttled on its own); whatever still fails is reported per call,
 * in words, so the card can show who was not recorded and why.
 */
export async function recordDecisions(
  client: Client,
  review: ReviewSummary,
  calls: DecisionCall[],
  opts: { maxRetries: number; sleep?: (ms: number) => Promise<void> },
): Promise<CallResult[]> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const requests = calls.map((c, i) => requestFor(review, i, c));
  const results: CallResult[] = calls.map(() => ({ ok: false, error: 'Microsoft Graph did not answer this request.' }));
  for (let start = 0; start < requests.length; start += BATCH_LIMIT) {
    let pending = requests.slice(start, start + BATCH_LIMIT);
    for (let attempt = 0; pending.length > 0; attempt++) {
      let responses: InnerResponse[];
      try {
        const res = await client.api('/$batch').post({ requests: pending });
        responses = (res as { responses?: InnerResponse[] }).responses ?? [];
      } catch (err) {
        const error = describeFailure(failureOf(err));
        for (const r of pending) results[Number(r.id)] = { ok: false, error };
        break;
      }
      const byId = new Map(responses.map((r) => [r.id, r]));
      const again: InnerRequest[] = [];
      let waitSeconds = 1;
      for (const r of pending) {
        const resp = byId.get(r.id);
        if (!resp) continue;
        if (resp.status >= 200 && resp.status < 300) {
          results[Number(r.id)] = { ok: true };
        } else if (retryable(resp.status) && attempt < opts.maxRetries) {
          again.push(r);
          const after = Number(
            Object.entries(resp.headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1],
          );
          if (Number.isFinite(after)) waitSeconds = Math.max(waitSeconds, after);
        } else {
          results[Number(r.id)] = { ok: false, error: describeFailure(failureOfInner(resp.status, resp.body)) };
        }
      }
      // Past the longest wait worth a reviewer's turn, what is still throttled is reported, to be retried from the card.
      if (waitSeconds > MAX_RETRY_WAIT_SECONDS) {
        for (const r of again)
          results[Number(r.id)] = {
            ok: false,
            error: describeFailure({ status: 429, code: 'TooManyRequests', message: '' }),
          };
        break;
      }
      pending = again;
      if (pending.length) await sleep(waitSeconds * 1000);
    }
  }
  return results;
}
