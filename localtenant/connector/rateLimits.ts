/**
 * Teams' bot rate limits as sliding windows: an operation is allowed when, in every window, fewer operations than the
 * window's maximum were allowed during the last `seconds`. Only allowed operations are remembered.
 * Docs are silent: whether Teams counts requests it refused with 429 against later windows; here they do not count,
 * so a client that waits as long as Retry-After says is let through.
 */
export interface RateWindow {
  /** Maximum operations allowed within any `seconds` long stretch of time. */
  operations: number;
  seconds: number;
}

export interface ConnectorLimits {
  /**
   * Per bot per conversation (thread), for send, reply, create conversation and update
   * (Teams docs, "Optimize your bot with rate limiting in Teams", per bot per thread limit).
   */
  perConversation: RateWindow[];
  /** Per app per tenant, every operation (same page: "global limit per app per tenant"). */
  perAppPerTenant: RateWindow[];
  /** Send Retry-After (whole seconds) with a 429. The docs say Teams sometimes omits it. */
  retryAfter: boolean;
}

/** The documented values. Older versions of the page give 30 per second for the global limit; today's give 50. */
export function teamsLimits(): ConnectorLimits {
  return {
    perConversation: [
      { operations: 7, seconds: 1 },
      { operations: 8, seconds: 2 },
      { operations: 60, seconds: 30 },
      { operations: 1800, seconds: 3600 },
    ],
    perAppPerTenant: [{ operations: 50, seconds: 1 }],
    retryAfter: true,
  };
}

/** Why a set of windows is unusable, or undefined when it is fine (for the knob and the options). */
export function invalidWindows(windows: unknown): string | undefined {
  if (!Array.isArray(windows)) return 'must be a list of {"operations", "seconds"}';
  for (const w of windows as Partial<RateWindow>[]) {
    if (!w || !Number.isInteger(w.operations) || (w.operations ?? 0) < 1)
      return '"operations" must be a whole number of at least 1';
    if (typeof w.seconds !== 'number' || !Number.isFinite(w.seconds) || w.seconds <= 0)
      return '"seconds" must be a positive number';
  }
  return undefined;
}

/** Remembers, per key, when operations were allowed, as long as the longest window needs. */
export class SlidingWindows {
  private readonly times = new Map<string, number[]>();
  private longestMs: number;
  private recordedSinceSweep = 0;

  constructor(private windows: RateWindow[]) {
    this.longestMs = longest(windows);
  }

  setWindows(windows: RateWindow[]): void {
    this.windows = windows;
    this.longestMs = longest(windows);
  }

  clear(): void {
    this.times.clear();
  }

  /** Milliseconds until an operation for `key` would be allowed; 0 when it is allowed now. */
  waitMs(key: string, nowMs: number): number {
    const times = this.times.get(key);
    if (!times) return 0;
    dropBefore(times, nowMs - this.longestMs);
    let wait = 0;
    for (const w of this.windows) {
      const windowMs = w.seconds * 1000;
      if (countAfter(times, nowMs - windowMs) < w.operations) continue;
      // The window is full: the next operation fits once the operation `operations` back from the newest leaves it.
      const leavesAt = times[times.length - w.operations] + windowMs;
      wait = Math.max(wait, leavesAt - nowMs);
    }
    return wait;
  }

  record(key: string, nowMs: number): void {
    if (this.windows.length === 0) return;
    let times = this.times.get(key);
    if (!times) this.times.set(key, (times = []));
    times.push(nowMs);
    // Thousands of conversations each get a few messages: forget the keys whose windows have all passed.
    if (++this.recordedSinceSweep >= 10_000) this.sweep(nowMs);
  }

  private sweep(nowMs: number): void {
    this.recordedSinceSweep = 0;
    for (const [key, times] of this.times) {
      dropBefore(times, nowMs - this.longestMs);
      if (times.length === 0) this.times.delete(key);
    }
  }
}

function longest(windows: RateWindow[]): number {
  return Math.max(0, ...windows.map((w) => w.seconds * 1000));
}

/** Drops the times at or before `cutoff` (times are in ascending order). */
function dropBefore(times: number[], cutoff: number): void {
  let n = 0;
  while (n < times.length && times[n] <= cutoff) n++;
  if (n > 0) times.splice(0, n);
}

/** How many times are after `cutoff` (binary search: a conversation may hold 1,800 of them). */
function countAfter(times: number[], cutoff: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= cutoff) lo = mid + 1;
    else hi = mid;
  }
  return times.length - lo;
}
