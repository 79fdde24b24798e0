import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { Handler, Req, Res } from '../http';

/**
 * An error of the Entra token service, thrown anywhere below a token-service route and answered in Entra's format:
 * {error, error_description "AADSTSnnn: ...\r\nTrace ID: ...\r\nCorrelation ID: ...\r\nTimestamp: ...", error_codes,
 * timestamp, trace_id, correlation_id, error_uri, suberror?}.
 */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly description: string,
    readonly suberror?: string,
  ) {
    super(`AADSTS${code}: ${description}`);
  }
}

export const missingParameter = (name: string) =>
  new OAuthError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);

/** AADSTS50034: the user named in a request is not in the directory. */
export const userNotInDirectory = (status: number, error: string, user: string, tenantId: string) =>
  new OAuthError(
    status,
    error,
    50034,
    `The user account ${user} does not exist in the ${tenantId} directory. To sign into this application, the ` +
      'account must be added to the directory.',
  );

/** Entra writes timestamps as "2021-10-29 17:16:31Z". */
function entraTimestamp(at: Date): string {
  return at
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

export function oauthErrorResponse(err: OAuthError, clock: Clock, correlationId: string = randomUUID()): Res {
  const traceId = randomUUID();
  const timestamp = entraTimestamp(clock.now());
  const body: Record<string, unknown> = {
    error: err.error,
    error_description:
      `AADSTS${err.code}: ${err.description}\r\nTrace ID: ${traceId}\r\n` +
      `Correlation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${err.code}`,
  };
  if (err.suberror) body.suberror = err.suberror;
  return {
    status: err.status,
    headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'x-ms-request-id': traceId },
    body,
  };
}

/** The correlation id the client sent (msal puts it in the form body as client-request-id), or a fresh one. */
export function correlationIdOf(req: Req): string {
  const form = (req.body ?? {}) as Record<string, unknown>;
  const fromBody = typeof form['client-request-id'] === 'string' ? form['client-request-id'] : undefined;
  const fromHeader = req.headers['client-request-id'];
  return fromBody ?? (typeof fromHeader === 'string' ? fromHeader : randomUUID());
}

/** Wraps a token-service handler so an OAuthError it throws becomes Entra's error response. */
export function answeringOAuthErrors(clock: Clock, handler: Handler): Handler {
  return async (req) => {
    try {
      return await handler(req);
    } catch (err) {
      if (err instanceof OAuthError) return oauthErrorResponse(err, clock, correlationIdOf(req));
      throw err;
    }
  };
}
