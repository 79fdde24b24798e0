import { jsonOf, postJson } from '../support/http';
import { userGraphToken } from '../support/graph';
import { useLocalTenant } from '../support/localTenant';

describe('JSON batching ($batch)', () => {
  const lt = useLocalTenant();
  const batch = async (requests: unknown[], token?: string) =>
    postJson(`${lt().graphV1}/$batch`, { requests }, token ? { authorization: `Bearer ${token}` } : {});

  it('runs inner requests with the outer token and answers each by id', async () => {
    const token = await userGraphToken(lt(), 'AlexW@contoso.com', ['User.Read']);
    const res = await batch(
      [
        { id: '1', method: 'GET', url: '/me' },
        { id: '2', method: 'GET', url: '/me?$select=displayName' },
      ],
      token,
    );
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    const byId = Object.fromEntries(body.responses.map((r: { id: string }) => [r.id, r]));
    expect(byId['1'].status).toBe(200);
    expect(byId['1'].body.userPrincipalName).toBe('AlexW@contoso.com');
    expect(byId['2'].body).toEqual(expect.objectContaining({ displayName: 'Alex Wilber' }));
    expect(byId['2'].body.userPrincipalName).toBeUndefined();
  });

  it('answers inner requests without a token with 401, inside an outer 200', async () => {
    const res = await batch([{ id: 'a', method: 'GET', url: '/me' }]);
    expect(res.status).toBe(200);
    const [inner] = (await jsonOf(res)).responses;
    expect(inner.status).toBe(401);
    expect(inner.body.error.code).toBe('InvalidAuthenticationToken');
  });

  it('rejects more than 20 requests with 400', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/me' }));
    const res = await batch(requests);
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error.code).toBe('BadRequest');
  });

  it('rejects duplicate ids (case-insensitive) and a body without Content-Type', async () => {
    expect(
      (
        await batch([
          { id: 'x', method: 'GET', url: '/me' },
          { id: 'X', method: 'GET', url: '/me' },
        ])
      ).status,
    ).toBe(400);
    expect((await batch([{ id: '1', method: 'POST', url: '/groups', body: {} }])).status).toBe(400);
  });

  it('fails the dependants of a failed request with 424', async () => {
    const token = await userGraphToken(lt(), 'AlexW@contoso.com', ['User.Read']);
    const res = await batch(
      [
        { id: '1', method: 'GET', url: '/users/00000000-0000-0000-0000-00000000dead' },
        { id: '2', method: 'GET', url: '/me', dependsOn: ['1'] },
        { id: '3', method: 'GET', url: '/me', dependsOn: ['2'] },
      ],
      token,
    );
    const byId = Object.fromEntries(
      (await jsonOf(res)).responses.map((r: { id: string; status: number }) => [r.id, r.status]),
    );
    expect(byId['1']).toBeGreaterThanOrEqual(400);
    expect(byId['2']).toBe(424);
    expect(byId['3']).toBe(424);
  });

  it('throttles inner requests on their own: the outer 200 carries an inner 429 with Retry-After', async () => {
    const token = await userGraphToken(lt(), 'AlexW@contoso.com', ['User.Read']);
    await postJson(`${lt().url}/_localtenant/faults`, {
      match: '^GET /v1\\.0/me$',
      throttle: 1,
      retryAfterSeconds: 7,
      times: 1,
    });
    const res = await batch(
      [
        { id: '1', method: 'GET', url: '/me' },
        { id: '2', method: 'GET', url: '/me', dependsOn: ['1'] },
      ],
      token,
    );
    expect(res.status).toBe(200);
    const [first, second] = (await jsonOf(res)).responses.sort((a: { id: string }, b: { id: string }) =>
      a.id.localeCompare(b.id),
    );
    expect(first.status).toBe(429);
    expect(first.headers['Retry-After']).toBe('7');
    expect(second.status).toBe(424);
    await fetch(`${lt().url}/_localtenant/faults`, { method: 'DELETE' });
  });

  it('counts the batch once as an HTTP request and its inner requests apart', async () => {
    const token = await userGraphToken(lt(), 'AlexW@contoso.com', ['User.Read']);
    await fetch(`${lt().url}/_localtenant/requests`, { method: 'DELETE' });
    await batch(
      [
        { id: '1', method: 'GET', url: '/me' },
        { id: '2', method: 'GET', url: '/me' },
        { id: '3', method: 'GET', url: '/me' },
      ],
      token,
    );
    const log = await jsonOf(await fetch(`${lt().url}/_localtenant/requests`));
    expect(log.total).toBe(1);
    expect(log.byRoute['POST /$batch']).toBe(1);
    expect(Object.values(log.batchedByRoute as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('logs each request inside a $batch as its own entry, with method, path and query, apart from the HTTP count', async () => {
    const token = await userGraphToken(lt(), 'AlexW@contoso.com', ['User.Read']);
    await fetch(`${lt().url}/_localtenant/requests`, { method: 'DELETE' });
    await batch(
      [
        { id: '1', method: 'GET', url: '/me?$select=id' },
        { id: '2', method: 'get', url: "users/AlexW@contoso.com?$filter=id eq 'x'" },
      ],
      token,
    );
    await fetch(`${lt().graphV1}/me`, { headers: { authorization: `Bearer ${token}` } });
    const log = await jsonOf(await fetch(`${lt().url}/_localtenant/requests`));
    expect(log.graph).toBe(2);
    expect(log.total).toBe(2);
    const shape = (e: Record<string, unknown>) => [e.method, e.path, e.url, e.inBatch];
    expect(log.entries.map(shape)).toEqual(
      expect.arrayContaining([
        ['GET', '/v1.0/me', '/v1.0/me?$select=id', true],
        ['GET', '/v1.0/users/AlexW@contoso.com', "/v1.0/users/AlexW@contoso.com?$filter=id eq 'x'", true],
        ['POST', '/v1.0/$batch', '/v1.0/$batch', false],
        ['GET', '/v1.0/me', '/v1.0/me', false],
      ]),
    );
    expect(log.entries).toHaveLength(4);
    for (const e of log.entries) {
      expect(e).toEqual({
        at: expect.any(String),
        method: expect.any(String),
        path: expect.any(String),
        url: expect.any(String),
        route: expect.any(String),
        status: expect.any(Number),
        inBatch: expect.any(Boolean),
      });
    }
  });

  it('logs a request whose body is not JSON, and lists every kept entry with ?entries=all', async () => {
    await fetch(`${lt().url}/_localtenant/requests`, { method: 'DELETE' });
    const bad = await fetch(`${lt().graphV1}/$batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"requests": [',
    });
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).error.code).toBe('BadRequest');
    const twenty = Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: `/nonsense${i}` }));
    for (let i = 0; i < 26; i++) await batch(twenty);
    const latest = await jsonOf(await fetch(`${lt().url}/_localtenant/requests`));
    expect(latest.entries).toHaveLength(500);
    expect(latest.total).toBe(27);
    expect(latest.graph).toBe(27);
    const all = await jsonOf(await fetch(`${lt().url}/_localtenant/requests?entries=all`));
    expect(all.entries).toHaveLength(1 + 26 * 21);
    expect(all.dropped).toBe(0);
    expect(all.entries[0]).toMatchObject({ method: 'POST', path: '/v1.0/$batch', status: 400, inBatch: false });
  });
});
