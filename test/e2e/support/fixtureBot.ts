import { AddressInfo } from 'node:net';
import { Activity, ConversationReference, MemoryStorage, TurnContext } from 'botbuilder';
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import * as restify from 'restify';

/**
 * A throwaway bot that exists only to prove the e2e harness against the real Agents Playground: it answers "hello"
 * with text and an Adaptive Card 1.5 (Input.Text, two Input.ChoiceSets, Action.Execute), and replaces that card in
 * place with the submitted values. It runs without credentials: the Playground sends no token unless given a
 * client id, and an adapter without an app id neither checks incoming tokens nor asks for outgoing ones.
 */
export interface FixtureBot {
  /** http://127.0.0.1:{port}/api/messages, for the Playground's -e flag. */
  messagesUrl: string;
  port: number;
  /** Every activity the bot received, in order (the tests check who the Playground says is talking). */
  received: Partial<Activity>[];
  /** The reference of the latest conversation, kept as a real bot keeps it for proactive messages. */
  latestReference(): Partial<ConversationReference> | undefined;
  /** Sends a message outside any turn, through continueConversationAsync, as reminders will. */
  sendProactive(text: string): Promise<void>;
  stop(): Promise<void>;
}

export const FIXTURE_CARD_TITLE = 'Fixture card';
export const SUBMIT_VERB = 'fixtureSubmit';

export function fixtureCard(): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: FIXTURE_CARD_TITLE, weight: 'Bolder', size: 'Medium' },
      { type: 'Input.Text', id: 'note', label: 'Justification', placeholder: 'Why?' },
      {
        type: 'Input.ChoiceSet',
        id: 'decision',
        label: 'Decision',
        style: 'compact',
        value: 'NotReviewed',
        choices: [
          { title: 'Not reviewed', value: 'NotReviewed' },
          { title: 'Approve', value: 'Approve' },
          { title: 'Deny', value: 'Deny' },
          { title: "Don't know", value: 'DontKnow' },
        ],
      },
      {
        type: 'Input.ChoiceSet',
        id: 'confidence',
        label: 'Confidence',
        style: 'expanded',
        choices: [
          { title: 'Sure', value: 'high' },
          { title: 'Not sure', value: 'low' },
        ],
      },
    ],
    actions: [{ type: 'Action.Execute', title: 'Record decision', verb: SUBMIT_VERB, data: { itemId: 'item-1' } }],
  };
}

function submittedCard(data: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Decision recorded', weight: 'Bolder', size: 'Medium' },
      {
        type: 'FactSet',
        facts: [
          { title: 'Decision', value: String(data.decision ?? '') },
          { title: 'Justification', value: String(data.note ?? '') },
          { title: 'Confidence', value: String(data.confidence ?? '') },
          { title: 'Item', value: String(data.itemId ?? '') },
        ],
      },
    ],
  };
}

export async function startFixtureBot(
  port = 0,
  onActivity: (activity: Partial<Activity>) => void = () => undefined,
): Promise<FixtureBot> {
  const received: Partial<Activity>[] = [];
  let reference: Partial<ConversationReference> | undefined;
  const adapter = new TeamsAdapter({});
  const app = new Application<TurnState>({ adapter, storage: new MemoryStorage() });

  adapter.use({
    onTurn: async (context: TurnContext, next: () => Promise<void>) => {
      const copy = JSON.parse(JSON.stringify(context.activity));
      received.push(copy);
      onActivity(copy);
      reference = TurnContext.getConversationReference(context.activity);
      await next();
    },
  });
  app.message(/^\s*hello\s*$/i, async (context) => {
    await context.sendActivity(`Hello, ${context.activity.from?.name ?? 'stranger'}!`);
    await context.sendActivity({
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: fixtureCard() }],
    });
  });
  app.adaptiveCards.actionExecute(
    SUBMIT_VERB,
    async (_context, _state, data: Record<string, unknown>) =>
      // teams-ai types the result as its own AdaptiveCard; a plain card object is what goes over the wire.
      submittedCard(data) as never,
  );

  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => app.run(context).then(() => undefined));
  });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const actualPort = (server.address() as AddressInfo).port;

  return {
    messagesUrl: `http://127.0.0.1:${actualPort}/api/messages`,
    port: actualPort,
    received,
    latestReference: () => reference,
    sendProactive: async (text) => {
      if (!reference) throw new Error('the fixture bot has no conversation yet');
      await adapter.continueConversationAsync('', reference, async (context) => {
        await context.sendActivity(text);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Standalone, for trying the launcher without the real bot:
//   ATTEST_BOT_COMMAND="npx ts-node --transpile-only test/e2e/support/fixtureBot.ts" npm start
if (require.main === module) {
  startFixtureBot(Number(process.env.PORT ?? 3978), (a) =>
    console.log(
      `${a.type}${a.name ? ` ${a.name}` : ''} from ${a.from?.name ?? '?'} (aadObjectId ${a.from?.aadObjectId ?? '?'},` +
        ` tenant ${a.conversation?.tenantId ?? '?'}): ${a.text ?? ''}`,
    ),
  ).then(
    (bot) => console.log(`Fixture bot listening on ${bot.messagesUrl}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
