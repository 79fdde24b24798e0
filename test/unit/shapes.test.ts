import { inboxReview, isGuestScope, toItem, toRow, WireDecision } from '../../src/graph/shapes';

/** Graph's decision items (shaped as the docs and tutorials show them) mapped to what the reviewer sees. */

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
const GUEST_SCOPE = "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')";

const item = (over: Partial<WireDecision> = {}): WireDecision => ({
  id: '139166ec-d214-4835-95aa-3c1d89581e51',
  accessReviewId: '8d035c9d-798d-47fa-beb4-f986a4b8126f',
  decision: 'NotReviewed',
  recommendation: 'Deny',
  justification: '',
  reviewedBy: { id: ZERO_GUID, displayName: '', userPrincipalName: '' },
  principal: {
    '@odata.type': '#microsoft.graph.userIdentity',
    id: '1800bb2c-955d-4205-8471-3a6c3116435d',
    displayName: 'Christie Cline',
    userPrincipalName: 'ChristieC@contoso.com',
  },
  resource: { id: '97eebd44-61fd-4d42-8b2a-a4de41b6c572', displayName: 'Marketing', type: 'group' },
  ...over,
});

describe('a decision item as a person to review', () => {
  it('takes a user principal as a member, with its ids and names', () => {
    expect(toItem(item(), false)).toEqual({
      id: '139166ec-d214-4835-95aa-3c1d89581e51',
      principalId: '1800bb2c-955d-4205-8471-3a6c3116435d',
      principalName: 'Christie Cline',
      principalUpn: 'ChristieC@contoso.com',
      principalKind: 'Member',
      resourceId: '97eebd44-61fd-4d42-8b2a-a4de41b6c572',
      resourceName: 'Marketing',
      resourceKind: 'group',
      resourceDetail: '',
      decision: 'NotReviewed',
      recommendation: 'Deny',
      justification: '',
      reviewedByName: '',
    });
  });

  it('takes a service principal as an app, whatever the scope or name says', () => {
    const app = item({
      principal: {
        '@odata.type': '#microsoft.graph.servicePrincipalIdentity',
        id: 'c86300f3-8695-4320-9f6e-32a2555f5ff8',
        displayName: 'Payroll connector',
      },
    });
    expect(toItem(app, false).principalKind).toBe('ServicePrincipal');
    expect(toItem(app, true).principalKind).toBe('ServicePrincipal');
    expect(toItem(app, false).principalUpn).toBe('');
  });

  it('takes a user as a guest by the #EXT# in the UPN, or because the review only takes guests', () => {
    const external = item({
      principal: {
        '@odata.type': '#microsoft.graph.userIdentity',
        id: '04777c4b-4d43-4d32-a2e7-1eba5d03f8cf',
        displayName: 'Pat Partner',
        userPrincipalName: 'pat_fabrikam.com#ext#@contoso.onmicrosoft.com',
      },
    });
    expect(toItem(external, false).principalKind).toBe('Guest');
    expect(toItem(item(), true).principalKind).toBe('Guest');
  });

  it("falls back to beta's target when the principal is missing, and to the zero GUID when both are", () => {
    const beta = item({
      principal: null,
      target: {
        userId: '04777c4b-4d43-4d32-a2e7-1eba5d03f8cf',
        userDisplayName: 'Diego Siciliani',
        userPrincipalName: 'DiegoS@contoso.com',
      },
    });
    expect(toItem(beta, false)).toMatchObject({
      principalId: '04777c4b-4d43-4d32-a2e7-1eba5d03f8cf',
      principalName: 'Diego Siciliani',
      principalUpn: 'DiegoS@contoso.com',
      principalKind: 'Member',
    });
    // The docs show items with "resource": null.
    expect(toItem(item({ principal: undefined, resource: null }), false)).toMatchObject({
      principalId: ZERO_GUID,
      principalName: '',
      principalUpn: '',
      resourceId: ZERO_GUID,
      resourceName: '',
    });
  });

  it('says nothing of sign-ins without a sign-in insight, and null for someone who never signed in', () => {
    expect('lastSignIn' in toItem(item(), false)).toBe(false);
    const outlierOnly = item({
      insights: [{ '@odata.type': '#microsoft.graph.membershipOutlierInsight' }],
    });
    expect('lastSignIn' in toItem(outlierOnly, false)).toBe(false);
    const never = item({
      insights: [{ '@odata.type': '#microsoft.graph.userSignInInsight', lastSignInDateTime: null }],
    });
    expect(toItem(never, false).lastSignIn).toBeNull();
    const recent = item({
      insights: [
        { '@odata.type': '#microsoft.graph.membershipOutlierInsight' },
        { '@odata.type': '#microsoft.graph.userSignInInsight', lastSignInDateTime: '2026-11-01T08:00:00Z' },
      ],
    });
    expect(toItem(recent, false).lastSignIn).toBe('2026-11-01T08:00:00Z');
  });

  it('names the reviewer only when the item was reviewed (not the zero GUID Graph sends before)', () => {
    expect(toItem(item({ reviewedBy: { id: ZERO_GUID, displayName: 'ignored' } }), false).reviewedByName).toBe('');
    expect(toItem(item({ reviewedBy: null }), false).reviewedByName).toBe('');
    const reviewed = item({
      decision: 'Approve',
      justification: 'Still on the team',
      reviewedBy: { id: '36c4c56e-fce3-4e2d-b28e-4ac0c7d2fa10', displayName: 'MOD Administrator' },
    });
    expect(toItem(reviewed, false)).toMatchObject({
      decision: 'Approve',
      justification: 'Still on the team',
      reviewedByName: 'MOD Administrator',
    });
  });

  it('reads values it does not know as not reviewed and no recommendation', () => {
    const odd = toItem(item({ decision: 'unknownFutureValue', recommendation: 'unknownFutureValue' }), false);
    expect(odd).toMatchObject({ decision: 'NotReviewed', recommendation: 'NoInfoAvailable' });
    const missing = toItem(item({ decision: undefined, recommendation: undefined, justification: null }), false);
    expect(missing).toMatchObject({ decision: 'NotReviewed', recommendation: 'NoInfoAvailable', justification: '' });
  });
});

