import { defaultBotApp, startLocalTenant } from './index';

/**
 * npm run localtenant: the local Microsoft 365 on https://localhost:$LOCALTENANT_PORT (default 5443).
 * The bot's app secret comes from LOCALTENANT_BOT_SECRET when set, so a launcher can share it with the bot.
 */
async function main(): Promise<void> {
  const port = Number(process.env.LOCALTENANT_PORT ?? 5443);
  const app = defaultBotApp(process.env.LOCALTENANT_BOT_SECRET || undefined);
  const lt = await startLocalTenant({ port, apps: [app] });
  console.log(`Local tenant (Contoso, ${lt.tenantId}) at ${lt.url}`);
  console.log(`  authority   ${lt.authority}`);
  console.log(`  Graph       ${lt.graphV1}  ${lt.graphBeta}`);
  console.log(`  CA          ${lt.caCertPath}  (trust it with NODE_EXTRA_CA_CERTS)`);
  console.log(
    `  bot app id  ${app.clientId}${process.env.LOCALTENANT_BOT_SECRET ? '' : ' (secret generated for this run)'}`,
  );
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
