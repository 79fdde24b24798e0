import restify from 'restify';
import { TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { checkIncomingActivity } from './bot/incomingActivity';
import { PRIVACY_PAGE, TERMS_PAGE } from './aboutPages';
import { HealthReport } from './health';

export interface ServerOptions {
  /** Local mode: anonymous Bot Framework requests, accepted from loopback addresses only. */
  localMode: boolean;
  /** Whether storage and the token endpoint answer (src/health.ts), for /healthz and /readyz. */
  health: () => Promise<HealthReport>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** The largest activity accepted; Teams sends a few KB (messages are capped at about 28 KB). */
export const MAX_BODY_BYTES = 1024 * 1024;

type Refusal = { ok: false; status: number; error: string; headers?: Record<string, string> };
type Body = { ok: true; value: object } | Refusal;

const tooLarge: Refusal = { ok: false, status: 413, error: `The body is larger than ${MAX_BODY_BYTES} bytes.` };

/** What the headers alone rule out, answered before any of the body is read. */
function refuseByHeaders(req: restify.Request): Refusal | undefined {
  // Teams does not compress what it sends to bots, so a compressed body is refused unread: nothing gets expanded.
  const encoding = String(req.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding && encoding !== 'identity')
    return {
      ok: false,
      status: 415,
      error: 'Compressed bodies are not accepted; send plain JSON.',
      headers: { 'Accept-Encoding': 'identity' },
    };
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (type !== 'application/json') return { ok: false, status: 415, error: 'Send the activity as application/json.' };
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return tooLarge;
  return undefined;
}

/**
 * Reads a JSON body. The body is read here rather than by restify's bodyParser: that parser gunzips before the token
 * check with no error handler on the gunzip stream (a bad gzip body ended the process) and measures the size before
 * expanding it. Returns undefined when the client went away before the end of its body (there is no one to answer).
 */
function readJsonBody(req: restify.Request): Promise<Body | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (body: Body | undefined) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      resolve(body);
    };
    // Past the limit the rest is read and dropped: the client can see the 413 and keep its connection.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) settle(tooLarge);
      else if (!settled) chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      let value: unknown;
      try {
        value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return settle({ ok: false, status: 400, error: 'The body is not valid JSON.' });
      }
      if (value && typeof value === 'object' && !Array.isArray(value)) settle({ ok: true, value });
      else settle({ ok: false, status: 400, error: 'The body must be a JSON object: a Bot Framework activity.' });
    });
    req.on('close', () => {
      if (!req.complete) settle(undefined);
    });
    req.on('error', () => settle(undefined));
  });
}

/**
 * restify hosting: POST /api/messages through the adapter (JWT check unless local mode), GET /healthz and /readyz.
 * Before the adapter: the body is read and parsed here, and the activity's shape is checked, so that nothing a
 * client sends can make the process fail or earn a 5xx from the hosting layer. These refusals (415, 413, 400) say
 * nothing a client could not learn from the Bot Framework schema; anything that reaches the adapter is checked for
 * its token first.
 */
export function createServer(
  adapter: TeamsAdapter,
  run: (context: TurnContext) => Promise<void>,
  opts: ServerOptions,
): restify.Server {
  const server = restify.createServer({ name: 'Attest' });
  server.post('/api/messages', async (req, res) => {
    // A client that goes away mid-request makes these streams fail; that is routine, not a reason to stop.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    if (opts.localMode && !LOOPBACK.test(req.socket.remoteAddress ?? '')) {
      res.send(403, { error: 'Local mode accepts requests from this machine only.' });
      return;
    }
    const body = refuseByHeaders(req) ?? (await readJsonBody(req));
    if (!body) return;
    if (!body.ok) {
      for (const [name, value] of Object.entries(body.headers ?? {})) res.header(name, value);
      res.send(body.status, { error: body.error });
      return;
    }
    const shape = checkIncomingActivity(body.value);
    if (!shape.ok) {
      res.send(400, { error: shape.error, field: shape.field });
      return;
    }
    req.body = body.value;
    await adapter.process(req, res, run);
  });
  // Liveness: 200 while the process serves, with what its dependencies answer. Readiness (App Service health check,
  // load balancers): 503 while storage or the token endpoint does not answer, so traffic goes to instances that can work.
  const answerHealth = async (res: restify.Response, readiness: boolean) => {
    const report = await opts.health();
    res.header('Cache-Control', 'no-store');
    res.send(readiness && report.status !== 'ok' ? 503 : 200, report);
  };
  for (const [path, html] of [
    ['/privacy', PRIVACY_PAGE],
    ['/terms', TERMS_PAGE],
  ]) {
    server.get(path, (_req, res, next) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
      res.end(html);
      return next();
    });
  }
  server.get('/healthz', async (_req, res) => answerHealth(res, false));
  server.get('/readyz', async (_req, res) => answerHealth(res, true));
  return server;
}
