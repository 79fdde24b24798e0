import { Req } from '../../http';
import { sameId } from '../../objectIds';
import type { Tenant } from '../../tenant';
import { fail } from '../errors';
import {
  applySelect,
  matchesFilter,
  pageOf,
  parseExpand,
  parseFilter,
  parseOrderBy,
  parseSelect,
  sortByKeys,
} from '../odata';
import { Version } from './shapes';
import { Definition, Instance, Item, Stage } from './types';

/** Finding the objects a URL names (404 in the Graph envelope for unknown ids), and answering collections. */

export function definitionOr404(tenant: Tenant, id: string): Definition {
  const def = tenant.reviews.definitions.get(id);
  if (!def) fail(404, 'ResourceNotFound', `The access review definition '${id}' was not found.`);
  return def;
}

export function instanceOr404(tenant: Tenant, def: Definition, id: string): Instance {
  const inst = tenant.reviews.instances.get(id);
  if (!inst || inst.definition !== def)
    fail(404, 'ResourceNotFound', `The access review instance '${id}' was not found.`);
  return inst;
}

export function stageOr404(inst: Instance, id: string): Stage {
  const stage = inst.multiStage ? inst.stages.find((s) => sameId(s.id, id)) : undefined;
  if (!stage) fail(404, 'ResourceNotFound', `The access review stage '${id}' was not found.`);
  return stage;
}

export function itemOr404(tenant: Tenant, inst: Instance, id: string, stage?: Stage): Item {
  const item = tenant.reviews.items.get(id);
  if (!item || item.instance !== inst || (stage && item.stage !== stage)) {
    fail(404, 'ResourceNotFound', `The access review decision '${id}' was not found.`);
  }
  return item;
}

export function versionOf(req: Req): Version {
  return req.params.v === 'beta' ? 'beta' : 'v1.0';
}

export function metadata(req: Req, fragment: string): string {
  return `${req.baseUrl}/${versionOf(req)}/$metadata#${fragment}`;
}

/**
 * The function argument of filterByCurrentUser: exactly on='reviewer' (Graph's enum also has unknownFutureValue,
 * which selects nothing).
 * Docs are silent: the error text for other values is this tenant's.
 */
export function requireOnReviewer(req: Req): void {
  let fn = req.params.fn ?? '';
  try {
    fn = decodeURIComponent(fn);
  } catch {
    // compared as sent
  }
  if (fn !== "(on='reviewer')") {
    fail(400, 'BadRequest', `Invalid function parameter ${fn}: filterByCurrentUser supports only on='reviewer'.`);
  }
}

/** A resource type's name and the properties (and navigation properties) $select may name on it. */
export interface Selectable {
  type: string;
  properties: string[];
}

/**
 * $select may name only properties of the type: OData, as Graph applies it, answers 400 for any other ("Could not
 * find a property named 'x' on type 'microsoft.graph.accessReviewInstance'."), so a misspelt property is not
 * silently dropped. Docs are silent on the letter case of $select names: none is refused for its case here.
 */
export function requireSelectable(req: Req, selectable: Selectable | undefined): void {
  if (!selectable) return;
  const known = new Set(selectable.properties.map((p) => p.toLowerCase()));
  for (const p of parseSelect(req.query.get('$select'))) {
    if (!known.has(p.toLowerCase()))
      fail(400, 'BadRequest', `Could not find a property named '${p}' on type '${selectable.type}'.`);
  }
}

/**
 * A collection answer: $filter (eq) and $orderby over a view of each item, then $skip/$top paging with
 * @odata.nextLink, $select (checked against `selectable` when given), and @odata.count (with $count=true, or always
 * when `alwaysCount`, as the tutorials' decision lists show). A $filter or $orderby on a property the collection does
 * not list answers 400.
 */
export function collection<T>(
  req: Req,
  items: T[],
  opts: {
    context: string;
    shape: (item: T) => Record<string, unknown>;
    /** The object $filter and $orderby run over (default: the shaped object). */
    queryView?: (item: T) => unknown;
    filterFields?: string[];
    /** Properties $orderby accepts (none when absent). */
    orderFields?: string[];
    alwaysCount?: boolean;
    selectable?: Selectable;
  },
): Record<string, unknown> {
  requireSelectable(req, opts.selectable);
  const filter = parseFilter(req.query.get('$filter'), opts.filterFields);
  const order = parseOrderBy(req.query.get('$orderby'), opts.orderFields ?? []);
  const view = opts.queryView ?? opts.shape;
  const matching = filter ? items.filter((it) => matchesFilter(view(it), filter)) : items;
  const sorted = sortByKeys(matching, order, view);
  const page = pageOf(req, sorted, { context: opts.context, defaultTop: 100 });
  const select = parseSelect(req.query.get('$select'));
  const expanded = parseExpand(req.query.get('$expand')).map((e) => e.name);
  const body: Record<string, unknown> = { '@odata.context': page['@odata.context'] };
  if (opts.alwaysCount || page['@odata.count'] !== undefined) body['@odata.count'] = matching.length;
  if (page['@odata.nextLink']) body['@odata.nextLink'] = page['@odata.nextLink'];
  body.value = (page.value as T[]).map((it) => applySelect(opts.shape(it), select, expanded));
  return body;
}

export function entity(
  req: Req,
  context: string,
  shaped: Record<string, unknown>,
  selectable?: Selectable,
): Record<string, unknown> {
  requireSelectable(req, selectable);
  return { '@odata.context': context, ...applySelect(shaped, parseSelect(req.query.get('$select'))) };
}
