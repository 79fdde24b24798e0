import { TeamsAdapter } from '@microsoft/teams-ai';
import { localSsoTokenSource } from './auth/localSso';
import { TokenCacheStore } from './auth/tokenCacheStore';
import { TokenService } from './auth/tokenService';
import { createBot } from './bot/app';
import { ConversationReferences } from './storage/conversationReferences';
import { Config, ConfigError, loadConfig } from './config';
import { createServer } from './server';
import { createStorage } from './storage/blobStorage';
import { OnceOnly } from './storage/onceOnly';

/** The composition root: reads the configuration once and wires every part. Nothing else constructs dependencies. */
export function buildBot(config: Config, log: (message: string) => void = (m) => console.log(m)) {
  const storage = createStorage(config.storage.connectionString, config.storage.container);
  const tokens = new TokenService(
    {
      clientId: config.aad.clientId,
      clientSecret: config.aad.clientSecret,
      authority: config.aad.authority,
      knownAuthorities: config.aad.knownAuthorities,
    },
    new TokenCacheStore(storage, config.tokenCacheKey),
    config.localMode && config.localSsoUrl ? localSsoTokenSource(config.localSsoUrl, config.aad.clientId) : undefined,
  );
  const adapter = config.localMode
    ? new TeamsAdapter({})
    : new TeamsAdapter({
        MicrosoftAppId: config.bot.appId,
        MicrosoftAppPassword: config.bot.appPassword,
        MicrosoftAppType: config.bot.appType,
        MicrosoftAppTenantId: config.bot.tenantId,
      });
  const app = createBot({
    adapter,
    tokens,
    session: {
      tokens,
      graph: { baseUrl: config.graph.baseUrl, timeoutMs: config.graph.timeoutMs, maxRetries: config.graph.maxRetries },
    },
    flows: {
      listMode: config.graph.listMode,
      pageSize: config.pageSize,
      maxRetries: config.graph.maxRetries,
      now: () => new Date(),
    },
    signIn: { botAppId: config.bot.appId ?? config.aad.clientId, connectionName: config.aad.ssoConnectionName },
    references: new ConversationReferences(storage),
    once: new OnceOnly(config.storage.connectionString, config.storage.container),
    log,
  });
  const server = createServer(adapter, (context) => app.run(context).then(() => undefined), {
    localMode: config.localMode,
  });
  return { app, adapter, server, storage, tokens };
}

export async function start(config: Config): Promise<ReturnType<typeof buildBot>> {
  const bot = buildBot(config);
  await new Promise<void>((resolve) => bot.server.listen(config.port, config.host, () => resolve()));
  const mode = config.localMode
    ? 'LOCAL mode: anonymous requests from this machine only; Teams SSO stands in through the local tenant'
    : `Azure mode: Bot Framework JWT required for bot ${config.bot.appId}`;
  console.log(`Attest listening on http://${config.host}:${config.port}/api/messages (${mode}).`);
  return bot;
}

if (require.main === module) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
  start(config).catch((err) => {
    console.error(`Attest failed to start: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
