import { CONTOSO_REVIEWS } from '../../localtenant/seed/contosoReviews';
import { EtagDocuments } from '../../src/storage/etagDocuments';
import { ReminderState } from '../../src/storage/reminderState';
import { actionData, ALEX, cardsOf, cardText, Chat } from '../support/activities';
import { useBot } from '../support/bot';
import { waitFor } from '../support/waiting';

const DAY = 86_400_000;

/** The reminder cards the bot sent to a chat, with their first "Review now" payload. */
function reminders(chat: Chat) {
  return cardsOf(chat.sent())
    .filter((card) => /Review now/.test(cardText(card)))
    .map((card) => ({ card, text: cardText(card), open: actionData(card, 'Review now') }));
}

function about(instanceId: string, list: ReturnType<typeof reminders>) {
  return list.filter((r) => (r.open.review as { instanceId: string }).instanceId === instanceId);
}

describe('proactive reminders, polled against the local tenant clock', () => {
  const bot = useBot({ REMINDERS_ENABLED: 'true', REMINDER_QUEUE: 'reminders-it' });
  let chat: Chat;
  let state: ReminderState;
  const poll = () =>
    bot().reminders!.worker.pollReviewer(
      { tenantId: bot().lt.tenantId, userId: ALEX.aadObjectId },
      bot().lt.tenant.clock.now(),
    );

  beforeAll(async () => {
    chat = new Chat(bot().url, bot().lt, ALEX);
    state = new ReminderState(new EtagDocuments(bot().env.STORAGE_CONNECTION_STRING, bot().env.STORAGE_CONTAINER));
    // Signing in (here through the local SSO path) enrols Alex for reminders.
    await chat.say('reviews');
    // Any hour, any day: the test must not depend on when it runs (quiet hours and weekends have unit tests).
    await state.docs.write(
      state.settingsKey(bot().lt.tenantId, ALEX.aadObjectId),
      { quietHours: null, weekendDays: [] },
      null,
    );
  });

  it('tells Alex once about each new review, with what is left and a button that opens it', async () => {
    const first = await poll();
    expect(first.kind).toBe('polled');
    const building = about(CONTOSO_REVIEWS.buildingSelfReview, reminders(chat));
    expect(building).toHaveLength(1);
    expect(building[0].text).toContain('A new access review is waiting for you');
    expect(building[0].text).toMatch(/1 of 1 left to review/);
    expect(building[0].text).toContain('{{DATE(');

    const opened = await chat.execute('openReview', building[0].open);
    expect(opened.statusCode).toBe(200);
    expect(cardText(opened.value)).toContain('Submit decisions');
  });

  it('sends nothing new on a second poll', async () => {
    const before = chat.sent().length;
    const again = await poll();
    expect(again).toMatchObject({ kind: 'polled', sent: 0 });
    expect(chat.sent()).toHaveLength(before);
  });

  it('drops a chat the user blocked and does not try it again', async () => {
    const ledgerKey = state.ledgerKey(bot().lt.tenantId, ALEX.aadObjectId);
    const told = (await state.docs.read<{ entries: object }>(ledgerKey)).value!;
    bot().lt.connector.block({ user: ALEX.aadObjectId, code: 'ConversationBlockedByUser' });
    // Forget what was sent, so something is due again.
    await state.docs.update(ledgerKey, () => ({ entries: {} }));
    // Counted by the block's own code: the chat's rate window, still full of the cards sent just before, may also
    // answer a 429 first, which the sender rightly waits out and retries.
    const blocked = () => bot().lt.connector.summary().refusedByCode.ConversationBlockedByUser ?? 0;
    const refusedBefore = blocked();
    expect(await poll()).toMatchObject({ kind: 'stopped', why: 'unreachable' });
    expect(blocked()).toBe(refusedBefore + 1);
    expect(await poll()).toMatchObject({ kind: 'stopped', why: 'notEnrolled' });
    expect(blocked()).toBe(refusedBefore + 1);

    // Unblocked, Alex writes again, still signed in: the reference comes back and he is enrolled again, with no
    // new sign-in (enrolment of someone seen happens beside the turn, so it is waited for).
    bot().lt.connector.clearBlocks();
    await state.docs.update(ledgerKey, () => told);
    await chat.say('help');
    const enrolment = state.enrolmentKey(bot().lt.tenantId, ALEX.aadObjectId);
    await waitFor(
      async () => (await state.docs.read<{ active: boolean }>(enrolment)).value?.active,
      () => 'Alex was not enrolled again after writing',
      10_000,
    );
    expect(await poll()).toMatchObject({ kind: 'polled', sent: 0 });
  });

  it('says once that a review closes soon, two days before its end', async () => {
    const end = Date.parse(
      (about(CONTOSO_REVIEWS.buildingSelfReview, reminders(chat))[0].open.review as { endDateTime: string })
        .endDateTime,
    );
    bot().lt.tenant.clock.set(new Date(end - 2 * DAY));
    await poll();
    await poll();
    const building = about(CONTOSO_REVIEWS.buildingSelfReview, reminders(chat));
    expect(building.map((r) => r.text.split('\n')[0])).toEqual([
      'A new access review is waiting for you',
      'An access review closes soon',
    ]);
    expect(building[1].text).toMatch(/4\d hours left|1 days left|2 days left/);
  });

  it('stops reminding once Alex has decided everyone', async () => {
    const building = about(CONTOSO_REVIEWS.buildingSelfReview, reminders(chat))[0];
    const page = await chat.execute('openReview', building.open);
    const submit = actionData(page.value, 'Submit decisions');
    const done = await chat.execute('submit', {
      ...submit,
      choice_0: 'Approve',
      justification: 'I work in the building',
    });
    expect(cardText(done.value)).toContain('Recorded 1 decision');
    const end = Date.parse((building.open.review as { endDateTime: string }).endDateTime);
    // The last day: a reminder would be due now, had anyone been left.
    bot().lt.tenant.clock.set(new Date(end - 3_600_000));
    await poll();
    expect(about(CONTOSO_REVIEWS.buildingSelfReview, reminders(chat))).toHaveLength(2);
  });
});
