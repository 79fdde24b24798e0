/**
 * All settings, read and validated once at start-up. A missing or bad setting stops start-up with a message that
 * names the variable and what it expects. Nothing else in the bot reads process.env.
 */

import { BlockList, isIP } from 'node:net';
import { LOG_LEVELS, LogLevel } from './logging';
import { validTimeZone } from './reviews/localTime';

export type ListMode = 'beta' | 'v1';

/**
 * The largest page of people a card shows: with every text at its longest, everyone failed and the justification
 * kept, ten people make a card of about 72 KB, under the 78 KB a card may weigh (MAX_CARD_BYTES); more would not fit.
 */
export const MAX_PAGE_SIZE = 10;

export interface Config {
  /** Explicit local mode: anonymous Bot Framework requests from loopback, SSO tokens from the local tenant. */
  localMode: boolean;
  port: number;
  /** The address to listen on; in local mode a loopback address only. */
  host: string;
  bot: {
    /** Bot Framework app (BOT_ID / BOT_PASSWORD); undefined only in local mode. With a managed identity, its client id. */
    appId?: string;
    appPassword?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId?: string;
    /** Where the keys that sign the Bot Framework channel's tokens are published (BOT_OPENID_METADATA_URL). */
    openIdMetadataUrl: string;
  };
  aad: {
    clientId: string;
    clientSecret: string;
    tenantId: string;
    /** e.g. https://login.microsoftonline.com/{tenant} */
    authority: string;
    /** Hosts msal-node may use without instance discovery (a local or sovereign authority). */
    knownAuthorities: string[];
    /** Name of the OAuth connection of the Azure Bot resource, sent on sign-in cards (Teams SSO). */
    ssoConnectionName: string;
  };
  graph: {
    /** Graph host root, e.g. https://graph.microsoft.com (no version). */
    baseUrl: string;
    /** 'beta': one call for all my decisions (decisions/filterByCurrentUser); 'v1': the definitions -> instances -> decisions walk. */
    listMode: ListMode;
    timeoutMs: number;
    maxRetries: number;
  };
  storage: {
    connectionString: string;
    container: string;
  };
  /** 32-byte key for the token cache (AES-256-GCM). */
  tokenCacheKey: Buffer;
  /** Local mode only: the endpoint that mints the Playground user's Teams SSO token (standing in for the Teams client). */
  localSsoUrl?: string;
  pageSize: number;
  /**
   * Whether each row of a role or PIM-for-Groups review says eligible or active, permanent or until when, member or
   * owner (ASSIGNMENT_DETAILS_ENABLED, default false). On, the bot asks for four more delegated permissions, which
   * need an administrator's consent (src/auth/tokenService.ts ASSIGNMENT_DETAIL_SCOPES).
   */
  assignmentDetails: boolean;
  /** Owners may create reviews of applications (needs delegated Application.Read.All). */
  appReviews: boolean;
  reminders: ReminderConfig;
  /** Reaching reviewers who never opened Attest, and telling owners who has not started (off by default). */
  reach: ReachConfig;
  /** How much is logged (LOG_LEVEL, default info). */
  logLevel: LogLevel;
}

/** Proactive reminders: the poll queue and how fast it goes (tests make it fast; production keeps the defaults). */
export interface ReminderConfig {
  /** Enrol reviewers on sign-in and poll them (REMINDERS_ENABLED, default true). */
  enabled: boolean;
  /** The Azure Storage queue of poll jobs, in STORAGE_CONNECTION_STRING's account (REMINDER_QUEUE). */
  queueName: string;
  /** Longest wait between two polls of a reviewer (POLL_INTERVAL_SECONDS, default 900 = 15 minutes). */
  intervalMs: number;
  /** How long a taken job is hidden from other instances; a crashed instance's jobs come back after it (POLL_LEASE_SECONDS). */
  leaseMs: number;
  /** Polls in flight at once in this instance (POLL_CONCURRENCY). */
  concurrency: number;
  /** This instance's share of Teams' 50 proactive messages per second per app and tenant (PROACTIVE_RATE_PER_SECOND). */
  perSecond: number;
}

/**
 * First contact and escalation (FIRST_CONTACT_ENABLED, default false): a tenant scan with application permissions
 * (AccessReview.Read.All, TeamsAppInstallation.ReadWriteSelfForUser.All; src/auth/appTokens.ts) finds every reviewer
 * with work, adds Attest for those who lack it and tells each once; past a share of a review's time it lists to the
 * review's creator the reviewers who have recorded nothing. Needs reminders on (the same queue and sender).
 */
