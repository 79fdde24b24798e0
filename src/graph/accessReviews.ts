import { Client } from '@microsoft/microsoft-graph-client';
import { isGuid } from '../reviews/actions';
import { MyDecisionRow } from '../reviews/inbox';
import { ItemFilter, ReviewItem, ReviewSummary } from '../reviews/model';
import { CallResult, DecisionCall } from '../reviews/submissionPlan';
import { ListMode } from '../config';
import { MAX_RETRY_WAIT_SECONDS } from './client';
import { describeFailure, failureOf, failureOfInner, GraphCallError } from './failures';
import { toItem, toRow, WireDecision, WireDefinition, WireInstance } from './shapes';

/**
 * Typed calls for the access reviews routes the bot uses. Every id that reaches a URL is checked to be a GUID and
 * encoded first; callers pass model objects, never raw strings from a card.
 */

const AR = '/identityGovernance/accessReviews';
const BATCH_LIMIT = 20;
/** Only what the inbox needs of each item, its instance and definition: a reviewer may have thousands of items. */
const ROW_FIELDS = 'id,decision,recommendation,resource';
const ROW_EXPAND = 'instance($select=id,status,endDateTime,scope;$expand=definition($select=id,displayName,settings))';
/** Graph's largest page for these collections; fewer round trips for the inbox and the "approve the rest" walk. */
const BIG_PAGE = 999;

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
}

function seg(id: string | undefined, what: string): string {
  if (!isGuid(id))
    throw new GraphCallError({
      status: 400,
      code: 'InvalidId',
      message: `${what} "${String(id).slice(0, 60)}" is not a GUID`,
    });
  return encodeURIComponent(id);
}

function instancePath(review: Pick<ReviewSummary, 'definitionId' | 'instanceId'>): string {
  return `${AR}/definitions/${seg(review.definitionId, 'definition id')}/instances/${seg(review.instanceId, 'instance id')}`;
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof GraphCallError) throw err;
    throw new GraphCallError(failureOf(err));
  }
}

/** Every page of a collection, following @odata.nextLink (absolute, as Graph sends it). */
async function allPages<T>(client: Client, first: () => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let page = await call(first);
  out.push(...page.value);
  while (page['@odata.nextLink']) {
    const next = page['@odata.nextLink'];
    page = await call(() => client.api(next).get());
    out.push(...page.value);
  }
  return out;
}

/**
 * Everything assigned to me, as inbox rows. 'beta': one call for all my decision items with their instance and
 * definition (the cheapest poll); 'v1': definitions -> instances -> decisions, all filtered to me.
 */
export async function myDecisionRows(client: Client, mode: ListMode): Promise<MyDecisionRow[]> {
  if (mode === 'beta') {
    const items = await allPages<WireDecision>(client, () =>
      client
        .api(`${AR}/decisions/filterByCurrentUser(on='reviewer')`)
        .version('beta')
        .query({ $select: ROW_FIELDS, $expand: ROW_EXPAND, $top: String(BIG_PAGE) })
        .get(),
    );
    return items.map((w) => toRow(w)).filter((r): r is MyDecisionRow => !!r);
  }
  const rows: MyDecisionRow[] = [];
  const definitions = await allPages<WireDefinition>(client, () =>
    client.api(`${AR}/definitions/filterByCurrentUser(on='reviewer')`).get(),
  );
  for (const def of definitions) {
    const instances = await allPages<WireInstance>(client, () =>
      client
        .api(`${AR}/definitions/${seg(def.id, 'definition id')}/instances/filterByCurrentUser(on='reviewer')`)
        .get(),
    );
    for (const inst of instances.filter((i) => i.status === 'InProgress')) {
      const items = await allPages<WireDecision>(client, () =>
        client
          .api(
            `${AR}/definitions/${seg(def.id, 'definition id')}/instances/${seg(inst.id, 'instance id')}/decisions/filterByCurrentUser(on='reviewer')`,
          )
          .query({ $top: String(BIG_PAGE) })
          .get(),
      );
      for (const w of items) {
        const row = toRow({ ...w, instance: { ...inst, definition: def } });
        if (row) rows.push(row);
      }
    }
  }
  return rows;
}

function filterQuery(filter: ItemFilter): string | undefined {
  if (filter === 'notReviewed') return "decision eq 'NotReviewed'";
  if (filter === 'recommendedDeny') return "recommendation eq 'Deny'";
  return undefined;
}

/** One page of the people I review in a review: one request. */
export async function decisionsPage(
  client: Client,
  review: ReviewSummary,
  filter: ItemFilter,
  skip: number,
  top: number,
): Promise<{ count: number; more: boolean; items: ReviewItem[] }> {
  const query: Record<string, string> = { $top: String(top), $skip: String(skip), $count: 'true', $expand: 'insights' };
  const f = filterQuery(filter);
  if (f) query.$filter = f;
  const page = await call<Page<WireDecision>>(() =>
    client
      .api(`${instancePath(review)}/decisions/filterByCurrentUser(on='reviewer')`)
      .query(query)
      .get(),
  );
  const items = page.value.map((w) => toItem(w, review.guestsOnly));
  const counted = page['@odata.count'];
  // Docs are silent on $count for this function; without a count, the next link still says there is more.
  const more = counted === undefined && !!page['@odata.nextLink'];
  return { count: counted ?? skip + items.length, more, items };
}

/** All the people I have not reviewed yet in a review (for "approve everyone not reviewed"). */
export async function notReviewedItems(client: Client, review: ReviewSummary): Promise<ReviewItem[]> {
  const items = await allPages<WireDecision>(client, () =>
    client
      .api(`${instancePath(review)}/decisions/filterByCurrentUser(on='reviewer')`)
      .query({ $filter: "decision eq 'NotReviewed'", $top: String(BIG_PAGE) })
      .get(),
  );
  return items.map((w) => toItem(w, review.guestsOnly));
}

export async function acceptRecommendations(client: Client, review: ReviewSummary): Promise<void> {
  await call(() =>
    client
      .api(
        `${AR}/definitions/${seg(review.definitionId, 'definition id')}/instances/${seg(review.instanceId, 'instance id')}/acceptRecommendations`,
      )
      .post({}),
  );
}

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
