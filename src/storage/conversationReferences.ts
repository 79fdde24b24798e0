import { ConversationReference, Storage, TurnContext } from 'botbuilder';
import { isGuid } from '../reviews/actions';

/**
 * Where to reach each reviewer proactively: the conversation reference of their personal chat with the bot, kept
 * from install and from their messages, removed on uninstall. Keyed by tenant and user.
 */
export class ConversationReferences {
  /** Keys this instance has written since it started: a message needs no write when install already did it. */
  private readonly known = new Set<string>();

  constructor(private readonly storage: Storage) {}

  private key(tenantId: string, userId: string): string {
    return `refs/${tenantId}/${userId}`;
  }

  private keyOf(context: TurnContext): string | undefined {
    const userId = context.activity.from?.aadObjectId;
    const tenantId =
      context.activity.conversation?.tenantId ??
      (context.activity.channelData as { tenant?: { id?: string } })?.tenant?.id;
    if (!isGuid(userId) || !isGuid(tenantId)) return undefined;
    // Proactive reminders go to the personal chat only.
    if (
      context.activity.conversation?.conversationType &&
      context.activity.conversation.conversationType !== 'personal'
    )
      return undefined;
    return this.key(tenantId, userId);
  }

  async remember(context: TurnContext): Promise<void> {
    const key = this.keyOf(context);
    if (!key) return;
    const reference = TurnContext.getConversationReference(context.activity);
    await this.storage.write({ [key]: { reference, updatedAt: new Date().toISOString(), eTag: '*' } });
    this.known.add(key);
  }

  /** On a message: keeps the reference unless this instance already did (users installed before a restart, too). */
  async rememberOnce(context: TurnContext): Promise<void> {
    const key = this.keyOf(context);
    if (key && !this.known.has(key)) await this.remember(context);
  }

  async forget(context: TurnContext): Promise<void> {
    const key = this.keyOf(context);
    if (!key) return;
    await this.storage.delete([key]);
    this.known.delete(key);
  }

  async find(tenantId: string, userId: string): Promise<Partial<ConversationReference> | undefined> {
    const key = this.key(tenantId, userId);
    const item = (await this.storage.read([key]))[key] as { reference?: Partial<ConversationReference> } | undefined;
    return item?.reference;
  }
}
