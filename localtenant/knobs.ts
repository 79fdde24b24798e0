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
  /** Retry-After seconds sent with injected 429/503 (default 1). */
  retryAfterSeconds?: number;
  /** Apply to this many matching requests only, then the rule is spent (default: unlimited). */
  times?: number;
}

export type FaultOutcome =
  { kind: 'none' } | { kind: 'throttle' | 'unavailable'; retryAfter: number } | { kind: 'reset' };

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
  decide(key: string, random: () => number = Math.random): { latencyMs: number; outcome: FaultOutcome } {
    let latencyMs = 0;
    for (const rule of this.rules) {
      if (!rule.re.test(key)) continue;
      if (rule.times !== undefined && rule.used >= rule.times) continue;
      latencyMs += rule.latencyMs ?? 0;
      const retryAfter = rule.retryAfterSeconds ?? 1;
      let outcome: FaultOutcome = { kind: 'none' };
      if (rule.reset && random() < rule.reset) outcome = { kind: 'reset' };
      else if (rule.throttle && random() < rule.throttle) outcome = { kind: 'throttle', retryAfter };
      else if (rule.unavailable && random() < rule.unavailable) outcome = { kind: 'unavailable', retryAfter };
      if (outcome.kind !== 'none' || rule.latencyMs) rule.used++;
      if (outcome.kind !== 'none') return { latencyMs, outcome };
    }
    return { latencyMs, outcome: { kind: 'none' } };
  }
}

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  route: string;
  status: number;
  /** True for a request that came inside a $batch (the outer $batch is logged once on its own). */
  inBatch: boolean;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private readonly limit = 10_000;

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  reset(): void {
    this.entries = [];
  }

  /**
   * HTTP requests per route (a $batch counts once under its own route), requests carried inside batches, and how many
   * of the HTTP requests went to Graph (/v1.0 or /beta), as opposed to Entra or the Bot Connector.
   */
  summary(): {
    total: number;
    graph: number;
    byRoute: Record<string, number>;
    batchedByRoute: Record<string, number>;
    entries: LoggedRequest[];
  } {
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
    return { total, graph, byRoute, batchedByRoute, entries: this.entries.slice(-500) };
  }
}
