import { randomUUID } from 'node:crypto';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { actionData, cardInputs, cardsOf, cardText, Chat, TeamsUser } from '../support/activities';
import { useBot } from '../support/bot';
import { waitFor } from '../support/waiting';

/**
 * Writes whose answer never comes: Graph acted (or may have), and the owner's card must not say it did not. The local
 * tenant acts on the request, then answers late (past the bot's Graph timeout), answers 503, or drops the connection.
 */
const MEGAN: TeamsUser = { aadObjectId: CONTOSO.megan, name: 'Megan Bowen' };
const ADMIN: TeamsUser = { aadObjectId: CONTOSO.admin, name: 'MOD Administrator' };
const CREATE = '^POST /v1\\.0/identityGovernance/accessReviews/definitions$';

describe('a write whose outcome is unknown is looked up before the card says anything', () => {
  // A short Graph timeout, so a late answer is a lost one; retries as in production.
  const bot = useBot({ GRAPH_TIMEOUT_MS: '1500', GRAPH_MAX_RETRIES: '3' });
  const reviews = () => bot().lt.tenant.reviews;
  const named = (name: string) => [...reviews().definitions.values()].filter((d) => d.displayName === name);
  const creates = () =>
    bot()
      .lt.log.summary()
      .entries.filter((e) => e.method === 'POST' && /accessReviews\/definitions$/.test(e.path)).length;

  let megan: Chat;
  beforeAll(() => {
    megan = new Chat(bot().url, bot().lt, MEGAN);
  });
  afterEach(() => bot().lt.faults.clear());

  /** A fresh form, filled in for a review of the Building security group with a name of its own. */
  async function formFor(name: string): Promise<Record<string, unknown>> {
    const [form] = cardsOf(await megan.say('new review'));
    const data = actionData(form, 'Create review');
    return { ...data, ...cardInputs(form), group: CONTOSO.buildingSecurity, reviewers: 'owners', days: '7', name };
  }
  const press = async (form: Record<string, unknown>) => (await megan.execute('createReview', form)).value;

  it('a create answered after the timeout: the review is found, the card says created, and a second press creates nothing', async () => {
    const name = `Late answer ${randomUUID().slice(0, 8)}`;
    const form = await formFor(name);
    bot().lt.log.reset();
    bot().lt.faults.add({ match: CREATE, latencyAfterMs: 4000, times: 1 });

    const card = cardText(await press(form));
    expect(card).toContain(`Created “${name}”`);
    expect(card).not.toContain('Nothing was created');
    expect(named(name)).toHaveLength(1);
    // Sent once: no blind retry of the create (the tenant logs it when its late answer is ready).
    await waitFor(
      () => creates() >= 1,
      () => 'the create was never logged',
      10_000,
    );
    expect(creates()).toBe(1);

    const again = cardText(await press(form));
    expect(again).toContain('This form already created its review');
    expect(named(name)).toHaveLength(1);
  });

  it('a create answered 503 after Graph made it is not sent again, and the card says created', async () => {
    const name = `Server error ${randomUUID().slice(0, 8)}`;
    const form = await formFor(name);
    bot().lt.log.reset();
    bot().lt.faults.add({ match: CREATE, failAfterHandled: 'unavailable', times: 1 });

    const card = cardText(await press(form));
    expect(card).toContain(`Created “${name}”`);
    expect(creates()).toBe(1);
    expect(named(name)).toHaveLength(1);
  });

  it('a create still unseen when Attest looks says "may have been created", and the form that comes back never makes a second', async () => {
    const name = `Slow create ${randomUUID().slice(0, 8)}`;
    const form = await formFor(name);
    // The tenant takes longer than the bot waits before it acts: when the bot looks, the review is not there yet.
    bot().lt.faults.add({ match: CREATE, latencyMs: 2500, times: 1 });

    const answer = await press(form);
    const card = cardText(answer);
    expect(card).toContain('The review may have been created');
    expect(card).toContain('does not see it yet');
    expect(card).not.toContain('Nothing was created');
    // The form comes back with everything entered and the same form id.
    expect(cardInputs(answer).name).toBe(name);
    const back = { ...actionData(answer, 'Create review'), ...cardInputs(answer) };
    expect(back.formId).toBe(form.formId);

    await waitFor(
      () => named(name).length === 1,
      () => `${named(name).length} reviews named so`,
      10_000,
    );
    const again = cardText(await press(back));
    expect(again).toContain(`Created “${name}”`);
    expect(named(name)).toHaveLength(1);
  });

  it('a second press whose look for the first create fails says it may have been created, and sends nothing', async () => {
    const name = `Look fails ${randomUUID().slice(0, 8)}`;
    const form = await formFor(name);
    bot().lt.faults.add({ match: CREATE, latencyMs: 2500, times: 1 });
    const answer = await press(form);
    expect(cardText(answer)).toContain('The review may have been created');
    const back = { ...actionData(answer, 'Create review'), ...cardInputs(answer) };
    // The first create lands late; then Graph cannot list definitions: whether it worked is still not known.
    await waitFor(
      () => named(name).length === 1,
      () => `${named(name).length} reviews named so`,
      10_000,
    );
    await new Promise((r) => setTimeout(r, 200));
    bot().lt.faults.clear();
    bot().lt.faults.add({ match: '^GET /v1\\.0/identityGovernance/accessReviews/definitions$', unavailable: 1 });
    bot().lt.log.reset();
    const again = cardText(await press(back));
    expect(again).toContain('The review may have been created');
    expect(again).not.toContain('Nothing was created');
    expect(creates()).toBe(0);
  });

  it('a nudge answered 503 may have mailed the reviewers: said so, and not sent again', async () => {
    const name = `Nudge unknown ${randomUUID().slice(0, 8)}`;
    const admin = new Chat(bot().url, bot().lt, ADMIN);
    const [form] = cardsOf(await admin.say('new review'));
    const data = { ...actionData(form, 'Create review'), ...cardInputs(form) };
    await admin.execute('createReview', {
      ...data,
      group: CONTOSO.buildingSecurity,
      reviewers: 'owners',
      days: '7',
      name,
    });
    const [list] = cardsOf(await admin.say('my reviews'));
    const nudge = actionData(list, 'Nudge reviewers');
    expect(nudge.name).toBe(name);
    bot().lt.log.reset();
    bot().lt.faults.add({ match: '/sendReminder$', failAfterHandled: 'unavailable', times: 1 });
    const text = cardText((await admin.execute('nudgeReview', nudge)).value);
    expect(text).toContain(`Microsoft Graph did not answer the reminder for “${name}”`);
    expect(text).toContain('may have been sent');
    const sends = bot()
      .lt.log.summary()
      .entries.filter((e) => e.path.endsWith('/sendReminder'));
    expect(sends).toHaveLength(1);
  });

  it('delete of a review that is not there says nothing was deleted, in those words', async () => {
    const admin = new Chat(bot().url, bot().lt, ADMIN);
    const answer = await admin.execute('deleteReviewConfirmed', {
      definitionId: randomUUID(),
      name: 'Never a review',
      skip: 0,
    });
    const text = cardText(answer.value);
    expect(text).toContain('Nothing was deleted: Microsoft Graph has no review “Never a review”');
    expect(text).not.toContain('Deleted “Never a review”');
  });

  it('delete whose connection drops after Graph deleted: read back, said as gone', async () => {
    const name = `Dropped delete ${randomUUID().slice(0, 8)}`;
    await press(await formFor(name));
    const [def] = named(name);
    bot().lt.log.reset();
    bot().lt.faults.add({ match: '^DELETE .*/accessReviews/definitions/', failAfterHandled: 'reset', times: 1 });

    const text = cardText(
      (await megan.execute('deleteReviewConfirmed', { definitionId: def.id, name, skip: 0 })).value,
    );
    expect(text).toContain(`Microsoft Graph did not answer the request for “${name}”`);
    expect(text).toContain('no longer has it: it is deleted');
    expect(named(name)).toHaveLength(0);
    const deletes = bot()
      .lt.log.summary()
      .entries.filter((e) => e.method === 'DELETE');
    expect(deletes).toHaveLength(1);
  });

  it('stop answered 503 after Graph stopped it: not sent again, the card says what Graph shows', async () => {
    const name = `Stop unknown ${randomUUID().slice(0, 8)}`;
    await press(await formFor(name));
    const [list] = cardsOf(await megan.say('my reviews'));
    const stop = actionData(list, 'Stop now');
    expect(stop.name).toBe(name);
    bot().lt.log.reset();
    bot().lt.faults.add({ match: '/stop$', failAfterHandled: 'unavailable', times: 1 });

    const text = cardText((await megan.execute('stopReview', stop)).value);
    expect(text).toContain(
      `Microsoft Graph did not answer the request for “${name}”; reading it back: it shows completed now.`,
    );
    const stops = bot()
      .lt.log.summary()
      .entries.filter((e) => e.method === 'POST' && e.path.endsWith('/stop'));
    expect(stops).toHaveLength(1);
  });
});