describe('a decision item as a row of the inbox', () => {
  const expanded = item({
    decision: 'Deny',
    recommendation: 'Approve',
    instance: {
      id: '8d035c9d-798d-47fa-beb4-f986a4b8126f',
      status: 'InProgress',
      endDateTime: '2026-12-01T00:00:00Z',
      scope: { query: GUEST_SCOPE },
      definition: {
        id: '2dca8959-b716-4b4c-a93d-a535c01eb6e0',
        displayName: 'Guests of Marketing',
        settings: { justificationRequiredOnApproval: true },
      },
    },
  });

  it('takes the review from the expanded instance and definition', () => {
    expect(toRow(expanded)).toEqual({
      definitionId: '2dca8959-b716-4b4c-a93d-a535c01eb6e0',
      instanceId: '8d035c9d-798d-47fa-beb4-f986a4b8126f',
      name: 'Guests of Marketing',
      resourceId: '97eebd44-61fd-4d42-8b2a-a4de41b6c572',
      resourceName: 'Marketing',
      resourceDetail: '',
      status: 'InProgress',
      endDateTime: '2026-12-01T00:00:00Z',
      justificationRequired: true,
      guestsOnly: true,
      kind: 'group',
      multiStage: false,
      decision: 'Deny',
      recommendation: 'Approve',
    });
  });

  it('has no row without the instance or its definition', () => {
    expect(toRow(item())).toBeUndefined();
    expect(toRow(item({ instance: { ...expanded.instance!, definition: undefined } }))).toBeUndefined();
  });

  it('fills in what the review does not say', () => {
    const bare = item({ resource: null, instance: { id: 'i', definition: { id: 'd', settings: null } } });
    expect(inboxReview(bare)).toEqual({
      definitionId: 'd',
      instanceId: 'i',
      name: 'Access review',
      status: 'Unknown',
      endDateTime: '',
      justificationRequired: false,
      guestsOnly: false,
      kind: 'group',
      multiStage: false,
    });
  });

  it("uses the review it is given with the item's own decision, for items listed without their review", () => {
    const review = inboxReview(expanded)!;
    const lean: WireDecision = { id: '', accessReviewId: review.instanceId, decision: 'NotReviewed' };
    expect(toRow(lean, review)).toEqual({
      ...review,
      resourceId: '00000000-0000-0000-0000-000000000000',
      resourceName: '',
      resourceDetail: '',
      decision: 'NotReviewed',
      recommendation: 'NoInfoAvailable',
    });
    expect(toRow(lean, undefined)).toBeUndefined();
  });
});

describe('a guests-only review scope', () => {
  it("is the documented query that filters on userType eq 'Guest'", () => {
    expect(isGuestScope(GUEST_SCOPE)).toBe(true);
    expect(isGuestScope('/groups/97eebd44-61fd-4d42-8b2a-a4de41b6c572/transitiveMembers')).toBe(false);
    expect(isGuestScope("./members/microsoft.graph.user/?$filter=(userType eq 'Member')")).toBe(false);
    expect(isGuestScope(undefined)).toBe(false);
  });
});
