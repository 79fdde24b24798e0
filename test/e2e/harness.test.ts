import { BlobsStorage } from 'botbuilder-azure-blobs';
import { FixtureBot, startFixtureBot } from './support/fixtureBot';
import { openPlayground, PlaygroundPage } from './support/playgroundPage';
import { Stack, startStack } from './support/stack';

/**
 * Proves the e2e harness against the real Microsoft 365 Agents Playground in headless Chromium, with a throwaway
 * fixture bot: the user and tenant of .m365agentsplayground.yml reach the bot, text and Adaptive Card replies render,
 * card inputs can be filled and an Action.Execute replaces the card in place, proactive messages show up.
 */

// Generous everywhere: two shared cores, and Chromium plus the Playground are heavy. Nothing asserts a duration.
jest.setTimeout(180_000);

const ALEX = { aadObjectId: '43b12b0c-ee2c-4257-96fe-505d823e06ab', name: 'Alex Wilber' };
const CONTOSO_TENANT = 'f9a44fab-6764-4166-aac0-c8aca790a100';

let bot: FixtureBot | undefined;
let stack: Stack | undefined;
let pg: PlaygroundPage | undefined;

function page(): PlaygroundPage {
  if (!pg) throw new Error('the Playground page did not open');
  return pg;
}

beforeAll(async () => {
  stack = await startStack({
    botMessagesUrl: async () => {
      bot = await startFixtureBot();
      return bot.messagesUrl;
    },
  });
  pg = await openPlayground(stack.playground.url);
}, 240_000);

afterAll(async () => {
  await pg?.close();
  await stack?.stop();
  await bot?.stop();
}, 120_000);

test('the Playground opens and says hello to the bot as Alex Wilber of Contoso', async () => {
  await page().sendMessage('hello');
  expect(await page().waitForReply('Hello, Alex Wilber!')).toBe('Hello, Alex Wilber!');
  await page().screenshot('harness-1-hello');

  const message = bot!.received.find((a) => a.type === 'message' && a.text === 'hello');
  expect(message?.from).toMatchObject(ALEX);
  expect(message?.conversation).toMatchObject({ tenantId: CONTOSO_TENANT, conversationType: 'personal' });
  expect(message?.channelData).toMatchObject({ tenant: { id: CONTOSO_TENANT } });
  expect(message?.channelId).toBe('msteams');
  // Replies go back to the Playground's own connector.
  expect(message?.serviceUrl).toBe(stack!.playground.serviceUrl);
  // On connect the Playground installs the app, as Teams does: the moment a bot keeps its conversation reference.
  expect(bot!.received.find((a) => a.type === 'installationUpdate')).toMatchObject({
    action: 'add',
    from: { aadObjectId: ALEX.aadObjectId },
  });
});

test('an Adaptive Card is filled and its Action.Execute replaces it in place', async () => {
  const card = await page().latestCard();
  expect(await card.text()).toContain('Fixture card');
  const messagesBefore = await page().botMessageCount();

  await card.fill('note', 'Still on the Falcon project'); // by card id
  await card.choose('Decision', 'Approve'); // compact choice set, by label and title
  await card.choose('confidence', 'low'); // expanded choice set, by card id and value
  await page().screenshot('harness-2-card-filled');

  const result = await card.execute('Record decision');
  await page().screenshot('harness-3-card-updated');

  expect(result.status).toBe(200);
  expect(result.type).toBe('application/vnd.microsoft.card.adaptive');
  expect(result.cardText).toContain('Decision recorded');
  expect(result.cardText).toMatch(/Decision\s+Approve/);
  expect(result.cardText).toMatch(/Justification\s+Still on the Falcon project/);
  expect(result.cardText).toMatch(/Confidence\s+low/);
  expect(result.cardText).toMatch(/Item\s+item-1/);
  // In place: no new message, and the card's old inputs are gone.
  expect(await page().botMessageCount()).toBe(messagesBefore);
  expect(await card.root.getByRole('textbox').count()).toBe(0);

  const invoke = bot!.received.find((a) => a.type === 'invoke' && a.name === 'adaptiveCard/action');
  expect(invoke?.from).toMatchObject({ aadObjectId: ALEX.aadObjectId });
  expect(invoke?.value).toMatchObject({
    action: {
      type: 'Action.Execute',
      verb: 'fixtureSubmit',
      data: { itemId: 'item-1', note: 'Still on the Falcon project', decision: 'Approve', confidence: 'low' },
    },
  });
});

test('a proactive message (continueConversationAsync) shows on the open page', async () => {
  const since = await page().botMessageCount();
  await bot!.sendProactive('Reminder: 3 people wait for your review');
  expect(await page().waitForReply('Reminder: 3 people wait for your review', { since })).toContain('Reminder');
  await page().screenshot('harness-4-proactive');
});

test('Azurite takes botbuilder state', async () => {
  const storage = new BlobsStorage(stack!.azurite!.connectionString, 'e2e-harness');
  await storage.write({ probe: { seenBy: ALEX.aadObjectId } });
  expect(await storage.read(['probe'])).toMatchObject({ probe: { seenBy: ALEX.aadObjectId } });
});
