import Bottleneck from 'bottleneck';
import { Client, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { ReviewSummary } from '../reviews/model';
import { CallResult, DecisionCall, NO_ANSWER, ReadBack, whyNotRecorded } from '../reviews/submissionPlan';
import { decisionsPath, seg } from './accessReviews';
import { timeLeftMs } from '../deadline';
import { MAX_RETRY_WAIT_SECONDS } from './client';
import { retryAfterSeconds } from './retryAfter';
import { describeFailure, failureOf, failureOfInner, GraphFailure, outcomeUnknown } from './failures';
import { toItem, WireDecision } from './shapes';

/** Graph $batch takes at most 20 requests: 19 writes and the one read that checks them. */
const BATCH_LIMIT = 20;
const WRITES_PER_BATCH = BATCH_LIMIT - 1;
/** The longest exponential backoff step when Graph gives no Retry-After. */
const MAX_BACKOFF_SECONDS = 60;

export interface RecordProgress {
  /** Calls finished (recorded or not). */
  done: number;
  /** Of those, decisions Graph holds as chosen (read back). */
  recorded: number;
  failed: number;
  total: number;
}

export interface RecordOptions {
  /** The reviewer's Entra object id: a decision counts only when Graph shows it was recorded by them. */
  reviewerId: string;
  /** Retries of a throttled or unavailable request (429/503/504, the whole $batch or one request in it). */
  maxRetries: number;
  /**
   * The longest Retry-After worth waiting for; a longer one fails what is left fast, to be retried later. Default
   * MAX_RETRY_WAIT_SECONDS, for a reviewer's turn; a background job may pass Infinity.
   */
  maxWaitSeconds?: number;
  /** $batch requests in flight at once (default 4). */
  maxConcurrent?: number;
  /** Called after each $batch of calls has finished, read back included. */
  onProgress?: (progress: RecordProgress) => void;
  /**
   * Called with each failure that is given up on (a whole $batch, or one request in it), with Graph's request ids,
   * for the log. Throttling that a retry got past is not a failure.
   */
  onFailure?: (failure: GraphFailure) => void;
  /** Injected for tests: waiting, the clock (ms) and the jitter source. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

interface InnerRequest {
  id: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}
interface InnerResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What one recordDecisions call shares between its batches. */
interface Run {
  client: Client;
  review: ReviewSummary;
  maxRetries: number;
  maxWaitSeconds: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  /** Graph asked for a pause (Retry-After) until then: no batch of this run is sent before it. */
  pausedUntil: number;
  /** Graph refused the `or` filter (400): read back item by item from then on. */
  perItemReads: boolean;
  onFailure: (failure: GraphFailure) => void;
}

const retryable = (status: number) => status === 429 || status === 503 || status === 504;
const ok = (status: number) => status >= 200 && status < 300;

/**
 * The batchRecordDecisions request for one person. Always with a principalId: without one Graph would decide every
 * item of the review. Instance-level calls apply to the current stage of a multi-stage review.
 */
function writeRequest(review: ReviewSummary, index: number, c: DecisionCall): InnerRequest {
  return {
    id: String(index),
    method: 'POST',
    url: `${decisionsPath(review)}/batchRecordDecisions`,
    headers: { 'Content-Type': 'application/json' },
    body: {
      decision: c.decision,
      justification: c.justification,
      principalId: seg(c.principalId, 'principal id'),
      resourceId: seg(c.resourceId, 'resource id'),
    },
  };
}

/**
 * The read-back of items after the writes they depend on: one filterByCurrentUser read with `id eq … or id eq …`
 * (which also says whether Graph still lists the reviewer for each), or, where Graph refused that filter, one GET per
 * item.
 */
function readRequests(run: Run, calls: DecisionCall[], indexes: number[], after: string[]): InnerRequest[] {
  const decisions = `${decisionsPath(run.review)}/decisions`;
  const dependsOn = after.length ? { dependsOn: after } : {};
  if (!run.perItemReads) {
    const filter = indexes.map((i) => `id eq '${seg(calls[i].itemId, 'item id')}'`).join(' or ');
    const url = `${decisions}/filterByCurrentUser(on='reviewer')?$filter=${encodeURIComponent(filter)}&$expand=insights`;
    return [{ id: 'read', method: 'GET', url, ...dependsOn }];
  }
  return indexes.map((i) => ({
    id: `read${i}`,
    method: 'GET',
    url: `${decisions}/${seg(calls[i].itemId, 'item id')}?$expand=insights`,
    ...dependsOn,
  }));
}

function held(run: Run, w: WireDecision): ReadBack {
  return { kind: 'held', item: toItem(w, run.review.guestsOnly), reviewedById: w.reviewedBy?.id ?? '' };
}

const headerOf = (headers: Record<string, string> | undefined, name: string) =>
  Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];

const longWait = (seconds: number) =>
  `Microsoft Graph is throttling requests and asked to wait ${Math.ceil(seconds)} seconds. Retry after that.`;

/**
 * Waits before retry number `attempt`: Graph's Retry-After pauses the whole run (every batch waits for it), else an
 * exponential backoff with jitter for this batch alone. Answers why it will not wait when Graph asks for longer than
 * the caller can.
 */
async function waitToRetry(
  run: Run,
  attempt: number,
  retryAfter: number | undefined,
  failure: GraphFailure,
): Promise<string | undefined> {
  // In a reviewer's turn, a wait that would outlast its budget gives up at once (src/deadline.ts).
  const left = timeLeftMs();
  if (retryAfter !== undefined) {
    if (retryAfter > run.maxWaitSeconds || retryAfter * 1000 >= left) return longWait(retryAfter);
    run.pausedUntil = Math.max(run.pausedUntil, run.now() + retryAfter * 1000);
    return undefined;
  }
  const backoff = Math.min(MAX_BACKOFF_SECONDS, 2 ** attempt, run.maxWaitSeconds) * (0.5 + run.random() / 2);
  if (backoff * 1000 >= left) return describeFailure(failure);
  await run.sleep(backoff * 1000);
  return undefined;
}

async function unpaused(run: Run): Promise<void> {
  while (run.now() < run.pausedUntil) await run.sleep(run.pausedUntil - run.now());
}

/**
 * One $batch. The SDK's own retries are off for it: this engine retries, so that a pause holds for every batch. It
 * sends writes again after a 503/504 too, unlike a create: recording the same decision for the same person twice
 * changes nothing, and the read-back says what Graph holds.
 */
async function post(run: Run, requests: InnerRequest[]): Promise<Map<string, InnerResponse>> {
  const res = await run.client
    .api('/$batch')
    .middlewareOptions([new RetryHandlerOptions(1, 0)])
    .post({ requests });
  const responses = (res as { responses?: InnerResponse[] }).responses ?? [];
  return new Map(responses.map((r) => [r.id, r]));
}

/**
 * Records up to 19 calls and reads their items back, in one $batch when all goes well: the read depends on the
 * writes, so it sees their effect. A failed write makes the read answer 424, and it is sent again on its own;
 * throttled requests are sent again after the wait.
 */
async function recordBatch(run: Run, calls: DecisionCall[]): Promise<CallResult[]> {
  // Why each write failed, and whether Graph may have acted on it all the same (no answer, a server error).
  const writeErrors: ({ text: string; unknown: boolean } | undefined)[] = calls.map(() => undefined);
  let lookedAfterNoAnswer = false;
  // The status each write was last answered inside a batch (to tell a throttled write from one with no answer).
  const lastStatus: (number | undefined)[] = calls.map(() => undefined);
  const backs: (ReadBack | undefined)[] = calls.map(() => undefined);
  let pending = calls.map((_, i) => i);
  const unread = (error: string) => backs.forEach((b, i) => (backs[i] = b ?? { kind: 'unread', error }));
  for (let attempt = 0; ;) {
    const toRead = calls.map((_, i) => i).filter((i) => !backs[i]);
    const writes = pending.map((i) => writeRequest(run.review, i, calls[i]));
    const after = writes.map((w) => w.id);
    let reads = toRead.length ? readRequests(run, calls, toRead, after) : [];
    // Item-by-item reads may not fit beside the writes; they then go in the next batch.
    if (writes.length + reads.length > BATCH_LIMIT) reads = [];
    if (!writes.length && !reads.length) break;

    await unpaused(run);
    let answers: Map<string, InnerResponse>;
    try {
      answers = await post(run, [...writes, ...reads]);
    } catch (err) {
      const failure = failureOf(err);
      const retryAfter = retryAfterSeconds((err as { headers?: Headers }).headers?.get?.('retry-after'), run.now());
      const giveUp =
        retryable(failure.status) && attempt < run.maxRetries
          ? await waitToRetry(run, attempt++, retryAfter, failure)
          : describeFailure(failure);
      if (!giveUp) continue;
      run.onFailure(failure);
      const unknown = pending.length > 0 && outcomeUnknown(failure);
      for (const i of pending) writeErrors[i] = { text: giveUp, unknown };
      if (unknown && !lookedAfterNoAnswer) {
        // Graph may have recorded them: one more batch, of reads only, looks before the card says anything.
        lookedAfterNoAnswer = true;
        pending = [];
        continue;
      }
      unread(giveUp);
      break;
    }

    const again: number[] = [];
    const waits: (number | undefined)[] = [];
    const canRetry = attempt < run.maxRetries;
    const failed = (a: InnerResponse) => {
      const failure = failureOfInner(a.status, a.body, a.headers);
      run.onFailure(failure);
      return describeFailure(failure);
    };
    let throttled: InnerResponse | undefined;
    const throttledBy = (a: InnerResponse) => {
      throttled = a;
      waits.push(retryAfterSeconds(headerOf(a.headers, 'retry-after'), run.now()));
    };
    for (const i of pending) {
      const a = answers.get(String(i));
      if (!a) writeErrors[i] = { text: NO_ANSWER, unknown: true };
      else if (ok(a.status)) continue;
      else if (retryable(a.status) && canRetry) {
        again.push(i);
        lastStatus[i] = a.status;
        throttledBy(a);
      } else writeErrors[i] = { text: failed(a), unknown: a.status >= 500 };
    }
    for (const r of reads) {
      const a = answers.get(r.id);
      const targets = r.id === 'read' ? toRead : [Number(r.id.slice('read'.length))];
      const set = (back: ReadBack) => targets.forEach((i) => (backs[i] = back));
      if (!a) set({ kind: 'unread', error: NO_ANSWER });
      else if (a.status === 200 && r.id === 'read') {
        const value = (a.body as { value?: WireDecision[] } | undefined)?.value ?? [];
        for (const i of targets) {
          const w = value.find((v) => v.id.toLowerCase() === calls[i].itemId.toLowerCase());
          // Not in filterByCurrentUser: Graph does not list this reviewer for the item (any more).
          backs[i] = w ? held(run, w) : { kind: 'notListed' };
        }
      } else if (a.status === 200) set(held(run, a.body as WireDecision));
      else if (a.status === 424 && writes.length) {
        // A write it depended on failed: read again in the next batch, without that write.
      } else if (a.status === 400 && r.id === 'read') run.perItemReads = true;
      else if ((a.status === 403 || a.status === 404) && r.id !== 'read') set({ kind: 'notListed' });
      else if (retryable(a.status) && canRetry) throttledBy(a);
      else set({ kind: 'unread', error: failed(a) });
    }
    pending = again;
    if (waits.length) {
      const given = waits.filter((w): w is number => w !== undefined);
      const last = throttled ? failureOfInner(throttled.status, throttled.body, throttled.headers) : undefined;
      const giveUp = await waitToRetry(
        run,
        attempt++,
        given.length ? Math.max(...given) : undefined,
        last ?? { status: 503, code: '', message: '' },
      );
      if (giveUp) {
        if (last) run.onFailure(last);
        // Each write by its own last answer: a 429 was refused before Graph acted; a 503/504 may have come after.
        for (const i of pending) writeErrors[i] = { text: giveUp, unknown: (lastStatus[i] ?? 0) >= 500 };
        unread(giveUp);
        break;
      }
    }
  }
  return calls.map((_, i) => ({
    ...(writeErrors[i] ? { writeError: writeErrors[i].text } : {}),
    ...(writeErrors[i]?.unknown ? { writeUnknown: true } : {}),
    readBack: backs[i] ?? { kind: 'unread', error: NO_ANSWER },
  }));
}

/**
 * Records decisions through Graph $batch (19 batchRecordDecisions per batch, plus a read-back of their items), with
 * `maxConcurrent` batches in flight, and answers per call what Graph holds afterwards. Throttled or unavailable
 * requests are retried after Graph's Retry-After (which pauses every batch) or a backoff; whatever does not take is
 * reported per call, in words, so the card can show who was not recorded and why.
 */
export async function recordDecisions(
  client: Client,
  review: ReviewSummary,
  calls: DecisionCall[],
  opts: RecordOptions,
): Promise<CallResult[]> {
  const run: Run = {
    client,
    review,
    maxRetries: opts.maxRetries,
    maxWaitSeconds: opts.maxWaitSeconds ?? MAX_RETRY_WAIT_SECONDS,
    sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    now: opts.now ?? Date.now,
    random: opts.random ?? Math.random,
    pausedUntil: 0,
    perItemReads: false,
    onFailure: opts.onFailure ?? (() => undefined),
  };
  // Every id is checked before anything is sent: one bad id fails the whole call, not half of it.
  for (const [i, c] of calls.entries()) {
    writeRequest(review, i, c);
    seg(c.itemId, 'item id');
  }
  const limiter = new Bottleneck({ maxConcurrent: opts.maxConcurrent ?? 4 });
  const progress: RecordProgress = { done: 0, recorded: 0, failed: 0, total: calls.length };
  const batches: DecisionCall[][] = [];
  for (let start = 0; start < calls.length; start += WRITES_PER_BATCH)
    batches.push(calls.slice(start, start + WRITES_PER_BATCH));
  const results = await Promise.all(
    batches.map((batch) =>
      limiter.schedule(async () => {
        const out = await recordBatch(run, batch);
        const recorded = batch.filter((c, i) => !whyNotRecorded(c, out[i], opts.reviewerId)).length;
        progress.done += batch.length;
        progress.recorded += recorded;
        progress.failed += batch.length - recorded;
        opts.onProgress?.({ ...progress });
        return out;
      }),
    ),
  );
  return results.flat();
}
