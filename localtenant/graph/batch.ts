import { json, Req, Res, Route, route } from '../http';
import type { Dispatch } from '../server';
import { graphError, withRequestIds } from './errors';

/**
 * JSON batching (POST /v1.0/$batch, /beta/$batch) as the Graph docs describe it: at most 20 requests, ids unique
 * (case-insensitive), relative urls against the batch's version, a Content-Type header required with a body,
 * dependsOn ordering with 424 for the dependants of a failed request. Each inner request goes through the same
 * pipeline as a request on the wire (auth from the outer Authorization header, fault injection, request log), so
 * an outer 200 can carry inner 429s, as Graph's does.
 */
export const BATCH_LIMIT = 20;

interface BatchStep {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

function invalid(message: string): Res {
  return graphError(400, 'BadRequest', message);
}

function validate(body: unknown): BatchStep[] | Res {
  const requests = (body as { requests?: unknown })?.requests;
  if (!Array.isArray(requests)) return invalid('Invalid batch payload format.');
  if (requests.length === 0) return invalid('Invalid batch payload format: the requests collection is empty.');
  if (requests.length > BATCH_LIMIT)
    return invalid(`The number of requests in a batch exceeds the limit of ${BATCH_LIMIT}.`);
  const ids = new Set<string>();
  for (const r of requests as BatchStep[]) {
    if (!r || typeof r.id !== 'string' || !r.id) return invalid('Each batch request needs an id.');
    if (typeof r.method !== 'string' || typeof r.url !== 'string')
      return invalid(`Batch request ${r.id} needs a method and a url.`);
    const key = r.id.toLowerCase();
    if (ids.has(key)) return invalid(`Batch request id '${r.id}' is used more than once.`);
    ids.add(key);
    const contentType = Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type');
    if (r.body !== undefined && !contentType) {
      return invalid(`Batch request ${r.id}: a Content-Type header is required when a body is given.`);
    }
  }
  for (const r of requests as BatchStep[]) {
    for (const dep of r.dependsOn ?? []) {
      if (!ids.has(String(dep).toLowerCase()))
        return invalid(`Batch request ${r.id} depends on an unknown request '${dep}'.`);
    }
  }
  return requests as BatchStep[];
}

export function batchRoutes(dispatch: Dispatch): Route[] {
  return [
    route('POST', /^\/(?<v>v1\.0|beta)\/\$batch$/, 'POST /$batch', async (req: Req) => {
      const steps = validate(req.body);
      if (!Array.isArray(steps)) return steps;
      const version = req.params.v;
      const results = new Map<string, Promise<BatchResponse>>();
      const run = (step: BatchStep): Promise<BatchResponse> => {
        const key = step.id.toLowerCase();
        const existing = results.get(key);
        if (existing) return existing;
        const promise = (async (): Promise<BatchResponse> => {
          const deps = await Promise.all(
            (step.dependsOn ?? []).map((d) => run(steps.find((s) => s.id.toLowerCase() === String(d).toLowerCase())!)),
          );
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(step.headers ?? {})) headers[k.toLowerCase()] = String(v);
          if (deps.some((d) => d.status >= 400)) {
            const failed = withRequestIds(
              graphError(424, 'FailedDependency', 'Failed dependency: a request this one depends on failed.'),
              headers['client-request-id'],
            );
            return {
              id: step.id,
              status: 424,
              headers: { ...failed.headers, 'content-type': 'application/json' },
              body: failed.body,
            };
          }
          const relative = step.url.startsWith('/') ? step.url : `/${step.url}`;
          if (req.headers.authorization) headers.authorization = req.headers.authorization;
          const out = await dispatch({
            method: step.method.toUpperCase(),
            url: `/${version}${relative}`,
            headers,
            body: step.body,
            inBatch: true,
          });
          const outHeaders: Record<string, string> = {};
          for (const [k, v] of Object.entries(out.headers ?? {})) outHeaders[k] = v;
          if (out.body !== undefined) outHeaders['content-type'] ??= 'application/json';
          return {
            id: step.id,
            status: out.status,
            headers: outHeaders,
            ...(out.body === undefined ? {} : { body: out.body }),
          };
        })();
        results.set(key, promise);
        return promise;
      };
      // A cycle in dependsOn would wait forever; reject it up front.
      if (hasCycle(steps)) return invalid('The dependsOn graph of the batch has a cycle.');
      const responses = await Promise.all(steps.map(run));
      return json(200, { responses });
    }),
  ];
}

function hasCycle(steps: BatchStep[]): boolean {
  const deps = new Map(steps.map((s) => [s.id.toLowerCase(), (s.dependsOn ?? []).map((d) => String(d).toLowerCase())]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): boolean => {
    if (state.get(id) === 'done') return false;
    if (state.get(id) === 'visiting') return true;
    state.set(id, 'visiting');
    for (const d of deps.get(id) ?? []) if (visit(d)) return true;
    state.set(id, 'done');
    return false;
  };
  return [...deps.keys()].some(visit);
}
