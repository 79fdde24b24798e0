import { ContainerClient, RestError } from '@azure/storage-blob';
import { storageCall } from './storageCall';

/**
 * "Only the first one": a marker blob created with If-None-Match: *, so of any number of instances that claim the
 * same key, exactly one succeeds (Azure Storage decides, not this process). Markers are tiny and written once.
 */
export class OnceOnly {
  private readonly container: ContainerClient;
  private ready?: Promise<unknown>;

  constructor(connectionString: string, containerName: string) {
    this.container = new ContainerClient(connectionString, containerName);
  }

  /**
   * True for the first claim of this key anywhere; false for every later one. StorageSlow when storage does not
   * answer in time: then whether this claim was first is not known, and the caller must not act as if it were.
   */
  async claim(key: string): Promise<boolean> {
    await storageCall('create container', false, (abortSignal) => {
      this.ready ??= this.container.createIfNotExists({ abortSignal }).catch((err) => {
        this.ready = undefined;
        throw err;
      });
      return this.ready;
    });
    const body = new Date().toISOString();
    return storageCall('claim marker', true, async (abortSignal) => {
      try {
        await this.container
          .getBlockBlobClient(`once/${key}`)
          .upload(body, Buffer.byteLength(body), { conditions: { ifNoneMatch: '*' }, abortSignal });
        return true;
      } catch (err) {
        if (err instanceof RestError && (err.statusCode === 409 || err.statusCode === 412)) return false;
        throw err;
      }
    });
  }
}
