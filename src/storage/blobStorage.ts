import { BlobsStorage } from 'botbuilder-azure-blobs';
import { Storage } from 'botbuilder';

/**
 * The bot's state (conversation references, the sealed token caches) in Azure Blob Storage, shared by every
 * instance; Azurite locally and in tests. Writes that race use eTags.
 */
export function createStorage(connectionString: string, container: string): Storage {
  return new BlobsStorage(connectionString, container);
}
