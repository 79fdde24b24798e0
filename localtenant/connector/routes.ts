import { createHash, randomUUID } from 'node:crypto';
import { json, Req, Res, Route, route } from '../http';
import { Connector, Write } from './connector';
import { connectorError } from './errors';

/**
 * The Bot Connector the bot writes to (Teams' serviceUrl), with the Bot Connector REST API (v3) routes the bot uses:
 * create conversation, send, reply and update. Connector (connector.ts) decides what Teams would answer: rate limits
 * (429), blocks (403/404), or accepted and recorded.
 */
export function connectorRoutes(connector: Connector): Route[] {
  const answer = (w: Write, accepted: Res): Res => connector.write(w) ?? accepted;
  return [
    route('POST', /^\/v3\/conversations$/, 'connector create conversation', (req) => {
      const params = objectOf(req.body);
      const member = objectOf((params.members as unknown[] | undefined)?.[0]);
      const userIds = idsOf(member);
      // Docs are silent: on the answer to a create without a member; the status table has 400 "Bad Argument" (spelt
      // BadArgument here, as error codes are) for an invalid payload, with a message of our own.
      if (userIds.length === 0) return connectorError(400, 'BadArgument', 'The conversation needs one member.');
      const activity = params.activity === undefined ? undefined : objectOf(params.activity);
      const tenantId = stringOr(params.tenantId) ?? tenantOf(params) ?? (activity && tenantOf(activity));
      const id = personalConversationId(tenantId ?? connector.defaultTenantId, userIds[0]);
      const activityId = activity ? randomUUID() : '';
      const w: Write = {
        kind: 'create',
        conversationId: id,
        activityId,
        activity,
        userIds,
        tenantId,
        appId: appOf(req),
      };
      return answer(w, json(201, activity ? { id, activityId } : { id }));
    }),
    route('POST', /^\/v3\/conversations\/(?<c>[^/]+)\/activities$/, 'connector send', (req) => send(req)),
    route('POST', /^\/v3\/conversations\/(?<c>[^/]+)\/activities\/(?<a>[^/]+)$/, 'connector reply', (req) => send(req)),
    route('PUT', /^\/v3\/conversations\/(?<c>[^/]+)\/activities\/(?<a>[^/]+)$/, 'connector update', (req) => {
      const activity = objectOf(req.body);
      const w: Write = {
        kind: 'update',
        conversationId: req.params.c,
        activityId: req.params.a,
        activity,
        userIds: idsOf(objectOf(activity.recipient)),
        tenantId: tenantOf(activity),
        appId: appOf(req),
      };
      return answer(w, json(200, { id: req.params.a }));
    }),
  ];

  function send(req: Req): Res {
    const activity = objectOf(req.body);
    const activityId = randomUUID();
    const w: Write = {
      kind: 'send',
      conversationId: req.params.c,
      activityId,
      activity,
      userIds: idsOf(objectOf(activity.recipient)),
      tenantId: tenantOf(activity),
      appId: appOf(req),
    };
    return answer(w, json(201, { id: activityId }));
  }
}

function objectOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** A user's ids as a channel account carries them: aadObjectId first, then the channel id (29:…). */
function idsOf(account: Record<string, unknown>): string[] {
  return [stringOr(account.aadObjectId), stringOr(account.id)].filter((id): id is string => id !== undefined);
}

/** The tenant an activity (or conversation parameters) names: conversation.tenantId, else channelData.tenant.id. */
function tenantOf(o: Record<string, unknown>): string | undefined {
  return stringOr(objectOf(o.conversation).tenantId) ?? stringOr(objectOf(objectOf(o.channelData).tenant).id);
}

/**
 * The calling app, for the per app per tenant limit: the bearer token's appid (v1 tokens) or azp (v2) claim.
 * Docs are silent on a local connector's authentication: this one authenticates nobody, so the token is read
 * without verifying it, and a request without one (the bot in local mode) is the app 'anonymous'.
 */
function appOf(req: Req): string {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const payload = token?.split('.')[1];
  if (!payload) return 'anonymous';
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return stringOr(claims.appid) ?? stringOr(claims.azp) ?? 'anonymous';
  } catch {
    return 'anonymous';
  }
}

/**
 * Teams answers create conversation for a user the bot already chats with with that chat's id, so the same tenant and
 * user always get the same id here. Docs are silent on the id's format beyond the examples' "a:" prefix.
 */
export function personalConversationId(tenantId: string, userId: string): string {
  return `a:${createHash('sha256').update(`${tenantId} ${userId}`).digest('base64url').slice(0, 43)}`;
}
