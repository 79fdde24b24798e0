import { randomUUID } from 'node:crypto';
import { json, Route, route } from '../http';

/**
 * The Bot Connector the bot replies to (Teams' serviceUrl), for tests and benchmarks: it keeps every activity the bot
 * sends or updates, per conversation, readable under /_localtenant/connector/.
 * Docs are silent on a local connector; the routes and answers follow the Bot Connector REST API (v3).
 */
export interface ConnectorActivity {
  id: string;
  conversationId: string;
  /** 'send' for a new activity (POST), 'update' for a replaced one (PUT). */
  kind: 'send' | 'update';
  activity: Record<string, unknown>;
  at: string;
}

export class ConnectorLog {
  readonly activities: ConnectorActivity[] = [];

  add(a: ConnectorActivity): void {
    this.activities.push(a);
    if (this.activities.length > 5000) this.activities.splice(0, this.activities.length - 5000);
  }
}

export function connectorRoutes(log: ConnectorLog): Route[] {
  const send = (conversationId: string, body: unknown) => {
    const id = randomUUID();
    log.add({
      id,
      conversationId,
      kind: 'send',
      activity: (body ?? {}) as Record<string, unknown>,
      at: new Date().toISOString(),
    });
    return json(201, { id });
  };
  return [
    route('POST', /^\/v3\/conversations\/(?<c>[^/]+)\/activities$/, 'connector send', (req) =>
      send(req.params.c, req.body),
    ),
    route('POST', /^\/v3\/conversations\/(?<c>[^/]+)\/activities\/(?<a>[^/]+)$/, 'connector reply', (req) =>
      send(req.params.c, req.body),
    ),
    route('PUT', /^\/v3\/conversations\/(?<c>[^/]+)\/activities\/(?<a>[^/]+)$/, 'connector update', (req) => {
      log.add({
        id: req.params.a,
        conversationId: req.params.c,
        kind: 'update',
        activity: (req.body ?? {}) as Record<string, unknown>,
        at: new Date().toISOString(),
      });
      return json(200, { id: req.params.a });
    }),
    route('GET', /^\/_localtenant\/connector\/activities$/, 'knob connector activities', (req) => {
      const c = req.query.get('conversation');
      return json(200, { value: log.activities.filter((a) => !c || a.conversationId === c) });
    }),
    route('DELETE', /^\/_localtenant\/connector\/activities$/, 'knob connector reset', () => {
      log.activities.length = 0;
      return { status: 204 };
    }),
  ];
}
