import { Storage } from 'botbuilder';
import { isGuid } from '../reviews/ids';

/** What it takes to reach a reviewer proactively: the reference of their personal chat with the bot, as Teams gave it. */
export interface SavedReference {
  /** The Bot Framework conversation reference, kept as sent (serviceUrl, conversation, bot, user). */
  reference: Record<string, unknown>;
  /** The reviewer's IANA time zone from their last activity, when Teams sent one. */
  timeZone?: string;
  updatedAt: string;
}

/**
 * Where to reach each reviewer proactively: saved from install and every turn, removed on uninstall, keyed by tenant
 * and user. Any instance can read what another wrote (shared storage).
 */
export class ConversationReferences {
  /** What this instance last wrote per key: a turn that changes nothing writes nothing. */
  private readonly written = new Map<string, string>();

  constructor(private readonly storage: Storage) {}

  private key(tenantId: string, userId: string): string | undefined {
    return isGuid(tenantId) && isGuid(userId) ? `refs/${tenantId}/${userId}` : undefined;
  }

  async remember(tenantId: string, userId: string, reference: Record<string, unknown>, timeZone?: string) {
    const key = this.key(tenantId, userId);
    if (!key) return;
    const same = JSON.stringify({ reference, timeZone });
    if (this.written.get(key) === same) return;
    const item: SavedReference = { reference, timeZone, updatedAt: new Date().toISOString() };
    await this.storage.write({ [key]: { ...item, eTag: '*' } });
    this.written.set(key, same);
  }

  async forget(tenantId: string, userId: string): Promise<void> {
    const key = this.key(tenantId, userId);
    if (!key) return;
    await this.storage.delete([key]);
    this.written.delete(key);
  }

  async find(tenantId: string, userId: string): Promise<SavedReference | undefined> {
    const key = this.key(tenantId, userId);
    if (!key) return undefined;
    const item = (await this.storage.read([key]))[key] as SavedReference | undefined;
    return item?.reference ? item : undefined;
  }
}
