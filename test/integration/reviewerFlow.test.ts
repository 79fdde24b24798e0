import { CONTOSO_REVIEWS } from '../../localtenant/seed/contosoReviews';
import { actionData, ALEX, cardInputs, cardText, Chat, openReviewData } from '../support/activities';
import { useBot } from '../support/bot';
import { recordedDecisions } from '../support/graph';
import { jsonOf, postJson } from '../support/http';

async function graphCalls(url: string): Promise<number> {
  const n = (await jsonOf(await fetch(`${url}/_localtenant/requests`))).graph;
  if (typeof n !== 'number') throw new Error('the request log has no Graph count');
  return n;
}

describe('a reviewer does their reviews in chat', () => {
  const bot = useBot();
  let chat: Chat;
  beforeAll(() => {
    chat = new Chat(bot().url, bot().lt, ALEX);
  });

  it('lists the reviews waiting for Alex, urgent first, with counts, a page of reviews at a time', async () => {
    const pages = await chat.inbox();
    const first = cardText(pages[0]);
    expect(first).toContain('Access reviews waiting for you');
    expect(first).toMatch(/\d+ of \d+ left to review/);
    expect(first).toContain('recommended to deny');
    // Alex has more reviews than one card lists: the rest are a button away, none left out.
    expect(pages.length).toBeGreaterThan(1);
    expect(first).toMatch(/Reviews 1–15 of \d+/);
    expect(pages.map(cardText).join('\n')).toContain('One-time self-review for members of Building security group');
  });

  it('records an approval with its justification in the self-review', async () => {
    const inbox = await chat.inbox('my reviews to do');
    const page = await chat.execute('openReview', openReviewData(inbox, CONTOSO_REVIEWS.buildingSelfReview));
    expect(page.statusCode).toBe(200);
    const card = page.value;
    expect(cardText(card)).toContain('required to approve');
    const submit = actionData(card, 'Submit decisions');

    // Without a justification: held back and said, nothing recorded.
    const refused = await chat.execute('submit', { ...submit, choice_0: 'Approve', justification: '' });
    expect(cardText(refused.value)).toContain('requires a justification to approve');
    expect(
      (await recordedDecisions(bot().lt, CONTOSO_REVIEWS.buildingSelfReview)).find(
        (d) => d.principal.id === ALEX.aadObjectId,
      )?.decision,
    ).toBe('NotReviewed');

    const done = await chat.execute('submit', {
      ...submit,
      choice_0: 'Approve',
      justification: 'I badge into the building every day',
    });
    expect(cardText(done.value)).toContain('Recorded 1 decision');
    const mine = (await recordedDecisions(bot().lt, CONTOSO_REVIEWS.buildingSelfReview)).find(
      (d) => d.principal.id === ALEX.aadObjectId,
    )!;
    expect(mine).toMatchObject({
      decision: 'Approve',
      justification: 'I badge into the building every day',
      reviewedBy: { id: ALEX.aadObjectId },
    });
  });

  it('pages through the 65-person review and denies someone on page 2', async () => {
    const inbox = await chat.inbox('reviews');
    const first = await chat.execute('openReview', openReviewData(inbox, CONTOSO_REVIEWS.salesAndMarketing));
    expect(cardText(first.value)).toContain('Showing 1–10 of 65');
    const second = await chat.execute('openReview', actionData(first.value, 'Next ▶'));
    expect(cardText(second.value)).toContain('Showing 11–20 of 65');
    const submit = actionData(second.value, 'Submit decisions') as {
      items: { principalId: string; principalName: string }[];
    };
    const target = submit.items[3];
    const before = await graphCalls(bot().lt.url);
    const done = await chat.execute('submit', { ...submit, choice_3: 'Deny', justification: 'Left the team' });
    expect(await graphCalls(bot().lt.url)).toBe(before + 1);
    expect(cardText(done.value)).toContain('Recorded 1 decision');
    expect(cardText(done.value)).toContain(`Denied by ${ALEX.name}`);
    const recorded = (await recordedDecisions(bot().lt, CONTOSO_REVIEWS.salesAndMarketing)).filter(
      (d) => d.principal.id === target.principalId,
    );
    expect(recorded.map((d) => d.decision)).toEqual(['Deny']);
  });

  it('shows who was not recorded when Graph fails, keeps the choices, and records them on retry', async () => {
    const inbox = await chat.inbox('reviews');
    const page = await chat.execute('openReview', openReviewData(inbox, CONTOSO_REVIEWS.salesAndMarketing));
    const submit = actionData(page.value, 'Submit decisions') as { items: { principalId: string }[] };
    await postJson(`${bot().lt.url}/_localtenant/faults`, { match: 'batchRecordDecisions', unavailable: 1 });
    const failed = await chat.execute('submit', {
      ...submit,
      choice_0: 'Approve',
      choice_1: 'DontKnow',
      justification: 'Still on the team',
    });
    const text = cardText(failed.value);
    expect(text).toContain('0 recorded, 2 not recorded');
    expect(text).toContain('unavailable');
    expect(cardInputs(failed.value)).toMatchObject({
      choice_0: 'Approve',
      choice_1: 'DontKnow',
      justification: 'Still on the team',
    });
    await fetch(`${bot().lt.url}/_localtenant/faults`, { method: 'DELETE' });

    const retried = await chat.execute('submit', {
      ...actionData(failed.value, 'Retry'),
      choice_0: 'Approve',
      choice_1: 'DontKnow',
      justification: 'Still on the team',
    });
    expect(cardText(retried.value)).toContain('Recorded 2 decisions');
    const decisions = await recordedDecisions(bot().lt, CONTOSO_REVIEWS.salesAndMarketing);
    expect(decisions.find((d) => d.principal.id === submit.items[0].principalId)?.decision).toBe('Approve');
    expect(decisions.find((d) => d.principal.id === submit.items[1].principalId)?.decision).toBe('DontKnow');
  });

  it('answers a malformed card payload with a clear error and no Graph call', async () => {
    const before = await graphCalls(bot().lt.url);
    const res = await chat.execute('openReview', { review: { definitionId: 'not-a-guid' }, filter: 'all', skip: 0 });
    expect(cardText(res.value)).toContain('could not be used');
    expect(await graphCalls(bot().lt.url)).toBe(before);
  });
});
