import {
  applyOutcome,
  approveRestPlan,
  CallResult,
  JUSTIFICATION_REQUIRED,
  NO_IDS,
  NOT_LISTED,
  NOT_TAKEN,
  submissionPlan,
} from '../../src/reviews/submissionPlan';
import { ReviewItem } from '../../src/reviews/model';
import { item, review } from './fixtures';

describe('submissionPlan', () => {
  it('sends one call per chosen decision, with the principal and resource ids, and nothing for "leave as is"', () => {
    const items = [item(1), item(2), item(3)];
    const plan = submissionPlan(review(), items, ['Approve', '', 'DontKnow'], 'still needed');
    expect(plan.problems).toEqual([]);
    expect(plan.calls).toEqual([
      {
        itemId: items[0].id,
        principalId: items[0].principalId,
        resourceId: items[0].resourceId,
        decision: 'Approve',
        justification: 'still needed',
        itemIndex: 0,
      },
      {
        itemId: items[2].id,
        principalId: items[2].principalId,
        resourceId: items[2].resourceId,
        decision: 'DontKnow',
        justification: 'still needed',
        itemIndex: 2,
      },
    ]);
  });

  it('sends a choice equal to the decision shown too: the card may be older than the decision, the justification new', () => {
    const plan = submissionPlan(review(), [item(1, { decision: 'Deny' })], ['Deny'], 'left the company');
    expect(plan.calls.map((c) => [c.decision, c.justification])).toEqual([['Deny', 'left the company']]);
  });

  it('never produces a call without real principal and resource ids', () => {
    const items = [item(1), item(2, { principalId: '00000000-0000-0000-0000-000000000000' })];
    const plan = submissionPlan(review(), items, ['Approve', 'Deny'], '');
    expect(plan.calls).toHaveLength(1);
    for (const c of plan.calls) {
      expect(c.principalId).toMatch(/^[0-9a-f-]{36}$/);
      expect(c.resourceId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(plan.problems).toEqual([{ itemIndex: 1, message: NO_IDS }]);
  });

  it('holds back approvals without a justification when the review requires one, and says why', () => {
    const items = [item(1), item(2)];
    const plan = submissionPlan(review({ justificationRequired: true }), items, ['Approve', 'Deny'], '   ');
    expect(plan.calls.map((c) => c.decision)).toEqual(['Deny']);
    expect(plan.problems).toEqual([{ itemIndex: 0, message: JUSTIFICATION_REQUIRED }]);
  });

  it('sends the justification without control, bidi or invisible characters, keeping its lines', () => {
    const typed = '\u202EStill\u0000 needed\u001B[31m.\r\nFor the \u200Baudit.';
    const plan = submissionPlan(review(), [item(1)], ['Approve'], typed);
    expect(plan.calls.map((c) => c.justification)).toEqual(['Still needed.\nFor the audit.']);
    expect(approveRestPlan(review(), [item(1)], typed).calls[0].justification).toBe('Still needed.\nFor the audit.');
  });

  it('counts a justification with nothing visible in it as none where one is required', () => {
    const plan = submissionPlan(review({ justificationRequired: true }), [item(1)], ['Approve'], '\u200B\u202E\u0000');
    expect(plan.calls).toEqual([]);
    expect(plan.problems).toEqual([{ itemIndex: 0, message: JUSTIFICATION_REQUIRED }]);
  });

  it('approve-the-rest makes one Approve call per person and resource', () => {
    const plan = approveRestPlan(review(), [item(1), item(2)], 'ok');
    expect(plan.calls.map((c) => [c.principalId, c.resourceId, c.decision])).toEqual([
      [item(1).principalId, item(1).resourceId, 'Approve'],
      [item(2).principalId, item(2).resourceId, 'Approve'],
    ]);
  });
});

const ME = '43b12b0c-ee2c-4257-96fe-505d823e06ab';
const SOMEONE_ELSE = '859924d0-7115-422a-9ee8-ea8c0c014707';

/** Graph's answer for an item: accepted the write, and holds this when read back. */
const holds = (item: ReviewItem, reviewedById = ME): CallResult => ({
  readBack: { kind: 'held', item, reviewedById },
});

describe('applyOutcome', () => {
  it('draws the submitted people as Graph holds them, and counts only what Graph holds as chosen', () => {
    const items = [item(1), item(2)];
    const plan = submissionPlan(review(), items, ['Deny', 'DontKnow'], 'left');
    const outcome = applyOutcome(
      items,
      plan,
      [
        holds({ ...item(1), decision: 'Deny', justification: 'left', reviewedByName: 'Alex Wilber' }),
        holds({ ...item(2), decision: 'DontKnow', justification: 'left', reviewedByName: 'Alex Wilber' }),
      ],
      ME,
    );
    expect(outcome.recorded).toBe(2);
    expect(outcome.failures.size).toBe(0);
    expect(outcome.items.map((i) => [i.decision, i.reviewedByName])).toEqual([
      ['Deny', 'Alex Wilber'],
      ['DontKnow', 'Alex Wilber'],
    ]);
  });

  it('does not count a write Graph accepted when the item is no longer listed for the reviewer', () => {
    const items = [item(1)];
    const plan = submissionPlan(review(), items, ['Deny'], '');
    const outcome = applyOutcome(items, plan, [{ readBack: { kind: 'notListed' } }], ME);
    expect(outcome.recorded).toBe(0);
    expect(outcome.failures.get(0)).toBe(NOT_LISTED);
    expect(outcome.items[0].decision).toBe('NotReviewed');
  });

  it('does not count an item Graph holds with another decision, another reviewer or another justification', () => {
    const items = [item(1), item(2), item(3)];
    const plan = submissionPlan(review(), items, ['Deny', 'Deny', 'Deny'], 'left');
    const outcome = applyOutcome(
      items,
      plan,
      [
        holds({ ...item(1), decision: 'Approve', justification: 'left' }),
        holds({ ...item(2), decision: 'Deny', justification: 'left', reviewedByName: 'Allan Deyoung' }, SOMEONE_ELSE),
        holds({ ...item(3), decision: 'Deny', justification: 'an older reason' }),
      ],
      ME,
    );
    expect(outcome.recorded).toBe(0);
    expect([...outcome.failures.values()]).toEqual([NOT_TAKEN, NOT_TAKEN, NOT_TAKEN]);
    // What Graph holds is what the card shows, so the reviewer sees why.
    expect(outcome.items[1]).toMatchObject({ decision: 'Deny', reviewedByName: 'Allan Deyoung' });
  });

  it('matches the reviewer id whatever its case, and ignores the justification when none was sent', () => {
    const items = [item(1)];
    const plan = submissionPlan(review(), items, ['Approve'], '');
    const outcome = applyOutcome(
      items,
      plan,
      [holds({ ...item(1), decision: 'Approve', justification: 'kept from before' }, ME.toUpperCase())],
      ME,
    );
    expect(outcome.recorded).toBe(1);
  });

  it('keeps failed writes, unread items and invalid choices with their reasons', () => {
    const items = [item(1), item(2), item(3), item(4)];
    const plan = submissionPlan(
      review({ justificationRequired: true }),
      items,
      ['Deny', 'DontKnow', 'Approve', 'Deny'],
      '',
    );
    const outcome = applyOutcome(
      items,
      plan,
      [
        { writeError: 'Graph is busy', readBack: { kind: 'held', item: item(1), reviewedById: '' } },
        { readBack: { kind: 'unread', error: 'Microsoft Graph could not be reached.' } },
      ],
      ME,
    );
    expect(outcome.recorded).toBe(0);
    expect(outcome.failures.get(0)).toBe('Graph is busy');
    expect(outcome.failures.get(1)).toContain('could not be checked. Microsoft Graph could not be reached.');
    expect(outcome.failures.get(2)).toBe(JUSTIFICATION_REQUIRED);
    expect(outcome.failures.get(3)).toMatch(/did not answer/);
  });
});
