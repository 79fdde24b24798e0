import { parseCardAction, chosenDecisions } from '../../src/bot/cardActionSchemas';
import { item, review } from './fixtures';

describe('parseCardAction', () => {
  const state = { review: review(), filter: 'all', skip: 0 };

  it('accepts a well-formed submit and reads the per-person choices and the justification', () => {
    const items = [item(1), item(2), item(3)];
    const parsed = parseCardAction('submit', {
      ...state,
      count: 3,
      items,
      choice_0: 'Approve',
      choice_1: 'Leave',
      choice_2: 'DontKnow',
      justification: 'ok',
    });
    expect(parsed).toEqual({
      ok: true,
      action: expect.objectContaining({ verb: 'submit', choices: ['Approve', '', 'DontKnow'], justification: 'ok' }),
    });
  });

  it('rejects an id that is not a GUID before anything reaches Graph', () => {
    const parsed = parseCardAction('openReview', { ...state, review: review({ instanceId: "../../users/x'" }) });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain('review.instanceId is not a GUID');
  });

  it('rejects unknown verbs, missing state and odd choices with a message', () => {
    expect(parseCardAction('dropTables', {})).toMatchObject({ ok: false });
    expect(parseCardAction('openReview', { filter: 'all' })).toMatchObject({ ok: false });
    const odd = parseCardAction('submit', { ...state, count: 1, items: [item(1)], choice_0: 'Maybe' });
    expect(odd).toMatchObject({ ok: false, problem: expect.stringContaining('Person 1') });
  });

  it('treats a missing choice as "leave as is"', () => {
    const parsed = parseCardAction('submit', { ...state, count: 1, items: [item(1)] });
    expect(parsed).toMatchObject({ ok: true, action: { choices: [''] } });
  });
});

describe('chosenDecisions', () => {
  it('reads the decisions chosen on the card by position, "leave as is" and other fields aside', () => {
    expect(
      chosenDecisions({ choice_0: 'Approve', choice_1: 'Leave', choice_3: 'DontKnow', justification: 'x', skip: 10 }),
    ).toEqual(['Approve', '', '', 'DontKnow']);
    expect(chosenDecisions({ choice_0: 'Leave' })).toEqual([]);
    expect(chosenDecisions({ choice_0: 'Maybe', choice_999: 'Deny' })).toEqual([]);
    expect(chosenDecisions(undefined)).toEqual([]);
  });
});
