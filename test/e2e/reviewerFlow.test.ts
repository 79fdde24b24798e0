import { LocalTenant, startLocalTenant } from '../../localtenant';
import { CONTOSO_REVIEWS } from '../../localtenant/seed/contosoReviews';
import { CONTOSO_KIND_REVIEWS } from '../../localtenant/seed/contosoGovernance';
import { ALEX } from '../support/activities';
import { inProcessBot } from '../support/bot';
import { recordedDecisions } from '../support/graph';
import { postJson } from '../support/http';
import { openPlayground, PlaygroundPage } from './support/playgroundPage';
import { Stack, startStack } from './support/stack';

/**
 * A reviewer's whole flow in the real client: the Microsoft 365 Agents Playground in headless Chromium, talking to
 * the bot, which talks to the local tenant over HTTPS and keeps its state in Azurite. Checked in the local tenant.
 */
jest.setTimeout(180_000);

let lt: LocalTenant;
let stack: Stack | undefined;
let pg: PlaygroundPage | undefined;
const bot = inProcessBot(() => lt);

const page = () => {
  if (!pg) throw new Error('the Playground page did not open');
  return pg;
};

async function decisionOf(definitionId: string, principalName: string) {
  return (await recordedDecisions(lt, definitionId)).find((d) => d.principal.displayName === principalName);
}

beforeAll(async () => {
  lt = await startLocalTenant({ port: 0 });
  stack = await startStack({
    localTenantUrl: lt.url,
    botMessagesUrl: bot.messagesUrl,
  });
  pg = await openPlayground(stack.playground.url);
}, 240_000);

afterAll(async () => {
  await pg?.close();
  await stack?.stop();
  bot.close();
  await lt?.stop();
}, 120_000);

type Card = Awaited<ReturnType<PlaygroundPage['latestCard']>>;

/** Opens a review from the inbox the card shows now, pressing More reviews until its page lists it. */
async function openFromInbox(card: Card, name: string) {
  for (let i = 0; i < 5 && !(await card.text()).includes(name); i++) await card.execute('More reviews ▶');
  return card.execute('Review', { near: name });
}

test('Alex asks for his reviews and approves himself in the Building security group self-review', async () => {
  await page().waitForReply('Welcome to Attest');
  await page().sendMessage('reviews');
  await page().waitForReply('Access reviews waiting for you');
  const inbox = await page().latestCard();
  expect(await inbox.text()).toMatch(/Reviews 1–15 of \d+/);
  await page().screenshot('reviewer-1-inbox');
  // Alex has more reviews than a card lists: the self-review is on a later page.
  const later = await inbox.execute('More reviews ▶');
  expect(later.cardText).toContain('One-time self-review for members of Building security group');

  const opened = await inbox.execute('Review', { near: 'One-time self-review for members of Building security group' });
  expect(opened.cardText).toContain('Alex Wilber');
  expect(opened.cardText).toContain('required to approve');
  await inbox.choose('choice_0', 'Approve');
  await inbox.fill('justification', 'I badge into the building every day');
  await page().screenshot('reviewer-2-self-review-filled');
  const submitted = await inbox.execute('Submit decisions');
  expect(submitted.cardText).toContain('Recorded 1 decision');
  await page().screenshot('reviewer-3-self-review-recorded');

  const recorded = await decisionOf(CONTOSO_REVIEWS.buildingSelfReview, 'Alex Wilber');
  expect(recorded).toMatchObject({
    decision: 'Approve',
    justification: 'I badge into the building every day',
    reviewedBy: { id: ALEX.aadObjectId },
  });
});

