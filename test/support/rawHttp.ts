import { request } from 'node:http';

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
