import { IncomingMessage, ServerResponse } from 'node:http';

/** One parsed request as the route handlers see it. */
export interface Req {
  method: string;
  /** Path without the query string, percent-decoded per segment by the route's pattern groups only. */
  path: string;
  /** The raw query string as sent (without '?'), for handlers that need the exact text. */
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (or form fields for application/x-www-form-urlencoded); undefined when empty. */
  body: unknown;
  /** Named groups of the route pattern, percent-decoded. */
  params: Record<string, string>;
  /** Absolute base URL of this server, e.g. https://localhost:5443 (for @odata.nextLink, iss, ...). */
  baseUrl: string;
}

export interface Res {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are; undefined sends no body. */
  body?: unknown;
}

export type Handler = (req: Req) => Res | Promise<Res>;

export interface Route {
  method: string;
  /** Matched against the whole path. Named groups become req.params. */
  pattern: RegExp;
  /** Short stable name used by the request log and fault injection, e.g. "GET /v1.0/me". */
  name: string;
  handler: Handler;
}

export function route(method: string, pattern: RegExp, name: string, handler: Handler): Route {
  return { method, pattern, name, handler };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Res {
  return { status, body, headers };
}

export function noContent(): Res {
  return { status: 204 };
}

export function findRoute(
  routes: Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (!m || m[0].length !== path.length) continue;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = v === undefined ? '' : safeDecode(v);
    return { route: r, params };
  }
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export async function readBody(req: IncomingMessage, limitBytes = 4 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  return JSON.parse(text);
}

export function send(res: ServerResponse, out: Res): void {
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  let payload: string | undefined;
  if (out.body !== undefined) {
    if (typeof out.body === 'string') {
      payload = out.body;
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else {
      payload = JSON.stringify(out.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
  }
  res.writeHead(out.status, headers);
  res.end(payload);
}
