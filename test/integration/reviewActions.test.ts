import { CONTOSO_REVIEWS } from '../../localtenant/seed/contosoReviews';
import { actionData, ALEX, cardInputs, cardsOf, cardText, Chat, openReviewData } from '../support/activities';
import { useBot } from '../support/bot';
import { graphAs } from '../support/graph';
import { postJson } from '../support/http';
import { generatedReview } from '../support/generatedReview';
import { createStorage } from '../../src/storage/blobStorage';
import { notReviewedItems } from '../../src/graph/accessReviews';
import { recordDecisions, RecordProgress } from '../../src/graph/recordDecisions';
import { ReviewItem } from '../../src/reviews/model';
import { applyOutcome, approveRestPlan, NOT_LISTED } from '../../src/reviews/submissionPlan';

const AR = '/identityGovernance/accessReviews';

/** The rest of what a reviewer can do on a review card, checked in the local tenant. */
describe('review card actions', () => {
  const bot = useBot();
  let chat: Chat;
  beforeAll(() => {
    chat = new Chat(bot().url, bot().lt, ALEX);
  });

  async function myDecisions(definitionId: string) {
    const alex = await graphAs(bot().lt, 'AlexW@contoso.com', ['AccessReview.Read.All']);
    const res = await alex
      .api(`${AR}/definitions/${definitionId}/instances/${definitionId}/decisions/filterByCurrentUser(on='reviewer')`)
      .query({ $top: '999' })
      .get();
    return res.value as {
      principal: { id: string; displayName: string };
      decision: string;
      recommendation: string;
      justification: string;
    }[];
  }

  async function open(definitionId: string) {
    const inbox = await chat.inbox('reviews');
    return (await chat.execute('openReview', openReviewData(inbox, definitionId))).value;
  }

  it('accepts every recommendation for the people not reviewed yet', async () => {
    const card = await open(CONTOSO_REVIEWS.financeApprovers);
    const done = await chat.execute('acceptRecommendations', actionData(card, 'Accept all recommendations'));
    expect(cardText(done.value)).toContain('Accepted the recommendations');
    const decisions = await myDecisions(CONTOSO_REVIEWS.financeApprovers);
    expect(decisions.length).toBeGreaterThan(0);
    for (const d of decisions)
      expect(d.decision).toBe(d.recommendation === 'NoInfoAvailable' ? 'NotReviewed' : d.recommendation);
  });

  it('will not approve everyone without the justification a review requires', async () => {
    const card = await open(CONTOSO_REVIEWS.buildingSelfReview);
    const ask = await chat.execute('approveRest', actionData(card, 'Approve all not reviewed…'));
    const refused = await chat.execute('approveRestConfirmed', {
      ...actionData(ask.value, /^Yes, approve \d+$/),
      justification: ' ',
    });
    expect(cardText(refused.value)).toContain('This review requires a justification to approve');
    expect((await myDecisions(CONTOSO_REVIEWS.buildingSelfReview)).map((d) => d.decision)).toEqual(['NotReviewed']);
  });

  it('asks before approving everyone not reviewed yet, then approves them in the background and says how many Graph holds', async () => {
    const card = await open(CONTOSO_REVIEWS.retailPartners);
    const ask = await chat.execute('approveRest', actionData(card, 'Approve all not reviewed…'));
    const question = cardText(ask.value);
    expect(question).toMatch(/Approve all \d+ people not reviewed yet\?/);
    const before = await myDecisions(CONTOSO_REVIEWS.retailPartners);
    expect(before.every((d) => d.decision === 'NotReviewed')).toBe(true);

    const confirm = actionData(ask.value, /^Yes, approve \d+$/);
    const started = await chat.execute('approveRestConfirmed', {
      ...confirm,
      justification: 'Partners under contract until June',
    });
    // Answered at once; the work goes on in the background and replaces the card when done.
    expect(cardText(started.value)).toContain('Approving everyone not reviewed yet');
    const done = await chat.waitForCardUpdate(/Approved \d+ people/);
    const approved = Number(/Approved (\d+) people/.exec(cardText(done))?.[1]);
    const after = await myDecisions(CONTOSO_REVIEWS.retailPartners);
    expect(
      after.every((d) => d.decision === 'Approve' && d.justification === 'Partners under contract until June'),
    ).toBe(true);
    // The count is what Graph holds, read back.
    expect(approved).toBe(after.length);
  });

  it('decides in the current stage of a multi-stage review', async () => {
    const card = await open(CONTOSO_REVIEWS.projectFalcon);
    const submit = actionData(card, 'Submit decisions') as { items: { principalId: string }[] };
    expect(submit.items.length).toBeGreaterThan(0);
    const done = await chat.execute('submit', { ...submit, choice_0: 'Deny', justification: 'Project ended for them' });
    expect(cardText(done.value)).toContain('Recorded 1 decision');
    const decisions = await myDecisions(CONTOSO_REVIEWS.projectFalcon);
    expect(decisions.find((d) => d.principal.id === submit.items[0].principalId)?.decision).toBe('Deny');
  });

  it('rides out throttling: a 429 with Retry-After is retried and the decision recorded', async () => {
    const card = await open(CONTOSO_REVIEWS.salesAndMarketing);
    const submit = actionData(card, 'Submit decisions') as { items: { principalId: string }[] };
    await postJson(`${bot().lt.url}/_localtenant/faults`, {
      match: 'batchRecordDecisions',
      throttle: 1,
      retryAfterSeconds: 1,
      times: 1,
    });
    const done = await chat.execute('submit', { ...submit, choice_5: 'DontKnow' });
    await fetch(`${bot().lt.url}/_localtenant/faults`, { method: 'DELETE' });
    expect(cardText(done.value)).toContain('Recorded 1 decision');
    const decisions = await myDecisions(CONTOSO_REVIEWS.salesAndMarketing);
    expect(decisions.find((d) => d.principal.id === submit.items[5].principalId)?.decision).toBe('DontKnow');
  });

  it('does not hold a turn through a long Retry-After: one request, and a card that says to wait', async () => {
    await postJson(`${bot().lt.url}/_localtenant/faults`, {
      match: 'filterByCurrentUser',
      throttle: 1,
      retryAfterSeconds: 60,
      times: 2,
    });
    bot().lt.log.reset();
    try {
      const [answer] = cardsOf(await chat.say('reviews'));
      expect(cardText(answer)).toContain('Microsoft Graph is throttling requests');
      const asked = bot()
        .lt.log.summary()
        .entries.filter((e) => /filterByCurrentUser/.test(e.path));
      expect(asked.map((e) => e.status)).toEqual([429]);
    } finally {
      await fetch(`${bot().lt.url}/_localtenant/faults`, { method: 'DELETE' });
    }
  });

  it('will not page away from, or bulk-decide over, choices not submitted yet: the page comes back with them', async () => {
    const card = await open(CONTOSO_REVIEWS.salesAndMarketing);
    for (const title of ['Next ▶', 'Accept all recommendations', 'Approve all not reviewed…']) {
      const data = actionData(card, title);
      const res = await chat.execute(String(data.verb), { ...data, choice_1: 'Deny', justification: 'Left the team' });
      const text = cardText(res.value);
      expect(text).toContain('You have 1 decision on this page not submitted yet');
      expect(text).toContain('Showing 1–10 of 65');
      expect(cardInputs(res.value)).toMatchObject({ choice_1: 'Deny', justification: 'Left the team' });
    }
    const person = (actionData(card, 'Submit decisions') as { items: { principalId: string }[] }).items[1];
    const decisions = await myDecisions(CONTOSO_REVIEWS.salesAndMarketing);
    expect(decisions.find((d) => d.principal.id === person.principalId)?.decision).toBe('NotReviewed');
  });

  it("shows someone else's person as not recorded, with the choice kept and Retry, and leaves Graph unchanged", async () => {
    // In the self-review Allan reviews himself; Alex's card payload is edited to carry Allan's item (valid GUIDs).
    const allan = await graphAs(bot().lt, 'AllanD@contoso.com', ['AccessReview.Read.All']);
    const building = `${AR}/definitions/${CONTOSO_REVIEWS.buildingSelfReview}/instances/${CONTOSO_REVIEWS.buildingSelfReview}`;
    const allansItem = async () =>
      (await allan.api(`${building}/decisions/filterByCurrentUser(on='reviewer')`).get()).value[0] as {
        id: string;
        decision: string;
        principal: { id: string; displayName: string; userPrincipalName: string };
      };
    const theirs = await allansItem();
    expect(theirs.decision).toBe('NotReviewed');

    const card = await open(CONTOSO_REVIEWS.buildingSelfReview);
    const submit = actionData(card, 'Submit decisions') as { items: ReviewItem[] };
    const forged: ReviewItem = {
      ...submit.items[0],
      id: theirs.id,
      principalId: theirs.principal.id,
      principalName: theirs.principal.displayName,
      principalUpn: theirs.principal.userPrincipalName,
    };
    const done = await chat.execute('submit', {
      ...submit,
      items: [forged],
      choice_0: 'Deny',
      justification: 'Moved to another site',
    });
    const text = cardText(done.value);
    expect(text).toContain('0 recorded, 1 not recorded');
    expect(text).toContain(NOT_LISTED);
    expect(text).not.toContain('Denied by');
    expect(cardInputs(done.value).choice_0).toBe('Deny');
    expect(actionData(done.value, 'Retry')).toMatchObject({ verb: 'submit' });
    expect(await allansItem()).toMatchObject({ decision: 'NotReviewed' });
  });

  it('draws a submitted decision as Graph holds it, with the reviewer Graph names', async () => {
    // Teams may call the user something else than the directory does; the card shows Graph's record.
    const teamsName = new Chat(bot().url, bot().lt, { aadObjectId: ALEX.aadObjectId, name: 'Alex (Teams nickname)' });
    const inbox = await teamsName.inbox('reviews');
    const card = (await teamsName.execute('openReview', openReviewData(inbox, CONTOSO_REVIEWS.salesAndMarketing)))
      .value;
    const submit = actionData(card, 'Submit decisions') as { items: { principalId: string }[] };
    const done = await teamsName.execute('submit', { ...submit, choice_7: 'Deny', justification: 'Moved to Fabrikam' });
    const text = cardText(done.value);
    expect(text).toContain('Recorded 1 decision');
    expect(text).toContain('Current: Denied by Alex Wilber: “Moved to Fabrikam”');
    expect(text).not.toContain('Teams nickname');
    const decisions = await myDecisions(CONTOSO_REVIEWS.salesAndMarketing);
    expect(decisions.find((d) => d.principal.id === submit.items[7].principalId)?.decision).toBe('Deny');
  });

  it('records 10 decisions and reads them back in one Graph request', async () => {
    const first = await open(CONTOSO_REVIEWS.salesAndMarketing);
    const second = (await chat.execute('openReview', actionData(first, 'Next ▶'))).value;
    const choices = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`choice_${i}`, 'Approve']));
    bot().lt.log.reset();
    const done = await chat.execute('submit', { ...actionData(second, 'Submit decisions'), ...choices });
    const log = bot().lt.log.summary();
    expect(cardText(done.value)).toContain('Recorded 10 decisions');
    expect(log.graph).toBe(1);
    expect(log.batchedByRoute).toMatchObject({
      'POST accessReviews/instances/{id}/batchRecordDecisions': 10,
      'GET accessReviews/instances/{id}/decisions/filterByCurrentUser': 1,
    });
  });

  it('shows a finished review read-only with the reason', async () => {
    const card = await open(CONTOSO_REVIEWS.buildingSelfReview);
    const state = actionData(card, '✓ Everyone') as { review: Record<string, unknown> };
    const ended = await chat.execute('openReview', { ...state, review: { ...state.review, status: 'Completed' } });
    const text = cardText(ended.value);
    expect(text).toContain('This review has ended');
    expect(Object.keys(cardInputs(ended.value))).toEqual([]);
  });
});

