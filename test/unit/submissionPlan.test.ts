import {
  applyOutcome,
  approveRestPlan,
  JUSTIFICATION_REQUIRED,
  NO_IDS,
  submissionPlan,
} from '../../src/reviews/submissionPlan';
import { item, review } from './fixtures';

describe('submissionPlan', () => {
  it('sends one call per chosen decision, with the principal and resource ids, and nothing for "leave as is"', () => {
    const items = [item(1), item(2), item(3)];
    const plan = submissionPlan(review(), items, ['Approve', '', 'DontKnow'], 'still needed');
    expect(plan.problems).toEqual([]);
    expect(plan.calls).toEqual([
      {
        principalId: items[0].principalId,
        resourceId: items[0].resourceId,
        decision: 'Approve',
        justification: 'still needed',
        itemIndexes: [0],
      },
      {
        principalId: items[2].principalId,
        resourceId: items[2].resourceId,
        decision: 'DontKnow',
        justification: 'still needed',
        itemIndexes: [2],
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

  it('approve-the-rest makes one Approve call per person and resource', () => {
    const plan = approveRestPlan(review(), [item(1), item(2)], 'ok');
    expect(plan.calls.map((c) => [c.principalId, c.resourceId, c.decision])).toEqual([
      [item(1).principalId, item(1).resourceId, 'Approve'],
      [item(2).principalId, item(2).resourceId, 'Approve'],
    ]);
  });
});

describe('applyOutcome', () => {
  it('shows recorded choices as decided by me and keeps failures with their reasons', () => {
    const items = [item(1), item(2), item(3)];
    const plan = submissionPlan(review({ justificationRequired: true }), items, ['Deny', 'DontKnow', 'Approve'], '');
    const outcome = applyOutcome(items, plan, [{ ok: true }, { ok: false, error: 'Graph is busy' }], 'Alex Wilber');
    expect(outcome.recorded).toBe(1);
    expect(outcome.items[0]).toMatchObject({ decision: 'Deny', reviewedByName: 'Alex Wilber' });
    expect(outcome.items[1].decision).toBe('NotReviewed');
    expect(outcome.failures.get(1)).toBe('Graph is busy');
    expect(outcome.failures.get(2)).toBe(JUSTIFICATION_REQUIRED);
  });
});
