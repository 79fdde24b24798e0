import { CONTOSO_REVIEWS } from '../../localtenant/seed/contosoReviews';
import { actionData, ALEX, cardsOf, Chat, openReviewData } from '../support/activities';
import { useBot } from '../support/bot';
import { graphAs } from '../support/graph';
import { postJson } from '../support/http';
import { createStorage } from '../../src/storage/blobStorage';

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
    const [inbox] = cardsOf(await chat.say('reviews'));
    return (await chat.execute('openReview', openReviewData(inbox, definitionId))).value;
  }

  it('accepts every recommendation for the people not reviewed yet', async () => {
    const card = await open(CONTOSO_REVIEWS.financeApprovers);
    const done = await chat.execute('acceptRecommendations', actionData(card, 'Accept all recommendations'));
    expect(JSON.stringify(done.value)).toContain('Accepted the recommendations');
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
    expect(JSON.stringify(refused.value)).toContain('This review requires a justification to approve');
    expect((await myDecisions(CONTOSO_REVIEWS.buildingSelfReview)).map((d) => d.decision)).toEqual(['NotReviewed']);
  });

  it('asks before approving everyone not reviewed yet, then approves them one by one', async () => {
    const card = await open(CONTOSO_REVIEWS.retailPartners);
    const ask = await chat.execute('approveRest', actionData(card, 'Approve all not reviewed…'));
    const question = JSON.stringify(ask.value);
    expect(question).toMatch(/Approve all \d+ people not reviewed yet\?/);
    const before = await myDecisions(CONTOSO_REVIEWS.retailPartners);
    expect(before.every((d) => d.decision === 'NotReviewed')).toBe(true);

    const confirm = actionData(ask.value, /^Yes, approve \d+$/);
    const done = await chat.execute('approveRestConfirmed', {
      ...confirm,
      justification: 'Partners under contract until June',
    });
    expect(JSON.stringify(done.value)).toMatch(/Approved \d+ people/);
    const after = await myDecisions(CONTOSO_REVIEWS.retailPartners);
    expect(
      after.every((d) => d.decision === 'Approve' && d.justification === 'Partners under contract until June'),
    ).toBe(true);
  });

  it('decides in the current stage of a multi-stage review', async () => {
    const card = await open(CONTOSO_REVIEWS.projectFalcon);
    const submit = actionData(card, 'Submit decisions') as { items: { principalId: string }[] };
    expect(submit.items.length).toBeGreaterThan(0);
    const done = await chat.execute('submit', { ...submit, choice_0: 'Deny', justification: 'Project ended for them' });
    expect(JSON.stringify(done.value)).toContain('Recorded 1 decision');
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
    expect(JSON.stringify(done.value)).toContain('Recorded 1 decision');
    const decisions = await myDecisions(CONTOSO_REVIEWS.salesAndMarketing);
    expect(decisions.find((d) => d.principal.id === submit.items[5].principalId)?.decision).toBe('DontKnow');
  });

  it('will not page away from, or bulk-decide over, choices not submitted yet: the page comes back with them', async () => {
    const card = await open(CONTOSO_REVIEWS.salesAndMarketing);
    for (const title of ['Next ▶', 'Accept all recommendations', 'Approve all not reviewed…']) {
      const data = actionData(card, title);
      const res = await chat.execute(String(data.verb), { ...data, choice_1: 'Deny', justification: 'Left the team' });
      const text = JSON.stringify(res.value);
      expect(text).toContain('You have 1 decision on this page not submitted yet');
      expect(text).toContain('Showing 1–10 of 65');
      expect(text).toMatch(/"id":"choice_1","label":"[^"]+","style":"compact","value":"Deny"/);
      expect(text).toContain('Left the team');
    }
    const person = (actionData(card, 'Submit decisions') as { items: { principalId: string }[] }).items[1];
    const decisions = await myDecisions(CONTOSO_REVIEWS.salesAndMarketing);
    expect(decisions.find((d) => d.principal.id === person.principalId)?.decision).toBe('NotReviewed');
  });

  it('shows a finished review read-only with the reason', async () => {
    const card = await open(CONTOSO_REVIEWS.buildingSelfReview);
    const state = actionData(card, '✓ Everyone') as { review: Record<string, unknown> };
    const ended = await chat.execute('openReview', { ...state, review: { ...state.review, status: 'Completed' } });
    const text = JSON.stringify(ended.value);
    expect(text).toContain('This review has ended');
    expect(text).not.toContain('Input.ChoiceSet');
  });
});

describe('where reminders will reach the reviewer', () => {
  const bot = useBot();

  it('tells someone with nothing to review that they are all caught up', async () => {
    const diego = new Chat(bot().url, bot().lt, {
      aadObjectId: 'c9a5aff7-9298-4d71-adab-0a222e0a05e4',
      name: 'Diego Siciliani',
    });
    const [card] = cardsOf(await diego.say('pending'));
    expect(JSON.stringify(card)).toContain("You're all caught up");
  });

  it('answers help, and text it does not know with what it can do', async () => {
    const chat = new Chat(bot().url, bot().lt, ALEX);
    expect(JSON.stringify(cardsOf(await chat.say('HELP')))).toContain('Attest help');
    const unknown = await chat.say('approve everyone please');
    expect(unknown[0].text).toContain("I didn't get");
    expect(JSON.stringify(cardsOf(unknown))).toContain('my reviews to do');
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
