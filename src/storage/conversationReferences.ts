import { createHash } from 'node:crypto';
import { Storage } from 'botbuilder';
import { LRUCache } from 'lru-cache';
import { isGuid } from '../reviews/ids';
import { validTimeZone } from '../reviews/localTime';

/** What it takes to reach a reviewer proactively: the reference of their personal chat with the bot, as Teams gave it. */
export interface SavedReference {
  /** The Bot Framework conversation reference, kept as sent (serviceUrl, conversation, bot, user). */
  reference: Record<string, unknown>;
  /** The reviewer's IANA time zone from their last activity, when Teams sent a valid one: Intl's name for it. */
  timeZone?: string;
  updatedAt: string;
}

/**
 * How many people's last writes this instance remembers. Each is a key and a digest (about 200 bytes), so at most a
 * few MB whatever the tenant's size; someone beyond it costs one write that changes nothing on their next turn.
 */
export const MAX_REMEMBERED_WRITES = 10_000;

/**
 * Where to reach each reviewer proactively: saved from install and every turn, removed on uninstall, keyed by tenant
 * and user. Any instance can read what another wrote (shared storage).
 */
export class ConversationReferences {
  /**
   * What this instance last wrote per key (a digest of it, least recently written first): a turn that changes
   * nothing writes nothing.
   */
  private readonly written = new LRUCache<string, string>({ max: MAX_REMEMBERED_WRITES });

  constructor(private readonly storage: Storage) {}

  /** The storage key: ids in lower case, so a tenant or user id written in capitals is the same person. */
  private key(tenantId: string, userId: string): string | undefined {
    return isGuid(tenantId) && isGuid(userId) ? `refs/${tenantId.toLowerCase()}/${userId.toLowerCase()}` : undefined;
  }

  async remember(tenantId: string, userId: string, reference: Record<string, unknown>, timeZone?: string) {
    const key = this.key(tenantId, userId);
    if (!key) return;
    // Every spelling of a zone is one zone ("europe/berlin" is Europe/Berlin); one Intl does not know is none.
    const zone = validTimeZone(timeZone) ?? undefined;
    const same = createHash('sha256').update(JSON.stringify({ reference, zone })).digest('base64');
    if (this.written.get(key) === same) return;
    const item: SavedReference = { reference, timeZone: zone, updatedAt: new Date().toISOString() };
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
