import { resolve } from 'node:path';
import { Child, freePort, startChild } from '../../scripts/processes';
import { childLogFiles } from './logs';

const ROOT = resolve(__dirname, '..', '..');

export interface BotProcess {
  child: Child;
  url: string;
}

/**
 * One bot as its own process, with the settings given as environment variables and a free loopback port; resolves
 * once it listens. 'source' runs `src/index.ts` through ts-node (transpile only); 'compiled' runs `node lib/index.js`
 * as production does (after `npm run build`). Its output is kept for error messages, and written to the run's log
 * directory (its log lines on stdout, anything else on stderr), to be scanned with the others.
 */
export async function startBotProcess(
  name: string,
  env: Record<string, string>,
  entry: 'source' | 'compiled' = 'source',
): Promise<BotProcess> {
  const port = await freePort();
  const child = startChild({
    name,
    command: process.execPath,
    args: entry === 'source' ? ['-r', 'ts-node/register/transpile-only', 'src/index.ts'] : ['lib/index.js'],
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS, ...env, PORT: String(port) },
    onLine: childLogFiles(name),
  });
  try {
    await child.waitForLine(/Attest listening on/, 120_000);
  } catch (err) {
    await child.stop(1000);
    throw new Error(`${name} did not start: ${(err as Error).message}\n${child.recentOutput(20).join('\n')}`, {
      cause: err,
    });
  }
  return { child, url: `http://127.0.0.1:${port}` };
}

/** kill -9 of the process alone: no chance to finish a send or write what it sent. */
export function killHard(bot: BotProcess): void {
  try {
    process.kill(bot.child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
