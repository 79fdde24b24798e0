import { Req } from '../http';
import { fail } from './errors';
import { Clause, Filter, OrderKey, parseFilter, parseOrderBy, parseSelect } from './odata';

/**
 * OData as Graph applies it to directory objects (users, groups, directoryObjects), which differs from other
 * collections: paging is by an opaque $skiptoken ($skip is refused), pages hold 100 by default and at most 999,
 * $count needs the ConsistencyLevel: eventual header (without it ?$count=true is ignored), and filters are checked
 * against the properties that support them.
 */

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 999;

/** The entity set of the @odata.context, with the $select list when there is one: users(id,displayName). */
export function contextOf(req: Req, entitySet: string, select: string[], entity = false): string {
  const set = select.length > 0 ? `${entitySet}(${select.join(',')})` : entitySet;
  return `${req.baseUrl}/${req.params.v}/$metadata#${set}${entity ? '/$entity' : ''}`;
}

/** $select, checked against the properties of the type (Graph answers 400 for a property it does not know). */
export function selectOf(req: Req, known: string[], typeName: string): string[] {
  const select = parseSelect(req.query.get('$select'));
  for (const p of select) {
    if (!known.includes(p)) fail(400, 'BadRequest', `Could not find a property named '${p}' on type '${typeName}'.`);
  }
  return select;
}

/** Picks the selected properties of a full shape, or the default ones; @odata annotations always stay. */
export function shaped(full: Record<string, unknown>, select: string[], defaults?: string[]): Record<string, unknown> {
  const keep = select.length > 0 ? select : defaults;
  if (!keep) return full;
  return Object.fromEntries(Object.entries(full).filter(([k]) => k.startsWith('@odata') || keep.includes(k)));
}

/** A $filter clause that tests membership in a collection: groupTypes/any(c:c eq 'Unified'). */
const ANY_EQ = /(\w+)\/any\(\s*(\w+)\s*:\s*\2\s+eq\s+('(?:[^']|'')*')\s*\)/gi;
const ANY_MARK = '__any__';
/** A prefix test: startswith(displayName,'Build'), as the directory docs write it (startsWith too). */
const STARTS_WITH = /startswith\(\s*(\w+)\s*,\s*('(?:[^']|'')*')\s*\)/gi;
const STARTS_MARK = '__startswith__';

/**
 * $filter with eq (joined by and/or) on the filterable properties, the any() lambda with eq on string collections
 * (groupTypes), and startswith() on the properties that support it. Other properties answer 400
 * Request_UnsupportedQuery, as Graph does.
 */
export function filterOf(
  req: Req,
  filterable: string[],
  resource: string,
  startsWithable: string[] = [],
): Filter | undefined {
  const text = req.query.get('$filter');
  if (!text) return undefined;
  const filter = parseFilter(
    text
      .replace(ANY_EQ, (_m, field: string, _v, value: string) => `${field}${ANY_MARK} eq ${value}`)
      .replace(STARTS_WITH, (_m, field: string, value: string) => `${field}${STARTS_MARK} eq ${value}`),
  );
  for (const clause of filter?.flat() ?? []) {
    const prefix = clause.field.endsWith(STARTS_MARK);
    const field = clause.field.replace(ANY_MARK, '').replace(STARTS_MARK, '');
    if (!(prefix ? startsWithable : filterable).includes(field)) {
      fail(
        400,
        'Request_UnsupportedQuery',
        `Unsupported or invalid query filter clause specified for property '${field}' of resource '${resource}'.`,
      );
    }
  }
  return filter;
}

function clauseHolds(item: Record<string, unknown>, { field, value }: Clause): boolean {
  if (field.endsWith(ANY_MARK)) {
    const values = item[field.slice(0, -ANY_MARK.length)];
    return Array.isArray(values) && values.some((v) => String(v).toLowerCase() === String(value).toLowerCase());
  }
  if (field.endsWith(STARTS_MARK)) {
    // Docs are silent on case: directory string comparisons ignore case here, as eq does.
    const v = item[field.slice(0, -STARTS_MARK.length)];
    return typeof v === 'string' && v.toLowerCase().startsWith(String(value).toLowerCase());
  }
  const v = item[field];
  if (typeof v === 'string' && typeof value === 'string') return v.toLowerCase() === value.toLowerCase();
  return (v ?? null) === value;
}

export function matches(item: Record<string, unknown>, filter: Filter | undefined): boolean {
  return !filter || filter.some((and) => and.every((c) => clauseHolds(item, c)));
}

/**
 * $orderby on a directory collection, over the properties that support it. Docs: $filter and $orderby in the same
 * request is an advanced query (ConsistencyLevel: eventual with $count=true); without those Graph answers
 * 400 "Sorting not supported for current query.". Collections that sort nothing pass no properties, so any $orderby
 * answers 400 rather than being ignored.
 */
export function orderOf(req: Req, sortable: string[]): OrderKey[] {
  const keys = parseOrderBy(req.query.get('$orderby'), sortable, 'Request_UnsupportedQuery');
  if (keys.length > 0 && req.query.has('$filter') && !countsAllowed(req)) {
    fail(400, 'Request_UnsupportedQuery', 'Sorting not supported for current query.');
  }
  return keys;
}

function eventuallyConsistent(req: Req): boolean {
  return /^eventual$/i.test(String(req.headers.consistencylevel ?? ''));
}

/** True when the request may count: $count=true with ConsistencyLevel: eventual. */
export function countsAllowed(req: Req): boolean {
  return /^true$/i.test(req.query.get('$count') ?? '') && eventuallyConsistent(req);
}

/** The /$count segment works only as an advanced query (ConsistencyLevel: eventual); Graph answers 400 otherwise. */
export function requireEventualConsistency(req: Req): void {
  if (!eventuallyConsistent(req)) fail(400, 'Request_BadRequest', '$count is not currently supported.');
}

function offsetOf(token: string | null): number {
  if (token === null) return 0;
  try {
    const offset = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')).o;
    if (Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // falls through to the 400 below
  }
  // Docs are silent on the answer to a $skiptoken the service did not issue; answered as a bad request.
  return fail(400, 'Request_BadRequest', `Invalid $skiptoken '${token}'.`);
}

/** One page of a directory collection, with an absolute @odata.nextLink carrying a $skiptoken. */
export function directoryPage(req: Req, items: unknown[], context: string): Record<string, unknown> {
  if (req.query.has('$skip')) fail(400, 'Request_BadRequest', "'$skip' is not supported by the service.");
  const rawTop = req.query.get('$top');
  let top = DEFAULT_PAGE;
  if (rawTop !== null) {
    top = /^\d+$/.test(rawTop) ? Number(rawTop) : NaN;
    if (!(top >= 1 && top <= MAX_PAGE)) {
      fail(
        400,
        'Request_UnsupportedQuery',
        `Invalid page size specified: '${rawTop}'. Must be between 1 and ${MAX_PAGE} inclusive.`,
      );
    }
  }
  const offset = offsetOf(req.query.get('$skiptoken'));
  const body: Record<string, unknown> = { '@odata.context': context };
  if (countsAllowed(req)) body['@odata.count'] = items.length;
  if (offset + top < items.length) {
    const next = new URLSearchParams(req.query);
    next.set('$skiptoken', Buffer.from(JSON.stringify({ o: offset + top })).toString('base64url'));
    const query = next.toString().replace(/%24/g, '$').replace(/%2C/g, ',');
    body['@odata.nextLink'] = `${req.baseUrl}${req.path}?${query}`;
  }
  body.value = items.slice(offset, offset + top);
  return body;
}
