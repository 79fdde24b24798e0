import { Client } from '@microsoft/microsoft-graph-client';
import { isGuid } from '../reviews/ids';
import { MyDecisionRow } from '../reviews/inbox';
import { ItemFilter, ReviewItem, ReviewSummary } from '../reviews/model';
import { ListMode } from '../config';

import { failureOf, GraphCallError } from './failures';
import { InboxReview, inboxReview, toItem, toRow, WireDecision, WireDefinition, WireInstance } from './shapes';

/**
 * Typed calls for the access reviews routes the bot uses. Every id that reaches a URL is checked to be a GUID and
 * encoded first; callers pass model objects, never raw strings from a card.
 */

const AR = '/identityGovernance/accessReviews';
/** All my decision items, across reviews (beta). */
const MINE = `${AR}/decisions/filterByCurrentUser(on='reviewer')`;
/** Only what the inbox needs of an item, its instance and definition. */
const ROW_FIELDS = 'id,decision,recommendation,resource';
const ROW_EXPAND =
  'instance($select=id,status,endDateTime,scope;$expand=definition($select=id,displayName,settings,stageSettings))';
/**
 * Past the first page, only what counting needs: the expansion repeats the instance and definition on every item,
 * nine tenths of the bytes of a large inbox. accessReviewId is the item's instance id; the resource tells a review of
 * one group from one over several.
 */
const COUNT_FIELDS = 'accessReviewId,decision,recommendation,resource';
/**
 * The first page of the inbox, expanded: more than most reviewers have, also one with a review of every kind (a
 * group, an app's roles, access packages, roles and PIM groups add up past a hundred items), so their inbox is one
 * request. Larger inboxes read the rest lean (COUNT_FIELDS).
 */
export const FIRST_PAGE = 200;
/** Graph's largest page for these collections; fewer round trips for the inbox and the "approve the rest" walk. */
const BIG_PAGE = 999;
/** Graph $batch takes at most 20 requests. */
const BATCH_LIMIT = 20;

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
}

export function seg(id: string | undefined, what: string): string {
  if (!isGuid(id))
    throw new GraphCallError({
      status: 400,
      code: 'InvalidId',
      message: `${what} "${String(id).slice(0, 60)}" is not a GUID`,
    });
  return encodeURIComponent(id);
}

export function instancePath(review: Pick<ReviewSummary, 'definitionId' | 'instanceId'>): string {
  return `${AR}/definitions/${seg(review.definitionId, 'definition id')}/instances/${seg(review.instanceId, 'instance id')}`;
}

/**
 * Where a review's decisions are read and recorded: the instance, or for a multi-stage review its current stage
 * (v1.0 `api/accessreviewstage-batchrecorddecisions.md`, `accessreviewstage-acceptrecommendations.md`, and the
 * stage's `decisions/filterByCurrentUser`).
 */
export function decisionsPath(review: Pick<ReviewSummary, 'definitionId' | 'instanceId' | 'stageId'>): string {
  const stage = review.stageId ? `/stages/${seg(review.stageId, 'stage id')}` : '';
  return `${instancePath(review)}${stage}`;
}

interface WireStage {
  id: string;
  status?: string;
}

/**
 * The stage of a multi-stage review that is in progress now (stages run one after another), or undefined when none
 * is: then the instance's own routes are used.
 */
export async function currentStageId(client: Client, review: ReviewSummary): Promise<string | undefined> {
  const page = await call<Page<WireStage>>(() =>
    client
      .api(`${instancePath(review)}/stages`)
      .query({ $select: 'id,status' })
      .get(),
  );
  return page.value.find((st) => st.status === 'InProgress' && isGuid(st.id))?.id;
}

