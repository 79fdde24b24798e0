/**
 * Knobs for tests and benchmarks: fault injection per route and a request log with counts per route.
 * Both are plain state here; the server applies them and serves them over HTTP under /_localtenant/.
 */

export interface FaultRule {
  /** Regular expression tested against "METHOD /path" (query string excluded), e.g. "POST .*batchRecordDecisions". */
  match: string;
  /** Probability (0..1) of answering 429 TooManyRequests with Retry-After. */
  throttle?: number;
  /** Probability (0..1) of answering 503 ServiceUnavailable with Retry-After. */
  unavailable?: number;
  /** Probability (0..1) of dropping the connection without an answer. */
  reset?: number;
  /** Added latency in milliseconds before the request is handled. */
  latencyMs?: number;
  /**
   * Added latency in milliseconds after the request is handled: the tenant has acted (a definition created, a
   * decision recorded) and the answer comes late, past a client's timeout. An unknown outcome for the client.
   */
  latencyAfterMs?: number;
  /**
   * The request is handled, then answered 503 ('unavailable') or its connection dropped ('reset') instead of the real
   * answer: the tenant acted and the client cannot know it. Applies to every matching request (see `times`).
   */
  failAfterHandled?: 'unavailable' | 'reset';
  /** Retry-After seconds sent with injected 429/503 (default 1). */
  retryAfterSeconds?: number;
  /** Apply to this many matching requests only, then the rule is spent (default: unlimited). */
  times?: number;
}

export type FaultOutcome =
  { kind: 'none' } | { kind: 'throttle' | 'unavailable'; retryAfter: number } | { kind: 'reset' };

/** What to do to one request: latency before and after handling it, a fault instead of it, or a fault after it. */
export interface FaultDecision {
  latencyMs: number;
  latencyAfterMs: number;
  outcome: FaultOutcome;
  afterHandled?: 'unavailable' | 'reset';
}

export class Faults {
  private rules: (FaultRule & { re: RegExp; used: number })[] = [];

  list(): FaultRule[] {
    return this.rules.map(({ re: _re, used: _used, ...r }) => r);
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, re: new RegExp(rule.match), used: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The latency to add and the fault to inject for one request (rules are checked in order; the first hit wins). */
  decide(key: string, random: () => number = Math.random): FaultDecision {
    let latencyMs = 0;
    let latencyAfterMs = 0;
    let afterHandled: FaultDecision['afterHandled'];
    for (const rule of this.rules) {
      if (!rule.re.test(key)) continue;
      if (rule.times !== undefined && rule.used >= rule.times) continue;
      latencyMs += rule.latencyMs ?? 0;
      latencyAfterMs += rule.latencyAfterMs ?? 0;
      afterHandled ??= rule.failAfterHandled;
      const retryAfter = rule.retryAfterSeconds ?? 1;
      let outcome: FaultOutcome = { kind: 'none' };
      if (rule.reset && random() < rule.reset) outcome = { kind: 'reset' };
      else if (rule.throttle && random() < rule.throttle) outcome = { kind: 'throttle', retryAfter };
      else if (rule.unavailable && random() < rule.unavailable) outcome = { kind: 'unavailable', retryAfter };
      if (outcome.kind !== 'none' || rule.latencyMs || rule.latencyAfterMs || rule.failAfterHandled) rule.used++;
      if (outcome.kind !== 'none') return { latencyMs, latencyAfterMs: 0, outcome };
    }
    return { latencyMs, latencyAfterMs, outcome: { kind: 'none' }, ...(afterHandled ? { afterHandled } : {}) };
  }
}

/**
 * One request the local tenant answered, as GET /_localtenant/requests shows it. Every request to Entra, Graph or
 * the Bot Connector gets one entry (the /_localtenant/ knobs themselves are not logged), and so does every request
 * carried inside a $batch, marked `inBatch`:
 *
 *   { "at": "2025-01-31T10:00:00.000Z", "method": "GET",
 *     "path": "/v1.0/identityGovernance/accessReviews/definitions/{id}/instances/{id}/decisions/filterByCurrentUser(on='reviewer')",
 *     "url": "/v1.0/identityGovernance/.../filterByCurrentUser(on='reviewer')?$filter=id eq '{id}'",
 *     "route": "GET accessReviews/instances/{id}/decisions/filterByCurrentUser", "status": 200, "inBatch": true }
 *
 * `path` and `url` are as the client sent them (percent-encoding kept); for a request inside a $batch they are its
 * own relative url under the batch's version (/v1.0 or /beta), so a test can check every id any Graph URL carried.
 * Entries are in the order requests finished: the requests inside a $batch come before the $batch itself.
 */
export interface LoggedRequest {
  /** When the answer was ready (wall clock, not the tenant clock). */
  at: string;
  method: string;
  /** Path without the query string, e.g. /v1.0/me. */
  path: string;
  /** Path and query string, e.g. /v1.0/me?$select=id. */
  url: string;
  /** The route's stable name (as fault rules and byRoute use), or "METHOD (no route)". */
  route: string;
  /** The status answered; 0 when an injected reset dropped the connection. */
  status: number;
  /** True for a request that came inside a $batch (the outer $batch is logged once on its own). */
  inBatch: boolean;
}

export interface RequestSummary {
  /** HTTP requests (a $batch counts once; its inner requests do not count). */
  total: number;
  /** HTTP requests to Graph (/v1.0 or /beta), as opposed to Entra or the Bot Connector: what the bot paid for. */
  graph: number;
  /** HTTP requests per route (a $batch under its own route). */
  byRoute: Record<string, number>;
  /** Requests carried inside batches, per route. */
  batchedByRoute: Record<string, number>;
  /** Entries that fell off the log (it keeps the latest 10,000) since the last reset. */
  dropped: number;
  /** The latest 500 entries, or every kept entry when asked for all. */
  entries: LoggedRequest[];
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private readonly limit = 10_000;
  private dropped = 0;

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) {
      this.dropped += this.entries.length - this.limit;
      this.entries.splice(0, this.entries.length - this.limit);
    }
  }

  reset(): void {
    this.entries = [];
    this.dropped = 0;
  }

  /** Counts over every kept entry, with the latest 500 entries, or all of them when `allEntries`. */
  summary(allEntries = false): RequestSummary {
    const byRoute: Record<string, number> = {};
    const batchedByRoute: Record<string, number> = {};
    let total = 0;
    let graph = 0;
    for (const e of this.entries) {
      const bucket = e.inBatch ? batchedByRoute : byRoute;
      bucket[e.route] = (bucket[e.route] ?? 0) + 1;
      if (e.inBatch) continue;
      total++;
      if (/^\/(v1\.0|beta)\//.test(e.path)) graph++;
    }
    const entries = allEntries ? this.entries.slice() : this.entries.slice(-500);
    return { total, graph, byRoute, batchedByRoute, dropped: this.dropped, entries };
  }
}
