import { ContainerClient } from '@azure/storage-blob';

/**
 * Whether what the bot cannot work without answers: the state's blob container (every turn reads or writes it) and
 * the Entra authority (every sign-in and Graph call needs a token from it). Probes get a report, never a check of
 * their own: each check has a short timeout, and one report is shared by every probe for a few seconds, so probes
 * add no load to storage or Entra. A report holds fixed words only: no connection string, key, URL or error message.
 */

/** One dependency's check: resolves when it answered as expected, rejects (or is aborted) otherwise. */
export type Check = (signal: AbortSignal) => Promise<void>;

export type CheckResult = { ok: true } | { ok: false; problem: string };

export interface HealthReport {
  /** 'ok' when every check passed; 'degraded' when one did not (the process itself still serves). */
  status: 'ok' | 'degraded';
  checks: Record<string, CheckResult>;
}

export interface HealthOptions {
  /** How long one check may take before it counts as failed. */
  timeoutMs: number;
  /** How long a report is kept and given to every probe. */
  keepMs: number;
  now?: () => number;
}

export const HEALTH_DEFAULTS: HealthOptions = { timeoutMs: 2000, keepMs: 5000 };

/** Returns the function probes call: the last report while it is fresh, else a new one that all probes share. */
export function createHealth(checks: Record<string, Check>, options: HealthOptions = HEALTH_DEFAULTS) {
  const now = options.now ?? Date.now;
  let last: { at: number; report: Promise<HealthReport> } | undefined;
  return (): Promise<HealthReport> => {
    if (!last || now() - last.at >= options.keepMs) last = { at: now(), report: runAll(checks, options.timeoutMs) };
    return last.report;
  };
}

async function runAll(checks: Record<string, Check>, timeoutMs: number): Promise<HealthReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => runOne(checks[name], timeoutMs)));
  return {
    status: results.every((r) => r.ok) ? 'ok' : 'degraded',
    checks: Object.fromEntries(names.map((name, i) => [name, results[i]])),
  };
}

async function runOne(check: Check, timeoutMs: number): Promise<CheckResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error('timed out'));
    }, timeoutMs);
  });
  try {
    // The race answers on time even if a client library does not stop at the abort.
    await Promise.race([check(controller.signal), timedOut]);
    return { ok: true };
  } catch (err) {
    return { ok: false, problem: controller.signal.aborted ? 'timed out' : problemOf(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** A dependency that answered, but not as it should. */
class CheckAnswer extends Error {
  constructor(readonly problem: string) {
    super(problem);
  }
}

/** What went wrong, in fixed words: an HTTP status or a network error code, never an error's message. */
function problemOf(err: unknown): string {
  if (err instanceof CheckAnswer) return err.problem;
  const e = err as { statusCode?: unknown; code?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof e?.statusCode === 'number') return `answered ${e.statusCode}`;
  const code = [e?.cause?.code, e?.code].find((c) => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
  return code ? `not reachable (${code})` : 'not reachable';
}

/**
 * The state's container answers (it may not exist yet: the first write makes it). One try: a probe wants to know
 * now, not after the SDK's retries.
 */
export function storageCheck(connectionString: string, container: string): Check {
  const client = new ContainerClient(connectionString, container, { retryOptions: { maxTries: 1 } });
  return async (signal) => {
    await client.exists({ abortSignal: signal });
  };
}

/**
 * The authority's OpenID metadata document answers (public, no secret needed): the token endpoint's own front door,
 * served by the same service as the token endpoint it names.
 */
export function tokenEndpointCheck(authority: string): Check {
  const url = `${authority}/v2.0/.well-known/openid-configuration`;
  return async (signal) => {
    const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
    if (!res.ok) {
      await res.body?.cancel();
      throw new CheckAnswer(`answered ${res.status}`);
    }
    const metadata = (await res.json().catch(() => undefined)) as { token_endpoint?: unknown } | undefined;
    if (typeof metadata?.token_endpoint !== 'string') throw new CheckAnswer('answered without a token endpoint');
  };
}