describe('recording many decisions (the engine a background job will run)', () => {
  const bot = useBot();

  it('approves 300 people with 4 batches in flight, rides out throttling, and reports what Graph holds', async () => {
    const lt = bot().lt;
    const { reviewer, client, review } = await generatedReview(lt, { seed: 11, items: 300 });
    const reviewerId = reviewer.id;
    const items = await notReviewedItems(client, review);
    expect(items).toHaveLength(300);
    const plan = approveRestPlan(review, items, 'Still in the project');

    // Graph throttles three writes (Retry-After 1 s) and one whole $batch.
    await postJson(`${lt.url}/_localtenant/faults`, {
      match: 'batchRecordDecisions',
      throttle: 1,
      retryAfterSeconds: 1,
      times: 3,
    });
    await postJson(`${lt.url}/_localtenant/faults`, {
      match: String.raw`^POST /v1\.0/\$batch$`,
      throttle: 1,
      retryAfterSeconds: 1,
      times: 1,
    });
    lt.log.reset();
    const progress: RecordProgress[] = [];
    const t0 = Date.now();
    const results = await recordDecisions(client, review, plan.calls, {
      reviewerId,
      maxRetries: 4,
      maxWaitSeconds: Infinity,
      maxConcurrent: 4,
      onProgress: (p) => progress.push(p),
    });
    const elapsed = Date.now() - t0;
    await fetch(`${lt.url}/_localtenant/faults`, { method: 'DELETE' });

    const outcome = applyOutcome(items, plan, results, reviewerId);
    expect(outcome.recorded).toBe(300);
    expect(outcome.failures.size).toBe(0);
    expect(progress).toHaveLength(Math.ceil(300 / 19));
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ done: 300, recorded: 300, failed: 0, total: 300 });
    // Retry-After was honoured: nothing was retried before its second was up.
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    const statuses = lt.log.summary().entries.map((e) => e.status);
    expect(statuses.filter((st) => st === 429)).toHaveLength(4);

    const left = await notReviewedItems(client, review);
    expect(left).toHaveLength(0);
  });

  it('approves everyone of a 400-person review from the card: answered at once, progress in place, an honest end', async () => {
    const lt = bot().lt;
    const { reviewer: user, client, review } = await generatedReview(lt, { seed: 12, items: 400 });
    const reviewer = new Chat(bot().url, lt, { aadObjectId: user.id, name: user.name });
    const inbox = await reviewer.inbox('reviews');
    const page = await reviewer.execute('openReview', openReviewData(inbox, review.definitionId));
    const ask = await reviewer.execute('approveRest', actionData(page.value, 'Approve all not reviewed…'));
    expect(cardText(ask.value)).toContain('Approve all 400 people not reviewed yet?');

    // Graph throttles some writes on the way (Retry-After 1 s): the job sits it out.
    await postJson(`${lt.url}/_localtenant/faults`, {
      match: 'batchRecordDecisions',
      throttle: 1,
      retryAfterSeconds: 1,
      times: 5,
    });
    // And answers each $batch in no less than half a second, as a busy tenant would: long enough to see progress.
    await postJson(`${lt.url}/_localtenant/faults`, { match: String.raw`^POST /v1\.0/\$batch$`, latencyMs: 500 });
    const started = await reviewer.execute('approveRestConfirmed', actionData(ask.value, 'Yes, approve 400'));
    expect(cardText(started.value)).toContain('Approving everyone not reviewed yet');
    const done = await reviewer.waitForCardUpdate(/Approved 400 people\./);
    await fetch(`${lt.url}/_localtenant/faults`, { method: 'DELETE' });
    expect(cardText(done)).toContain('Showing 1–');
    // Progress was shown in place before the end, counted from what Graph read back.
    expect(reviewer.cardUpdates().some((t) => /Recorded [\d,]+ of 400…/.test(t))).toBe(true);

    expect(await notReviewedItems(client, review)).toHaveLength(0);
  }, 120_000);
});

