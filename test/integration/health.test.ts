import { randomBytes } from 'node:crypto';
import { AddressInfo, createServer as createTcpServer } from 'node:net';
import { buildBot } from '../../src/index';
import { loadConfig } from '../../src/config';
import { Azurite, startAzurite } from '../support/azurite';
import { localEnv } from '../support/bot';
import { testLogger } from '../support/logs';
import { useLocalTenant } from '../support/localTenant';

/**
 * /healthz (liveness: 200 while the process serves) and /readyz (readiness: 503 while storage or the token endpoint
 * does not answer), against the local tenant and Azurite, with each dependency taken away in turn.
 */
describe('health endpoints', () => {
  const lt = useLocalTenant({ seed: 'empty' });
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 60_000);
  afterAll(async () => azurite?.stop());
  afterEach(() => lt().faults.clear());

  const TOKEN_CACHE_KEY = randomBytes(32);

  async function serve(extra: Record<string, string> = {}) {
    const env = localEnv(lt(), azurite, TOKEN_CACHE_KEY, extra);
    const bot = buildBot(loadConfig(env), testLogger().log);
    await new Promise<void>((resolve) => bot.server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}`;
    const probe = async (path: '/healthz' | '/readyz') => {
      const res = await fetch(`${url}${path}`);
      const text = await res.text();
      return { status: res.status, text, body: JSON.parse(text), cacheControl: res.headers.get('cache-control') };
    };
    return { env, probe, close: () => bot.server.close() };
  }

  /** A port on this machine where nothing listens. */
  async function closedPort(): Promise<number> {
    const server = createTcpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  /** Nothing the bot was configured with that could help an attacker: secrets, connection strings, stacks. */
  function expectNothingSecret(text: string, env: Record<string, string>) {
    for (const name of ['STORAGE_CONNECTION_STRING', 'AAD_APP_CLIENT_SECRET', 'TOKEN_CACHE_KEY'])
      expect(text).not.toContain(env[name]);
    expect(text).not.toMatch(/AccountKey|AccountName|devstoreaccount1|secret|https?:\/\/|\bat .*\(/i);
  }

  it('with storage and the token endpoint answering: both probes 200, every check ok', async () => {
    const bot = await serve();
    try {
      for (const path of ['/healthz', '/readyz'] as const) {
        const answer = await bot.probe(path);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ status: 'ok', checks: { storage: { ok: true }, tokenEndpoint: { ok: true } } });
        expect(answer.cacheControl).toBe('no-store');
        expectNothingSecret(answer.text, bot.env);
      }
    } finally {
      bot.close();
    }
  });

  it('with storage unreachable: /readyz 503 naming storage, /healthz still 200 and saying so', async () => {
    const port = await closedPort();
    const storage = azurite.connectionString.replace(
      /BlobEndpoint=http:\/\/127\.0\.0\.1:\d+/,
      `BlobEndpoint=http://127.0.0.1:${port}`,
    );
    const bot = await serve({ STORAGE_CONNECTION_STRING: storage });
    try {
      const ready = await bot.probe('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('degraded');
      expect(ready.body.checks.storage).toEqual({ ok: false, problem: expect.stringMatching(/^not reachable/) });
      expect(ready.body.checks.tokenEndpoint).toEqual({ ok: true });
      expectNothingSecret(ready.text, bot.env);
      const live = await bot.probe('/healthz');
      expect(live.status).toBe(200);
      expect(live.body).toEqual(ready.body);
    } finally {
      bot.close();
    }
  });

  it('with the token endpoint answering 503: /readyz 503 naming the token endpoint', async () => {
    lt().faults.add({ match: '^GET .*/v2\\.0/\\.well-known/openid-configuration$', unavailable: 1 });
    const bot = await serve();
    try {
      const ready = await bot.probe('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toEqual({
        storage: { ok: true },
        tokenEndpoint: { ok: false, problem: 'answered 503' },
      });
      expectNothingSecret(ready.text, bot.env);
    } finally {
      bot.close();
    }
  });

  it('with the token endpoint hanging: /readyz still answers, 503 naming it as timed out', async () => {
    lt().faults.add({ match: 'openid-configuration', latencyMs: 3000 });
    lt().log.reset();
    const bot = await serve();
    try {
      const ready = await bot.probe('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.tokenEndpoint).toEqual({ ok: false, problem: 'timed out' });
      // The local tenant answers the held request later: wait for it, so that no later test counts it.
      while (
        !lt()
          .log.summary(true)
          .entries.some((e) => e.path.endsWith('openid-configuration'))
      )
        await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      bot.close();
    }
  }, 20_000);

  it('with the token endpoint on a port where nothing listens: /readyz 503 naming it', async () => {
    const port = await closedPort();
    const bot = await serve({
      AAD_APP_OAUTH_AUTHORITY_HOST: `https://localhost:${port}`,
      AAD_KNOWN_AUTHORITIES: `localhost:${port}`,
    });
    try {
      const ready = await bot.probe('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.tokenEndpoint).toEqual({ ok: false, problem: expect.stringMatching(/^not reachable/) });
      expectNothingSecret(ready.text, bot.env);
    } finally {
      bot.close();
    }
  });

  it('many probes at once reach the token endpoint once', async () => {
    const bot = await serve();
    try {
      lt().log.reset();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => bot.probe(i % 2 ? '/healthz' : '/readyz')),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      const metadataReads = lt()
        .log.summary(true)
        .entries.filter((e) => e.path.endsWith('/v2.0/.well-known/openid-configuration'));
      expect(metadataReads).toHaveLength(1);
    } finally {
      bot.close();
    }
  });
});
