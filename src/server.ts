import restify from 'restify';
import { TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';

export interface ServerOptions {
  /** Local mode: anonymous Bot Framework requests, accepted from loopback addresses only. */
  localMode: boolean;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** restify hosting: POST /api/messages through the adapter (JWT check unless local mode), GET /healthz. */
export function createServer(
  adapter: TeamsAdapter,
  run: (context: TurnContext) => Promise<void>,
  opts: ServerOptions,
): restify.Server {
  const server = restify.createServer({ name: 'Attest' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    if (opts.localMode && !LOOPBACK.test(req.socket.remoteAddress ?? '')) {
      res.send(403, { error: 'Local mode accepts requests from this machine only.' });
      return;
    }
    await adapter.process(req, res, run);
  });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });
  return server;
}