export interface ReachConfig {
  enabled: boolean;
  /** Attest's id in the organization's Teams app catalog (TEAMS_APP_CATALOG_ID), which installs name. */
  teamsAppCatalogId?: string;
  /** Longest wait between two tenant scans (SCAN_INTERVAL_SECONDS, default 3600). */
  scanIntervalMs: number;
  /** How long a taken scan job is hidden from other instances (SCAN_LEASE_SECONDS, default 900). */
  scanLeaseMs: number;
  /** Quiet hours and days off for people with no settings of their own are read in this zone (DEFAULT_TIME_ZONE). */
  defaultTimeZone: string;
  /** Their quiet hours (DEFAULT_QUIET_HOURS, `19:00-08:00` by default, `none` for none). */
  defaultQuietHours: { start: string; end: string } | null;
  /** Their days off, 0 = Sunday (DEFAULT_DAYS_OFF, `0,6` by default, `none` for none). */
  defaultDaysOff: number[];
  /** Share of a review's duration after which its creator hears who has recorded nothing (ESCALATE_AT_SHARE, 0.5). */
  escalateAtShare: number;
  /** Also tell each such reviewer's manager (ESCALATE_TO_MANAGERS, default false; application User.Read.All). */
  escalateToManagers: boolean;
  /** Members of this group may use `reach` (REACH_ADMIN_GROUP_ID). */
  adminGroupId?: string;
  /**
   * Holders of the roles that read every review may use `reach` too (REACH_ADMINS_BY_ROLE, default false): the bot
   * then asks for delegated RoleManagement.Read.Directory, without which Graph hides a role's template id.
   */
  adminsByRole: boolean;
  /**
   * App-only tokens are had with a certificate when these are set (AAD_APP_CERTIFICATE_KEY_FILE: the PEM private key;
   * AAD_APP_CERTIFICATE_THUMBPRINT: its SHA-256 thumbprint in hex), else with AAD_APP_CLIENT_SECRET.
   */
  certificate?: { keyFile: string; thumbprintSha256: string };
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The public cloud's Bot Framework OpenID metadata: the keys that sign what the channel sends to the bot. */
const BOT_FRAMEWORK_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** localhost, 127.0.0.0/8 or ::1: addresses no other machine can reach. */
function isLoopback(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string, expects: string, fallback?: string): string => {
    const v = env[name]?.trim();
    if (v) return v;
    if (fallback !== undefined) return fallback;
    problems.push(`${name} is missing: ${expects}`);
    return '';
  };
  const guid = (name: string, what: string, optional = false): string | undefined => {
    const v = env[name]?.trim();
    if (!v) {
      if (!optional) problems.push(`${name} is missing: expected ${what} (a GUID)`);
      return undefined;
    }
    if (!GUID.test(v)) problems.push(`${name} must be ${what} (a GUID), got "${v}"`);
    return v;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const url = (name: string, fallback?: string): string => {
    const v = str(name, 'expected an https:// URL', fallback);
    if (!v) return v;
    try {
      const u = new URL(v);
      if (u.protocol !== 'https:') problems.push(`${name} must be an https:// URL, got "${v}"`);
    } catch {
      problems.push(`${name} must be an https:// URL, got "${v}"`);
    }
    return v.replace(/\/+$/, '');
  };

  const modeRaw = (env.ATTEST_MODE ?? 'azure').trim().toLowerCase();
  if (modeRaw !== 'local' && modeRaw !== 'azure')
    problems.push(`ATTEST_MODE must be "local" or "azure", got "${env.ATTEST_MODE}"`);
  const localMode = modeRaw === 'local';

  const appType = (env.BOT_TYPE?.trim() || 'SingleTenant') as Config['bot']['appType'];
  if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType)) {
    problems.push(`BOT_TYPE must be MultiTenant, SingleTenant or UserAssignedMSI, got "${env.BOT_TYPE}"`);
  }
  const managedIdentity = appType === 'UserAssignedMSI';
  const botId = guid(
    'BOT_ID',
    managedIdentity ? "the client id of the bot's user-assigned managed identity" : "the bot's Microsoft App ID",
    localMode,
  );
  const botPassword = env.BOT_PASSWORD?.trim() || undefined;
  if (localMode) {
    // Local mode turns the Bot Framework token check off. Bot credentials mean a real bot registration: settings made
    // for Azure, where a copied or mistyped ATTEST_MODE must not open the bot to anonymous requests.
    if (botPassword || managedIdentity)
      problems.push(
        `ATTEST_MODE is "local" but ${botPassword ? 'BOT_PASSWORD is set' : 'BOT_TYPE is UserAssignedMSI'}: local mode ` +
          'accepts requests without a Bot Framework token and takes no bot credentials; use ATTEST_MODE=azure',
      );
  } else if (managedIdentity) {
    if (botPassword)
      problems.push('BOT_PASSWORD must not be set with BOT_TYPE=UserAssignedMSI: the managed identity has no secret');
  } else if (!botPassword) {
    problems.push('BOT_PASSWORD is missing: expected the client secret of the bot app (BOT_ID)');
  }
  const host = env.HOST?.trim() || (localMode ? '127.0.0.1' : '0.0.0.0');
  if (localMode && !isLoopback(host))
    problems.push(
      `HOST must be a loopback address in local mode (127.0.0.1, ::1 or localhost), got "${host}": local mode accepts ` +
        'requests without a Bot Framework token',
    );

  const tenantId = guid('AAD_APP_TENANT_ID', 'the Entra tenant id') ?? '';
  const authorityHost = url('AAD_APP_OAUTH_AUTHORITY_HOST', 'https://login.microsoftonline.com');
  const knownAuthorities = (env.AAD_KNOWN_AUTHORITIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

  const listMode = (env.GRAPH_LIST_MODE?.trim() || 'beta') as ListMode;
  if (listMode !== 'beta' && listMode !== 'v1')
    problems.push(`GRAPH_LIST_MODE must be "beta" or "v1", got "${env.GRAPH_LIST_MODE}"`);

  const keyRaw = str('TOKEN_CACHE_KEY', 'expected 32 random bytes in base64 (e.g. `openssl rand -base64 32`)');
  const tokenCacheKey = Buffer.from(keyRaw, 'base64');
  if (keyRaw && tokenCacheKey.length !== 32) {
    problems.push(`TOKEN_CACHE_KEY must be 32 bytes in base64 (44 characters), got ${tokenCacheKey.length} bytes`);
  }

  const enabledRaw = (env.REMINDERS_ENABLED ?? 'true').trim().toLowerCase();
  if (enabledRaw !== 'true' && enabledRaw !== 'false')
    problems.push(`REMINDERS_ENABLED must be "true" or "false", got "${env.REMINDERS_ENABLED}"`);
  const detailsRaw = (env.ASSIGNMENT_DETAILS_ENABLED ?? 'false').trim().toLowerCase() || 'false';
  if (detailsRaw !== 'true' && detailsRaw !== 'false')
    problems.push(`ASSIGNMENT_DETAILS_ENABLED must be "true" or "false", got "${env.ASSIGNMENT_DETAILS_ENABLED}"`);
  const appReviewsRaw = (env.APP_REVIEWS_ENABLED ?? 'true').trim().toLowerCase() || 'true';
  if (appReviewsRaw !== 'true' && appReviewsRaw !== 'false')
    problems.push(`APP_REVIEWS_ENABLED must be "true" or "false", got "${env.APP_REVIEWS_ENABLED}"`);
  const queueName = env.REMINDER_QUEUE?.trim() || 'attest-polls';
  // Azure Storage queue names: 3-63 lower-case letters, digits and single hyphens.
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(queueName))
    problems.push(`REMINDER_QUEUE must be a queue name (3-63 lower-case letters, digits, hyphens), got "${queueName}"`);

  const flag = (name: string, fallback: boolean): boolean => {
    const raw = (env[name] ?? '').trim().toLowerCase();
    if (!raw) return fallback;
    if (raw !== 'true' && raw !== 'false') problems.push(`${name} must be "true" or "false", got "${env[name]}"`);
    return raw === 'true';
  };
  const reachEnabled = flag('FIRST_CONTACT_ENABLED', false);
  const catalogId = guid('TEAMS_APP_CATALOG_ID', "Attest's id in the Teams app catalog", !reachEnabled);
  if (reachEnabled && enabledRaw === 'false')
    problems.push(
      'FIRST_CONTACT_ENABLED=true needs reminders (REMINDERS_ENABLED=true): it uses their queue and sender',
    );
  const zoneRaw = env.DEFAULT_TIME_ZONE?.trim() || 'UTC';
  const defaultTimeZone = validTimeZone(zoneRaw) ?? 'UTC';
  if (!validTimeZone(zoneRaw))
    problems.push(`DEFAULT_TIME_ZONE must be an IANA time zone such as Europe/Berlin, got "${zoneRaw}"`);
  const quietRaw = (env.DEFAULT_QUIET_HOURS?.trim() || '19:00-08:00').toLowerCase();
  const quietMatch = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(quietRaw);
  if (quietRaw !== 'none' && (!quietMatch || quietRaw.slice(0, 5) === quietRaw.slice(6)))
    problems.push(
      `DEFAULT_QUIET_HOURS must be HH:MM-HH:MM (e.g. 19:00-08:00) or none, got "${env.DEFAULT_QUIET_HOURS}"`,
    );
  const defaultQuietHours = quietMatch ? { start: quietRaw.slice(0, 5), end: quietRaw.slice(6) } : null;
  const daysRaw = (env.DEFAULT_DAYS_OFF?.trim() || '0,6').toLowerCase();
  const defaultDaysOff =
    daysRaw === 'none' ? [] : [...new Set(daysRaw.split(',').map((d) => Number(d.trim())))].sort((a, b) => a - b);
  if (daysRaw !== 'none' && !defaultDaysOff.every((d) => Number.isInteger(d) && d >= 0 && d <= 6))
    problems.push(
      `DEFAULT_DAYS_OFF must be days 0-6 (0 = Sunday) separated by commas, or none, got "${env.DEFAULT_DAYS_OFF}"`,
    );
  const shareRaw = env.ESCALATE_AT_SHARE?.trim();
  const escalateAtShare = shareRaw ? Number(shareRaw) : 0.5;
  if (!(escalateAtShare > 0 && escalateAtShare < 1))
    problems.push(
      `ESCALATE_AT_SHARE must be a number between 0 and 1 (a share of the review's time), got "${shareRaw}"`,
    );

  const keyFile = env.AAD_APP_CERTIFICATE_KEY_FILE?.trim();
  const thumbprint = env.AAD_APP_CERTIFICATE_THUMBPRINT?.trim();
  if (!!keyFile !== !!thumbprint)
    problems.push('AAD_APP_CERTIFICATE_KEY_FILE and AAD_APP_CERTIFICATE_THUMBPRINT go together: set both or neither');
  if (thumbprint && !/^[0-9a-f]{64}$/i.test(thumbprint))
    problems.push('AAD_APP_CERTIFICATE_THUMBPRINT must be the SHA-256 thumbprint in hex (64 characters)');

  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);

  const config: Config = {
    localMode,
    port: int('PORT', 3978, 1, 65535),
    host,
    bot: {
      appId: botId,
      appPassword: botPassword,
      appType,
      tenantId: guid('BOT_TENANT_ID', 'the bot tenant id', true) ?? tenantId,
      openIdMetadataUrl: url('BOT_OPENID_METADATA_URL', BOT_FRAMEWORK_OPENID_METADATA_URL),
    },
    aad: {
      clientId: guid('AAD_APP_CLIENT_ID', 'the client id of the app that signs users in (Teams SSO)') ?? '',
      clientSecret: str('AAD_APP_CLIENT_SECRET', 'expected the client secret of AAD_APP_CLIENT_ID'),
      tenantId,
      authority: `${authorityHost}/${tenantId}`,
      knownAuthorities,
      ssoConnectionName: env.SSO_CONNECTION_NAME?.trim() || 'attest-sso',
    },
    graph: {
      baseUrl: url('GRAPH_BASE_URL', 'https://graph.microsoft.com'),
      listMode,
      timeoutMs: int('GRAPH_TIMEOUT_MS', 30_000, 1000, 300_000),
      maxRetries: int('GRAPH_MAX_RETRIES', 3, 0, 10),
    },
    storage: {
      connectionString: str(
        'STORAGE_CONNECTION_STRING',
        'expected an Azure Storage connection string (Azurite locally)',
      ),
      container: env.STORAGE_CONTAINER?.trim() || 'attest-state',
    },
    tokenCacheKey,
    localSsoUrl: localMode ? url('LOCAL_SSO_URL') : undefined,
    pageSize: int('PAGE_SIZE', 10, 1, MAX_PAGE_SIZE),
    assignmentDetails: detailsRaw === 'true',
    appReviews: appReviewsRaw === 'true',
    reminders: {
      enabled: enabledRaw !== 'false',
      queueName,
      intervalMs: int('POLL_INTERVAL_SECONDS', 900, 1, 86_400) * 1000,
      leaseMs: int('POLL_LEASE_SECONDS', 120, 1, 3600) * 1000,
      concurrency: int('POLL_CONCURRENCY', 16, 1, 32),
      perSecond: int('PROACTIVE_RATE_PER_SECOND', 50, 1, 50),
    },
    reach: {
      enabled: reachEnabled,
      teamsAppCatalogId: catalogId,
      scanIntervalMs: int('SCAN_INTERVAL_SECONDS', 3600, 5, 86_400) * 1000,
      scanLeaseMs: int('SCAN_LEASE_SECONDS', 900, 5, 3600) * 1000,
      defaultTimeZone,
      defaultQuietHours,
      defaultDaysOff,
      escalateAtShare,
      escalateToManagers: flag('ESCALATE_TO_MANAGERS', false),
      adminGroupId: guid('REACH_ADMIN_GROUP_ID', 'the id of the group whose members may use `reach`', true),
      adminsByRole: flag('REACH_ADMINS_BY_ROLE', false),
      certificate: keyFile && thumbprint ? { keyFile, thumbprintSha256: thumbprint } : undefined,
    },
    logLevel,
  };
  if (problems.length) throw new ConfigError(`Attest cannot start; fix these settings:\n- ${problems.join('\n- ')}`);
  return config;
}
