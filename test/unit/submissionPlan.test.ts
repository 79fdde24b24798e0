import {
  applyOutcome,
  approveRestPlan,
  JUSTIFICATION_REQUIRED,
  submissionPlan,
} from '../../src/reviews/submissionPlan';
import { item, review } from './fixtures';

describe('submissionPlan', () => {
  it('sends one call per changed choice, with the principal id, and nothing for "leave as is" or unchanged ones', () => {
    const items = [item(1), item(2, { decision: 'Deny' }), item(3)];
    const plan = submissionPlan(review(), items, ['Approve', 'Deny', ''], 'still needed');
    expect(plan.problems).toEqual([]);
    expect(plan.calls).toEqual([
      { principalId: items[0].principalId, decision: 'Approve', justification: 'still needed', itemIndexes: [0] },
    ]);
  });

  it('never produces a call without a principal id', () => {
    const items = [item(1), item(2), item(3)];
    const plan = submissionPlan(review(), items, ['Approve', 'Deny', 'DontKnow'], '');
    expect(plan.calls).toHaveLength(3);
    for (const c of plan.calls) expect(c.principalId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('adds the resource id when the same person has several items on the page', () => {
    const a = item(1);
    const b = item(2, { principalId: a.principalId, resourceId: 'cccccccc-0000-4000-8000-000000000002' });
    const plan = submissionPlan(review(), [a, b], ['Approve', 'Deny'], '');
    expect(plan.calls.map((c) => c.resourceId)).toEqual([a.resourceId, b.resourceId]);
  });

  it('holds back approvals without a justification when the review requires one, and says why', () => {
    const items = [item(1), item(2)];
    const plan = submissionPlan(review({ justificationRequired: true }), items, ['Approve', 'Deny'], '   ');
    expect(plan.calls.map((c) => c.decision)).toEqual(['Deny']);
    expect(plan.problems).toEqual([{ itemIndex: 0, message: JUSTIFICATION_REQUIRED }]);
  });

  it('approve-the-rest makes one Approve call per person', () => {
    const plan = approveRestPlan(review(), [item(1), item(2)], 'ok');
    expect(plan.calls.map((c) => [c.principalId, c.decision])).toEqual([
      [item(1).principalId, 'Approve'],
      [item(2).principalId, 'Approve'],
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
