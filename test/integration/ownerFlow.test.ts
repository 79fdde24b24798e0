import { randomUUID } from 'node:crypto';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { MAX_TEXT } from '../../src/bot/incomingActivity';
import { addYears, isoDate } from '../../src/reviews/quickReview';
import { cardBytes, MAX_CARD_BYTES } from '../../src/views/renderCard';
import { actionData, ALEX, ALLAN, cardInputs, cardsOf, cardText, Chat, TeamsUser } from '../support/activities';
import { useBot } from '../support/bot';
import { recordedDecisions } from '../support/graph';

/**
 * Owners and admins in chat, against the local tenant over HTTPS: Megan Bowen owns the Building security group (no
 * directory role; the tenant lets group owners manage reviews of their groups), Alex Wilber is a member of it, the
 * MOD Administrator is a Global Administrator.
 */
const MEGAN: TeamsUser = { aadObjectId: CONTOSO.megan, name: 'Megan Bowen' };
const ADMIN: TeamsUser = { aadObjectId: CONTOSO.admin, name: 'MOD Administrator' };

describe('owners start, watch and close quick reviews', () => {
  const bot = useBot();
  const reviews = () => bot().lt.tenant.reviews;
  const definitionsCreatedBy = (userId: string) =>
    [...reviews().definitions.values()].filter((d) => d.createdBy.id === userId);
  const members = () => [...bot().lt.tenant.directory.groups.get(CONTOSO.buildingSecurity)!.members];

  /** Presses a form button the way Teams does: the card's inputs, as shown, merged into the button's data. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function submitForm(chat: Chat, form: any, button: string, changes: Record<string, string>) {
    const data = actionData(form, button);
    return chat.execute(String(data.verb), { ...data, ...cardInputs(form), ...changes });
  }

  let megan: Chat;
  let selfReviewName: string;
  beforeAll(() => {
    megan = new Chat(bot().url, bot().lt, MEGAN);
  });

  it('lets the owner of the Building security group create a self-review from the form, read back from Graph', async () => {
    const [form] = cardsOf(await megan.say('new review'));
    const text = cardText(form);
    expect(text).toContain('New access review');
    // The groups Megan owns are offered.
    expect(JSON.stringify(form)).toContain('Building security group');
    expect(JSON.stringify(form)).toContain('Sales and Marketing');

    const created = await submitForm(megan, form, 'Create review', {
      group: CONTOSO.buildingSecurity,
      reviewers: 'self',
      noResponse: 'remove',
      days: '7',
    });
    const card = cardText(created.value);
    selfReviewName = 'One-time review of members of Building security group';
    expect(card).toContain(`Created “${selfReviewName}”`);
    expect(card).toContain('It started');
    expect(card).toContain('Members review themselves');
    expect(card).toContain('Applied when you press Apply decisions');

    const [def] = definitionsCreatedBy(CONTOSO.megan);
    expect(def).toMatchObject({
      displayName: selfReviewName,
      reviewers: [],
      settings: { defaultDecisionEnabled: true, defaultDecision: 'Deny', autoApplyDecisionsEnabled: false },
    });

    // The same form pressed again (a copy in another client, a double click) creates nothing more.
    const again = await submitForm(megan, form, 'Create review', {
      group: CONTOSO.buildingSecurity,
      reviewers: 'self',
      noResponse: 'remove',
      days: '7',
    });
    expect(cardText(again.value)).toContain('This form already created its review');
    expect(definitionsCreatedBy(CONTOSO.megan)).toHaveLength(1);
  });

  it("shows it to the group's members in their reviews", async () => {
    const alex = new Chat(bot().url, bot().lt, ALEX);
    const inbox = await alex.inbox();
    expect(inbox.map(cardText).join('\n')).toContain(selfReviewName);
  });

  it('lists it under my reviews with its progress, and stop then apply removes the denied member', async () => {
    const def = definitionsCreatedBy(CONTOSO.megan)[0];
    // Alex keeps his access; Allan does not answer (the default when nobody responds: remove access).
    const alexItem = def.instances[0].stages[0].items.find((i) => i.principal.id === ALEX.aadObjectId)!;
    reviews().record([alexItem], 'Approve', 'I badge in daily', {
      id: ALEX.aadObjectId,
      displayName: ALEX.name,
      userPrincipalName: 'AlexW@contoso.com',
    });

    const [list] = cardsOf(await megan.say('my reviews'));
    const text = cardText(list);
    expect(text).toContain('Reviews you created');
    expect(text).toContain(selfReviewName);
    expect(text).toContain('In progress');
    expect(text).toContain('Reviewed 1 of 2 · 1 approved · 0 denied · 0 don’t know');
    expect(text).toContain('Reviewers contacted (2): Alex Wilber, Allan Deyoung');

    const stopped = await megan.execute('stopReview', actionData(list, 'Stop now'));
    expect(cardText(stopped.value)).toContain(`Stopped “${selfReviewName}”: it is completed now.`);
    expect(cardText(stopped.value)).toContain('Reviewed 2 of 2 · 1 approved · 1 denied');
    expect(members()).toContain(ALLAN.aadObjectId);

    const applied = await megan.execute('applyReview', actionData(stopped.value, 'Apply decisions'));
    expect(cardText(applied.value)).toContain(`Applied the decisions of “${selfReviewName}”`);
    expect(members()).toContain(ALEX.aadObjectId);
    expect(members()).not.toContain(ALLAN.aadObjectId);
    const decisions = await recordedDecisions(bot().lt, def.id);
    expect(decisions.find((d) => d.principal.id === ALLAN.aadObjectId)?.decision).toBe('Deny');
  });

  it('refuses a member with no role who does not own the group, in plain words, and creates nothing', async () => {
    const alex = new Chat(bot().url, bot().lt, ALEX);
    const before = reviews().definitions.size;
    const [card] = cardsOf(await alex.say('new review "Building security group" reviewers=self'));
    const text = cardText(card);
    expect(text).toContain('The review was not created');
    expect(text).toContain('User Administrator, Identity Governance Administrator or Global Administrator');
    expect(text).toContain('group owners create reviews');
    expect(reviews().definitions.size).toBe(before);
  });

  it('names the words it does not know and the values it does not take, and sends nothing', async () => {
    const before = reviews().definitions.size;
    const [card] = cardsOf(await megan.say('new review "Building security group" reviewrs=owners every=fortnight'));
    const text = cardText(card);
    expect(text).toContain("I don't know “reviewrs”");
    expect(text).toContain(
      '“every=fortnight” is not allowed: every can be once, week, month, quarter, half-year, year',
    );
    expect(reviews().definitions.size).toBe(before);
  });

  /** Requests the local tenant's Graph has answered so far (each $batch counted once). */
  const graphRequests = () => bot().lt.log.summary().graph;

  /** Sends a message as Megan: the bot's HTTP status, what it sent back, and the turn's log lines. */
  async function turn(text: string) {
    const id = randomUUID();
    const before = megan.sent().length;
    const res = await megan.send({ type: 'message', id, text });
    const lines = bot()
      .logLines()
      .filter((l) => l.activityId === id);
    return { status: res.status, replies: megan.sent().slice(before), lines };
  }

  /** The turn answered with one card and did not fail: no apology, no failure logged, no card too long replaced. */
  function answeredWithOneCard(t: Awaited<ReturnType<typeof turn>>) {
    expect(t.status).toBe(200);
    expect(t.replies).toHaveLength(1);
    const [card] = cardsOf(t.replies);
    expect(card).toBeDefined();
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(t.lines.map((l) => l.msg)).toEqual(['turn done']);
    expect(t.lines[0]).toMatchObject({ level: 'info', handled: true });
    return cardText(card);
  }

  it('answers the longest line a client can send, thousands of wrong words, with the first problems and a count', async () => {
    const before = reviews().definitions.size;
    const start = 'new review "Building security group" ';
    const text = (start + 'x '.repeat(MAX_TEXT)).slice(0, MAX_TEXT);
    const wrong = text.slice(start.length).split(' ').filter(Boolean).length;
    expect(wrong).toBeGreaterThan(20_000);

    const card = answeredWithOneCard(await turn(text));
    expect(card).toContain('Nothing was created');
    expect(card.split("I don't know “x”.").length - 1).toBe(5);
    expect(card).toContain(`…and ${(wrong - 5).toLocaleString('en-US')} more problems.`);
    expect(card.split('After the group or app, use: who, reviewers,').length - 1).toBe(1);
    expect(reviews().definitions.size).toBe(before);
  });

  it('answers a line with values far too long in plain words, and creates nothing', async () => {
    const before = reviews().definitions.size;
    const valid = answeredWithOneCard(
      await turn(
        `new review "Building security group" reviewers=owners name="${'N'.repeat(10_000)}" ` +
          `description="${'D'.repeat(10_000)}" admin-description="${'A'.repeat(10_000)}"`,
      ),
    );
    expect(valid).toContain('Nothing was created');
    expect(valid).toContain('The name is too long: at most 256 characters.');
    expect(valid).toContain('The message to reviewers is too long: at most 256 characters.');
    expect(valid).toContain('The note for admins is too long: at most 1,000 characters.');
    expect(valid).not.toContain('NNNN');

    // A group and a reviewer no one can be called (Entra names are at most 256 characters): said so, not looked up.
    const looked = graphRequests();
    const names = answeredWithOneCard(
      await turn(`new review "${'G'.repeat(10_000)}" reviewers="${'P'.repeat(10_000)}" days=14`),
    );
    expect(names).toContain('Nothing was created');
    expect(names).toContain('No group has a name that long');
    expect(names).toContain('No one has a name that long');
    expect(graphRequests()).toBe(looked);
    expect(reviews().definitions.size).toBe(before);
  });

  it('creates nothing from a line that starts in the year 9999, and says by when it must start', async () => {
    const before = reviews().definitions.size;
    const looked = graphRequests();
    const card = answeredWithOneCard(
      await turn('new review "Building security group" reviewers=owners days=14 start=9999-12-31'),
    );
    expect(card).toContain('Nothing was created');
    // The bot's today is the machine's, in UTC.
    const latest = addYears(isoDate(new Date()), 1);
    expect(card).toContain(`The start date is too far ahead: start within a year, on ${latest} at the latest.`);
    expect(graphRequests()).toBe(looked);
    expect(reviews().definitions.size).toBe(before);
  });

  it("shows the service's 400 with the form kept as entered", async () => {
    const [form] = cardsOf(await megan.say('new review'));
    const before = reviews().definitions.size;
    const refused = await submitForm(megan, form, 'Create review', {
      // A GUID, so it passes the card's checks, but no such group exists: Graph answers 400.
      group: randomUUID(),
      days: '5',
      name: 'Kept name',
    });
    const text = cardText(refused.value);
    expect(text).toContain('Microsoft Entra refused the review');
    expect(text).toContain('was not found');
    expect(cardInputs(refused.value)).toMatchObject({ days: '5', name: 'Kept name' });
    expect(reviews().definitions.size).toBe(before);

    // The form that came back can be sent again, corrected: it is a new form.
    const corrected = await submitForm(megan, refused.value, 'Create review', { group: CONTOSO.buildingSecurity });
    expect(cardText(corrected.value)).toContain('Created “Kept name”');
    expect(reviews().definitions.size).toBe(before + 1);
  });

  it('creates from one line, looking the group up by name', async () => {
    const [card] = cardsOf(
      await megan.say('new review "Sales and Marketing" reviewers=owners days=14 every=quarter times=4'),
    );
    expect(cardText(card)).toContain('Created “Quarterly review of members of Sales and Marketing”');
    expect(cardText(card)).toContain('Quarterly, 4 times');
    const def = definitionsCreatedBy(CONTOSO.megan).find((d) => d.displayName.includes('Sales and Marketing'))!;
    expect(def.reviewers).toEqual([
      { query: `/groups/${CONTOSO.salesAndMarketing}/owners`, queryType: 'MicrosoftGraph' },
    ]);
    expect(def.settings.recurrence).toMatchObject({
      pattern: { type: 'absoluteMonthly', interval: 3 },
      range: { type: 'numbered', numberOfOccurrences: 4 },
    });
  });

  it('says a nudge through Entra needs an admin role, and sends it for an admin', async () => {
    const [list] = cardsOf(await megan.say('my reviews'));
    const nudged = await megan.execute('nudgeReview', actionData(list, 'Nudge reviewers'));
    expect(cardText(nudged.value)).toContain('takes an administrator role');

    const admin = new Chat(bot().url, bot().lt, ADMIN);
    const [form] = cardsOf(await admin.say('new review'));
    const created = await submitForm(admin, form, 'Create review', {
      group: CONTOSO.feelgoodMarketing,
      who: 'guests',
      every: 'quarterly',
    });
    expect(cardText(created.value)).toContain('Created “Quarterly review of guests in Feelgood Marketing Campaign”');
    const [adminList] = cardsOf(await admin.say('my reviews'));
    const sent = await admin.execute('nudgeReview', actionData(adminList, 'Nudge reviewers'));
    expect(cardText(sent.value)).toContain('Microsoft Entra is sending a reminder');
  });

  it('pages the list five at a time', async () => {
    const admin = new Chat(bot().url, bot().lt, ADMIN);
    const [first] = cardsOf(await admin.say('reviews I created'));
    expect(cardText(first)).toContain('Showing 1–5 (newest first; more on the next page)');
    const second = await admin.execute('myReviews', actionData(first, 'Next ▶'));
    expect(cardText(second.value)).toMatch(/Showing 6–\d+ \(newest first\)/);
  });

  it('deletes a review after asking, and says so only once Graph no longer has it', async () => {
    const [list] = cardsOf(await megan.say('my reviews'));
    const target = definitionsCreatedBy(CONTOSO.megan).find((d) => d.displayName.includes('Sales and Marketing'))!;
    const ask = await megan.execute('deleteReview', actionData(list, 'Delete…'));
    expect(cardText(ask.value)).toContain('cannot be undone');
    // The newest first: the Sales and Marketing review is at the top of Megan's list.
    expect(cardText(ask.value)).toContain(target.displayName);
    const done = await megan.execute('deleteReviewConfirmed', actionData(ask.value, 'Yes, delete'));
    expect(cardText(done.value)).toContain(`Deleted “${target.displayName}”`);
    expect(reviews().definitions.has(target.id)).toBe(false);
  });
});
