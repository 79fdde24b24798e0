/**
 * What the local Bot Connector accepted and refused, for tests and benchmarks: the latest accepted activities with
 * their bodies, and counts that stay exact however many fell off the kept list.
 */

/** One activity the connector accepted, as GET /_localtenant/connector/activities lists it. */
export interface ConnectorActivity {
  /** The activity id: the one the connector gave a new activity, or the one the bot updated. */
  id: string;
  conversationId: string;
  /** The recipient's aadObjectId, else its channel id (29:…), else the user the conversation was last seen with. */
  userId?: string;
  /** From the activity (conversation.tenantId or channelData.tenant.id), else the local tenant's. */
  tenantId: string;
  /** 'send' for a new activity (POST, including replies and the activity of a new conversation), 'update' for PUT. */
  kind: 'send' | 'update';
  /** When the connector accepted it (wall clock, ISO 8601). */
  at: string;
  activity: Record<string, unknown>;
}

export interface ConversationCounts {
  userId?: string;
  /** New activities accepted (sends, replies, the activity of a created conversation). */
  sent: number;
  updated: number;
  /** Create conversation calls accepted that answered with this conversation. */
  created: number;
  /** Requests refused (429, 403, 404), whatever their kind. */
  refused: number;
}

/** GET /_localtenant/connector/summary. */
export interface DeliverySummary {
  /** Accepted operations: sent + updated + created. */
  accepted: number;
  sent: number;
  updated: number;
  created: number;
  /** Refused operations, and the same by HTTP status ("429", "403", "404") and by error code ("Throttled", …). */
  refused: number;
  refusedByStatus: Record<string, number>;
  refusedByCode: Record<string, number>;
  /** 429s by the limit that was full (the per-conversation one is checked first). */
  throttledBy: { conversation: number; appPerTenant: number };
  /** Per conversation id, every conversation the connector saw since the last reset. */
  conversations: Record<string, ConversationCounts>;
  /** Accepted activities kept with their bodies (the latest `keep`), and how many fell off since the last reset. */
  kept: number;
  dropped: number;
  keep: number;
}

export type ThrottleScope = keyof DeliverySummary['throttledBy'];

export class DeliveryRecord {
  readonly activities: ConnectorActivity[] = [];
  private dropped = 0;
  private sent = 0;
  private updated = 0;
  private created = 0;
  private refused = 0;
  private refusedByStatus: Record<string, number> = {};
  private refusedByCode: Record<string, number> = {};
  private throttledBy = { conversation: 0, appPerTenant: 0 };
  private conversations = new Map<string, ConversationCounts>();

  /** @param keep how many accepted activities to keep with their bodies (the latest). */
  constructor(readonly keep: number) {}

  /** The user a conversation was last seen with, for requests that do not name one (updates often do not). */
  userOf(conversationId: string): string | undefined {
    return this.conversations.get(conversationId)?.userId;
  }

  accepted(a: ConnectorActivity): void {
    const counts = this.countsOf(a.conversationId, a.userId);
    if (a.kind === 'send') {
      this.sent++;
      counts.sent++;
    } else {
      this.updated++;
      counts.updated++;
    }
    this.activities.push(a);
    if (this.activities.length > this.keep) {
      this.dropped += this.activities.length - this.keep;
      this.activities.splice(0, this.activities.length - this.keep);
    }
  }

  createdConversation(conversationId: string, userId: string | undefined): void {
    this.created++;
    this.countsOf(conversationId, userId).created++;
  }

  refusedOne(
    conversationId: string,
    userId: string | undefined,
    status: number,
    code: string,
    scope?: ThrottleScope,
  ): void {
    this.refused++;
    this.countsOf(conversationId, userId).refused++;
    this.refusedByStatus[status] = (this.refusedByStatus[status] ?? 0) + 1;
    this.refusedByCode[code] = (this.refusedByCode[code] ?? 0) + 1;
    if (scope) this.throttledBy[scope]++;
  }

  summary(): DeliverySummary {
    return {
      accepted: this.sent + this.updated + this.created,
      sent: this.sent,
      updated: this.updated,
      created: this.created,
      refused: this.refused,
      refusedByStatus: { ...this.refusedByStatus },
      refusedByCode: { ...this.refusedByCode },
      throttledBy: { ...this.throttledBy },
      conversations: Object.fromEntries([...this.conversations].map(([id, c]) => [id, { ...c }])),
      kept: this.activities.length,
      dropped: this.dropped,
      keep: this.keep,
    };
  }

  clear(): void {
    this.activities.length = 0;
    this.dropped = this.sent = this.updated = this.created = this.refused = 0;
    this.refusedByStatus = {};
    this.refusedByCode = {};
    this.throttledBy = { conversation: 0, appPerTenant: 0 };
    this.conversations.clear();
  }

  private countsOf(conversationId: string, userId: string | undefined): ConversationCounts {
    let counts = this.conversations.get(conversationId);
    if (!counts) this.conversations.set(conversationId, (counts = { sent: 0, updated: 0, created: 0, refused: 0 }));
    if (userId) counts.userId = userId;
    return counts;
  }
}
