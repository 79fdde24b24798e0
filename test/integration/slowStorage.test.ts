import { EtagDocuments } from '../../src/storage/etagDocuments';
import { ReminderState } from '../../src/storage/reminderState';
import { actionData, ALEX, cardInputs, cardsOf, cardText, Chat } from '../support/activities';
import { useBot } from '../support/bot';
import { waitFor } from '../support/waiting';

/**
 * Storage that stalls, between the bot and Azurite (a proxy that holds the bot's requests): a card action still
 * answers while the stall lasts, with a card that says so and keeps what was entered, and once storage answers again
 * the same action goes through. Whether it answered in time is judged against the stall, never against a clock.
 */
const STALL_MS = 40_000;

type Settings = { leadTimes: string[]; mode: string; lastDay: boolean };

describe('when storage stalls', () => {
  const bot = useBot({ REMINDERS_ENABLED: 'true', REMINDER_QUEUE: 'slow-storage-it' }, { slowStorage: true });
  let chat: Chat;
  let state: ReminderState;
  const stored = async () =>
    (await state.docs.read<Settings>(state.settingsKey(bot().lt.tenantId, ALEX.aadObjectId))).value;
  const settingsCard = async () => cardsOf(await chat.say('settings'))[0];
  /** Presses Save on a settings card with these inputs changed (the rest as the card shows them). */
  const save = async (card: unknown, changes: Record<string, string>) =>
    (await chat.execute('saveSettings', { ...actionData(card, 'Save'), ...cardInputs(card), ...changes })).value;

  beforeAll(async () => {
    chat = new Chat(bot().url, bot().lt, ALEX);
    // Straight to Azurite, past the proxy: what is stored, whatever the bot's storage is doing.
    state = new ReminderState(new EtagDocuments(bot().azurite.connectionString, bot().env.STORAGE_CONTAINER));
    await chat.say('reviews');
  });

  it('answers Save while storage holds every request, keeps the entries, and saves them once it answers', async () => {
    const before = await save(await settingsCard(), { leadTimes: 'P7D,P2D' });
    expect(cardText(before)).toContain('Saved.');

    const stall = bot().stallStorage({ forMs: STALL_MS });
    const during = await save(before, { leadTimes: 'P5D', mode: 'dailyDigest' });
    // Answered while storage still held what the bot asked of it.
    expect(stall.ended()).toBe(false);
    expect(stall.held()).toBeGreaterThan(0);
    expect(cardText(during)).toContain('Not saved yet: storage did not answer in time.');
    expect(cardInputs(during)).toMatchObject({ leadTimes: 'P5D', mode: 'dailyDigest' });
    stall.end();

    // Nothing was written meanwhile; pressed again from the card it answered with, the same entries are saved.
    expect((await stored())!.leadTimes).toEqual(['P7D', 'P2D']);
    const after = await save(during, {});
    expect(cardText(after)).toContain('Saved.');
    expect(cardInputs(after)).toMatchObject({ leadTimes: 'P5D', mode: 'dailyDigest' });
    expect(await stored()).toMatchObject({ leadTimes: ['P5D'], mode: 'dailyDigest' });
  }, 90_000);

  it('says it cannot tell when the write itself goes unanswered, and a second Save settles it', async () => {
    const before = await save(await settingsCard(), { leadTimes: 'P3D', mode: 'perReview' });
    expect(cardText(before)).toContain('Saved.');

    // Only the write of the settings is held: the bot reads them, writes, and hears nothing back.
    const stall = bot().stallStorage({
      forMs: STALL_MS,
      matches: (method, path) => method === 'PUT' && path.includes('settings.json'),
    });
    const during = await save(before, { leadTimes: 'P14D', lastDay: 'false' });
    expect(stall.ended()).toBe(false);
    expect(stall.held()).toBeGreaterThan(0);
    expect(cardText(during)).toContain('I cannot tell yet whether this was saved');
    expect(cardText(during)).not.toContain('Saved.');
    expect(cardInputs(during)).toMatchObject({ leadTimes: 'P14D', lastDay: 'false' });

    // The held writes reach storage late (as a slow service may still carry them out): the entries are stored, and
    // Save from the card that could not tell says so, without writing them twice.
    stall.end();
    await waitFor(
      async () => (await stored())?.leadTimes[0] === 'P14D',
      () => 'the late write never landed',
      20_000,
    );
    const after = await save(during, {});
    expect(cardText(after)).toContain('Saved.');
    expect(await stored()).toMatchObject({ leadTimes: ['P14D'], lastDay: false });
  }, 90_000);

  it('answers a typed command while storage stalls, and as usual after', async () => {
    const stall = bot().stallStorage({ forMs: STALL_MS });
    const [card] = cardsOf(await chat.say('settings'));
    expect(stall.ended()).toBe(false);
    expect(cardText(card)).toContain('Storage is slow');
    stall.end();
    expect(cardInputs(await settingsCard())).toMatchObject({ leadTimes: 'P14D', lastDay: 'false' });
  }, 90_000);
});
