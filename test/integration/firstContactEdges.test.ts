import { randomUUID } from 'node:crypto';
import { LOCAL_BOT_ID } from '../../localtenant';
import { personalConversationId } from '../../localtenant/connector/routes';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { ATTEST_CATALOG_APP } from '../../localtenant/seed/contosoTeams';
import { PollQueue } from '../../src/storage/pollQueue';
import { ALEX, ALLAN, cardsOf, cardText, Chat, MEGAN, MOD_ADMIN, TeamsUser } from '../support/activities';
import { waitFor } from '../support/waiting';

const DIEGO: TeamsUser = { aadObjectId: CONTOSO.diego, name: 'Diego Siciliani' };
import { useBot } from '../support/bot';
import { userGraphToken } from '../support/graph';
import { graphFetch, jsonOf } from '../support/http';
import { appToken } from '../support/tokens';

const DEFS = '/identityGovernance/accessReviews/definitions';

/**
 * First contact's edges through real HTTP: "Not me" reaches the creator, the admin's `reach` view, people who removed
 * or blocked Attest are left alone, a missing permission is said and loses nothing, and the scan job lives on the
 * shared queue once.
 */
describe('first contact: Not me, reach, removals, blocks, permissions and the scan job', () => {
  const bot = useBot({
    REMINDERS_ENABLED: 'true',
    FIRST_CONTACT_ENABLED: 'true',
    REMINDER_QUEUE: 'first-contact-edges',
    DEFAULT_QUIET_HOURS: 'none',
    DEFAULT_DAYS_OFF: 'none',
    // Alex and Allan are its members: admins for `reach`.
    REACH_ADMIN_GROUP_ID: CONTOSO.buildingSecurity,
  });
  const lt = () => bot().lt;
  let alex: Chat;
  let allan: Chat;
  let megan: Chat;
  let admin: Chat;

  const scan = () => bot().reach!.scan(lt().tenant.clock.now());
  const contactsAbout = (chat: Chat, name: string) =>
    cardsOf(chat.sent()).filter((c) => /You are a reviewer of/.test(cardText(c)) && cardText(c).includes(name));

  async function createReview(reviewers: TeamsUser[]) {
    const name = `Edge review ${randomUUID().slice(0, 8)}`;
    const token = await userGraphToken(lt(), 'admin@contoso.com', ['AccessReview.ReadWrite.All']);
    const res = await graphFetch(`${lt().graphV1}${DEFS}`, token, 'POST', {
      displayName: name,
      descriptionForAdmins: name,
      descriptionForReviewers: name,
      scope: { query: `/groups/${CONTOSO.retailPartners}/transitiveMembers`, queryType: 'MicrosoftGraph' },
      reviewers: reviewers.map((r) => ({ query: `/users/${r.aadObjectId}`, queryType: 'MicrosoftGraph' })),
      settings: {
        instanceDurationInDays: 6,
        recurrence: {
          pattern: null,
          range: { type: 'numbered', startDate: lt().tenant.clock.now().toISOString().slice(0, 10) },
        },
      },
    });
    expect(res.status).toBe(201);
    return { id: (await jsonOf(res)).id as string, name };
  }

  beforeAll(async () => {
    alex = new Chat(bot().url, lt(), ALEX);
    allan = new Chat(bot().url, lt(), ALLAN);
    megan = new Chat(bot().url, lt(), MEGAN, personalConversationId(lt().tenantId, MEGAN.aadObjectId));
    admin = new Chat(bot().url, lt(), MOD_ADMIN);
    expect((await allan.send({ type: 'installationUpdate', action: 'add' })).status).toBeLessThan(300);
    await admin.say('help');
  });

  it('Not me tells the creator, thanks the reviewer, and mutes the review for them', async () => {
    const review = await createReview([ALLAN]);
    await scan();
    const [card] = contactsAbout(allan, review.name);
    expect(card).toBeDefined();
    const notMe = findAction(card, 'notMe', review.id);
    const before = admin.sent().length;
    const answer = await allan.execute('notMe', notMe);
    expect(cardText(answer.value)).toContain(`I told MOD Administrator, who started "${review.name}"`);
    const toOwner = cardsOf(admin.sent().slice(before)).map(cardText);
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0]).toContain(`Allan Deyoung says they should not be a reviewer of "${review.name}"`);
    // Muted in his reminders (he signed in to press it), and never told about it again.
    const settings = await allan.say('settings');
    expect(cardsOf(settings).map(cardText).join(' ')).toContain(review.name);
    await scan();
    expect(contactsAbout(allan, review.name)).toHaveLength(1);
  });

  it('Not me on a review Attest never told them of says so and tells no one', async () => {
    const before = admin.sent().length;
    const answer = await allan.execute('notMe', { instanceId: randomUUID() });
    expect(cardText(answer.value)).toContain('Attest has no record of telling you about this review');
    expect(admin.sent().length).toBe(before);
  });

  it('shows admins who was reached, signed in and not reached; others are refused', async () => {
    const review = await createReview([ALEX, ALLAN, MEGAN]);
    await alex.say('reviews'); // Alex signs in
    await scan();
    await lt().connector.botChannel.idle();
    const cards = cardsOf(await alex.say('reach'));
    const text = cards.map(cardText).join(' ');
    expect(text).toContain('Reach: access reviews in progress');
    expect(text).toContain(review.name);
    expect(text).toMatch(/3 reviewers · 3 reached · 2 signed in · 0 finished/);

    // The creator owns the admins' group but is not a member of it.
    const refused = cardsOf(await admin.say('reach'))
      .map(cardText)
      .join(' ');
    expect(refused).toContain('Only the administrators your organization chose for Attest can see this');
    expect(refused).not.toContain(review.name);
  });

  it('never adds Attest again for someone who removed it, and the admin view says why', async () => {
    expect(lt().tenant.teamsApps.isInstalled(MEGAN.aadObjectId, ATTEST_CATALOG_APP.id)).toBe(true);
    // Megan removes Attest in Teams: Graph's uninstall, and the bot hears installationUpdate remove.
    const installed = lt()
      .tenant.teamsApps.installedFor(MEGAN.aadObjectId)
      .find((i) => i.app.id === ATTEST_CATALOG_APP.id)!;
    const token = await appToken(lt(), lt().tenant.apps.get(LOCAL_BOT_ID)!);
    const removed = await graphFetch(
      `${lt().graphV1}/users/${MEGAN.aadObjectId}/teamwork/installedApps/${installed.id}`,
      token,
      'DELETE',
    );
    expect(removed.status).toBe(204);
    await lt().connector.botChannel.idle();
    const review = await createReview([MEGAN]);
    await scan();
    expect(lt().tenant.teamsApps.isInstalled(MEGAN.aadObjectId, ATTEST_CATALOG_APP.id)).toBe(false);
    expect(contactsAbout(megan, review.name)).toHaveLength(0);
    const view = cardsOf(await alex.say('reach'))
      .map(cardText)
      .join(' ');
    expect(view).toContain('Megan Bowen: removed Attest');
  });

  it('stops writing to a chat that was blocked, and does not add Attest again', async () => {
    // Diego blocks the bot in Teams: once added, the chat refuses every message.
    lt().connector.block({ user: CONTOSO.diego, code: 'ConversationBlockedByUser' });
    const blocked = () => lt().connector.summary().refusedByCode.ConversationBlockedByUser ?? 0;
    const before = blocked();
    await createReview([DIEGO]);
    await scan();
    await lt().connector.botChannel.idle();
    await waitFor(
      () => blocked() > before || undefined,
      () => 'no send refused as blocked',
    );
    expect(blocked()).toBe(before + 1);
    const installs = () => lt().tenant.teamsApps.installedFor(CONTOSO.diego).length;
    const installed = installs();
    await createReview([DIEGO]);
    await scan();
    await lt().connector.botChannel.idle();
    expect(blocked()).toBe(before + 1);
    expect(installs()).toBe(installed);
  });

  it('says what is missing when the app lacks its permissions, and keeps the scan for later', async () => {
    const app = lt().tenant.apps.get(LOCAL_BOT_ID)!;
    const granted = [...app.applicationPermissions];
    app.applicationPermissions = [];
    try {
      // Tokens issued before keep their roles until they expire (as Entra's do): two hours on, the next one has none.
      lt().tenant.clock.advance(2 * 3_600_000);
      await expect(scan()).rejects.toMatchObject({ failure: { status: 403 } });
      // The bot still answers its people.
      const help = cardsOf(await alex.say('help'))
        .map(cardText)
        .join(' ');
      expect(help).toContain('reviews');
    } finally {
      app.applicationPermissions = granted;
    }
    await expect(scan()).resolves.toMatchObject({ reviews: expect.any(Number) });
  });

  it('keeps one scan job on the shared queue, whichever instance schedules it', async () => {
    const reach = bot().reach!;
    const queue = new PollQueue(bot().azurite.connectionString, 'first-contact-edges');
    const results = await Promise.all([reach.ensureScheduled(), reach.ensureScheduled(), reach.ensureScheduled()]);
    expect(results.filter(Boolean).length).toBeLessThanOrEqual(1);
    const jobs = await queue.take(32, 30_000);
    const scans = jobs.filter((j) => (j.job as { kind?: string }).kind === 'scan');
    // Of the jobs queued by racing instances, one is live; the others are dropped when they come up.
    const summaries = await Promise.all(scans.map((j) => reach.work(j as never)));
    expect(summaries.filter(Boolean)).toHaveLength(1);
    expect(await reach.ensureScheduled()).toBe(false);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function findAction(card: any, verb: string, instanceId: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown) => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Record<string, unknown>;
    // A one-time review's instance has the definition's id.
    if (n.verb === verb && (n.data as { instanceId?: string } | undefined)?.instanceId === instanceId)
      found = n.data as Record<string, unknown>;
    Object.values(n).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`no ${verb} action`);
  return found;
}
