import { randomUUID } from 'node:crypto';
import pino from 'pino';

/**
 * The one logger: pino, JSON lines (to stdout unless a destination is given), level from LOG_LEVEL. Each turn and each
 * background job logs through a child with its own correlationId. Log calls pass chosen fields only (ids, statuses,
 * counts), never an activity, a card's data or a request; the redaction below is the second line of defence.
 */

export type Logger = pino.Logger;

/** What LOG_LEVEL takes, most severe first; `silent` writes nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Keys whose values never reach a line, at the top level or one level down (e.g. `headers.authorization`). */
const NEVER_LOGGED = [
  'authorization',
  'Authorization',
  'cookie',
  'headers',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'ssoToken',
  'oboAssertion',
  'assertion',
  'password',
  'secret',
  'clientSecret',
  'tokenCacheKey',
  'connectionString',
  'justification',
  'text',
  'value',
  'data',
  'body',
  'choices',
];

export const REDACTED = '[redacted]';

/** An error that says itself what a log line may keep of it (a Graph failure: its status and request ids). */
export interface Loggable {
  logFields(): Record<string, unknown>;
}

const isLoggable = (err: unknown): err is Loggable =>
  !!err && typeof err === 'object' && typeof (err as Partial<Loggable>).logFields === 'function';

const MAX_MESSAGE = 500;

/**
 * What a line keeps of an error (pino's `err` serializer): its kind, message, code and status, and the stack frames.
 * Never the error's other properties: SDK errors carry the request (with its Authorization header) and the response.
 */
export function errorFields(err: unknown): Record<string, unknown> {
  if (isLoggable(err)) return err.logFields();
  if (!(err instanceof Error)) return { type: typeof err, message: String(err).slice(0, MAX_MESSAGE) };
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown };
  return {
    type: err.name,
    message: err.message.slice(0, MAX_MESSAGE),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof statusCode === 'number' ? { status: statusCode } : {}),
    stack: (err.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .map((line) => line.trim()),
  };
}

export function createLogger(level: LogLevel = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: errorFields },
    redact: { paths: NEVER_LOGGED.flatMap((key) => [key, `*.${key}`]), censor: REDACTED },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A logger for one unit of work, a turn or a background job: every line it writes carries the same new
 * correlationId and the given fields (ids only: no names, texts or values).
 */
export function correlated(parent: Logger, fields: Record<string, string | undefined>): Logger {
  return parent.child({ correlationId: randomUUID(), ...fields });
}

/** The correlationId a logger from `correlated` writes. */
export function correlationIdOf(log: Logger): string | undefined {
  const id = log.bindings().correlationId;
  return typeof id === 'string' ? id : undefined;
}
