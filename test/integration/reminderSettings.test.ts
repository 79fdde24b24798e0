import { QueueClient } from '@azure/storage-queue';
import { CONTOSO_REVIEWS } from '../../localtenant/seed/contosoReviews';
import { EtagDocuments } from '../../src/storage/etagDocuments';
import { ReminderState } from '../../src/storage/reminderState';
import { actionData, ALEX, cardInputs, cardsOf, cardText, Chat } from '../support/activities';
import { useBot } from '../support/bot';
import { waitFor } from '../support/waiting';

/** The reminder cards sent to a chat, by the instance their "Review now" opens. */
function remindersAbout(chat: Chat, instanceId: string) {
  return cardsOf(chat.sent()).filter((card) => {
    if (!/Review now/.test(cardText(card))) return false;
    const open = actionData(card, 'Review now') as { review: { instanceId: string } };
    return open.review.instanceId === instanceId;
  });
}

describe('the settings command, and Snooze and Mute on reminder cards', () => {
  const bot = useBot({ REMINDERS_ENABLED: 'true', REMINDER_QUEUE: 'settings-it' });
  let chat: Chat;
  let state: ReminderState;
  const settingsKey = () => state.settingsKey(bot().lt.tenantId, ALEX.aadObjectId);
  const poll = () =>
    bot().reminders!.worker.pollReviewer(
      { tenantId: bot().lt.tenantId, userId: ALEX.aadObjectId },
      bot().lt.tenant.clock.now(),
    );
  const settingsCard = async () => cardsOf(await chat.say('settings'))[0];
  /** Presses Save on a settings card with these inputs changed (the rest as the card shows them). */
  const save = async (card: unknown, changes: Record<string, string>) =>
    (await chat.execute('saveSettings', { ...actionData(card, 'Save'), ...cardInputs(card), ...changes })).value;

  beforeAll(async () => {
    chat = new Chat(bot().url, bot().lt, ALEX);
    state = new ReminderState(new EtagDocuments(bot().env.STORAGE_CONNECTION_STRING, bot().env.STORAGE_CONTAINER));
    // Signing in enrols Alex for reminders.
    await chat.say('reviews');
  });

  it('shows the defaults when nothing is stored', async () => {
    const card = await settingsCard();
    expect(cardText(card)).toContain('Reminder settings');
    expect(cardInputs(card)).toEqual({
      enabled: 'true',
      leadTimes: 'P3D,P1D',
      lastDay: 'true',
      mode: 'perReview',
      digestTime: '09:00',
      quietOn: 'true',
      quietStart: '19:00',
      quietEnd: '08:00',
      weekendDays: '0,6',
    });
  });

  it('saves changes and shows them as read back', async () => {
    const saved = await save(await settingsCard(), {
      leadTimes: 'P7D,P2D',
      mode: 'dailyDigest',
      quietStart: '20:00',
      quietEnd: '07:30',
      weekendDays: '6',
    });
    expect(cardText(saved)).toContain('Saved.');
    expect(cardInputs(saved)).toMatchObject({ leadTimes: 'P7D,P2D', mode: 'dailyDigest', weekendDays: '6' });
    // Typed again later, the card shows what is stored.
    expect(cardInputs(await settingsCard())).toMatchObject({
      leadTimes: 'P7D,P2D',
      mode: 'dailyDigest',
      quietStart: '20:00',
      quietEnd: '07:30',
      weekendDays: '6',
    });
  });

  it('refuses quiet hours that start when they end, keeping what was entered', async () => {
    const before = (await state.docs.read(settingsKey())).etag;
    const refused = await save(await settingsCard(), { quietStart: '09:00', quietEnd: '09:00', leadTimes: 'P5D' });
    expect(cardText(refused)).toContain('Not saved');
    expect(cardText(refused)).toContain('different times');
    expect(cardInputs(refused)).toMatchObject({ quietStart: '09:00', quietEnd: '09:00', leadTimes: 'P5D' });
    expect((await state.docs.read(settingsKey())).etag).toBe(before);
  });

  it('does not overwrite settings changed elsewhere since the card was read', async () => {
    const stale = await settingsCard();
    // Another device (or instance) saves in between.
    await state.docs.update<Record<string, unknown>>(settingsKey(), (s) => ({ ...s, lastDay: false }));
    const conflict = await save(stale, { leadTimes: 'P1D' });
    expect(cardText(conflict)).toContain('changed elsewhere');
    expect(cardInputs(conflict).leadTimes).toBe('P1D');
    expect((await state.docs.read<{ leadTimes: string[] }>(settingsKey())).value!.leadTimes).toEqual(['P7D', 'P2D']);

    // Saved again from the card it came back with, it goes through.
    const saved = await save(conflict, {});
    expect(cardText(saved)).toContain('Saved.');
    expect(cardInputs(saved).leadTimes).toBe('P1D');
  });

  it('mutes a review from its reminder: no more reminders about it, and Unmute on the settings card', async () => {
    // Any hour, any day, one message per review: the test must not depend on when it runs.
    const card = await settingsCard();
    expect(cardText(await save(card, { quietOn: 'false', weekendDays: '', mode: 'perReview' }))).toContain('Saved.');
    await poll();
    const [building] = remindersAbout(chat, CONTOSO_REVIEWS.buildingSelfReview);
    const muted = await chat.execute('muteReview', actionData(building, 'Mute this review'));
    expect(cardText(muted.value)).toMatch(/^Muted\n.*Building/);

    // Forget what was sent, so every review is due again.
    await state.docs.update(state.ledgerKey(bot().lt.tenantId, ALEX.aadObjectId), () => ({ entries: {} }));
    await poll();
    expect(remindersAbout(chat, CONTOSO_REVIEWS.buildingSelfReview)).toHaveLength(1);
    expect(remindersAbout(chat, CONTOSO_REVIEWS.financeApprovers)).toHaveLength(2);

    const listed = await settingsCard();
    expect(cardText(listed)).toMatch(/Building[^\n]*\nMuted: no reminders about it\nUnmute/);
    const unmuted = await chat.execute('unmuteReview', actionData(listed, 'Unmute'));
    expect(cardText(unmuted.value)).toContain('are on again');
    expect(cardText(unmuted.value)).not.toContain('Unmute');
  });

  it('snoozes a review until tomorrow morning, then reminds again', async () => {
    const [finance] = remindersAbout(chat, CONTOSO_REVIEWS.financeApprovers);
    const snoozed = await chat.execute('snoozeReview', actionData(finance, 'Snooze until tomorrow'));
    expect(cardText(snoozed.value)).toMatch(/^Snoozed\n.*Finance Approvers.* until \{\{DATE\(/);

    const ledgerKey = state.ledgerKey(bot().lt.tenantId, ALEX.aadObjectId);
    await state.docs.update(ledgerKey, () => ({ entries: {} }));
    await poll();
    expect(remindersAbout(chat, CONTOSO_REVIEWS.financeApprovers)).toHaveLength(2);

    // Just past the end of the snooze (as stored), the review is due again.
    const stored = await state.docs.read<{ snoozed: { instanceId: string; until: string }[] }>(settingsKey());
    const until = Date.parse(
      stored.value!.snoozed.find((s) => s.instanceId === CONTOSO_REVIEWS.financeApprovers)!.until,
    );
    bot().lt.tenant.clock.set(new Date(until - 60_000));
    await poll();
    expect(remindersAbout(chat, CONTOSO_REVIEWS.financeApprovers)).toHaveLength(2);
    bot().lt.tenant.clock.set(new Date(until + 60_000));
    await poll();
    expect(remindersAbout(chat, CONTOSO_REVIEWS.financeApprovers)).toHaveLength(3);
  });

  it('stores a chosen time zone under the name Intl gives it, however it was written', async () => {
    await state.docs.update<Record<string, unknown>>(settingsKey(), (s) => ({ ...s, timeZone: 'eUROPE/bERLIN' }));
    const done = await chat.execute('unmuteReview', {
      instanceId: CONTOSO_REVIEWS.buildingSelfReview,
      name: 'Building security',
    });
    expect(cardText(done.value)).toContain('are on again');
    expect((await state.docs.read<{ timeZone?: string }>(settingsKey())).value?.timeZone).toBe('Europe/Berlin');
  });
});

describe('a flood of settings changes', () => {
  const QUEUE = 'settings-flood-it';
  const bot = useBot({ REMINDERS_ENABLED: 'true', REMINDER_QUEUE: QUEUE });

  it('queues one poll for a reviewer however often they save, and that poll uses the last settings', async () => {
    const chat = new Chat(bot().url, bot().lt, ALEX);
    // Signing in enrols Alex: one job, due now.
    await chat.say('reviews');
    const queue = new QueueClient(bot().azurite.connectionString, QUEUE);
    const jobs = async () => (await queue.getProperties()).approximateMessagesCount ?? 0;
    expect(await jobs()).toBe(1);

    // A hundred saves in a row, reminders off and on again; the last one at any hour, any day, one per review.
    let card = cardsOf(await chat.say('settings'))[0];
    for (let i = 0; i < 100; i++) {
      const last = i === 99;
      const changes = last
        ? { enabled: 'true', quietOn: 'false', weekendDays: '', mode: 'perReview' }
        : { enabled: i % 2 ? 'true' : 'false', lastDay: i % 3 ? 'true' : 'false' };
      card = (await chat.execute('saveSettings', { ...actionData(card, 'Save'), ...cardInputs(card), ...changes }))
        .value;
      expect(cardText(card)).toContain('Saved.');
    }
    // The enrolment's job and at most one brought forward for the changes, however many there were.
    expect(await jobs()).toBeLessThanOrEqual(2);

    // The job brought forward runs with the settings as last saved: reminders go out about every review due; the
    // enrolment's first job, of an older generation, is dropped when it comes up.
    const worker = bot().reminders!.worker;
    await waitFor(
      async () => (await worker.pollDue()) >= 0 && remindersAbout(chat, CONTOSO_REVIEWS.financeApprovers).length > 0,
      () => 'the reviewer was not polled after the changes',
      60_000,
    );
    expect(remindersAbout(chat, CONTOSO_REVIEWS.buildingSelfReview)).toHaveLength(1);
    expect(await jobs()).toBe(1);
  }, 180_000);
});
