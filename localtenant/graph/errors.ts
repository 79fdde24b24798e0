import { randomUUID } from 'node:crypto';
import { Res } from '../http';

/**
 * The Microsoft Graph error envelope:
 * {"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}.
 */
export function graphError(status: number, code: string, message: string, headers: Record<string, string> = {}): Res {
  const requestId = randomUUID();
  return {
    status,
    headers: { 'request-id': requestId, 'client-request-id': requestId, ...headers },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': requestId,
          'client-request-id': requestId,
        },
      },
    },
  };
}

/**
 * Every Graph response carries `request-id` (new for each request) and `client-request-id` (the one the client sent,
 * else the request-id), and an error body repeats both in its innerError.
 * Docs are silent: what client-request-id answers when the client sent none (the request-id here), and the ids of the
 * requests inside a $batch (each is answered as a request of its own, with its own headers).
 */
export function withRequestIds(out: Res, clientRequestId: string | undefined): Res {
  const requestId = randomUUID();
  const ids = { 'request-id': requestId, 'client-request-id': clientRequestId || requestId };
  const headers = Object.fromEntries(
    Object.entries(out.headers ?? {}).filter(([k]) => !['request-id', 'client-request-id'].includes(k.toLowerCase())),
  );
  const innerError = (out.body as { error?: { innerError?: Record<string, unknown> } } | undefined)?.error?.innerError;
  if (!innerError) return { ...out, headers: { ...headers, ...ids } };
  const body = out.body as { error: Record<string, unknown> };
  return {
    ...out,
    headers: { ...headers, ...ids },
    body: { ...body, error: { ...body.error, innerError: { ...innerError, ...ids } } },
  };
}

export const badRequest = (message: string, code = 'BadRequest') => graphError(400, code, message);
export const forbidden = (message: string, code = 'Forbidden') => graphError(403, code, message);
export const notFound = (message: string, code = 'ResourceNotFound') => graphError(404, code, message);

/** Thrown by handlers deep in a call to answer with a Graph error; the server turns it into the response. */
export class GraphHttpError extends Error {
  constructor(readonly response: Res) {
    super(String((response.body as { error?: { message?: string } })?.error?.message ?? 'Graph error'));
  }
}

export function fail(status: number, code: string, message: string): never {
  throw new GraphHttpError(graphError(status, code, message));
}
