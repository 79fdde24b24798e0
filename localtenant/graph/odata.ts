import { Req } from '../http';
import { fail } from './errors';

/**
 * OData query options as Graph applies them to collections: $filter (eq, joined by and/or), $orderby, $select,
 * $expand, $top/$skip paging with an absolute @odata.nextLink, and $count.
 */

export interface Expansion {
  name: string;
  /** Nested options, e.g. instance($expand=definition) gives { expand: [{ name: 'definition' }] }. */
  expand: Expansion[];
  select: string[];
}

/** Splits on commas that are not inside parentheses or quotes. */
function splitTopLevel(text: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

export function parseExpand(text: string | null): Expansion[] {
  if (!text) return [];
  return splitTopLevel(text).map((part) => {
    const m = /^([\w./]+)(?:\((.*)\))?$/s.exec(part);
    if (!m) fail(400, 'BadRequest', `Invalid $expand: '${part}'.`);
    const inner = m[2] ? splitTopLevel(m[2], ';') : [];
    let expand: Expansion[] = [];
    let select: string[] = [];
    for (const opt of inner) {
      const eq = opt.indexOf('=');
      const key = opt.slice(0, eq).trim().toLowerCase();
      const value = opt.slice(eq + 1);
      if (key === '$expand') expand = parseExpand(value);
      else if (key === '$select') select = parseSelect(value);
    }
    return { name: m[1], expand, select };
  });
}

export function parseSelect(text: string | null): string[] {
  if (!text) return [];
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Keeps only the selected properties (plus @odata annotations), as $select does. Expanded navigation properties
 * stay: in OData, $select does not remove what $expand asked for.
 */
export function applySelect<T extends object>(item: T, select: string[], expanded: string[] = []): Partial<T> {
  if (select.length === 0) return item;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (k.startsWith('@odata') || select.includes(k) || expanded.includes(k)) out[k] = v;
  }
  return out as Partial<T>;
}

export type Clause = { field: string; value: string | boolean | null | number };
/** A filter as a disjunction of conjunctions of `field eq value` clauses. */
export type Filter = Clause[][];

/** Parentheses, string literals ('' escapes a quote) and bare words, in order. */
const TOKEN = /\s*(?:([()])|('(?:[^']|'')*')|([^\s()']+))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (!text.slice(at).trim()) break;
      fail(400, 'BadRequest', `Invalid filter expression: syntax error at position ${at} in '${text}'.`);
    }
    tokens.push(m[1] ?? m[2] ?? m[3]);
  }
  return tokens;
}

/**
 * Parses the subset of $filter Graph supports on these collections: `field eq 'value'`, `field eq null`,
 * `field eq true|false`, `field eq 12`, nested fields with '/', joined by `and` / `or` (and binding tighter, as in
 * OData) and grouped by parentheses, e.g. `id eq 'a' or (id eq 'b')`. Other operators, functions and properties
 * outside `allowedFields` answer 400 (Graph answers 400 for unsupported filters too); nothing is ignored.
 * Docs are silent on how many clauses one $filter may join; none is refused here for their number.
 */
export function parseFilter(text: string | null, allowedFields?: string[]): Filter | undefined {
  if (!text) return undefined;
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i]?.toLowerCase();
  const invalid = (what: string): never =>
    fail(400, 'BadRequest', `Invalid filter clause: ${what} in '${text}'. Only 'eq' comparisons are supported.`);

  const clause = (): Filter => {
    const field = tokens[i++];
    const op = tokens[i++];
    const raw = tokens[i++];
    if (!field || !/^[\w/]+$/.test(field) || op?.toLowerCase() !== 'eq' || raw === undefined) {
      invalid(`'${[field, op, raw].filter(Boolean).join(' ')}'`);
    }
    if (allowedFields && !allowedFields.includes(field)) {
      fail(400, 'BadRequest', `Invalid filter clause: the property '${field}' does not support filtering.`);
    }
    let value: Clause['value'];
    if (raw.startsWith("'")) value = raw.slice(1, -1).replace(/''/g, "'");
    else if (/^null$/i.test(raw)) value = null;
    else if (/^(true|false)$/i.test(raw)) value = raw.toLowerCase() === 'true';
    else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
    else return invalid(`the value '${raw}'`);
    return [[{ field, value }]];
  };
  const primary = (): Filter => {
    if (peek() !== '(') return clause();
    i++;
    const inner = or();
    if (tokens[i++] !== ')') invalid('a missing closing parenthesis');
    return inner;
  };
  // (a or b) and (c or d) = a and c, a and d, b and c, b and d: the disjunction of conjunctions stays flat.
  const and = (): Filter => {
    let out = primary();
    while (peek() === 'and') {
      i++;
      const right = primary();
      out = out.flatMap((l) => right.map((r) => [...l, ...r]));
    }
    return out;
  };
  const or = (): Filter => {
    const out = and();
    while (peek() === 'or') {
      i++;
      out.push(...and());
    }
    return out;
  };
  const filter = or();
  if (i < tokens.length) invalid(`unexpected '${tokens[i]}'`);
  return filter;
}