describe('where reminders will reach the reviewer', () => {
  const bot = useBot();

  it('tells someone with nothing to review that they are all caught up', async () => {
    const diego = new Chat(bot().url, bot().lt, {
      aadObjectId: 'c9a5aff7-9298-4d71-adab-0a222e0a05e4',
      name: 'Diego Siciliani',
    });
    const [card] = cardsOf(await diego.say('pending'));
    expect(cardText(card)).toContain("You're all caught up");
  });

  it('answers help, and text it does not know with what it can do', async () => {
    const chat = new Chat(bot().url, bot().lt, ALEX);
    expect(cardText(cardsOf(await chat.say('HELP')))).toContain('Attest help');
    const unknown = await chat.say('approve everyone please');
    expect(unknown[0].text).toContain("I didn't get");
    expect(cardText(cardsOf(unknown))).toContain('my reviews to do');
  });

  it('keeps the conversation reference of the personal chat from the first message', async () => {
    const chat = new Chat(bot().url, bot().lt, ALEX);
    await chat.say('reviews');
    const storage = createStorage(bot().env.STORAGE_CONNECTION_STRING, bot().env.STORAGE_CONTAINER);
    const key = `refs/${bot().lt.tenantId}/${ALEX.aadObjectId}`;
    const item = (await storage.read([key]))[key] as {
      reference?: { conversation?: { id?: string }; serviceUrl?: string };
    };
    expect(item?.reference?.conversation?.id).toBe(chat.conversationId);
    expect(item?.reference?.serviceUrl).toBe(`${bot().lt.url}/`);
  });
});
