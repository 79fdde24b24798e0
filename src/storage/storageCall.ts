import { isAbort, signalWithin, timeLeftMs, underDeadline } from '../deadline';
import type { Loggable } from '../logging';

/**
 * The longest one storage call may take while a reviewer waits (in a turn), the Azure SDK's own retries included.
 * Blob and queue calls on small documents answer in milliseconds; a call still unanswered after this is not going to
 * answer within Teams' time, and the turn's budget (src/bot/turnBudget.ts) must leave room for several calls and
 * the answer. Constants rather than settings: they follow from Teams' time, not from a deployment.
 */
export const TURN_STORAGE_CALL_MS = 3_000;
/** The same outside a turn (poll jobs, enrolment): nobody waits, but a job must not hang on a call past its lease. */
export const BACKGROUND_STORAGE_CALL_MS = 30_000;

/**
 * Storage did not answer in time. `outcomeUnknown`: the call was a write (or a delete) that may still have been
 * carried out; it must be reported neither as done nor as not done without looking first.
 */
export class StorageSlow extends Error implements Loggable {
  constructor(
    readonly operation: string,
    readonly outcomeUnknown: boolean,
  ) {
    super(`storage did not answer in time (${operation})`);
  }

  logFields(): Record<string, unknown> {
    return { type: 'StorageSlow', operation: this.operation, outcomeUnknown: this.outcomeUnknown };
  }
}

/**
 * One storage call with its deadline: `call` gets the AbortSignal to hand to the Azure SDK (which then gives up the
 * request itself); a call that takes no signal is stopped waiting for all the same. Either way the caller gets
 * StorageSlow at the deadline. `writes`: the call changes something, so when it is cut its outcome is unknown.
 */
export async function storageCall<T>(
  operation: string,
  writes: boolean,
  call: (abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  // Past the deadline nothing is sent, so nothing can have happened.
  if (timeLeftMs() <= 0) throw new StorageSlow(operation, false);
  const abortSignal = signalWithin(underDeadline() ? TURN_STORAGE_CALL_MS : BACKGROUND_STORAGE_CALL_MS);
  const slow = () => new StorageSlow(operation, writes);
  let onAbort = () => undefined as void;
  const cut = new Promise<never>((_, reject) => (onAbort = () => reject(slow())));
  abortSignal.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([call(abortSignal), cut]);
  } catch (err) {
    if (err instanceof StorageSlow) throw err;
    if (abortSignal.aborted || isAbort(err)) throw slow();
    throw err;
  } finally {
    abortSignal.removeEventListener('abort', onAbort);
  }
}
