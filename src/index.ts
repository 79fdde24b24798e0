import { TeamsAdapter } from '@microsoft/teams-ai';
import { localSsoTokenSource } from './auth/localSso';
import { TokenCacheStore } from './auth/tokenCacheStore';
import { graphScopes, TokenService } from './auth/tokenService';
import { retryOnRefusedToken } from './graph/refusedToken';
import { createBot } from './bot/app';
import { createAdapter } from './bot/adapter';
import { ConversationReferences } from './storage/conversationReferences';
import { Config, ConfigError, loadConfig } from './config';
import { correlated, createLogger, Logger } from './logging';
import { createServer } from './server';
import { createHealth, storageCheck, tokenEndpointCheck } from './health';
import { createStorage } from './storage/blobStorage';
import { OnceOnly } from './storage/onceOnly';
import { ProactiveSender } from './bot/proactiveSender';
import { withTurnBudget } from './bot/turnBudget';
import { withTurnLog } from './bot/turnLog';
import { createGraphClient } from './graph/client';
import { myReviewCounts } from './graph/reminderCounts';
import { PollWorker } from './notify/pollWorker';
import { EtagDocuments } from './storage/etagDocuments';
import { GroupFactsReader } from './graph/groupFacts';
import { AssignmentDetailsReader } from './graph/assignmentDetails';
import { LeasedJob, PollQueue, ScanJob } from './storage/pollQueue';
import { ReachReport } from './reviews/reach';
import { ReminderState } from './storage/reminderState';
import { ReminderSettingsStore } from './storage/reminderSettingsStore';
import { onOversizedCard } from './views/renderCard';
import { readFileSync } from 'node:fs';
import { AppTokens } from './auth/appTokens';
import { ReachWorker } from './notify/reachWorker';
import { ReachState } from './storage/reachState';

/** The composition root: reads the configuration once and wires every part. Nothing else constructs dependencies. */
export function buildBot(config: Config, log: Logger = createLogger(config.logLevel)) {
  // A card too long for Teams is never sent (renderCard shows a short one instead); this says which one it was.
  onOversizedCard((card) => log.warn(card, 'card too long for Teams: a short one sent instead'));
  const storage = createStorage(config.storage.connectionString, config.storage.container);
  const tokens = new TokenService(
    {
      clientId: config.aad.clientId,
      clientSecret: config.aad.clientSecret,
      authority: config.aad.authority,
      knownAuthorities: config.aad.knownAuthorities,
      scopes: graphScopes({
        assignmentDetails: config.assignmentDetails,
        appReviews: config.appReviews,
        reachRoles: config.reach.enabled && config.reach.adminsByRole,
      }),
    },
    new TokenCacheStore(storage, config.tokenCacheKey),
    config.localMode && config.localSsoUrl ? localSsoTokenSource(config.localSsoUrl, config.aad.clientId) : undefined,
  );
  const adapter = createAdapter(config.localMode ? undefined : config.bot, log);
  const references = new ConversationReferences(storage);
  const once = new OnceOnly(config.storage.connectionString, config.storage.container);
  const botAppId = config.bot.appId ?? config.aad.clientId;
  const documents = new EtagDocuments(config.storage.connectionString, config.storage.container);
  const reminderState = new ReminderState(documents);
  const reminders = config.reminders.enabled
    ? buildReminders(config, adapter, tokens, references, reminderState, botAppId, log)
    : undefined;
  const reach =
    reminders && config.reach.enabled
      ? buildReach(config, reminders, references, reminderState, documents, log)
      : undefined;
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
      createAttempts: documents,
      appReviews: config.appReviews,
      groupFacts: new GroupFactsReader(),
      assignmentDetails: config.assignmentDetails ? new AssignmentDetailsReader() : undefined,
      reminderSettings: {
        store: new ReminderSettingsStore(reminderState, config.aad.tenantId),
        reportedTimeZone: async (userId) => (await references.find(config.aad.tenantId, userId))?.timeZone,
        replan: reminders ? (userId) => reminders.worker.replan(config.aad.tenantId, userId) : undefined,
      },
      reach: reach && {
        notMe: (userId, instanceId) => reach.notMe(userId, instanceId),
        tell: (userId, card) => reach.tell(userId, card),
        report: () => reach.report(),
        adminGroupId: config.reach.adminGroupId,
        adminsByRole: config.reach.adminsByRole,
      },
    },
    signIn: { botAppId, connectionName: config.aad.ssoConnectionName },
    references,
    seen: reminders?.seen,
    installHooks: reach && {
      chatOpened: (userId) => reach.chatOpened(userId),
      removed: (userId) => reach.removed(userId),
    },
    once,
    log,
  });
  const health = createHealth({
    storage: storageCheck(config.storage.connectionString, config.storage.container),
    tokenEndpoint: tokenEndpointCheck(config.aad.authority),
  });
  const server = createServer(adapter, withTurnBudget(withTurnLog(app, log)), { localMode: config.localMode, health });
  return { app, adapter, server, storage, tokens, reminders, reach };
}

/**
 * First contact and escalation (FIRST_CONTACT_ENABLED): the tenant scan with an app-only Graph client, on the poll
 * queue and through the reminders' sender, so the two share Teams' rate limits and any instance takes the scan.
 */
