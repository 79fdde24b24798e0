import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { LocalTenant, startLocalTenant } from '../../localtenant';
import { loadConfig } from '../../src/config';
import { buildBot } from '../../src/index';
import { EtagDocuments } from '../../src/storage/etagDocuments';
import { ReminderState } from '../../src/storage/reminderState';
import { ALEX } from '../support/activities';
import { localEnv } from '../support/bot';
import { testLogger } from '../support/logs';
import { openPlayground, PlaygroundPage } from './support/playgroundPage';
import { Stack, startStack } from './support/stack';

/**
 * A proactive reminder in the real client: the bot (reminders on) polls Alex as the worker would, sends the reminder
 * to the chat the Playground has open, and "Review now" on it opens the review card in place.
 */
jest.setTimeout(180_000);

let lt: LocalTenant;
let stack: Stack | undefined;
let pg: PlaygroundPage | undefined;
let bot: ReturnType<typeof buildBot> | undefined;
let state: ReminderState | undefined;

const page = () => {
  if (!pg) throw new Error('the Playground page did not open');
  return pg;
};

beforeAll(async () => {
  lt = await startLocalTenant({ port: 0 });
  stack = await startStack({
    localTenantUrl: lt.url,
    botMessagesUrl: async (azurite) => {
      // The queue loop is not started: the test polls Alex itself, so the reminder comes when the page is watching.
      const env = localEnv(lt, azurite!, randomBytes(32), { REMINDERS_ENABLED: 'true', REMINDER_QUEUE: 'e2e-polls' });
      bot = buildBot(loadConfig(env), testLogger().log);
      state = new ReminderState(new EtagDocuments(env.STORAGE_CONNECTION_STRING, env.STORAGE_CONTAINER));
      await new Promise<void>((resolve) => bot!.server.listen(0, '127.0.0.1', () => resolve()));
      return `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}/api/messages`;
    },
  });
  pg = await openPlayground(stack.playground.url);
}, 240_000);

afterAll(async () => {
  await pg?.close();
  await stack?.stop();
  bot?.server.close();
  await lt?.stop();
}, 120_000);

test('a proactive reminder appears in the open chat and "Review now" opens the review', async () => {
  await page().waitForReply('Welcome to Attest');
  // Signing in (the first "reviews") enrols Alex for reminders.
  await page().sendMessage('reviews');
  await page().waitForReply('Access reviews waiting for you');
  // Any hour, any day: the test must not depend on when it runs.
  await state!.docs.write(
    state!.settingsKey(lt.tenantId, ALEX.aadObjectId),
    { quietHours: null, weekendDays: [] },
    null,
  );

  const since = await page().botMessageCount();
  const polled = await bot!.reminders!.worker.pollReviewer({ tenantId: lt.tenantId, userId: ALEX.aadObjectId });
  expect(polled).toMatchObject({ kind: 'polled' });
  expect((polled as { sent: number }).sent).toBeGreaterThan(0);
  await page().waitForReply('A new access review is waiting for you', { since });
  const reminder = await page().latestCard();
  const reminderText = await reminder.text();
  expect(reminderText).toContain('Review now');
  expect(reminderText).toMatch(/left to review/);
  const reviewName = reminderText
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)[1];
  expect(reviewName).toBeTruthy();
  await page().screenshot('reminders-1-proactive-reminder');

  const opened = await reminder.execute('Review now');
  expect(opened.status).toBe(200);
  // The review card, in place of the reminder: its people with a decision each, and Submit.
  expect(opened.cardText).toContain('Submit decisions');
  expect(JSON.stringify(opened.value)).toMatch(/"label":"Decision for [^"]+"/);
  // The same review the reminder named (its first line after the title).
  expect(opened.cardText).toContain(reviewName);
  await page().screenshot('reminders-2-review-opened');
});
