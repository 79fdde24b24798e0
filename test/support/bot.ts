import { randomBytes, randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { expandEnvValues, readEnvFile } from '../../scripts/envFiles';
import { LocalTenant, LOCAL_BOT_ID } from '../../localtenant';
import { FIRST_CONTACT_APP_PERMISSIONS } from '../../src/auth/appTokens';
import { buildBot } from '../../src/index';
import { loadConfig } from '../../src/config';
import { Azurite, startAzurite } from './azurite';
import { useLocalTenant } from './localTenant';
import { neverLog, testLogger } from './logs';
import { Stall, startStallingProxy, StallingProxy } from './stallingProxy';

const ROOT = resolve(__dirname, '..', '..');

export interface TestBot {
  url: string;
  lt: LocalTenant;
  azurite: Azurite;
  /** The bot's settings, as it read them. */
  env: Record<string, string>;
  /** The poll worker and sender, when the test turned reminders on (REMINDERS_ENABLED=true). */
  reminders: ReturnType<typeof buildBot>['reminders'];
  /** The tenant scan, when the test turned first contact on (FIRST_CONTACT_ENABLED=true). */
  reach: ReturnType<typeof buildBot>['reach'];
  /** What the bot logged so far, line by line. */
  logLines(): Record<string, unknown>[];
  /**
   * With `slowStorage`: holds the bot's requests to Azurite (blob and queue) that match, for `forMs` at most. The test's
   * own storage clients use `azurite.connectionString`, which goes straight to Azurite.
   */
  stallStorage(opts: Parameters<StallingProxy['stall']>[0]): Stall;
  stop(): Promise<void>;
}

/**
 * The bot's local configuration, as the launcher builds it: env/.env.local with this run's ports filled in, the local
 * tenant's secret for the bot app, a fresh token cache key and a container of its own. Its secrets are recorded as
 * never to be logged.
 */
export function localEnv(
  lt: LocalTenant,
  azurite: Azurite,
  key: Buffer,
  extra: Record<string, string> = {},
): Record<string, string> {
  const ports = {
    LOCALTENANT_PORT: String(lt.port),
    BOT_PORT: '3978',
    AZURITE_BLOB_PORT: String(azurite.blobPort),
    AZURITE_QUEUE_PORT: String(azurite.queuePort),
    AZURITE_TABLE_PORT: String(azurite.tablePort),
  };
  const file = expandEnvValues(readEnvFile(join(ROOT, 'env', '.env.local')), ports, 'env/.env.local');
  const env: Record<string, string> = {
    ...file,
    PORT: ports.BOT_PORT,
    AAD_APP_CLIENT_SECRET: lt.apps[0].clientSecret,
    STORAGE_CONTAINER: `attest-${randomUUID().slice(0, 8)}`,
    TOKEN_CACHE_KEY: key.toString('base64'),
    GRAPH_MAX_RETRIES: '2',
    // Reminders stay off unless a test turns them on: no enrolments, no poll queue; first contact with them.
    REMINDERS_ENABLED: 'false',
    FIRST_CONTACT_ENABLED: 'false',
    ...extra,
  };
  neverLog('secret', [
    env.AAD_APP_CLIENT_SECRET,
    env.TOKEN_CACHE_KEY,
    env.BOT_PASSWORD,
    /AccountKey=([^;]+)/.exec(env.STORAGE_CONNECTION_STRING ?? '')?.[1],
  ]);
  return env;
}

/**
 * What an administrator does for first contact, in the local tenant: consents to the bot app's application
 * permissions, and Teams knows the bot's messaging endpoint (so an install through Graph reaches the bot).
 */
export function firstContactTenant(lt: LocalTenant, endpoint: string, permissions = FIRST_CONTACT_APP_PERMISSIONS) {
  const app = lt.tenant.apps.get(LOCAL_BOT_ID);
  if (!app) throw new Error('the local tenant has no bot app');
  app.applicationPermissions = [...permissions];
  lt.connector.botChannel.register({ endpoint, botId: LOCAL_BOT_ID, name: 'Attest' });
}

/**
 * Starts a local tenant, Azurite and the bot (in this process, listening on a free loopback port) for a test file.
 * `slowStorage`: the bot reaches Azurite through proxies that can be told to hold its requests (stallStorage).
 */
export function useBot(extraEnv: Record<string, string> = {}, opts: { slowStorage?: boolean } = {}): () => TestBot {
  const lt = useLocalTenant();
  let bot: TestBot | undefined;
  beforeAll(async () => {
    const azurite = await startAzurite();
    const proxies = opts.slowStorage
      ? await Promise.all([startStallingProxy(azurite.blobPort), startStallingProxy(azurite.queuePort)])
      : [];
    const reached = proxies.length ? { ...azurite, blobPort: proxies[0].port, queuePort: proxies[1].port } : azurite;
    const env = localEnv(lt(), reached, randomBytes(32), extraEnv);
    const logs = testLogger();
    const built = buildBot(loadConfig(env), logs.log);
    await new Promise<void>((resolve) => built.server.listen(0, '127.0.0.1', () => resolve()));
    const port = (built.server.address() as AddressInfo).port;
    if (env.FIRST_CONTACT_ENABLED === 'true') firstContactTenant(lt(), `http://127.0.0.1:${port}/api/messages`);
    bot = {
      url: `http://127.0.0.1:${port}`,
      lt: lt(),
      azurite,
      env,
      reminders: built.reminders,
      reach: built.reach,
      logLines: logs.lines,
      stallStorage: (stall) => {
        if (!proxies.length) throw new Error('useBot was not asked for slowStorage');
        const stalls = proxies.map((p) => p.stall(stall));
        return {
          ended: () => stalls.every((s) => s.ended()),
          held: () => stalls.reduce((n, s) => n + s.held(), 0),
          end: () => stalls.forEach((s) => s.end()),
        };
      },
      stop: async () => {
        await built.reminders?.worker.stop();
        built.server.close();
        await Promise.all(proxies.map((p) => p.close()));
        await azurite.stop();
      },
    };
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
  });
  return () => {
    if (!bot) throw new Error('bot not started');
    return bot;
  };
}

/**
 * The bot in this process for a stack whose Azurite is started elsewhere (the end-to-end tests): `messagesUrl` starts
 * it on a free loopback port with the local configuration; `close` stops it.
 */
export function inProcessBot(lt: () => LocalTenant, extraEnv: Record<string, string> = {}) {
  let server: { close(): unknown } | undefined;
  return {
    messagesUrl: async (azurite?: Azurite) => {
      if (!azurite) throw new Error("the bot needs the stack's Azurite");
      const bot = buildBot(loadConfig(localEnv(lt(), azurite, randomBytes(32), extraEnv)), testLogger().log);
      await new Promise<void>((resolve) => bot.server.listen(0, '127.0.0.1', () => resolve()));
      server = bot.server;
      return `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}/api/messages`;
    },
    close: () => server?.close(),
  };
}