test('Alex denies someone on page 2 of the 65-person review', async () => {
  const card = await page().latestCard();
  await card.execute('Reviews to do');
  await openFromInbox(card, 'Sales and Marketing membership review');
  const second = await card.execute('Next ▶');
  expect(second.cardText).toContain('Showing 11–20 of 65');
  const person = (second.value as { body: { type: string; label?: string }[] }).body;
  const label = JSON.stringify(person)
    .match(/"label":"Decision for ([^"]+)"/g)?.[2]
    ?.replace(/^"label":"Decision for |"$/g, '');
  expect(label).toBeTruthy();
  await card.choose('choice_2', 'Deny');
  // Paging away would lose the choice: the same page comes back with it, and a word to submit first.
  const held = await card.execute('Next ▶');
  expect(held.cardText).toContain('not submitted yet');
  expect(held.cardText).toContain('Showing 11–20 of 65');
  await card.fill('justification', 'Moved to another team');
  const submitted = await card.execute('Submit decisions');
  expect(submitted.cardText).toContain('Recorded 1 decision');
  await page().screenshot('reviewer-4-page-2-denied');
  expect(await decisionOf(CONTOSO_REVIEWS.salesAndMarketing, label!)).toMatchObject({
    decision: 'Deny',
    justification: 'Moved to another team',
  });
});

test('a Graph outage is shown with who was not recorded, the choices kept, and Retry records them', async () => {
  const card = await page().latestCard();
  const state = await card.execute('✓ Everyone');
  const name = JSON.stringify(state.value).match(/"label":"Decision for ([^"]+)"/)?.[1];
  expect(name).toBeTruthy();
  await postJson(`${lt.url}/_localtenant/faults`, { match: 'batchRecordDecisions', unavailable: 1 });
  await card.choose('choice_0', 'Approve');
  await card.fill('justification', 'Still needs access');
  const failed = await card.execute('Submit decisions');
  expect(failed.cardText).toContain('0 recorded, 1 not recorded');
  expect(failed.cardText).toMatch(/unavailable/i);
  await page().screenshot('reviewer-5-graph-failure');
  expect((await decisionOf(CONTOSO_REVIEWS.salesAndMarketing, name!))?.decision).toBe('NotReviewed');

  await fetch(`${lt.url}/_localtenant/faults`, { method: 'DELETE' });
  const retried = await card.execute('Retry');
  expect(retried.cardText).toContain('Recorded 1 decision');
  await page().screenshot('reviewer-6-retried');
  expect(await decisionOf(CONTOSO_REVIEWS.salesAndMarketing, name!)).toMatchObject({
    decision: 'Approve',
    justification: 'Still needs access',
  });
});

test('Alex denies an app role in the Contoso Expenses review and approves an eligible Exchange Administrator', async () => {
  const card = await page().latestCard();
  await card.execute('Reviews to do');
  const app = await openFromInbox(card, 'Contoso Expenses access review');
  expect(app.cardText).toContain('Who is assigned to the app Contoso Expenses');
  expect(app.cardText).toMatch(/App role (Approver|Submitter)/);
  const appName = JSON.stringify(app.value).match(/"label":"Decision for ([^"]+)"/)?.[1];
  expect(appName).toBeTruthy();
  await card.choose('choice_0', 'Deny');
  await card.fill('justification', 'No longer approves expenses');
  const denied = await card.execute('Submit decisions');
  expect(denied.cardText).toContain('Recorded 1 decision');
  expect(denied.cardText).toContain('Decisions take effect when the review ends');
  await page().screenshot('reviewer-7-app-role-denied');
  const appDecision = (await recordedDecisions(lt, CONTOSO_KIND_REVIEWS.expensesApp)).find(
    (d) => d.principal.displayName === appName && d.decision !== 'NotReviewed',
  );
  expect(appDecision).toMatchObject({ decision: 'Deny', justification: 'No longer approves expenses' });

  await card.execute('Reviews to do');
  const role = await openFromInbox(card, 'Exchange Administrator: eligible assignments');
  expect(role.cardText).toContain('The Microsoft Entra role Exchange Administrator: eligible assignments');
  const roleName = JSON.stringify(role.value).match(/"label":"Decision for ([^"]+)"/)?.[1];
  await card.choose('choice_0', 'Approve');
  await card.fill('justification', 'On call for Exchange');
  const approved = await card.execute('Submit decisions');
  expect(approved.cardText).toContain('Recorded 1 decision');
  await page().screenshot('reviewer-8-role-approved');
  expect(
    (await recordedDecisions(lt, CONTOSO_KIND_REVIEWS.exchangeEligible)).find(
      (d) => d.principal.displayName === roleName,
    ),
  ).toMatchObject({ decision: 'Approve', justification: 'On call for Exchange' });
});
