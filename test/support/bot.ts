import { randomBytes, randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { LocalTenant } from '../../localtenant';
import { buildBot } from '../../src/index';
import { loadConfig } from '../../src/config';
import { Azurite, startAzurite } from './azurite';
import { useLocalTenant } from './localTenant';

export interface TestBot {
  url: string;
  lt: LocalTenant;
  azurite: Azurite;
  /** The bot's settings, as it read them. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The bot's local configuration against a local tenant and Azurite, as the launcher builds it. */
export function localEnv(
  lt: LocalTenant,
  azurite: Azurite,
  key: Buffer,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ATTEST_MODE: 'local',
    PORT: '3978',
    AAD_APP_CLIENT_ID: lt.apps[0].clientId,
    AAD_APP_CLIENT_SECRET: lt.apps[0].clientSecret,
    AAD_APP_TENANT_ID: lt.tenantId,
    AAD_APP_OAUTH_AUTHORITY_HOST: lt.url,
    AAD_KNOWN_AUTHORITIES: new URL(lt.url).host,
    GRAPH_BASE_URL: lt.url,
    LOCAL_SSO_URL: `${lt.url}/_localtenant/dev/teams-sso-token`,
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    STORAGE_CONTAINER: `attest-${randomUUID().slice(0, 8)}`,
    TOKEN_CACHE_KEY: key.toString('base64'),
    GRAPH_MAX_RETRIES: '2',
    ...extra,
  };
}

/** Starts a local tenant, Azurite and the bot (in this process, listening on a free loopback port) for a test file. */
export function useBot(extraEnv: Record<string, string> = {}): () => TestBot {
  const lt = useLocalTenant();
  let bot: TestBot | undefined;
  beforeAll(async () => {
    const azurite = await startAzurite();
    const env = localEnv(lt(), azurite, randomBytes(32), extraEnv);
    const built = buildBot(loadConfig(env), () => undefined);
    await new Promise<void>((resolve) => built.server.listen(0, '127.0.0.1', () => resolve()));
    const port = (built.server.address() as AddressInfo).port;
    bot = {
      url: `http://127.0.0.1:${port}`,
      lt: lt(),
      azurite,
      env,
      stop: async () => {
        built.server.close();
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
