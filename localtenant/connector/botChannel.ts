import { randomUUID } from 'node:crypto';

/**
 * What Teams sends the bot's messaging endpoint when the app is installed or uninstalled in a user's personal scope
 * (MicrosoftDocs/msteams-docs, msteams-platform/bots/how-to/conversations/subscribe-to-conversation-events.md:
 * "Installation update event" and "Members added" for the bot in personal scope; send-proactive-messages.md: an
 * admin's install through Graph opens the personal chat, and the bot learns it from these activities).
 *
 * Docs are silent on the order of the two activities after an install; here installationUpdate (action add) comes
 * first, then conversationUpdate (membersAdded: the bot). On uninstall only installationUpdate (action remove) is sent.
 *
 * Authentication: in Azure the channel signs each request with a Bot Framework token. The bot in local mode takes no
 * credentials and accepts anonymous requests from loopback only (src/bot/adapter.ts, src/server.ts), which is what the
 * Agents Playground sends too; so the local channel sends no Authorization header. Docs are silent on a local channel.
 */

export interface BotRegistration {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  endpoint: string;
  /** The bot's app id (recipient 28:{botId}). */
  botId: string;
  name: string;
}

export interface PersonalScopeUser {
  aadObjectId: string;
  name: string;
}

export interface BotDelivery {
  at: string;
  type: string;
  action?: string;
  conversationId: string;
  userId: string;
  /** The bot's HTTP status; 0 when it could not be reached. */
  status: number;
  error?: string;
}

export class BotChannel {
  private registration: BotRegistration | undefined;
  private readonly log: BotDelivery[] = [];
  private chain: Promise<void> = Promise.resolve();

  get bot(): BotRegistration | undefined {
    return this.registration && { ...this.registration };
  }

  register(bot: BotRegistration): void {
    if (!/^https?:\/\/[^/]+/.test(bot.endpoint)) throw new Error('"endpoint" must be an http(s) URL');
    this.registration = { ...bot };
  }

  unregister(): void {
    this.registration = undefined;
  }

  get deliveries(): BotDelivery[] {
    return this.log.map((d) => ({ ...d }));
  }

  clearDeliveries(): void {
    this.log.length = 0;
  }

  /** Resolves when every activity queued so far has been delivered (or has failed). */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Queues installationUpdate add and conversationUpdate membersAdded for a new personal chat. */
  installed(user: PersonalScopeUser, at: { tenantId: string; serviceUrl: string; conversationId: string }): void {
    const bot = this.registration;
    if (!bot) return;
    const base = personalActivity(bot, user, at);
    this.queue(bot, { ...base, type: 'installationUpdate', action: 'add' });
    this.queue(bot, {
      ...personalActivity(bot, user, at),
      type: 'conversationUpdate',
      membersAdded: [{ id: `28:${bot.botId}` }],
    });
  }

  uninstalled(user: PersonalScopeUser, at: { tenantId: string; serviceUrl: string; conversationId: string }): void {
    const bot = this.registration;
    if (!bot) return;
    this.queue(bot, { ...personalActivity(bot, user, at), type: 'installationUpdate', action: 'remove' });
  }

  private queue(bot: BotRegistration, activity: Record<string, unknown>): void {
    this.chain = this.chain.then(() => this.post(bot, activity));
  }

  private async post(bot: BotRegistration, activity: Record<string, unknown>): Promise<void> {
    const entry: BotDelivery = {
      at: new Date().toISOString(),
      type: String(activity.type),
      conversationId: String((activity.conversation as { id: string }).id),
      userId: String((activity.from as { aadObjectId: string }).aadObjectId),
      status: 0,
    };
    if (activity.action) entry.action = String(activity.action);
    try {
      const res = await fetch(bot.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(15_000),
      });
      entry.status = res.status;
      await res.arrayBuffer();
    } catch (err) {
      entry.error = (err as Error).message;
    }
    this.log.push(entry);
  }
}

/** The fields every activity in a personal chat carries, as the docs' examples show them. */
function personalActivity(
  bot: BotRegistration,
  user: PersonalScopeUser,
  at: { tenantId: string; serviceUrl: string; conversationId: string },
): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    id: `f:${randomUUID()}`,
    timestamp: now,
    localTimestamp: now,
    channelId: 'msteams',
    serviceUrl: at.serviceUrl,
    from: { id: `29:${user.aadObjectId}`, aadObjectId: user.aadObjectId, name: user.name },
    conversation: { conversationType: 'personal', tenantId: at.tenantId, id: at.conversationId },
    recipient: { id: `28:${bot.botId}`, name: bot.name },
    entities: [{ type: 'clientInfo', locale: 'en-US', platform: 'Web' }],
    channelData: { tenant: { id: at.tenantId } },
    locale: 'en-US',
  };
}
