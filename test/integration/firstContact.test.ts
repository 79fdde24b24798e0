import { randomUUID } from 'node:crypto';
import { personalConversationId } from '../../localtenant/connector/routes';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { ATTEST_CATALOG_APP } from '../../localtenant/seed/contosoTeams';
import { LOCAL_BOT_ID } from '../../localtenant';
import { MANAGER_APP_PERMISSIONS } from '../../src/auth/appTokens';
import { actionData, ALEX, ALLAN, cardsOf, cardText, Chat, MEGAN, MOD_ADMIN, TeamsUser } from '../support/activities';
import { useBot } from '../support/bot';
import { userGraphToken } from '../support/graph';
import { graphFetch, jsonOf } from '../support/http';
import { waitFor } from '../support/waiting';

const DEFS = '/identityGovernance/accessReviews/definitions';
const DAY = 86_400_000;

/**
 * First contact through real HTTP: the bot's tenant scan (application permissions), the local tenant's Graph, its
 * Teams app installs and Bot Connector, and Azurite. A review starts with three reviewers: Alex (signed in, enrolled
 * for reminders), Allan (has Attest, never signed in) and Megan (never had Attest).
 */
describe('first contact: every reviewer with work is told once, in Teams', () => {
  const bot = useBot({
    REMINDERS_ENABLED: 'true',
    FIRST_CONTACT_ENABLED: 'true',
    REMINDER_QUEUE: 'first-contact-it',
    DEFAULT_QUIET_HOURS: 'none',
    DEFAULT_DAYS_OFF: 'none',
    // Managers hear too (application User.Read.All, granted below).
    ESCALATE_TO_MANAGERS: 'true',
  });
  const lt = () => bot().lt;
  let alex: Chat;
  let allan: Chat;
  let megan: Chat;
  let admin: Chat;
  let review: { id: string; name: string };
  let finished: { id: string; name: string };

  const scan = () => bot().reach!.scan(lt().tenant.clock.now());
  const firstContacts = (chat: Chat) =>
    cardsOf(chat.sent())
      .map(cardText)
      .filter((t) => /You are a reviewer of/.test(t));

  async function graph(user: string, method: string, path: string, body?: unknown) {
    const token = await userGraphToken(lt(), user, ['AccessReview.ReadWrite.All']);
    return graphFetch(`${lt().graphV1}${path}`, token, method, body);
  }

  /** A review created by the MOD Administrator, of a group's members, with these reviewers. */
  async function createReview(reviewers: TeamsUser[], group: string) {
    const name = `Quarterly access check ${randomUUID().slice(0, 8)}`;
    const res = await graph('admin@contoso.com', 'POST', DEFS, {
      displayName: name,
      descriptionForAdmins: name,
      descriptionForReviewers: name,
      scope: { query: `/groups/${group}/transitiveMembers`, queryType: 'MicrosoftGraph' },
      reviewers: reviewers.map((r) => ({ query: `/users/${r.aadObjectId}`, queryType: 'MicrosoftGraph' })),
      settings: {
        instanceDurationInDays: 4,
        recommendationsEnabled: true,
        recurrence: {
          pattern: null,
          range: { type: 'numbered', startDate: lt().tenant.clock.now().toISOString().slice(0, 10) },
        },
      },
    });
    expect(res.status).toBe(201);
    return { id: (await jsonOf(res)).id as string, name };
  }

  async function decideAll(user: string, definitionId: string) {
    const res = await graph(user, 'POST', `${DEFS}/${definitionId}/instances/${definitionId}/batchRecordDecisions`, {
      decision: 'Approve',
      justification: 'Still needed',
    });
    expect(res.status).toBe(204);
  }

  beforeAll(async () => {
    lt()
      .tenant.apps.get(LOCAL_BOT_ID)!
      .applicationPermissions.push(...MANAGER_APP_PERMISSIONS);
    alex = new Chat(bot().url, lt(), ALEX);
    allan = new Chat(bot().url, lt(), ALLAN);
    megan = new Chat(bot().url, lt(), MEGAN, personalConversationId(lt().tenantId, MEGAN.aadObjectId));
    admin = new Chat(bot().url, lt(), MOD_ADMIN);
    // Alex signs in (the local SSO path): enrolled for reminders.
    await alex.say('reviews');
    // Allan has had Attest for long: Teams told the bot then, and it kept the chat; he never signed in.
    expect((await allan.send({ type: 'installationUpdate', action: 'add' })).status).toBeLessThan(300);
    // The review's creator has written to Attest once (so escalations can reach him).
    await admin.say('help');
    review = await createReview([ALEX, ALLAN, MEGAN], CONTOSO.retailPartners);
    // A review Diego already finished: nobody hears about it.
    finished = await createReview([{ aadObjectId: CONTOSO.diego, name: 'Diego Siciliani' }], CONTOSO.retailPartners);
    await decideAll('DiegoS@contoso.com', finished.id);
  });

  it('tells Allan and, after adding Attest for her, Megan once; Alex only through his reminders', async () => {
    expect(lt().tenant.teamsApps.isInstalled(MEGAN.aadObjectId, ATTEST_CATALOG_APP.id)).toBe(false);
    const summary = await scan();
    expect(summary.reviewersWithWork).toBeGreaterThanOrEqual(3);

    // Megan: Attest added through Graph, Teams opened the chat and told the bot, the bot sent the card there.
    expect(lt().tenant.teamsApps.isInstalled(MEGAN.aadObjectId, ATTEST_CATALOG_APP.id)).toBe(true);
    await lt().connector.botChannel.idle();
    const toMegan = await waitFor(
      () => (firstContacts(megan).length ? firstContacts(megan) : undefined),
      () => `no first contact for Megan; sent: ${cardsOf(megan.sent()).map(cardText).join(' | ').slice(0, 400)}`,
    );
    expect(toMegan).toHaveLength(1);
    expect(toMegan[0]).toContain(review.name);
    expect(toMegan[0]).toContain('Started by MOD Administrator');
    expect(toMegan[0]).toMatch(/of \d+ people left to review/);
    expect(toMegan[0]).not.toContain(finished.name);
    const deliveries = lt().connector.botChannel.deliveries.filter((d) => d.userId === MEGAN.aadObjectId);
    expect(deliveries.map((d) => d.type)).toEqual(['installationUpdate', 'conversationUpdate']);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);

    const toAllan = firstContacts(allan);
    expect(toAllan).toHaveLength(1);
    expect(toAllan[0]).toContain(review.name);
    expect(firstContacts(alex)).toHaveLength(0);
  });

  it('sends nothing more on the next scans, and nothing about a finished review', async () => {
    const before = { megan: firstContacts(megan).length, allan: firstContacts(allan).length };
    await scan();
    await lt().connector.botChannel.idle();
    await scan();
    expect(firstContacts(megan)).toHaveLength(before.megan);
    expect(firstContacts(allan)).toHaveLength(before.allan);
    const diego = lt().connector.activities.filter((a) =>
      cardsOf([a.activity]).some((c) => cardText(c).includes(finished.name)),
    );
    expect(diego).toHaveLength(0);
  });

  it('opens the review for Megan after she signs in with Review now, and enrols her', async () => {
    const card = cardsOf(megan.sent()).find((c) => /You are a reviewer of/.test(cardText(c)));
    const open = findOpen(card, review.id);
    const opened = await megan.execute('openReview', open);
    expect(opened.statusCode).toBe(200);
    expect(cardText(opened.value)).toContain('Submit decisions');
    const enrolled = await waitFor(
      async () => (await bot().reach!.isEnrolled(MEGAN.aadObjectId)) || undefined,
      () => 'Megan not enrolled after signing in',
    );
    expect(enrolled).toBe(true);
  });

  it('tells the creator once, past half the review, who has recorded nothing, with Nudge reviewers', async () => {
    const adminCards = () =>
      cardsOf(admin.sent())
        .map(cardText)
        .filter((t) => t.includes(review.name));
    expect(adminCards()).toHaveLength(0);
    lt().tenant.clock.advance(2 * DAY + 3_600_000);
    await scan();
    const told = adminCards();
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Halfway: reviewers who have not started');
    expect(told[0]).toContain('3 of 3 reviewers');
    for (const name of ['Alex Wilber', 'Allan Deyoung', 'Megan Bowen']) expect(told[0]).toContain(name);
    await scan();
    expect(adminCards()).toHaveLength(1);

    // Megan manages Alex: she hears about him once; the creator (Allan's and Megan's manager) only the escalation.
    const toManager = cardsOf(megan.sent())
      .map(cardText)
      .filter((t) => t.includes('Someone you manage') && t.includes(review.name));
    expect(toManager).toHaveLength(1);
    expect(toManager[0]).toContain(`Alex Wilber is a reviewer of "${review.name}"`);

    // Nudge reviewers asks Graph to send its reminder (the creator is an admin), from the card itself.
    const nudge = actionData(
      cardsOf(admin.sent()).find((c) => cardText(c).includes('Halfway'))!,
      'Nudge reviewers',
    );
    const nudged = await admin.execute('nudgeReview', nudge);
    expect(nudged.statusCode).toBe(200);
    expect(cardText(nudged.value)).toMatch(/[Rr]eminder/);

    // Alex records one decision; on the last day the creator hears again, without Alex.
    const items = await jsonOf(
      await graph(
        'AlexW@contoso.com',
        'GET',
        `${DEFS}/${review.id}/instances/${review.id}/decisions/filterByCurrentUser(on='reviewer')?$top=1`,
      ),
    );
    const one = await graph(
      'AlexW@contoso.com',
      'POST',
      `${DEFS}/${review.id}/instances/${review.id}/batchRecordDecisions`,
      {
        decision: 'Approve',
        justification: 'Works here',
        principalId: items.value[0].principal.id,
      },
    );
    expect(one.status).toBe(204);
    lt().tenant.clock.advance(DAY + 3_600_000);
    await scan();
    const again = adminCards();
    expect(again).toHaveLength(2);
    expect(again[1]).toContain('Last day');
    expect(again[1]).toContain('2 of 3 reviewers');
    expect(again[1]).not.toContain('Alex Wilber');
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function findOpen(card: any, definitionId: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown) => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Record<string, unknown>;
    const data = n.data as { review?: { definitionId?: string } } | undefined;
    if (n.verb === 'openReview' && data?.review?.definitionId === definitionId) found = data as Record<string, unknown>;
    Object.values(n).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error('no Review now for the review');
  return found;
}
