import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How long the work under way may still take. A reviewer's turn must answer within Teams' time
 * (src/bot/turnBudget.ts), so every storage and Graph call it makes gets an AbortSignal that fires at the earlier of
 * that call's own timeout and the end of the turn's budget: however many calls a turn makes, one after the other or
 * with retries, it waits no longer than its budget. The deadline travels with the async context, so it also reaches
 * calls made from inside libraries (msal's cache plugin reads the sealed token cache) without every signature taking
 * it. Outside a deadline (the poll worker, long work after a turn) calls keep only their own timeouts.
 */

/** When the work must be done, on the performance.now() clock; undefined: no deadline. */
const endsAt = new AsyncLocalStorage<number | undefined>();

/** Runs `work` with a deadline `withinMs` from now (or the one already running, when that ends sooner). */
export function withDeadline<T>(withinMs: number, work: () => Promise<T>): Promise<T> {
  const outer = endsAt.getStore();
  const end = performance.now() + withinMs;
  return endsAt.run(outer === undefined ? end : Math.min(outer, end), work);
}

/** Runs `work` free of any deadline: long work that goes on after the turn answered is not cut at the turn's end. */
export function withoutDeadline<T>(work: () => T): T {
  return endsAt.run(undefined, work);
}

/** Whether someone waits on this work with a deadline (a turn). */
export function underDeadline(): boolean {
  return endsAt.getStore() !== undefined;
}

/** Milliseconds left before the deadline (0 once past it); Infinity when there is none. */
export function timeLeftMs(): number {
  const end = endsAt.getStore();
  return end === undefined ? Infinity : Math.max(0, end - performance.now());
}

/** A signal for one call: it fires after `ms`, or at the deadline if that comes first. */
export function signalWithin(ms: number): AbortSignal {
  return AbortSignal.timeout(Math.floor(Math.max(0, Math.min(ms, timeLeftMs()))));
}

/** An abort from a signal (the SDKs' AbortError, fetch's TimeoutError). */
export function isAbort(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}
