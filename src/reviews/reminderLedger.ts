/**
 * The per-reviewer reminder ledger, pure. One entry per ledger key (see `reminderKey`, `digestKey`): `claimed` when
 * an instance is about to send it, `sent` once the Bot Connector accepted it.
 *
 * The protocol (the poll worker runs it; storage decides races with eTags):
 *   1. read the ledger; keys sent, or claimed less than `leaseMs` ago, count as told;
 *   2. plan, then write the plan's keys as `claimed` if the ledger is unchanged (If-Match): of two instances racing
 *      for one reviewer, one claims and the other plans again and finds nothing new;
 *   3. send; accepted: mark `sent`; refused for good or given up: release the claim, the next poll tries again;
 *   4. a process killed between 2 and 3 leaves a claim no one completes: once older than `leaseMs` it no longer counts,
 *      and the next poll sends it. So nothing is lost; what can go twice is only a message the connector accepted in
 *      the instant before the process died, before its `sent` was written (one in-flight send per reviewer).
 */

export interface LedgerEntry {
  state: 'claimed' | 'sent';
  /** ISO instant of the claim or the send. */
  at: string;
}

export type LedgerEntries = Record<string, LedgerEntry>;

/** The keys that count as told at `now`: sent, or claimed within the lease. */
export function toldKeys(entries: LedgerEntries, now: Date, leaseMs: number): string[] {
  return Object.entries(entries)
    .filter(([, e]) => e.state === 'sent' || now.getTime() - Date.parse(e.at) < leaseMs)
    .map(([key]) => key);
}

export function withClaims(entries: LedgerEntries, keys: string[], now: Date): LedgerEntries {
  const out = { ...entries };
  for (const key of keys) out[key] = { state: 'claimed', at: now.toISOString() };
  return out;
}

/** Claims turned into sends; a key someone else has already marked sent stays as it is. */
export function withSent(entries: LedgerEntries, keys: string[], now: Date): LedgerEntries {
  const out = { ...entries };
  for (const key of keys) out[key] = { state: 'sent', at: now.toISOString() };
  return out;
}

/** Claims given back after a send that did not happen; a key marked sent is never released. */
export function withoutClaims(entries: LedgerEntries, keys: string[]): LedgerEntries {
  const out = { ...entries };
  for (const key of keys) if (out[key]?.state === 'claimed') delete out[key];
  return out;
}

/** Only the entries whose keys are kept (see `ledgerToKeep`). */
export function keepOnly(entries: LedgerEntries, keep: Iterable<string>): LedgerEntries {
  const kept = new Set(keep);
  return Object.fromEntries(Object.entries(entries).filter(([key]) => kept.has(key)));
}
