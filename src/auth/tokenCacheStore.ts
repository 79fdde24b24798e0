import { ICacheClient, IPartitionManager } from '@azure/msal-node';
import { Storage } from 'botbuilder';
import { StorageSlow } from '../storage/storageCall';
import { open, seal } from './cacheCrypto';

/**
 * msal-node's distributed cache, one partition per user (their Entra object id), sealed and kept in the bot's
 * Storage (Azure Blob Storage), so any instance can act for any signed-in user and a restart signs no one out.
 */
export class TokenCacheStore {
  constructor(
    private readonly storage: Storage,
    private readonly key: Buffer,
  ) {}

  private storageKey(userId: string): string {
    return `tokencache/${userId}`;
  }

  async read(userId: string): Promise<string> {
    return (await this.readItem(userId)).cache;
  }

  private async readItem(userId: string): Promise<{ cache: string; eTag?: string }> {
    const k = this.storageKey(userId);
    const item = (await this.storage.read([k]))[k] as { sealed?: string; eTag?: string } | undefined;
    if (!item?.sealed) return { cache: '' };
    try {
      return { cache: open(this.key, userId, item.sealed), eTag: item.eTag };
    } catch {
      // A cache sealed with an older key (or tampered with) is worth nothing: the user signs in again.
      return { cache: '', eTag: item.eTag };
    }
  }

  /** Writes the user's cache; with the eTag it was read at, only if nobody changed or removed it since. */
  async write(userId: string, cache: string, eTag = '*'): Promise<void> {
    await this.storage.write({ [this.storageKey(userId)]: { sealed: seal(this.key, userId, cache), eTag } });
  }

  async remove(userId: string): Promise<void> {
    await this.storage.delete([this.storageKey(userId)]);
  }

  /**
   * The msal-node cache client and partition manager for one user (one msal client per call). A write goes through
   * only if the cache is still the one this call read: a turn that began before "sign out" cannot bring the session
   * back when it refreshes a token afterwards.
   */
  forUser(userId: string): { client: ICacheClient; partitions: IPartitionManager } {
    let readAt: string | undefined;
    // msal reads the cache before each operation (accounts, then the token): one blob read per call is enough.
    let memo: string | undefined;
    return {
      client: {
        get: async () => {
          if (memo !== undefined) return memo;
          const { cache, eTag } = await this.readItem(userId);
          readAt = eTag;
          memo = cache;
          return cache;
        },
        set: async (_key: string, value: string) => {
          memo = value;
          try {
            await this.write(userId, value, readAt ?? '*');
          } catch (err) {
            // Storage too slow to keep a refreshed cache: this call has its token, and the cache stored before (kept
            // or replaced, whichever happened) still signs the user in. A first session not kept is an error.
            if (err instanceof StorageSlow && readAt !== undefined) return value;
            // Changed or removed since it was read (signed out, or another instance refreshed): that state stands.
            if (
              !/eTag conflict|precondition|ConditionNotMet|BlobNotFound/i.test(String((err as Error)?.message ?? err))
            )
              throw err;
          }
          return value;
        },
      },
      partitions: {
        getKey: async () => userId,
        // Each user's client only ever holds that user's account; keep it in that user's partition.
        extractKey: async () => userId,
      },
    };
  }
}
