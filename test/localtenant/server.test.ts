import { jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';

describe('local tenant server', () => {
  const lt = useLocalTenant({ seed: 'empty' });

  it('serves HTTPS with a certificate the process trusts through the local CA', async () => {
    const res = await fetch(`${lt().url}/_localtenant/clock`);
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(Math.abs(Date.parse(body.now) - Date.now())).toBeLessThan(60_000);
  });

  it('answers an unknown Graph segment with the Graph error envelope', async () => {
    const res = await fetch(`${lt().graphV1}/nonsense`);
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.error.code).toBe('BadRequest');
    expect(body.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('moves the clock forward on request', async () => {
    const before = Date.parse((await jsonOf(await fetch(`${lt().url}/_localtenant/clock`))).now);
    const res = await postJson(`${lt().url}/_localtenant/clock/advance`, { days: 2 });
    const after = Date.parse((await jsonOf(res)).now);
    expect(after - before).toBeGreaterThanOrEqual(2 * 86_400_000);
    expect(after - before).toBeLessThan(2 * 86_400_000 + 60_000);
  });

  it('injects throttling with Retry-After for matching routes and counts requests per route', async () => {
    await fetch(`${lt().url}/_localtenant/requests`, { method: 'DELETE' });
    await postJson(`${lt().url}/_localtenant/faults`, {
      match: '^GET /v1\\.0/nonsense',
      throttle: 1,
      retryAfterSeconds: 3,
      times: 1,
    });
    const first = await fetch(`${lt().graphV1}/nonsense`);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await jsonOf(first)).error.code).toBe('TooManyRequests');
    const second = await fetch(`${lt().graphV1}/nonsense`);
    expect(second.status).toBe(400);
    const log = await jsonOf(await fetch(`${lt().url}/_localtenant/requests`));
    expect(log.total).toBe(2);
    await fetch(`${lt().url}/_localtenant/faults`, { method: 'DELETE' });
  });

  it('drops the connection when a reset is injected', async () => {
    await postJson(`${lt().url}/_localtenant/faults`, { match: 'nonsense', reset: 1, times: 1 });
    await expect(fetch(`${lt().graphV1}/nonsense`)).rejects.toThrow();
  });
});
