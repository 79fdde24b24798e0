import { parseCliArgs } from './cliOptions';
import { defaultBotApp, startLocalTenant } from './index';

/**
 * npm run localtenant: the local Microsoft 365 on https://localhost:$LOCALTENANT_PORT (default 5443).
 * The bot's app secret comes from LOCALTENANT_BOT_SECRET when set, so a launcher can share it with the bot.
 * `-- --bot-application-permissions=AccessReview.Read.All,...` grants the bot app application permissions at start
 * (default none); PUT /_localtenant/apps/{clientId}/applicationPermissions changes them while it runs.
 * LOCALTENANT_BOT_ENDPOINT: the bot's messaging endpoint, to which Teams' install events go (also PUT
 * /_localtenant/connector/bot).
 */
async function main(): Promise<void> {
  const { botApplicationPermissions } = parseCliArgs(process.argv.slice(2));
  const port = Number(process.env.LOCALTENANT_PORT ?? 5443);
  const app = defaultBotApp(process.env.LOCALTENANT_BOT_SECRET || undefined);
  const botEndpoint = process.env.LOCALTENANT_BOT_ENDPOINT || undefined;
  const lt = await startLocalTenant({ port, apps: [app], botApplicationPermissions, connector: { botEndpoint } });
  console.log(`Local tenant (Contoso, ${lt.tenantId}) at ${lt.url}`);
  console.log(`  authority   ${lt.authority}`);
  console.log(`  Graph       ${lt.graphV1}  ${lt.graphBeta}`);
  console.log(`  CA          ${lt.caCertPath}  (trust it with NODE_EXTRA_CA_CERTS)`);
  console.log(
    `  bot app id  ${app.clientId}${process.env.LOCALTENANT_BOT_SECRET ? '' : ' (secret generated for this run)'}`,
  );
  console.log(`  bot app permissions  ${app.applicationPermissions.join(', ') || '(none)'}`);
  console.log('Ctrl-C stops it.');
  const stop = async () => {
    await lt.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`Local tenant failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
