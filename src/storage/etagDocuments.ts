import { ContainerClient, RestError } from '@azure/storage-blob';
import { storageCall } from './storageCall';

/** A JSON document and the eTag it was read with; `etag` null: it does not exist yet. */
export interface Versioned<T> {
  value: T | undefined;
  etag: string | null;
}

/** Another instance wrote first: read again and decide again. */
export class WriteConflict extends Error {
  constructor(key: string) {
    super(`${key} was changed by someone else`);
  }
}

/**
 * Small JSON documents in Blob Storage, written only if unchanged since read: If-Match with the eTag read, or
 * If-None-Match: * to create. Several instances can then change the same document and exactly one of two racing
 * writes wins; the other gets WriteConflict. (botbuilder's BlobsStorage writes a new item unconditionally, which a
 * create race needs to avoid.) Every call has a deadline (storageCall): StorageSlow when storage does not answer.
 */
export class EtagDocuments {
  private readonly container: ContainerClient;
  private ready?: Promise<unknown>;

  constructor(connectionString: string, containerName: string) {
    this.container = new ContainerClient(connectionString, containerName);
  }

  private async created(): Promise<void> {
    await storageCall('create container', false, (abortSignal) => {
      this.ready ??= this.container.createIfNotExists({ abortSignal }).catch((err) => {
        this.ready = undefined;
        throw err;
      });
      return this.ready;
    });
  }

  async read<T>(key: string): Promise<Versioned<T>> {
    await this.created();
    return storageCall('read document', false, async (abortSignal) => {
      try {
        // One GET: the body and the eTag it has.
        const res = await this.container.getBlockBlobClient(key).download(undefined, undefined, { abortSignal });
        const chunks: Buffer[] = [];
        for await (const chunk of res.readableStreamBody!) chunks.push(Buffer.from(chunk as Buffer));
        return { value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T, etag: res.etag ?? null };
      } catch (err) {
        if (err instanceof RestError && err.statusCode === 404) return { value: undefined, etag: null };
        throw err;
      }
    });
  }

  /**
   * Writes if the document is still as read (`etag`), or creates it when `etag` is null; the new eTag. StorageSlow
   * with `outcomeUnknown` when the write was sent and not answered in time: the same write again settles it (it goes
   * through only if the first did not; WriteConflict otherwise).
   */
  async write<T>(key: string, value: T, etag: string | null): Promise<string> {
    await this.created();
    const body = JSON.stringify(value);
    return storageCall('write document', true, async (abortSignal) => {
      try {
        const res = await this.container.getBlockBlobClient(key).upload(body, Buffer.byteLength(body), {
          conditions: etag === null ? { ifNoneMatch: '*' } : { ifMatch: etag },
          blobHTTPHeaders: { blobContentType: 'application/json' },
          abortSignal,
        });
        return res.etag ?? '';
      } catch (err) {
        if (err instanceof RestError && (err.statusCode === 409 || err.statusCode === 412))
          throw new WriteConflict(key);
        throw err;
      }
    });
  }

  /**
   * Read, change, write, again on conflict: `change` gets the current value and returns the new one, or undefined to
   * write nothing. Returns what was written (or the current value when nothing was).
   */
  async update<T>(
    key: string,
    change: (current: T | undefined) => T | undefined,
    attempts = 8,
  ): Promise<T | undefined> {
    for (let i = 0; ; i++) {
      const { value, etag } = await this.read<T>(key);
      const next = change(value);
      if (next === undefined) return value;
      try {
        await this.write(key, next, etag);
        return next;
      } catch (err) {
        if (!(err instanceof WriteConflict) || i >= attempts) throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (i + 1)));
      }
    }
  }
}
