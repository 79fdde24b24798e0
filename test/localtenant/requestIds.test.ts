import { randomUUID } from 'node:crypto';
import { userGraphToken } from '../support/graph';
import { jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';

/**
 * Graph's request ids, as the docs show them: `request-id` and `client-request-id` response headers, repeated in an
 * error's innerError, so that a failure logged by the bot can be traced.
 */
describe('request ids', () => {
  const lt = useLocalTenant();
  const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it('answers every request with a new request-id and the client-request-id it was sent', async () => {
    const token = await userGraphToken(lt(), 'AlexW@contoso.com', ['User.Read']);
    const clientRequestId = randomUUID();
    const get = () =>
      fetch(`${lt().graphV1}/me`, {
        headers: { authorization: `Bearer ${token}`, 'client-request-id': clientRequestId },
      });
    const [first, second] = [await get(), await get()];
    expect(first.status).toBe(200);
    expect(first.headers.get('client-request-id')).toBe(clientRequestId);
    expect(first.headers.get('request-id')).toMatch(GUID);
    expect(second.headers.get('request-id')).not.toBe(first.headers.get('request-id'));
  });

  it('repeats the ids of a failed request in the innerError of its error body', async () => {
    const clientRequestId = randomUUID();
    const res = await fetch(`${lt().graphV1}/me`, { headers: { 'client-request-id': clientRequestId } });
    expect(res.status).toBe(401);
    const { error } = await jsonOf(res);
    expect(error.innerError).toMatchObject({
      'request-id': res.headers.get('request-id'),
      'client-request-id': clientRequestId,
    });
  });

  it('gives a request without a client-request-id its request-id as both', async () => {
    const res = await fetch(`${lt().graphV1}/nonsense`);
    expect(res.headers.get('client-request-id')).toBe(res.headers.get('request-id'));
  });

  it('answers each request inside a $batch with its own ids in its own headers and innerError', async () => {
    const token = await userGraphToken(lt(), 'AlexW@contoso.com', ['User.Read']);
    const innerClientId = randomUUID();
    const res = await postJson(
      `${lt().graphV1}/$batch`,
      {
        requests: [
          { id: 'ok', method: 'GET', url: '/me' },
          {
            id: 'bad',
            method: 'GET',
            url: '/users/nobody@contoso.com',
            headers: { 'client-request-id': innerClientId },
          },
          { id: 'after', method: 'GET', url: '/me', dependsOn: ['bad'] },
        ],
      },
      { authorization: `Bearer ${token}`, 'client-request-id': randomUUID() },
    );
    const byId = Object.fromEntries((await jsonOf(res)).responses.map((r: { id: string }) => [r.id, r])) as Record<
      string,
      { status: number; headers: Record<string, string>; body: { error?: { innerError: object } } }
    >;
    const outer = res.headers.get('request-id');
    expect(byId.ok.headers['request-id']).toMatch(GUID);
    expect(byId.ok.headers['request-id']).not.toBe(outer);
    expect(byId.bad.status).toBeGreaterThanOrEqual(400);
    expect(byId.bad.headers['client-request-id']).toBe(innerClientId);
    expect(byId.bad.body.error!.innerError).toMatchObject({
      'request-id': byId.bad.headers['request-id'],
      'client-request-id': innerClientId,
    });
    expect(byId.after.status).toBe(424);
    expect(byId.after.body.error!.innerError).toMatchObject({ 'request-id': byId.after.headers['request-id'] });
  });
});