function pick(item: unknown, path: string): unknown {
  let cur: unknown = item;
  for (const p of path.split('/')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

export function matchesFilter(item: unknown, filter: Filter | undefined): boolean {
  if (!filter) return true;
  return filter.some((and) =>
    and.every(({ field, value }) => {
      const v = pick(item, field);
      if (typeof v === 'string' && typeof value === 'string') return v.toLowerCase() === value.toLowerCase();
      return (v ?? null) === value;
    }),
  );
}

/** One key of $orderby. */
export interface OrderKey {
  field: string;
  desc: boolean;
}

/**
 * $orderby: properties (nested with '/') separated by commas, each optionally followed by asc or desc, e.g.
 * `principal/displayName desc,reviewedDateTime`. A property outside `sortable` (matched case-insensitively), or
 * anything else, answers 400 with `code`.
 */
export function parseOrderBy(text: string | null, sortable: string[], code = 'BadRequest'): OrderKey[] {
  if (text === null) return [];
  return text.split(',').map((part) => {
    const m = /^\s*([\w/]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m) fail(400, code, `Invalid $orderby expression '${text}'.`);
    const field = sortable.find((f) => f.toLowerCase() === m[1].toLowerCase());
    if (!field) fail(400, code, `Ordering by the property '${m[1]}' is not supported on this collection.`);
    return { field, desc: m[2]?.toLowerCase() === 'desc' };
  });
}

/**
 * OData: null sorts before any value in ascending order. Docs are silent on string collation: strings compare here
 * ignoring case, by code unit, so ISO 8601 date-times in one format sort in time order.
 */
function compareValues(a: unknown, b: unknown): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Sorts by the keys over each item's view, stably: items equal on every key keep the collection's order. */
export function sortByKeys<T>(items: T[], keys: OrderKey[], view: (item: T) => unknown): T[] {
  if (keys.length === 0) return items;
  const rows = items.map((item) => ({ item, view: view(item) }));
  rows.sort((a, b) => {
    for (const { field, desc } of keys) {
      const c = compareValues(pick(a.view, field), pick(b.view, field));
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
  return rows.map((r) => r.item);
}

export interface PageOptions {
  /** The @odata.context of the collection. */
  context: string;
  /** Page size when $top is absent (Graph's default page size for the collection). */
  defaultTop: number;
  /** The largest $top the collection accepts; a larger one is cut to it. */
  maxTop?: number;
}

/**
 * Answers a collection with Graph's paging: $skip/$top, an absolute @odata.nextLink that carries the other query
 * options, and @odata.count with $count=true. Items are already filtered and shaped; the caller only pages.
 */
export function pageOf<T>(req: Req, items: T[], opts: PageOptions): Record<string, unknown> {
  const top = intParam(req, '$top') ?? opts.defaultTop;
  const skip = intParam(req, '$skip') ?? 0;
  const size = Math.min(top, opts.maxTop ?? Number.MAX_SAFE_INTEGER);
  const value = items.slice(skip, skip + size);
  const body: Record<string, unknown> = { '@odata.context': opts.context };
  if (/^true$/i.test(req.query.get('$count') ?? '')) body['@odata.count'] = items.length;
  if (skip + size < items.length && size > 0) {
    const next = new URLSearchParams(req.query);
    next.set('$skip', String(skip + size));
    if (req.query.has('$top')) next.set('$top', String(size));
    body['@odata.nextLink'] = `${req.baseUrl}${req.path}?${next.toString().replace(/%24/g, '$').replace(/%2C/g, ',')}`;
  }
  body.value = value;
  return body;
}

function intParam(req: Req, name: string): number | undefined {
  const raw = req.query.get(name);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) fail(400, 'BadRequest', `Invalid value '${raw}' for query option ${name}.`);
  return Number(raw);
}
