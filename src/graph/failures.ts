import { GraphError } from '@microsoft/microsoft-graph-client';

/**
 * Graph failures in words a reviewer can act on. The status and Graph's own message are kept, so support can tell
 * what happened; nothing here contains a token.
 */
export interface GraphFailure {
  status: number;
  code: string;
  message: string;
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
      return 'Microsoft Graph is throttling requests and still was after several retries. Wait a minute and retry.';
    case f.status >= 500:
      return `Microsoft Graph is unavailable right now (${f.status}). Retry in a moment.`;
    default:
      return `Microsoft Graph answered ${f.status}${detail}.`;
  }
}

/** The failure of a whole call (the SDK throws GraphError; fetch throws on network faults and timeouts). */
export function failureOf(err: unknown): GraphFailure {
  if (err instanceof GraphError || (err && typeof err === 'object' && 'statusCode' in err)) {
    const e = err as GraphError;
    return { status: e.statusCode > 0 ? e.statusCode : 0, code: e.code ?? '', message: e.message ?? '' };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { status: 0, code: 'NetworkError', message };
}

/** The failure in an inner $batch response body (Graph's error envelope). */
export function failureOfInner(status: number, body: unknown): GraphFailure {
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return { status, code: error?.code ?? '', message: error?.message ?? '' };
}

export class GraphCallError extends Error {
  constructor(readonly failure: GraphFailure) {
    super(describeFailure(failure));
  }
}
