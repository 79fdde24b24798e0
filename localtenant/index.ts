import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { entraRoutes } from './entra/routes';
import { accessReviewRoutes } from './graph/accessReviews/routes';
import { batchRoutes } from './graph/batch';
import { applicationRoutes } from './graph/applications';
import { directoryRoutes } from './graph/directory';
import { governanceRoutes } from './graph/governanceRoutes';
import { teamworkRoutes } from './graph/teamwork';
import { Route } from './http';
import { knobRoutes } from './knobRoutes';
import { Faults, RequestLog } from './knobs';
import { AppRegistration } from './model';
import { seedContoso } from './seed/contoso';
import { ATTEST_BOT_ID } from './seed/contosoTeams';
import { generatorRoutes } from './seed/generator';
import { makeDispatch, makeHttpsServer } from './server';
import { Connector, ConnectorOptions } from './connector/connector';
import { connectorKnobRoutes } from './connector/knobRoutes';
import { connectorRoutes, personalConversationId } from './connector/routes';
import { sameId } from './objectIds';
import { Tenant } from './tenant';
import { loadOrMakeCa, makeServerCert } from './tls';

export const CONTOSO_TENANT_ID = 'f9a44fab-6764-4166-aac0-c8aca790a100';
/** The app registration of the bot in the local tenant, unless the caller registers its own. */
/** Where the local CA lives unless LOCALTENANT_CA_DIR says otherwise: .localdata/ca in the project (git-ignored). */
export const DEFAULT_CA_DIR = process.env.LOCALTENANT_CA_DIR || join(__dirname, '..', '.localdata', 'ca');

export const LOCAL_BOT_ID = ATTEST_BOT_ID;
export { ATTEST_CATALOG_APP, ATTEST_MANIFEST_ID } from './seed/contosoTeams';

export interface LocalTenantOptions {
  /** 0 picks a free port. */
  port?: number;
  /** 'contoso' (default): the demo tenant; 'empty': a tenant with no users, groups or reviews. */
  seed?: 'contoso' | 'empty';
  /** App registrations the token endpoint accepts; default: the local bot app with a random secret. */
  apps?: AppRegistration[];
  /**
   * Application permissions granted (admin consent) to the bot app (LOCAL_BOT_ID, which must be among `apps`) at
   * start, e.g. ['AccessReview.Read.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All']: its client credentials
   * tokens carry them as roles. Default: what the bot's registration says (defaultBotApp: none). Granted later with
   * PUT /_localtenant/apps/{clientId}/applicationPermissions.
   */
  botApplicationPermissions?: string[];
  /** Folder of the local CA (made there if missing); default DEFAULT_CA_DIR. */
  caDir?: string;
  /** The Bot Connector: rate limits (default: the Teams docs' values) and how many activities its record keeps. */
  connector?: ConnectorOptions;
}

export interface LocalTenant {
  /** https://localhost:{port} */
  url: string;
  port: number;
  tenantId: string;
  /** https://localhost:{port}/{tenantId}: the authority for msal-node (knownAuthorities: ['localhost:{port}']). */
  authority: string;
  /** Graph base URLs, as https://graph.microsoft.com/v1.0 and /beta. */
  graphV1: string;
  graphBeta: string;
  caCertPath: string;
  caCert: string;
  apps: AppRegistration[];
  tenant: Tenant;
  faults: Faults;
  log: RequestLog;
  /**
   * The local Bot Connector (serviceUrl = url): what the bot sent and updated (`activities`, `summary()`), its rate
   * limits (`limits`, `setLimits`) and blocks (`block`); the same is served under /_localtenant/connector/.
   */
  connector: Connector;
  stop(): Promise<void>;
}

export function defaultBotApp(clientSecret = randomBytes(24).toString('base64url')): AppRegistration {
  return {
    clientId: LOCAL_BOT_ID,
    clientSecret,
    displayName: 'Attest (local)',
    identifierUris: [`api://botid-${LOCAL_BOT_ID}`],
    applicationPermissions: [],
  };
}

export async function startLocalTenant(opts: LocalTenantOptions = {}): Promise<LocalTenant> {
  const tenant = new Tenant(CONTOSO_TENANT_ID, 'contoso.com');
  const apps = opts.apps ?? [defaultBotApp()];
  for (const app of apps) tenant.addApp(app);
  if (
    opts.botApplicationPermissions &&
    !tenant.grantApplicationPermissions(LOCAL_BOT_ID, opts.botApplicationPermissions)
  ) {
    throw new Error(
      `botApplicationPermissions: no app registration of the bot (${LOCAL_BOT_ID}) among the apps given.`,
    );
  }
  if ((opts.seed ?? 'contoso') === 'contoso') seedContoso(tenant);

  const faults = new Faults();
  const connector = new Connector(tenant.id, { botId: LOCAL_BOT_ID, ...opts.connector });
  // Teams' side of an install or uninstall for a user (Graph teamwork/installedApps): tell the bot, when it is its app.
  tenant.teamsApps.onChange(({ kind, installation }) => {
    const bot = connector.botChannel.bot;
    const user = tenant.directory.users.get(installation.userId);
    if (!bot || !user || !sameId(installation.app.botId, bot.botId)) return;
    const at = {
      tenantId: tenant.id,
      serviceUrl: `${tenant.baseUrl}/`,
      conversationId: personalConversationId(tenant.id, user.id),
    };
    const who = { aadObjectId: user.id, name: user.displayName };
    if (kind === 'installed') connector.botChannel.installed(who, at);
    else connector.botChannel.uninstalled(who, at);
  });
  const log = new RequestLog();
  let routes: Route[] = [];
  const dispatch = makeDispatch(
    () => routes,
    () => tenant.baseUrl,
    faults,
    log,
  );
  routes = [
    ...knobRoutes(tenant, faults, log),
    ...generatorRoutes(tenant),
    ...entraRoutes(tenant),
    ...connectorKnobRoutes(connector),
    ...connectorRoutes(connector),
    ...batchRoutes(dispatch),
    ...applicationRoutes(tenant),
    ...directoryRoutes(tenant),
    ...governanceRoutes(tenant),
    ...teamworkRoutes(tenant),
    ...accessReviewRoutes(tenant),
  ];

  const ca = await loadOrMakeCa(opts.caDir ?? DEFAULT_CA_DIR);
  const server = makeHttpsServer(await makeServerCert(ca), dispatch);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://localhost:${port}`;
  tenant.baseUrl = url;

  return {
    url,
    port,
    tenantId: tenant.id,
    authority: `${url}/${tenant.id}`,
    graphV1: `${url}/v1.0`,
    graphBeta: `${url}/beta`,
    caCertPath: ca.certPath,
    caCert: ca.cert,
    apps,
    tenant,
    faults,
    log,
    connector,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
