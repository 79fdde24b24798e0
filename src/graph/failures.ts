import { GraphError } from '@microsoft/microsoft-graph-client';
import type { Loggable } from '../logging';

/**
 * Graph failures in words a reviewer can act on. The status and Graph's own message are kept, so support can tell
 * what happened, and the ids Microsoft support asks for (request-id, client-request-id); nothing here contains a token.
 */
export interface GraphFailure {
  status: number;
  code: string;
  message: string;
  /** Graph's `request-id` of the failed request (response header, else the error body's innerError). */
  requestId?: string;
  /** The `client-request-id` Graph answered with (the one the client sent, when it sent one). */
  clientRequestId?: string;
}

/** Graph's error envelope: `{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}`. */
interface ErrorEnvelope {
  error?: { code?: string; message?: string; innerError?: Record<string, unknown> };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The request ids of a failed response: from its headers, else from the error body's innerError. */
function requestIds(header: (name: string) => string | undefined, body: ErrorEnvelope | undefined) {
  const inner = body?.error?.innerError ?? {};
  const requestId = header('request-id') ?? text(inner['request-id']);
  const clientRequestId = header('client-request-id') ?? text(inner['client-request-id']);
  return { ...(requestId ? { requestId } : {}), ...(clientRequestId ? { clientRequestId } : {}) };
}

/** What a log line says of a Graph failure. Not Graph's message: it can repeat what a person entered. */
export function loggedFailure(f: GraphFailure): Record<string, unknown> {
  return { status: f.status, code: f.code, requestId: f.requestId, clientRequestId: f.clientRequestId };
}

export function describeFailure(f: GraphFailure): string {
  const detail = f.message ? ` (${f.message})` : '';
  switch (true) {
    case f.status === 0:
      return `Microsoft Graph could not be reached${detail}. Try again in a moment.`;
    case f.status === 400:
      return `Microsoft Graph refused it${detail}.`;
    case f.status === 401:
      return 'Your sign-in has expired. Sign in again and retry.';
    case f.status === 403:
      return `You are not allowed to do this: you may not be a reviewer of this item, or the review has changed${detail}.`;
    case f.status === 404:
      return 'The review or the person no longer exists.';
    case f.status === 409:
      return `It conflicts with the review's current state${detail}.`;
    case f.status === 424:
      return 'Not sent, because an earlier step failed.';
    case f.status === 429:
      return 'Microsoft Graph is throttling requests. Wait a minute and retry.';
    case f.status >= 500:
      return `Microsoft Graph is unavailable right now (${f.status}). Retry in a moment.`;
    default:
      return `Microsoft Graph answered ${f.status}${detail}.`;
  }
}

/**
 * Whether Graph may have done what was asked although the call failed: no answer (a timeout, a dropped connection)
 * or a server error. A 4xx is a refusal: nothing was done. After an unknown outcome, look before saying anything.
 */
export function outcomeUnknown(f: GraphFailure): boolean {
  return f.status === 0 || f.status >= 500;
}

/**
 * The failure of a whole call (the SDK throws GraphError with the response's headers and the error envelope as JSON
 * text; fetch throws on network faults and timeouts, which have no request ids).
 */
export function failureOf(err: unknown): GraphFailure {
  if (err instanceof GraphError || (err && typeof err === 'object' && 'statusCode' in err)) {
    const e = err as GraphError;
    let body: ErrorEnvelope | undefined;
    try {
      body = typeof e.body === 'string' ? { error: JSON.parse(e.body) } : undefined;
    } catch {
      body = undefined;
    }
    const headers = e.headers && typeof e.headers.get === 'function' ? e.headers : undefined;
    return {
      status: e.statusCode > 0 ? e.statusCode : 0,
      code: e.code ?? '',
      message: e.message ?? '',
      ...requestIds((name) => text(headers?.get(name)), body),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { status: 0, code: 'NetworkError', message };
}

/** The failure of an inner $batch response: Graph's error envelope in its body, the request ids in its own headers. */
export function failureOfInner(status: number, body: unknown, headers: Record<string, string> = {}): GraphFailure {
  const envelope = body as ErrorEnvelope | undefined;
  const header = (name: string) => text(Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1]);
  return {
    status,
    code: envelope?.error?.code ?? '',
    message: envelope?.error?.message ?? '',
    ...requestIds(header, envelope),
  };
}

export class GraphCallError extends Error implements Loggable {
  constructor(readonly failure: GraphFailure) {
    super(describeFailure(failure));
  }

  logFields(): Record<string, unknown> {
    return { type: this.constructor.name, ...loggedFailure(this.failure) };
  }
}
