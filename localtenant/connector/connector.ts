import { performance } from 'node:perf_hooks';
import { Res } from '../http';
import { BotChannel } from './botChannel';
import { ConnectorActivity, DeliveryRecord, DeliverySummary } from './deliveries';
import { BLOCK_CODES, BlockCode, blockedError, isBlockCode, throttledError } from './errors';
import { ConnectorLimits, invalidWindows, SlidingWindows, teamsLimits } from './rateLimits';

export interface ConnectorOptions {
  /** Rate limits; each field left out keeps the documented value (teamsLimits()). */
  limits?: Partial<ConnectorLimits>;
  /** How many accepted activities the record keeps with their bodies (the latest); counts stay exact. Default 50,000. */
  keep?: number;
  /** The bot's messaging endpoint, to send it what Teams sends after an install; also PUT /_localtenant/connector/bot. */
  botEndpoint?: string;
  /** The bot's app id, for the recipient of those activities (default: none until a registration names one). */
  botId?: string;
}

/** Makes the connector refuse writes to a conversation, or to a user in any conversation, with a Teams error. */
export interface BlockRule {
  conversation?: string;
  /** The user's aadObjectId or channel id (29:…), as the activity's recipient names them. */
  user?: string;
  code: BlockCode;
}

/** One write the bot asks for, as the routes read it from the request. */
export interface Write {
  kind: 'send' | 'update' | 'create';
  conversationId: string;
  /** The activity id the connector gives (send, create) or the bot names (update). */
  activityId: string;
  /** The activity to keep; a create without an activity keeps none. */
  activity?: Record<string, unknown>;
  /** Every id the request gives its user (aadObjectId first, then the channel id), to match blocks and to record. */
  userIds: string[];
  /** Undefined: the local tenant's. */
  tenantId?: string;
  /** The calling app, from the bearer token; 'anonymous' without one. */
  appId: string;
}

export const DEFAULT_KEEP = 50_000;

/**
 * The local Bot Connector's behaviour, apart from HTTP: Teams' rate limits (429), blocks (403/404) and the delivery
 * record. The routes in routes.ts and knobRoutes.ts call it; tests can reach it in process as LocalTenant.connector.
 */
export class Connector {
  private readonly record: DeliveryRecord;
  private readonly startLimits: ConnectorLimits;
  private limitsNow: ConnectorLimits;
  private readonly perConversation: SlidingWindows;
  private readonly perAppPerTenant: SlidingWindows;
  private blockRules: BlockRule[] = [];
  /** Where the connector sends the bot what Teams sends after an install (botChannel.ts). */
  readonly botChannel = new BotChannel();

  constructor(
    /** The tenant of writes whose activity names none. */
    readonly defaultTenantId: string,
    opts: ConnectorOptions = {},
    /** Milliseconds from a monotonic clock: rate windows follow real time, not the tenant clock a test moves. */
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.startLimits = checkedLimits({ ...teamsLimits(), ...opts.limits });
    this.limitsNow = this.startLimits;
    this.perConversation = new SlidingWindows(this.limitsNow.perConversation);
    this.perAppPerTenant = new SlidingWindows(this.limitsNow.perAppPerTenant);
    this.record = new DeliveryRecord(opts.keep ?? DEFAULT_KEEP);
    this.defaultBotId = opts.botId ?? '';
    if (opts.botEndpoint)
      this.botChannel.register({ endpoint: opts.botEndpoint, botId: this.defaultBotId, name: 'Attest' });
  }

  /** The bot's app id when a registration of its endpoint names none. */
  readonly defaultBotId: string;

  /** The latest accepted activities (at most `keep`), oldest first. */
  get activities(): ConnectorActivity[] {
    return this.record.activities;
  }

  summary(): DeliverySummary {
    return this.record.summary();
  }

  /** Accepted activities of one conversation still kept, oldest first. */
  activitiesOf(conversationId: string): ConnectorActivity[] {
    return this.record.activities.filter((a) => a.conversationId === conversationId);
  }

  get limits(): ConnectorLimits {
    return this.limitsNow;
  }