/** Runs one Graph call; any failure comes out as a GraphCallError with Graph's status, code and message. */
export async function call<T>(run: () => Promise<T>): Promise<T> {
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
 * Everything assigned to me, as inbox rows. 'beta': all my decision items, with their instance and definition, in one
 * call for most reviewers (the cheapest poll); 'v1': definitions -> instances -> decisions, all filtered to me.
 */
export async function myDecisionRows(client: Client, mode: ListMode): Promise<MyDecisionRow[]> {
  if (mode === 'beta') return myRowsBeta(client);
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

const rowsOf = (items: WireDecision[]) => items.map((w) => toRow(w)).filter((r): r is MyDecisionRow => !!r);

/**
 * The first page comes with each item's instance and definition. When there is more, the rest comes without them,
 * and each review first seen past the first page is read once, through its first item there, read again by position
 * ($skip) with the expansion: Graph documents no filter on an item's id or instance, only on decision,
 * recommendation and applyResult.
 */
async function myRowsBeta(client: Client): Promise<MyDecisionRow[]> {
  const first = await call<Page<WireDecision>>(() =>
    client
      .api(MINE)
      .version('beta')
      .query({ $select: ROW_FIELDS, $expand: ROW_EXPAND, $top: String(FIRST_PAGE) })
      .get(),
  );
  const rows = rowsOf(first.value);
  if (!first['@odata.nextLink']) return rows;

  const skip = first.value.length;
  const rest = await allPages<WireDecision>(client, () =>
    client
      .api(MINE)
      .version('beta')
      .query({ $select: COUNT_FIELDS, $skip: String(skip), $top: String(BIG_PAGE) })
      .get(),
  );
  // Each review as its first item shows it (the inbox takes the resource name from there).
  const reviews = new Map<string, InboxReview>();
  for (const r of rows) if (!reviews.has(r.instanceId)) reviews.set(r.instanceId, r);
  const firstAt = new Map<string, number>();
  rest.forEach((w, i) => {
    if (w.accessReviewId && !reviews.has(w.accessReviewId) && !firstAt.has(w.accessReviewId)) {
      firstAt.set(w.accessReviewId, skip + i);
    }
  });
  const found = await itemsAt(client, [...firstAt.values()]);
  for (const [at, w] of found) {
    const review = w && inboxReview(w);
    // The list changed between the calls (or an answer was refused): read it all expanded, as one list.
    if (!review || review.instanceId !== rest[at - skip].accessReviewId) return expandedRows(client);
    reviews.set(review.instanceId, review);
  }
  for (const w of rest) {
    const row = toRow(w, reviews.get(w.accessReviewId ?? ''));
    if (row) rows.push(row);
  }
  return rows;
}

/** My items at these positions of the list, with their instance and definition; undefined where Graph refused. */
async function itemsAt(client: Client, positions: number[]): Promise<Map<number, WireDecision | undefined>> {
  const out = new Map<number, WireDecision | undefined>();
  for (let start = 0; start < positions.length; start += BATCH_LIMIT) {
    const requests = positions.slice(start, start + BATCH_LIMIT).map((at) => ({
      id: String(at),
      method: 'GET',
      url: `${MINE}?$select=${ROW_FIELDS}&$expand=${ROW_EXPAND}&$skip=${at}&$top=1`,
    }));
    const res = await call<{ responses?: { id: string; status: number; body?: Page<WireDecision> }[] }>(() =>
      client.api('/$batch').version('beta').post({ requests }),
    );
    for (const r of requests) out.set(Number(r.id), undefined);
    for (const r of res.responses ?? []) {
      if (r.status === 200) out.set(Number(r.id), r.body?.value?.[0]);
    }
  }
  return out;
}

/** All my items, each with its instance and definition. */
async function expandedRows(client: Client): Promise<MyDecisionRow[]> {
  const items = await allPages<WireDecision>(client, () =>
    client
      .api(MINE)
      .version('beta')
      .query({ $select: ROW_FIELDS, $expand: ROW_EXPAND, $top: String(BIG_PAGE) })
      .get(),
  );
  return rowsOf(items);
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
  mode: ListMode = 'beta',
): Promise<{ count: number; more: boolean; items: ReviewItem[] }> {
  // beta adds what v1.0 items lack: principalResourceMembership (direct or through a group) and `target`.
  const version = mode === 'beta' ? 'beta' : 'v1.0';
  const query: Record<string, string> = { $top: String(top), $skip: String(skip), $count: 'true', $expand: 'insights' };
  const f = filterQuery(filter);
  if (f) query.$filter = f;
  const page = await call<Page<WireDecision>>(() =>
    client
      .api(`${decisionsPath(review)}/decisions/filterByCurrentUser(on='reviewer')`)
      .version(version)
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
      .api(`${decisionsPath(review)}/decisions/filterByCurrentUser(on='reviewer')`)
      .query({ $filter: "decision eq 'NotReviewed'", $top: String(BIG_PAGE) })
      .get(),
  );
  return items.map((w) => toItem(w, review.guestsOnly));
}

/**
 * Accepts the service's recommendations for my items not reviewed yet. Retried after a 503/504 like a read: a second
 * accept finds nothing left to accept, so it does the same thing twice.
 */
export async function acceptRecommendations(client: Client, review: ReviewSummary): Promise<void> {
  await call(() => client.api(`${decisionsPath(review)}/acceptRecommendations`).post({}));
}
