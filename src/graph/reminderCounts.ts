import { Client, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { ReminderReview } from '../reviews/reminderPolicy';
import { failureOf, failureOfInner, GraphCallError, GraphFailure } from './failures';
import { seg } from './accessReviews';

/**
 * What a reminder poll needs of one reviewer, at a cost that does not grow with the people they review:
 *   1. the definitions I review (`$select` of two fields): an idle reviewer stops here, one request;
 *   2. one `$batch` of `instances/filterByCurrentUser` per definition, in progress only;
 *   3. one `$batch` of three counts per instance (`$count=true&$top=1&$select=id` on
 *      `decisions/filterByCurrentUser`: all, NotReviewed, NotReviewed and recommended Deny).
 * Each `$batch` holds at most 20 requests, so a reviewer with many reviews costs a few more batches; a reviewer of
 * 50,000 people in one review costs three requests and a few KB.
 */

const AR = '/identityGovernance/accessReviews';
/** Graph's limit of requests in one $batch. */
const BATCH_SIZE = 20;

interface Inner {
  id: string;
  method: 'GET';
  url: string;
}
interface InnerResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Graph said to wait (429/503 with Retry-After): the poll stops and the job comes back after that. */
export class GraphBusy extends GraphCallError {
  constructor(
    failure: GraphFailure,
    readonly retryAfterMs: number,
  ) {
    super(failure);
  }
}

/** A review as a poll sees it: what the policy needs, and whether approving needs a justification (for the card). */
export type PolledReview = ReminderReview & { justificationRequired: boolean };

export interface ReviewCounts {
  reviews: PolledReview[];
  /** Graph requests this poll made (each $batch counts once). */
  requests: number;
}

function retryAfterMs(headers: Record<string, string> | undefined): number {
  const raw = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
  const s = Number(raw);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 10_000;
}

/** One $batch; inner throttling becomes GraphBusy, any other inner failure a GraphCallError. */
async function batch(client: Client, requests: Inner[]): Promise<Map<string, unknown>> {
  let res: { responses?: InnerResponse[] };
  try {
    res = await client
      .api('/$batch')
      .middlewareOptions([new RetryHandlerOptions(1, 0)])
      .post({ requests });
  } catch (err) {
    throw outerFailure(err);
  }
  const out = new Map<string, unknown>();
  for (const r of res.responses ?? []) {
    if (r.status === 429 || r.status === 503)
      throw new GraphBusy(failureOfInner(r.status, r.body, r.headers), retryAfterMs(r.headers));
    if (r.status >= 300) throw new GraphCallError(failureOfInner(r.status, r.body, r.headers));
    out.set(r.id, r.body);
  }
  return out;
}

function outerFailure(err: unknown): Error {
  const f = failureOf(err);
  if (f.status === 429 || f.status === 503) {
    const headers = (err as { headers?: Headers }).headers;
    const after = headers && typeof headers.get === 'function' ? Number(headers.get('retry-after')) : NaN;
    return new GraphBusy(f, Number.isFinite(after) && after > 0 ? after * 1000 : 10_000);
  }
  return new GraphCallError(f);
}

/** A query string with encoded values (the `$` names stay as Graph documents them). */
function query(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

interface WireDef {
  id: string;
  displayName?: string;
  settings?: { justificationRequiredOnApproval?: boolean };
}
interface WireInst {
  id: string;
  status?: string;
  startDateTime?: string;
  endDateTime?: string;
}
interface Counted {
  '@odata.count'?: number;
  value?: unknown[];
}

/** The reviewer's reviews in progress with their counts, for the reminder policy. */
export async function myReviewCounts(client: Client): Promise<ReviewCounts> {
  let requests = 1;
  const defs: WireDef[] = [];
  let page: { value?: WireDef[]; '@odata.nextLink'?: string };
  try {
    page = await client
      .api(`${AR}/definitions/filterByCurrentUser(on='reviewer')`)
      .query({ $select: 'id,displayName,settings' })
      .get();
    defs.push(...(page.value ?? []));
    while (page['@odata.nextLink']) {
      requests++;
      page = await client.api(page['@odata.nextLink']).get();
      defs.push(...(page.value ?? []));
    }
  } catch (err) {
    throw outerFailure(err);
  }
  if (!defs.length) return { reviews: [], requests };

  const instances: { def: WireDef; inst: WireInst }[] = [];
  for (const group of chunks(defs, BATCH_SIZE)) {
    requests++;
    const answers = await batch(
      client,
      group.map((d, i) => ({
        id: String(i),
        method: 'GET',
        url: `${AR}/definitions/${seg(d.id, 'definition id')}/instances/filterByCurrentUser(on='reviewer')?${query({ $filter: "status eq 'InProgress'", $select: 'id,status,startDateTime,endDateTime' })}`,
      })),
    );
    group.forEach((def, i) => {
      const body = answers.get(String(i)) as { value?: WireInst[] } | undefined;
      for (const inst of body?.value ?? []) if (inst.status === 'InProgress') instances.push({ def, inst });
    });
  }

  const reviews: PolledReview[] = [];
  const COUNTS = [undefined, "decision eq 'NotReviewed'", "decision eq 'NotReviewed' and recommendation eq 'Deny'"];
  for (const group of chunks(instances, Math.floor(BATCH_SIZE / COUNTS.length))) {
    requests++;
    const inner: Inner[] = [];
    group.forEach(({ def, inst }, i) => {
      const base = `${AR}/definitions/${seg(def.id, 'definition id')}/instances/${seg(inst.id, 'instance id')}/decisions/filterByCurrentUser(on='reviewer')?`;
      COUNTS.forEach((filter, c) =>
        inner.push({
          id: `${i}.${c}`,
          method: 'GET',
          url: base + query({ $count: 'true', $top: '1', $select: 'id', ...(filter ? { $filter: filter } : {}) }),
        }),
      );
    });
    const answers = await batch(client, inner);
    group.forEach(({ def, inst }, i) => {
      const count = (c: number) => {
        const body = answers.get(`${i}.${c}`) as Counted | undefined;
        // Docs are silent on $count for this function; without it, "at least one" is the honest reading of $top=1.
        return body?.['@odata.count'] ?? body?.value?.length ?? 0;
      };
      reviews.push({
        instanceId: inst.id,
        definitionId: def.id,
        name: def.displayName ?? '',
        status: inst.status ?? '',
        startDateTime: inst.startDateTime,
        endDateTime: inst.endDateTime ?? '',
        total: count(0),
        remaining: count(1),
        recommendedDeny: count(2),
        justificationRequired: def.settings?.justificationRequiredOnApproval === true,
      });
    });
  }
  return { reviews, requests };
}
