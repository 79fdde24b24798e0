import { randomUUID } from 'node:crypto';
import { CONTOSO_REVIEWS } from '../../localtenant/seed/contosoReviews';
import { createStorage } from '../../src/storage/blobStorage';
import { actionData, ALEX, cardInputs, cardsOf, cardText, Chat, openReviewData } from '../support/activities';
import { useBot } from '../support/bot';

/** Turns any client can send, answered over real HTTP: where reminders will reach people, and odd card actions. */
describe('every turn', () => {
  const bot = useBot();
  const storage = () => createStorage(bot().env.STORAGE_CONNECTION_STRING, bot().env.STORAGE_CONTAINER);
  const refKey = () => `refs/${bot().lt.tenantId}/${ALEX.aadObjectId}`;

  it('keeps where to reach the reviewer from any message, with their time zone, and forgets it on uninstall', async () => {
    const chat = new Chat(bot().url, bot().lt, ALEX);
    await chat.say('help');
    const saved = (await storage().read([refKey()]))[refKey()] as {
      reference?: { conversation?: { id?: string } };
      timeZone?: string;
    };
    expect(saved?.reference?.conversation?.id).toBe(chat.conversationId);

    await chat.send({ type: 'message', text: 'help', localTimezone: 'Europe/Berlin' });
    const withZone = (await storage().read([refKey()]))[refKey()] as { timeZone?: string };
    expect(withZone.timeZone).toBe('Europe/Berlin');

    const removed = await chat.send({ type: 'installationUpdate', action: 'remove' });
    expect(removed.status).toBeLessThan(300);
    expect((await storage().read([refKey()]))[refKey()]).toBeUndefined();

    const added = await chat.send({ type: 'installationUpdate', action: 'add' });
    expect(added.status).toBeLessThan(300);
    expect((await storage().read([refKey()]))[refKey()]).toBeDefined();
  });

  it('keeps the time zone under the name Intl gives it, however the client spells it', async () => {
    const chat = new Chat(bot().url, bot().lt, ALEX);
    // The same activity id both times: the reference (which carries it) is the same, only the zone's spelling is not.
    const id = randomUUID();
    await chat.send({ id, type: 'message', text: 'help', localTimezone: 'eUROPE/bERLIN' });
    const saved = (await storage().read([refKey()]))[refKey()] as { timeZone?: string; updatedAt?: string };
    expect(saved.timeZone).toBe('Europe/Berlin');
    // Another spelling of the same zone is no change: nothing is written again.
    await chat.send({ id, type: 'message', text: 'help', localTimezone: 'europe/BERLIN' });
    const again = (await storage().read([refKey()]))[refKey()] as { timeZone?: string; updatedAt?: string };
    expect(again).toMatchObject({ timeZone: 'Europe/Berlin', updatedAt: saved.updatedAt });
  });

  it('takes a user id written in capitals as the same person: one saved chat, and signed in', async () => {
    const chat = new Chat(bot().url, bot().lt, { ...ALEX, aadObjectId: ALEX.aadObjectId.toUpperCase() });
    const [card] = cardsOf(await chat.say('reviews'));
    expect(cardText(card)).toContain('Access reviews waiting for you');
    const saved = (await storage().read([refKey()]))[refKey()] as { reference?: { conversation?: { id?: string } } };
    expect(saved.reference?.conversation?.id).toBe(chat.conversationId);
  });

  it('answers a card action it does not know with a card, not an error', async () => {
    const chat = new Chat(bot().url, bot().lt, ALEX);
    for (const [verb, data] of [
      ['dropTables', {}],
      [undefined, { msteams: { type: 'messageBack' } }],
      ['', { action: 'submit' }],
    ] as const) {
      const res = await chat.execute(verb as string, data);
      expect(res).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(cardText(res.value)).toContain('That card could not be used');
    }
  });

  it('answers an invoke it does not support with 400, and one Teams sends for a failed sign-in with 200', async () => {
    const chat = new Chat(bot().url, bot().lt, ALEX);
    expect((await chat.send({ type: 'invoke', name: 'composeExtension/query', value: {} })).status).toBe(400);
    expect((await chat.send({ type: 'invoke', name: 'signin/failure', value: { code: 'x' } })).status).toBe(200);
  });

  it('keeps every choice when the justification is too long, and records nothing', async () => {
    const chat = new Chat(bot().url, bot().lt, ALEX);
    const inbox = await chat.inbox('reviews');
    const page = await chat.execute('openReview', openReviewData(inbox, CONTOSO_REVIEWS.salesAndMarketing));
    bot().lt.log.reset();
    const long = 'Still needed for the spring campaign. '.repeat(60);
    const res = await chat.execute('submit', {
      ...actionData(page.value, 'Submit decisions'),
      choice_0: 'Approve',
      choice_2: 'Deny',
      justification: long,
    });
    const inputs = cardInputs(res.value);
    expect(inputs.choice_0).toBe('Approve');
    expect(inputs.choice_2).toBe('Deny');
    expect(inputs.justification).toBe(long);
    expect(cardText(res.value)).toContain('shorten it to 2,000 or fewer');
    expect(bot().lt.log.summary().graph).toBe(0);
  });
});
