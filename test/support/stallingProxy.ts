import { createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';

/** A stall the proxy is holding: whether it has ended, and a way to end it now. */
export interface Stall {
  /** True once the held requests were let through (by `end`, or when the stall's time ran out). */
  ended(): boolean;
  /** Requests held so far in this stall. */
  held(): number;
  end(): void;
}

export interface StallingProxy {
  port: number;
  /**
   * Holds every request that `matches` (all of them by default) for `forMs`, then lets them through, in order, to
   * Azurite: also those whose client gave up meanwhile, as a storage service may carry out a request late.
   */
  stall(opts: { forMs: number; matches?: (method: string, path: string) => boolean }): Stall;
  close(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 (port 0) in front of one of Azurite's services, which can be told to hold requests: slow
 * storage, as the bot meets it, without touching the bot. Whatever is not held goes straight through.
 */
export async function startStallingProxy(targetPort: number): Promise<StallingProxy> {
  let current:
    | { matches: (method: string, path: string) => boolean; held: (() => void)[]; count: number; done: boolean }
    | undefined;
  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = () => {
        const up = request(
          { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
          (answer) => {
            if (res.destroyed) return void answer.resume();
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        up.on('error', () => res.destroy());
        up.end(Buffer.concat(chunks));
      };
      const stall = current;
      if (stall && !stall.done && stall.matches(req.method ?? '', req.url ?? '')) {
        stall.held.push(forward);
        stall.count++;
      } else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    stall: ({ forMs, matches = () => true }) => {
      const stall = { matches, held: [] as (() => void)[], count: 0, done: false };
      current = stall;
      const end = () => {
        if (stall.done) return;
        stall.done = true;
        clearTimeout(timer);
        for (const forward of stall.held.splice(0)) forward();
      };
      const timer = setTimeout(end, forMs);
      return { ended: () => stall.done, held: () => stall.count, end };
    },
    close: () =>
      new Promise<void>((resolve) => {
        current?.held.splice(0);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
