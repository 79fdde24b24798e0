import { ICacheClient, IPartitionManager } from '@azure/msal-node';
import { Storage } from 'botbuilder';
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
    const k = this.storageKey(userId);
    const item = (await this.storage.read([k]))[k] as { sealed?: string } | undefined;
    if (!item?.sealed) return '';
    try {
      return open(this.key, userId, item.sealed);
    } catch {
      // A cache sealed with an older key (or tampered with) is worth nothing: the user signs in again.
      return '';
    }
  }

  async write(userId: string, cache: string): Promise<void> {
    await this.storage.write({ [this.storageKey(userId)]: { sealed: seal(this.key, userId, cache), eTag: '*' } });
  }

  async remove(userId: string): Promise<void> {
    await this.storage.delete([this.storageKey(userId)]);
  }

  /** The msal-node cache client and partition manager for one user. */
  forUser(userId: string): { client: ICacheClient; partitions: IPartitionManager } {
    return {
      client: {
        get: () => this.read(userId),
        set: async (_key: string, value: string) => {
          await this.write(userId, value);
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
