import { ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import * as https from 'node:https';
import { AddressInfo, createConnection, createServer } from 'node:net';

/**
 * Child processes for the local launcher (scripts/start-local.ts) and the e2e harness (test/e2e/support): start a
 * command in its own process group, hand its output on line by line without noise, wait until it is ready, and
 * stop it together with everything it started (npx -> sh -> node chains), so Ctrl-C leaves nothing behind.
 */

export interface ChildOptions {
  /** Short name for log prefixes and error messages: azurite, tenant, bot, playground. */
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Receives every output line that is not noise; default: dropped (they are still kept for error messages). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Lines matching any of these are only noise and never reach onLine. */
  noise?: RegExp[];
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  name: string;
  pid: number;
  /** Settles when the process exits, for whatever reason. */
  exited: Promise<ChildExit>;
  hasExited(): boolean;
  /** The last output lines, noise included, for messages that explain why something failed. */
  recentOutput(lines?: number): string[];
  /** Resolves with the first line (past or future) that matches; rejects if the process exits or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM to the whole process group, SIGKILL after graceMs; resolves when the group is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Output every child may print that tells a user nothing. */
export const COMMON_NOISE: RegExp[] = [
  /^npm warn Unknown \w+ config/,
  /DeprecationWarning: Access to process\.binding\('http_parser'\)/,
  /^\(Use `node --trace-deprecation \.\.\.` to show where the warning was created\)/,
];

const KEPT_LINES = 200;

export function startChild(opts: ChildOptions): Child {
  // detached: the child leads its own process group, so a terminal's Ctrl-C reaches only the launcher, which then
  // stops the children in order; and stopping a group also stops the grandchildren (npx runs sh runs node).
  const proc: ChildProcess = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  const watchers = new Set<(line: string) => void>();
  let exit: ChildExit | undefined;
  const noise = [...COMMON_NOISE, ...(opts.noise ?? [])];

  const exited = new Promise<ChildExit>((resolve) => {
    proc.once('error', (err) => {
      recent.push(`could not start ${opts.command}: ${err.message}`);
      exit = { code: -1, signal: null };
      resolve(exit);
    });
    // 'close' comes after the last output line; 'exit' may come before it. A grandchild that keeps the pipes
    // open must not hold the exit back for long, hence the fallback.
    proc.once('exit', (code, signal) => {
      const settle = () => {
        exit ??= { code, signal };
        resolve(exit);
      };
      proc.once('close', settle);
      setTimeout(settle, 1000).unref();
    });
  });

  const readLines = (stream: NodeJS.ReadableStream | null, kind: 'stdout' | 'stderr') => {
    if (!stream) return;
    let partial = '';
    const emit = (raw: string) => {
      const line = raw.replace(/\r$/, '');
      recent.push(line);
      if (recent.length > KEPT_LINES) recent.shift();
      for (const watch of watchers) watch(line);
      if (line.trim() && !noise.some((n) => n.test(line))) opts.onLine?.(line, kind);
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      parts.forEach(emit);
    });
    stream.on('end', () => {
      if (partial) emit(partial);
      partial = '';
    });
  };
  readLines(proc.stdout, 'stdout');
  readLines(proc.stderr, 'stderr');

  const groupAlive = (): boolean => {
    if (!proc.pid) return false;
    try {
      process.kill(-proc.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signalGroup = (signal: NodeJS.Signals) => {
    if (!proc.pid) return;
    try {
      process.kill(-proc.pid, signal);
    } catch {
      // already gone
    }
  };

  return {
    name: opts.name,
    pid: proc.pid ?? -1,
    exited,
    hasExited: () => exit !== undefined,
    recentOutput: (lines = 30) => recent.slice(-lines),
    waitForLine(pattern, timeoutMs) {
      const seen = recent.map((l) => l.match(pattern)).find((m) => m);
      if (seen) return Promise.resolve(seen);
      return new Promise<RegExpMatchArray>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          watchers.delete(watch);
        };
        const watch = (line: string) => {
          const m = line.match(pattern);
          if (m) {
            done();
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`${opts.name} printed nothing matching ${pattern} within ${Math.round(timeoutMs / 1000)} s`),
          );
        }, timeoutMs);
        watchers.add(watch);
        exited.then((e) => {
          done();
          reject(new Error(`${opts.name} exited (${describeExit(e)}) before printing ${pattern}`));
        });
      });
    },
    async stop(graceMs = 10_000) {
      if (exit === undefined || groupAlive()) signalGroup('SIGTERM');
      const deadline = Date.now() + graceMs;
      while ((exit === undefined || groupAlive()) && Date.now() < deadline) await sleep(100);
      if (exit === undefined || groupAlive()) {
        signalGroup('SIGKILL');
        await Promise.race([exited, sleep(5000)]);
      }
    },
  };
}

export function describeExit(e: ChildExit): string {
  return e.signal ? `signal ${e.signal}` : `code ${e.code}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls check() until it returns true. Fails with a message naming `what` when time runs out or when `child`
 * exits first (then there is no point in waiting).
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  opts: { timeoutMs: number; intervalMs?: number; child?: Child },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (opts.child?.hasExited()) {
      throw new Error(`${opts.child.name} exited (${describeExit(await opts.child.exited)}) before ${what}`);
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${Math.round(opts.timeoutMs / 1000)} s`);
    await sleep(opts.intervalMs ?? 250);
  }
}

/** The HTTP status of a GET, or 0 when nothing answers; `ca` trusts an extra CA for https (the local tenant's). */
export function httpStatus(url: string, opts: { ca?: string | Buffer; timeoutMs?: number } = {}): Promise<number> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const get = u.protocol === 'https:' ? https.get : http.get;
    const req = get(u, { ca: opts.ca, timeout: opts.timeoutMs ?? 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** True when something accepts TCP connections on host:port. */
export function acceptsConnections(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** True when nothing listens on the port yet (checked on all interfaces, as most servers bind them). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** A port the system just reported free. Prefer letting a server pick (port 0) and reading what it chose. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
