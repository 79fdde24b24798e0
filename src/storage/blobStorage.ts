import { BlobsStorage } from 'botbuilder-azure-blobs';
import { Storage, StoreItems } from 'botbuilder';
import { storageCall } from './storageCall';

/**
 * The bot's state (conversation references, the sealed token caches) in Azure Blob Storage, shared by every
 * instance; Azurite locally and in tests. Writes that race use eTags. Every call has a deadline (storageCall):
 * BlobsStorage takes no AbortSignal, so the caller stops waiting at the deadline (StorageSlow) while the request
 * finishes on its own.
 */
export function createStorage(connectionString: string, container: string): Storage {
  return withDeadlines(new BlobsStorage(connectionString, container));
}

function withDeadlines(inner: Storage): Storage {
  return {
    read: (keys: string[]) => storageCall('read', false, () => inner.read(keys)),
    write: (changes: StoreItems) => storageCall('write', true, () => inner.write(changes)),
    delete: (keys: string[]) => storageCall('delete', true, () => inner.delete(keys)),
  };
}
