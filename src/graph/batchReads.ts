import { Client } from '@microsoft/microsoft-graph-client';
import { failureOf, failureOfInner, GraphFailure } from './failures';

/**
 * Many small GETs as few Graph requests: $batch, 20 reads each, a few batches in flight. Each read answers on its
 * own: a failed read (or a failed batch) is that read's failure, never the others'. The SDK's retry handler retries a
 * throttled batch as a whole; a read throttled inside a batch comes back as its failure, and the caller shows it as
 * not read rather than waiting in the owner's turn.
 */

/** Graph's limit of requests in one $batch. */
const BATCH_LIMIT = 20;
const IN_FLIGHT = 4;

export type ReadResult<T> = { ok: true; body: T } | { ok: false; failure: GraphFailure };

interface InnerResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A read: its relative URL, and headers of its own when it needs any (e.g. ConsistencyLevel for $count). */
export type Read = string | { url: string; headers: Record<string, string> };

/** GETs of relative URLs (ids already checked and encoded by the caller), answered by the caller's keys. */
export async function batchGet<T = unknown>(
  client: Client,
  reads: Map<string, Read>,
): Promise<Map<string, ReadResult<T>>> {
  const entries = [...reads.entries()];
  const chunks: [string, Read][][] = [];
  for (let i = 0; i < entries.length; i += BATCH_LIMIT) chunks.push(entries.slice(i, i + BATCH_LIMIT));
  const out = new Map<string, ReadResult<T>>();
  const send = async (chunk: [string, Read][]) => {
    const requests = chunk.map(([, read], i) =>
      typeof read === 'string'
        ? { id: String(i), method: 'GET', url: read }
        : { id: String(i), method: 'GET', url: read.url, headers: read.headers },
    );
    try {
      const res = (await client.api('/$batch').post({ requests })) as { responses?: InnerResponse[] };
      const byId = new Map((res.responses ?? []).map((r) => [r.id, r]));
      chunk.forEach(([key], i) => {
        const r = byId.get(String(i));
        if (!r)
          out.set(key, { ok: false, failure: { status: 0, code: 'NoAnswer', message: 'no answer in the batch' } });
        else if (r.status >= 200 && r.status < 300) out.set(key, { ok: true, body: r.body as T });
        else out.set(key, { ok: false, failure: failureOfInner(r.status, r.body, r.headers) });
      });
    } catch (err) {
      const failure = failureOf(err);
      for (const [key] of chunk) out.set(key, { ok: false, failure });
    }
  };
  for (let i = 0; i < chunks.length; i += IN_FLIGHT) {
    await Promise.all(chunks.slice(i, i + IN_FLIGHT).map(send));
  }
  return out;
}
