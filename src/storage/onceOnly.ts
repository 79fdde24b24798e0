import { ContainerClient, RestError } from '@azure/storage-blob';

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

  /** True for the first claim of this key anywhere; false for every later one. */
  async claim(key: string): Promise<boolean> {
    this.ready ??= this.container.createIfNotExists().catch((err) => {
      this.ready = undefined;
      throw err;
    });
    await this.ready;
    const body = new Date().toISOString();
    try {
      await this.container
        .getBlockBlobClient(`once/${key}`)
        .upload(body, Buffer.byteLength(body), { conditions: { ifNoneMatch: '*' } });
      return true;
    } catch (err) {
      if (err instanceof RestError && (err.statusCode === 409 || err.statusCode === 412)) return false;
      throw err;
    }
  }
}