function buildReach(
  config: Config,
  reminders: NonNullable<ReturnType<typeof buildReminders>>,
  references: ConversationReferences,
  reminderState: ReminderState,
  documents: EtagDocuments,
  log: Logger,
) {
  const cert = config.reach.certificate;
  const appTokens = new AppTokens({
    clientId: config.aad.clientId,
    authority: config.aad.authority,
    knownAuthorities: config.aad.knownAuthorities,
    credential: cert
      ? { certificate: { privateKey: readFileSync(cert.keyFile, 'utf8'), thumbprintSha256: cert.thumbprintSha256 } }
      : { clientSecret: config.aad.clientSecret },
  });
  const state = new ReachState(documents);
  const worker = new ReachWorker({
    tenantId: config.aad.tenantId,
    queue: reminders.queue,
    state,
    reminders: reminderState,
    references,
    appGraph: (fresh) => {
      let refresh = !!fresh;
      return createGraphClient(
        () => {
          const token = appTokens.graphToken(refresh);
          refresh = false;
          return token;
        },
        { ...config.graph },
      );
    },
    catalogAppId: config.reach.teamsAppCatalogId!,
    deliver: (saved, card, jobLog) => reminders.sender.deliver(saved, card, jobLog),
    now: () => new Date(),
    log,
    settings: {
      intervalMs: config.reach.scanIntervalMs,
      leaseMs: config.reach.scanLeaseMs,
      defaultTimeZone: config.reach.defaultTimeZone,
      defaultQuietHours: config.reach.defaultQuietHours,
      defaultDaysOff: config.reach.defaultDaysOff,
      escalateAtShare: config.reach.escalateAtShare,
      escalateToManagers: config.reach.escalateToManagers,
      concurrency: config.reminders.concurrency,
    },
  });
  reminders.scanJobs.handler = (leased) => worker.work(leased);
  return Object.assign(worker, {
    report: () => documents.read<ReachReport>(state.reportKey(config.aad.tenantId)).then((d) => d.value),
  });
}

/**
 * Reminders: the poll worker (src/notify) with Graph read as the reviewer, and the Bot Framework sender (src/bot).
 * Reviewers are enrolled when they sign in; the single tenant the app serves is theirs.
 */
function buildReminders(
  config: Config,
  adapter: TeamsAdapter,
  tokens: TokenService,
  references: ConversationReferences,
  state: ReminderState,
  botAppId: string,
  log: Logger,
) {
  const sender = new ProactiveSender(adapter, { botAppId, perSecond: config.reminders.perSecond });
  const queue = new PollQueue(config.storage.connectionString, config.reminders.queueName);
  // The tenant scan's jobs share the queue; first contact, when on, takes them (buildReach).
  const scanJobs: { handler?: (leased: LeasedJob<ScanJob>) => Promise<unknown> } = {};
  const worker = new PollWorker({
    queue,
    scanJob: config.reach.enabled ? async (leased) => scanJobs.handler?.(leased) : undefined,
    state,
    references,
    readReviews: (userId) =>
      retryOnRefusedToken(
        tokens,
        userId,
        async () => {
          const token = await tokens.graphToken(userId);
          return myReviewCounts(createGraphClient(async () => token, { ...config.graph }));
        },
        'The sign-in was refused.',
      ),
    deliver: (saved, card, jobLog) => sender.deliver(saved, card, jobLog),
    now: () => new Date(),
    log,
    settings: {
      intervalMs: config.reminders.intervalMs,
      leaseMs: config.reminders.leaseMs,
      concurrency: config.reminders.concurrency,
    },
  });
  const enrolmentFailed = (userId: string) => (err: unknown) =>
    correlated(log, { job: 'enrol', userId }).warn({ err }, 'reminder enrolment failed');
  tokens.whenSignedIn((userId) => worker.enrol(config.aad.tenantId, userId).catch(enrolmentFailed(userId)));
  // Someone who takes a turn is enrolled again if their enrolment lapsed and they still have a session: one read of
  // the enrolment beside the turn, and of the session only when it lapsed.
  const seen = (userId: string) =>
    void worker.enrol(config.aad.tenantId, userId, () => tokens.hasSession(userId)).catch(enrolmentFailed(userId));
  return { worker, sender, seen, queue, scanJobs };
}

export async function start(config: Config, log = createLogger(config.logLevel)): Promise<ReturnType<typeof buildBot>> {
  const bot = buildBot(config, log);
  await new Promise<void>((resolve) => bot.server.listen(config.port, config.host, () => resolve()));
  bot.reminders?.worker.start();
  // One scan job for the tenant: queued by the first instance to find none (or its job lost), due a minute later.
  bot.reach?.ensureScheduled(60_000).catch((err) => log.warn({ err }, 'tenant scan not scheduled'));
  const mode = config.localMode
    ? 'LOCAL mode: anonymous requests from this machine only; Teams SSO stands in through the local tenant'
    : `Azure mode: Bot Framework JWT required for bot ${config.bot.appId}`;
  log.info(
    { host: config.host, port: config.port, localMode: config.localMode, reminders: config.reminders.enabled },
    `Attest listening on http://${config.host}:${config.port}/api/messages (${mode}).`,
  );
  return bot;
}

if (require.main === module) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    // The settings are not read yet, LOG_LEVEL included: this one line goes out at the default level.
    const log = createLogger();
    if (err instanceof ConfigError) log.fatal(err.message);
    else log.fatal({ err }, 'Attest cannot start');
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  start(config, log).catch((err) => {
    log.fatal({ err }, 'Attest failed to start');
    process.exit(1);
  });
}
