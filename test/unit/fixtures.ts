import { ReviewItem, ReviewSummary } from '../../src/reviews/model';

export function review(over: Partial<ReviewSummary> = {}): ReviewSummary {
  return {
    definitionId: '11111111-1111-4111-8111-111111111111',
    instanceId: '22222222-2222-4222-8222-222222222222',
    name: 'Quarterly review of Finance Approvers',
    resourceName: 'Finance Approvers',
    status: 'InProgress',
    endDateTime: '2026-12-01T17:00:00Z',
    justificationRequired: false,
    guestsOnly: false,
    resourceDetail: '',
    kind: 'group',
    resources: 1,
    multiStage: false,
    total: 3,
    remaining: 3,
    recommendedDeny: 1,
    ...over,
  };
}

export function item(n: number, over: Partial<ReviewItem> = {}): ReviewItem {
  const hex = n.toString(16).padStart(12, '0');
  return {
    id: `aaaaaaaa-0000-4000-8000-${hex}`,
    principalId: `bbbbbbbb-0000-4000-8000-${hex}`,
    principalName: `Person ${n}`,
    principalUpn: `person${n}@contoso.com`,
    principalKind: 'Member',
    resourceId: 'cccccccc-0000-4000-8000-000000000001',
    resourceName: 'Finance Approvers',
    resourceKind: 'group',
    resourceDetail: '',
    decision: 'NotReviewed',
    recommendation: 'Approve',
    justification: '',
    reviewedByName: '',
    lastSignIn: '2026-11-20T09:00:00Z',
    ...over,
  };
}