  /** Replaces the given fields of the limits (throws on a bad value); the windows so far stay counted. */
  setLimits(changes: Partial<ConnectorLimits>): ConnectorLimits {
    this.limitsNow = checkedLimits({ ...this.limitsNow, ...changes });
    this.perConversation.setWindows(this.limitsNow.perConversation);
    this.perAppPerTenant.setWindows(this.limitsNow.perAppPerTenant);
    return this.limitsNow;
  }

  /** Back to the limits the connector started with, with empty windows. */
  resetLimits(): ConnectorLimits {
    this.setLimits(this.startLimits);
    this.perConversation.clear();
    this.perAppPerTenant.clear();
    return this.limitsNow;
  }

  get blocks(): BlockRule[] {
    return this.blockRules.map((b) => ({ ...b }));
  }

  block(rule: BlockRule): void {
    if (!isBlockCode(rule.code)) throw new Error(`"code" must be one of ${Object.keys(BLOCK_CODES).join(', ')}`);
    if (!rule.conversation && !rule.user) throw new Error('a block names a conversation or a user');
    this.blockRules.push({ ...rule });
  }

  clearBlocks(): void {
    this.blockRules = [];
  }

  /** Forgets the accepted activities and every count. */
  clearRecord(): void {
    this.record.clear();
  }

  /** Everything as at start: record, counts, rate windows, blocks and limits. */
  reset(): void {
    this.botChannel.clearDeliveries();
    this.clearRecord();
    this.clearBlocks();
    this.resetLimits();
  }

  /**
   * Decides one write: the refusal to answer with, or undefined when the connector accepted (and recorded) it.
   * Rate limits come first, as a gateway would apply them; an operation they let through uses up its place in the
   * windows even when a block then refuses it. Docs are silent on both orders; the 50 per second are "requests".
   */
  write(w: Write): Res | undefined {
    const tenantId = w.tenantId || this.defaultTenantId;
    const userId = w.userIds[0] ?? this.record.userOf(w.conversationId);
    const conversationKey = `${w.appId} ${w.conversationId}`;
    const appKey = `${w.appId} ${tenantId}`;
    const now = this.nowMs();
    const conversationWait = this.perConversation.waitMs(conversationKey, now);
    const appWait = this.perAppPerTenant.waitMs(appKey, now);
    if (conversationWait > 0 || appWait > 0) {
      const scope = conversationWait > 0 ? 'conversation' : 'appPerTenant';
      this.record.refusedOne(w.conversationId, userId, 429, 'Throttled', scope);
      const seconds = Math.max(1, Math.ceil(Math.max(conversationWait, appWait) / 1000));
      return throttledError(this.limitsNow.retryAfter ? seconds : undefined);
    }
    this.perConversation.record(conversationKey, now);
    this.perAppPerTenant.record(appKey, now);

    const ids = userId && !w.userIds.includes(userId) ? [...w.userIds, userId] : w.userIds;
    const rule = this.blockRules.find(
      (b) =>
        (b.conversation === undefined || b.conversation === w.conversationId) &&
        (b.user === undefined || ids.includes(b.user)),
    );
    if (rule) {
      const refusal = blockedError(rule.code);
      this.record.refusedOne(w.conversationId, userId, refusal.status, rule.code);
      return refusal;
    }

    if (w.kind === 'create') this.record.createdConversation(w.conversationId, userId);
    if (w.activity) {
      this.record.accepted({
        id: w.activityId,
        conversationId: w.conversationId,
        userId,
        tenantId,
        kind: w.kind === 'update' ? 'update' : 'send',
        at: new Date().toISOString(),
        activity: w.activity,
      });
    }
    return undefined;
  }
}

function checkedLimits(limits: ConnectorLimits): ConnectorLimits {
  for (const field of ['perConversation', 'perAppPerTenant'] as const) {
    const problem = invalidWindows(limits[field]);
    if (problem) throw new Error(`connector limits: ${field}: ${problem}`);
  }
  if (typeof limits.retryAfter !== 'boolean') throw new Error('connector limits: retryAfter must be true or false');
  return {
    perConversation: limits.perConversation.map((w) => ({ operations: w.operations, seconds: w.seconds })),
    perAppPerTenant: limits.perAppPerTenant.map((w) => ({ operations: w.operations, seconds: w.seconds })),
    retryAfter: limits.retryAfter,
  };
}
