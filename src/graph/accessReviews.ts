import { Client } from '@microsoft/microsoft-graph-client';
import { isGuid } from '../reviews/ids';
import { MyDecisionRow } from '../reviews/inbox';
import { ItemFilter, ReviewItem, ReviewSummary } from '../reviews/model';
import { ListMode } from '../config';

import { failureOf, GraphCallError } from './failures';
import { toItem, toRow, WireDecision, WireDefinition, WireInstance } from './shapes';

/**
 * Typed calls for the access reviews routes the bot uses. Every id that reaches a URL is checked to be a GUID and
 * encoded first; callers pass model objects, never raw strings from a card.
 */

const AR = '/identityGovernance/accessReviews';
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
