/**
 * The tenant's clock. Instance status, recurrences, token expiry and sign-in recommendations all read it, so tests
 * and benchmarks can move time instead of waiting for it. It runs with real time from wherever it was last set.
 */
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
