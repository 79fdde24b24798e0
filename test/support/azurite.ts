import { join, resolve } from 'node:path';
import { startChild } from '../../scripts/processes';

/**
 * Azurite (the official Azure Storage emulator) in memory, on ports it picks itself (port 0), read back from what
 * it prints, so test files can run side by side. The account is Azurite's published development account.
 */
const ROOT = resolve(__dirname, '..', '..');
const READY_TIMEOUT_MS = 120_000;
const AZURITE_DEV_ACCOUNT = 'devstoreaccount1';
const AZURITE_DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  blobPort: number;
  queuePort: number;
  tablePort: number;
  /** A connection string for the Azure SDKs and botbuilder-azure-blobs (Azurite's published dev account). */
  connectionString: string;
  stop(): Promise<void>;
}

/** Azurite in memory on ports it picks itself (port 0), read back from what it prints. */
export async function startAzurite(): Promise<Azurite> {
  const child = startChild({
    name: 'azurite',
    command: join(ROOT, 'node_modules', '.bin', 'azurite'),
    args: [
      '--silent',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--inMemoryPersistence',
      '--blobPort',
      '0',
      '--queuePort',
      '0',
      '--tablePort',
      '0',
    ],
    cwd: ROOT,
  });
  try {
    const port = async (service: string) =>
      Number(
        (
          await child.waitForLine(
            new RegExp(`${service} service is successfully listening at http://[^:]+:(\\d+)`),
            READY_TIMEOUT_MS,
          )
        )[1],
      );
    const [blobPort, queuePort, tablePort] = [await port('Blob'), await port('Queue'), await port('Table')];
    const endpoint = (p: number) => `http://127.0.0.1:${p}/${AZURITE_DEV_ACCOUNT}`;
    return {
      blobPort,
      queuePort,
      tablePort,
      connectionString:
        `DefaultEndpointsProtocol=http;AccountName=${AZURITE_DEV_ACCOUNT};AccountKey=${AZURITE_DEV_KEY};` +
        `BlobEndpoint=${endpoint(blobPort)};QueueEndpoint=${endpoint(queuePort)};TableEndpoint=${endpoint(tablePort)};`,
      stop: () => child.stop(),
    };
  } catch (err) {
    await child.stop();
    throw new Error(
      `Starting Azurite failed: ${err instanceof Error ? err.message : err}\n${child.recentOutput(20).join('\n')}`,
      { cause: err },
    );
  }
}
