import {
  AuthenticationHandler,
  Client,
  Context,
  HTTPMessageHandler,
  Middleware,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { signalWithin, timeLeftMs } from '../deadline';
import { retryAfterSeconds } from './retryAfter';

export interface GraphClientOptions {
  /** Graph host root, e.g. https://graph.microsoft.com */
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
}

/** The longest Retry-After worth waiting for inside a reviewer's turn; longer ones fail fast and are offered as Retry. */
export const MAX_RETRY_WAIT_SECONDS = 10;

/**
 * Whether the wait before a retry ends within the turn's budget (src/deadline.ts): Graph's Retry-After, or without
 * one the SDK's back-off, at most delay + 2^(n+1) s.
 */
function withinTurn(delay: number, attempt: number, response: Response | undefined): boolean {
  const retryAfter = retryAfterSeconds(response?.headers?.get('Retry-After'), Date.now());
  return (retryAfter ?? delay + 2 ** (attempt + 1)) * 1000 < timeLeftMs();
}

/** Whether Graph's Retry-After on this answer is short enough to wait for inside a turn. */
function shortRetryAfter(response: Response | undefined): boolean {
  return (retryAfterSeconds(response?.headers?.get('Retry-After'), Date.now()) ?? 0) <= MAX_RETRY_WAIT_SECONDS;
}

/**
 * The retry rule for a call that must not be sent twice blindly: a create (a second identical review), an e-mail to
 * every reviewer. Graph refuses a throttled request (429) before acting, so that is retried; a 503 or 504 can come after
 * Graph acted, so it is not: the outcome is unknown and the caller looks before it says or retries anything.
 * Passed per request (`.middlewareOptions([onlyThrottlingRetried()])`); every other call keeps the client's rule,
 * which also retries 503/504 because reading, or recording the same decision again, does the same thing twice.
 */
export function onlyThrottlingRetried(maxRetries = 2): RetryHandlerOptions {
  return new RetryHandlerOptions(
    1,
    maxRetries,
    (delay, attempt, _request, _options, response) =>
      response?.status === 429 && shortRetryAfter(response) && withinTurn(delay, attempt, response),
  );
}

/**
 * Gives every attempt its own deadline, so one hung request cannot hold a reviewer's turn forever: `timeoutMs`, or
 * what is left of the turn's budget when that is less (src/deadline.ts). Retries do not multiply it either: in a turn
 * the retry handler waits only when the turn has the time.
 */
class TimeoutHandler implements Middleware {
  private next?: Middleware;
  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    context.options = { ...(context.options ?? {}), signal: signalWithin(this.timeoutMs) };
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * The one Graph client the bot uses: the Microsoft Graph SDK with its auth handler, its TelemetryHandler (a
 * `client-request-id` on every request, kept across retries, which Graph answers with and support can trace), its
 * RetryHandler (429/503/504, honouring Retry-After, exponential back-off otherwise), a per-attempt timeout, and the
 * host from configuration (Microsoft's, or the local tenant's).
 */
export function createGraphClient(getAccessToken: () => Promise<string>, opts: GraphClientOptions): Client {
  const auth = new AuthenticationHandler({ getAccessToken });
  // A reviewer waits on the other end: retry throttling and outages, but not when Graph asks for a long pause, nor
  // when the wait would outlast the turn's budget. The SDK hands shouldRetry its configured delay, not Graph's
  // Retry-After, so the answer's header is read here; without one, the SDK's back-off is at most delay + 2^(n+1) s.
  const retry = new RetryHandler(
    new RetryHandlerOptions(
      1,
      opts.maxRetries,
      (delay, attempt, _request, _options, response) =>
        shortRetryAfter(response) && withinTurn(delay, attempt, response),
    ),
  );
  const timeout = new TimeoutHandler(opts.timeoutMs);
  const http = new HTTPMessageHandler();
  const telemetry = new TelemetryHandler();
  auth.setNext(telemetry);
  telemetry.setNext(retry);
  retry.setNext(timeout);
  timeout.setNext(http);
  const host = new URL(opts.baseUrl).hostname;
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: `${opts.baseUrl}/`,
    defaultVersion: 'v1.0',
    customHosts: host === 'graph.microsoft.com' ? undefined : new Set([host]),
  });
}
