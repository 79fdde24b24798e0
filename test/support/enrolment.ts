import { AddressInfo } from 'node:net';
import { LocalTenant } from '../../localtenant';
import { loadConfig } from '../../src/config';
import { buildBot } from '../../src/index';
import { Logger } from '../../src/logging';
import { EtagDocuments } from '../../src/storage/etagDocuments';
import { ReminderState } from '../../src/storage/reminderState';
import { Chat, TeamsUser } from './activities';

export interface Enrolled {
  chats: Chat[];
  seconds: number;
  /** Stops the enrolling bot; the connector's limits go back to Teams' own. */
  stop(): Promise<void>;
}

/**
 * Enrolment as in production: each reviewer writes once, which signs them in (local SSO, on-behalf-of), enrols them
 * and saves their chat. One bot in this process takes these turns with the given settings; it never polls (its worker
 * is not started). The connector's per-tenant limit is lifted meanwhile, so the replies do not count against the
 * reminders measured afterwards. Reminders may come at any hour and day: quiet hours and weekends have their own tests.
 */
export async function enrolThroughBot(
  lt: LocalTenant,
  env: Record<string, string>,
  reviewers: TeamsUser[],
  log: Logger,
  lanes = 16,
): Promise<Enrolled> {
  const started = Date.now();
  const bot = buildBot(loadConfig(env), log);
  await new Promise<void>((r) => bot.server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}`;
  const state = new ReminderState(new EtagDocuments(env.STORAGE_CONNECTION_STRING, env.STORAGE_CONTAINER));
  lt.connector.setLimits({ perAppPerTenant: [{ operations: 100_000, seconds: 1 }] });
  const chats = reviewers.map((r) => new Chat(url, lt, r));
  await inLanes(chats, lanes, async (chat) => {
    await state.docs.write(state.settingsKey(lt.tenantId, chat.user.aadObjectId), anyTime, null);
    await chat.say('reviews');
  });
  return {
    chats,
    seconds: (Date.now() - started) / 1000,
    stop: async () => {
      bot.server.close();
      await bot.reminders?.sender.stop();
      lt.connector.reset();
    },
  };
}

const anyTime = { quietHours: null, weekendDays: [] };

/** Runs fn over items with at most `lanes` at a time. */
export async function inLanes<T>(items: T[], lanes: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}
