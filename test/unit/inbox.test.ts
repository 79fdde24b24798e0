import { pendingInbox, summarize, timeLeft, MyDecisionRow } from '../../src/reviews/inbox';

const row = (
  instanceId: string,
  endDateTime: string,
  decision: MyDecisionRow['decision'],
  recommendation: MyDecisionRow['recommendation'] = 'Approve',
  status = 'InProgress',
): MyDecisionRow => ({
  definitionId: instanceId,
  instanceId,
  name: `Review ${instanceId.slice(0, 1)}`,
  resourceId: 'cccccccc-0000-4000-8000-000000000001',
  resourceName: 'Group',
  resourceDetail: '',
  status,
  endDateTime,
  justificationRequired: false,
  guestsOnly: false,
  kind: 'group',
  multiStage: false,
  decision,
  recommendation,
});

const NOW = new Date('2026-11-22T12:00:00Z');

describe('the inbox', () => {
  const rows = [
    row('a0000000-0000-4000-8000-000000000000', '2026-12-20T00:00:00Z', 'NotReviewed', 'Deny'),
    row('a0000000-0000-4000-8000-000000000000', '2026-12-20T00:00:00Z', 'Approve', 'Deny'),
    row('b0000000-0000-4000-8000-000000000000', '2026-11-23T12:00:00Z', 'NotReviewed'),
    row('c0000000-0000-4000-8000-000000000000', '2026-11-24T00:00:00Z', 'Deny'),
    row('d0000000-0000-4000-8000-000000000000', '2026-11-10T00:00:00Z', 'NotReviewed', 'Approve', 'Completed'),
  ];

  it('counts people left and recommended denials among them, per review', () => {
    const a = summarize(rows).find((s) => s.instanceId.startsWith('a'))!;
    expect(a).toMatchObject({ total: 2, remaining: 1, recommendedDeny: 1 });
  });

  it('lists open reviews only, those with people left first, the closest due date first, and flags the urgent', () => {
    const inbox = pendingInbox(summarize(rows), NOW);
    expect(inbox.map((e) => e.instanceId[0])).toEqual(['b', 'a', 'c']);
    expect(inbox[0].urgent).toBe(true);
    expect(inbox[1].urgent).toBe(false);
    expect(inbox[2].urgent).toBe(false);
  });

  it('words the time left', () => {
    expect(timeLeft('2026-11-22T12:30:00Z', NOW)).toBe('less than an hour left');
    expect(timeLeft('2026-11-23T12:00:00Z', NOW)).toBe('24 hours left');
    expect(timeLeft('2026-11-29T12:00:00Z', NOW)).toBe('7 days left');
    expect(timeLeft('2026-11-21T12:00:00Z', NOW)).toBe('ended');
  });
});
