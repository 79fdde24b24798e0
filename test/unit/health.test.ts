import { Check, createHealth } from '../../src/health';

/** A check that counts its runs and answers as told. */
function countedCheck(answer: () => Promise<void> = async () => undefined) {
  const check = Object.assign(
    (async () => {
      check.runs++;
      return answer();
    }) as Check,
    { runs: 0 },
  );
  return check;
}

describe('health report', () => {
  it('is ok when every check passes, and names the one that failed otherwise', async () => {
    const failing = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const report = await createHealth(
      { storage: countedCheck(() => Promise.reject(failing)), tokenEndpoint: countedCheck() },
      { timeoutMs: 1000, keepMs: 5000 },
    )();
    expect(report).toEqual({
      status: 'degraded',
      checks: { storage: { ok: false, problem: 'not reachable (ECONNREFUSED)' }, tokenEndpoint: { ok: true } },
    });
    const healthy = await createHealth({ storage: countedCheck(), tokenEndpoint: countedCheck() })();
    expect(healthy.status).toBe('ok');
  });

  it('gives every probe the same report for a while, so probes add no load to what it checks', async () => {
    let now = 0;
    const storage = countedCheck();
    const health = createHealth({ storage }, { timeoutMs: 1000, keepMs: 5000, now: () => now });
    await Promise.all(Array.from({ length: 50 }, () => health()));
    now += 4999;
    await health();
    expect(storage.runs).toBe(1);
    now += 1;
    await health();
    expect(storage.runs).toBe(2);
  });

  it('probes that arrive while a check runs wait for that check instead of starting another', async () => {
    let finish: () => void = () => undefined;
    const storage = countedCheck(() => new Promise<void>((resolve) => (finish = resolve)));
    const health = createHealth({ storage }, { timeoutMs: 1000, keepMs: 5000 });
    const probes = [health(), health(), health()];
    finish();
    const reports = await Promise.all(probes);
    expect(storage.runs).toBe(1);
    expect(reports.every((r) => r.status === 'ok')).toBe(true);
  });

  it('answers when a dependency hangs: the check counts as failed after its timeout', async () => {
    let aborted = false;
    const hanging: Check = (signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise(() => undefined);
    };
    const report = await createHealth({ tokenEndpoint: hanging }, { timeoutMs: 20, keepMs: 5000 })();
    expect(report.checks.tokenEndpoint).toEqual({ ok: false, problem: 'timed out' });
    expect(aborted).toBe(true);
  });

  it("reports an HTTP status or a network code, never an error's message", async () => {
    const secretive = () => new Error('Failed to authenticate: AccountKey=c2VjcmV0LWtleQ== at https://x.blob?sig=abc');
    const report = await createHealth({
      storage: () => Promise.reject(Object.assign(secretive(), { statusCode: 403 })),
      tokenEndpoint: () => Promise.reject(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } })),
      other: () => Promise.reject(secretive()),
    })();
    expect(report.checks).toEqual({
      storage: { ok: false, problem: 'answered 403' },
      tokenEndpoint: { ok: false, problem: 'not reachable (ENOTFOUND)' },
      other: { ok: false, problem: 'not reachable' },
    });
  });
});
