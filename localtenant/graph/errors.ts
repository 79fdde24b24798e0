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
