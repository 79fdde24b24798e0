import { createServer, Server } from 'node:https';
import { IncomingMessage, ServerResponse } from 'node:http';
import { findRoute, parseBody, readBody, Req, Res, Route, send } from './http';
import { Faults, RequestLog } from './knobs';
import { graphError, GraphHttpError, withRequestIds } from './graph/errors';

/** One request to dispatch, from the wire or from inside a $batch. */
export interface Dispatchable {
  method: string;
  /** Path and query, e.g. /v1.0/me?$select=id */
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  inBatch: boolean;
  /** The body could not be read as JSON: the pipeline answers 400 (and logs the request like any other). */
  unreadableBody?: boolean;
}

const UNREADABLE_BODY =
  'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';

export type Dispatch = (request: Dispatchable) => Promise<Res>;

/** The request pipeline shared by the HTTPS listener and $batch: faults, routing, errors, the request log. */
export function makeDispatch(
  getRoutes: () => Route[],
  baseUrl: () => string,
  faults: Faults,
  log: RequestLog,
): Dispatch {
  return async (request) => {
    const q = request.url.indexOf('?');
    const path = q < 0 ? request.url : request.url.slice(0, q);
    const rawQuery = q < 0 ? '' : request.url.slice(q + 1);
    const found = findRoute(getRoutes(), request.method, path);
    const routeName = found?.route.name ?? `${request.method} (no route)`;
    const isKnob = path.startsWith('/_localtenant/');
    const logAs = (status: number) =>
      log.add({
        at: new Date().toISOString(),
        method: request.method,
        path,
        url: request.url,
        route: routeName,
        status,
        inBatch: request.inBatch,
      });
    let out: Res;
    const { latencyMs, latencyAfterMs, outcome, afterHandled } = isKnob
      ? { latencyMs: 0, latencyAfterMs: 0, outcome: { kind: 'none' as const }, afterHandled: undefined }
      : faults.decide(`${request.method} ${path}`);
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (outcome.kind === 'reset') {
      if (!request.inBatch) {
        logAs(0);
        throw new ConnectionReset();
      }
      out = graphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', { 'Retry-After': '1' });
    } else if (outcome.kind === 'throttle') {
      out = graphError(429, 'TooManyRequests', 'Too many requests. Please retry after the time given in Retry-After.', {
        'Retry-After': String(outcome.retryAfter),
      });
    } else if (outcome.kind === 'unavailable') {
      out = graphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', {
        'Retry-After': String(outcome.retryAfter),
      });
    } else if (request.unreadableBody) {
      out = graphError(400, 'BadRequest', UNREADABLE_BODY);
    } else if (!found) {
      out = graphError(
        400,
        'BadRequest',
        `Resource not found for the segment '${path.split('/').filter(Boolean).pop() ?? ''}'.`,
      );
    } else {
      const req: Req = {
        method: request.method,
        path,
        rawQuery,
        query: new URLSearchParams(rawQuery),
        headers: request.headers,
        body: request.body,
        params: found.params,
        baseUrl: baseUrl(),
      };
      try {
        out = await found.route.handler(req);
      } catch (err) {
        if (err instanceof GraphHttpError) out = err.response;
        else {
          console.error(`localtenant: ${request.method} ${path} failed:`, err);
          out = graphError(500, 'InternalServerError', 'An internal server error occurred.');
        }
      }
    }
    // The tenant has acted; what the client hears of it can still be late or lost (an unknown outcome).
    if (latencyAfterMs > 0) await new Promise((r) => setTimeout(r, latencyAfterMs));
    if (afterHandled === 'reset' && !request.inBatch) {
      logAs(0);
      throw new ConnectionReset();
    }
    if (afterHandled) {
      out = graphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', { 'Retry-After': '1' });
    }
    if (GRAPH_PATH.test(path)) out = withRequestIds(out, firstValue(request.headers['client-request-id']));
    if (!isKnob) logAs(out.status);
    return out;
  };
}

const GRAPH_PATH = /^\/(v1\.0|beta)\//;

const firstValue = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

class ConnectionReset extends Error {}

export function makeHttpsServer(tls: { key: string; cert: string }, dispatch: Dispatch): Server {
  return createServer({ key: tls.key, cert: tls.cert }, async (req: IncomingMessage, res: ServerResponse) => {
    let body: unknown;
    let unreadableBody = false;
    try {
      body = parseBody(await readBody(req), req.headers['content-type']);
    } catch {
      unreadableBody = true;
    }
    try {
      const out = await dispatch({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body,
        inBatch: false,
        unreadableBody,
      });
      send(res, out);
    } catch (err) {
      if (err instanceof ConnectionReset) req.socket.destroy();
      else {
        console.error('localtenant: unexpected failure', err);
        send(res, graphError(500, 'InternalServerError', 'An internal server error occurred.'));
      }
    }
  });
}
