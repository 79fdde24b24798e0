import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Child, httpStatus, startChild, waitUntil } from '../../../scripts/processes';
import { Azurite, startAzurite } from '../../support/azurite';

export type { Azurite };

/**
 * What an end-to-end test needs besides the bot and the local tenant (which the test starts in-process, so it can
 * reach into them): Azurite in memory and the Microsoft 365 Agents Playground, both on free ports, both stopped by
 * stop(). Nothing listens on a fixed port, so test files can run side by side.
 */

export const ROOT = resolve(__dirname, '..', '..', '..');
export const ARTIFACTS_DIR = join(ROOT, 'test-artifacts', 'e2e');
/** The Playground user of the launcher: Alex Wilber of Contoso (see the file for other users). */
export const DEFAULT_PLAYGROUND_CONFIG = join(ROOT, '.m365agentsplayground.yml');
/** Generous: two shared cores. Tests must not depend on how fast anything is. */
const READY_TIMEOUT_MS = 120_000;
let playgroundsStarted = 0;

export interface Playground {
  /** The page to open: http://localhost:{port} */
  url: string;
  port: number;
  /** Where the bot's replies go (activity.serviceUrl): http://localhost:{port}/_connector */
  serviceUrl: string;
  /** The Playground logs here, not to its stdout (which is not a terminal). */
  logFile: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  /**
   * The bot's messaging endpoint. A function is called once Azurite is up, with Azurite, so the caller can start
   * its bot in-process on that storage and return the URL it listens on.
   */
  botMessagesUrl: string | ((azurite: Azurite | undefined) => Promise<string>);
  /** Start Azurite (default true). */
  azurite?: boolean;
  /** Who the Playground user is: a .m365agentsplayground.yml file (default: the project's, Alex Wilber). */
  playgroundConfig?: string;
  /** The local tenant the caller started, kept on the stack for the test's convenience. */
  localTenantUrl?: string;
}

export interface Stack {
  azurite?: Azurite;
  playground: Playground;
  botMessagesUrl: string;
  localTenantUrl?: string;
  /** Stops everything started here, in reverse order; safe to call twice. */
  stop(): Promise<void>;
}

function failure(child: Child, what: string, err: unknown): Error {
  const reason = err instanceof Error ? err.message : String(err);
  return new Error(
    `${what} failed: ${reason}\n--- last output of ${child.name}:\n${child.recentOutput(20).join('\n')}`,
  );
}

/** The Agents Playground on a free port, sending to botMessagesUrl, not opening a browser, not sending telemetry. */
export async function startPlayground(opts: { botMessagesUrl: string; config?: string }): Promise<Playground> {
  const config = opts.config ?? DEFAULT_PLAYGROUND_CONFIG;
  if (!existsSync(config)) throw new Error(`no Playground config at ${config}`);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const logFile = join(ARTIFACTS_DIR, `playground-${process.pid}-${++playgroundsStarted}.log`);
  const child = startChild({
    name: 'playground',
    command: join(ROOT, 'node_modules', '.bin', 'agentsplayground'),
    // -p 0: the Playground lets the system choose and prints "Listening on <port>".
    args: ['-e', opts.botMessagesUrl, '-c', 'msteams', '-p', '0', '--dt'],
    cwd: ROOT,
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: config,
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
    },
  });
  try {
    const port = Number((await child.waitForLine(/^Listening on (\d+)$/, READY_TIMEOUT_MS))[1]);
    const url = `http://localhost:${port}`;
    await waitUntil(
      'the Playground answering /_debug/ping',
      async () => (await httpStatus(`${url}/_debug/ping`)) === 200,
      {
        timeoutMs: READY_TIMEOUT_MS,
        child,
      },
    );
    return { url, port, serviceUrl: `${url}/_connector`, logFile, stop: () => child.stop() };
  } catch (err) {
    await child.stop();
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
    throw failure(child, 'Starting the Agents Playground', `${err instanceof Error ? err.message : err}\n${log}`);
  }
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    // Each stop once, latest first, even when one of them fails.
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    const azurite = opts.azurite === false ? undefined : await startAzurite();
    if (azurite) stops.push(azurite.stop);
    const botMessagesUrl =
      typeof opts.botMessagesUrl === 'function' ? await opts.botMessagesUrl(azurite) : opts.botMessagesUrl;
    const playground = await startPlayground({ botMessagesUrl, config: opts.playgroundConfig });
    stops.push(playground.stop);
    return { azurite, playground, botMessagesUrl, localTenantUrl: opts.localTenantUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
