import { Agent, request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * A POST over plain node:http, for what fetch will not send: a body split into chunks without a length, or a client
 * that goes away halfway through its body (`abortAfter` chunks, then the socket is destroyed and nothing is answered).
 */
export function rawPost(
  url: string,
  opts: { headers?: Record<string, string>; chunks: Buffer[]; abortAfter?: number },
): Promise<RawAnswer | 'aborted'> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: opts.headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(parts).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', (err) => (opts.abortAfter === undefined ? reject(err) : resolve('aborted')));
    opts.chunks.forEach((chunk, i) => {
      if (opts.abortAfter !== undefined && i >= opts.abortAfter) return;
      req.write(chunk);
    });
    if (opts.abortAfter === undefined) req.end();
    else setTimeout(() => req.destroy(), 50);
  });
}

/**
 * A POST over a keep-alive agent, answered with status and body text: for thousands of requests in a row (fuzzing),
 * where fetch costs noticeably more CPU in the process that also runs the bot. Rejects without an answer in timeoutMs.
 */
export function keepAlivePost(
  agent: Agent,
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(parts).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed just as this request went out: Node's documented remedy is to send it
      // again on a new socket. Anything else is an answer the test must see.
      if (req.reusedSocket && err.code === 'ECONNRESET') {
        keepAlivePost(agent, url, body, headers, timeoutMs).then(resolve, reject);
      } else reject(err);
    });
    req.end(body);
  });
}
