import { badRequest } from '../graph/errors';
import { json, noContent, Route, route } from '../http';
import { BotRegistration } from './botChannel';
import { BlockRule, Connector } from './connector';
import { ConnectorLimits } from './rateLimits';

/**
 * Local-only control of the Bot Connector under /_localtenant/connector/ (not part of Microsoft 365):
 *   GET    activities[?conversation=&user=&kind=send|update]  {value: ConnectorActivity[], kept, dropped}
 *   DELETE activities                                          forget the record and every count
 *   GET    summary                                             DeliverySummary (deliveries.ts)
 *   GET    limits | PUT limits {perConversation?, perAppPerTenant?, retryAfter?} | DELETE limits (back to start)
 *   GET    blocks | POST blocks {conversation?, user?, code} | DELETE blocks
 *   GET    bot | PUT bot {endpoint, botId?, name?} | DELETE bot  the bot's messaging endpoint, and what was sent to it
 *   DELETE /_localtenant/connector                             everything as at start
 */
export function connectorKnobRoutes(connector: Connector): Route[] {
  return [
    route('GET', /^\/_localtenant\/connector\/activities$/, 'knob connector activities', (req) => {
      const conversation = req.query.get('conversation');
      const user = req.query.get('user');
      const kind = req.query.get('kind');
      const value = connector.activities.filter(
        (a) =>
          (!conversation || a.conversationId === conversation) &&
          (!user || a.userId === user) &&
          (!kind || a.kind === kind),
      );
      const { kept, dropped } = connector.summary();
      return json(200, { value, kept, dropped });
    }),
    route('DELETE', /^\/_localtenant\/connector\/activities$/, 'knob connector reset', () => {
      connector.clearRecord();
      return noContent();
    }),
    route('GET', /^\/_localtenant\/connector\/summary$/, 'knob connector summary', () =>
      json(200, connector.summary()),
    ),
    route('GET', /^\/_localtenant\/connector\/limits$/, 'knob connector limits', () => json(200, connector.limits)),
    route('PUT', /^\/_localtenant\/connector\/limits$/, 'knob connector limits set', (req) => {
      const body = (req.body ?? {}) as Partial<ConnectorLimits>;
      const changes: Partial<ConnectorLimits> = {};
      if (body.perConversation !== undefined) changes.perConversation = body.perConversation;
      if (body.perAppPerTenant !== undefined) changes.perAppPerTenant = body.perAppPerTenant;
      if (body.retryAfter !== undefined) changes.retryAfter = body.retryAfter;
      if (Object.keys(changes).length === 0)
        return badRequest(
          'Send any of "perConversation", "perAppPerTenant" ([{"operations", "seconds"}]), "retryAfter".',
        );
      try {
        return json(200, connector.setLimits(changes));
      } catch (err) {
        return badRequest((err as Error).message);
      }
    }),
    route('DELETE', /^\/_localtenant\/connector\/limits$/, 'knob connector limits reset', () =>
      json(200, connector.resetLimits()),
    ),
    route('GET', /^\/_localtenant\/connector\/blocks$/, 'knob connector blocks', () =>
      json(200, { blocks: connector.blocks }),
    ),
    route('POST', /^\/_localtenant\/connector\/blocks$/, 'knob connector blocks add', (req) => {
      const body = (req.body ?? {}) as Partial<BlockRule>;
      const rule: BlockRule = { code: body.code as BlockRule['code'] };
      if (typeof body.conversation === 'string') rule.conversation = body.conversation;
      if (typeof body.user === 'string') rule.user = body.user;
      try {
        connector.block(rule);
      } catch (err) {
        return badRequest(`${(err as Error).message}. Send {"conversation"?, "user"?, "code"}.`);
      }
      return json(201, { blocks: connector.blocks });
    }),
    route('DELETE', /^\/_localtenant\/connector\/blocks$/, 'knob connector blocks clear', () => {
      connector.clearBlocks();
      return noContent();
    }),
    route('GET', /^\/_localtenant\/connector\/bot$/, 'knob connector bot', () =>
      json(200, { bot: connector.botChannel.bot ?? null, deliveries: connector.botChannel.deliveries }),
    ),
    route('PUT', /^\/_localtenant\/connector\/bot$/, 'knob connector bot set', (req) => {
      const body = (req.body ?? {}) as Partial<BotRegistration>;
      try {
        connector.botChannel.register({
          endpoint: String(body.endpoint ?? ''),
          botId: typeof body.botId === 'string' ? body.botId : connector.defaultBotId,
          name: typeof body.name === 'string' ? body.name : 'Attest',
        });
      } catch (err) {
        return badRequest(`${(err as Error).message}. Send {"endpoint", "botId"?, "name"?}.`);
      }
      return json(200, { bot: connector.botChannel.bot });
    }),
    route('DELETE', /^\/_localtenant\/connector\/bot$/, 'knob connector bot clear', () => {
      connector.botChannel.unregister();
      connector.botChannel.clearDeliveries();
      return noContent();
    }),
    route('DELETE', /^\/_localtenant\/connector$/, 'knob connector reset all', () => {
      connector.reset();
      return noContent();
    }),
  ];
}
