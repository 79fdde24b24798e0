import { attemptStep, CLOCK_SKEW_MS, isThisReview, SETTLE_MS } from '../../src/reviews/createAttempt';

const ME = '43b12b0c-ee2c-4257-96fe-505d823e06ab';
const SCOPE = { query: '/groups/825f1b5e-6fb2-4d9a-b393-d491101acc0c/transitiveMembers' };
const sent = { displayName: 'Quarterly review of Sales', scope: SCOPE };
const at = new Date('2026-12-04T10:00:00Z');

describe('one review per form, when the answer to a create is lost', () => {
  it('a form never sent, or refused, creates', () => {
    expect(attemptStep(undefined, at)).toEqual({ kind: 'create' });
    expect(attemptStep({ state: 'refused', startedAt: at.toISOString() }, at)).toEqual({ kind: 'create' });
  });

  it('a form that created its review creates nothing more', () => {
    const step = attemptStep({ state: 'created', startedAt: at.toISOString(), definitionId: 'x' }, at);
    expect(step).toEqual({ kind: 'created', definitionId: 'x' });
  });

  it('a create with no answer is looked for; only once it has settled may a review not found be created', () => {
    for (const state of ['creating', 'unknown'] as const) {
      const prior = { state, startedAt: at.toISOString() };
      expect(attemptStep(prior, new Date(at.getTime() + 1000))).toEqual({ kind: 'look', since: at, settled: false });
      expect(attemptStep(prior, new Date(at.getTime() + SETTLE_MS))).toEqual({
        kind: 'look',
        since: at,
        settled: true,
      });
    }
  });

  it('finds the review by its creator, name, scope and a creation time no earlier than the POST (less the skew)', () => {
    const listed = {
      id: 'd',
      displayName: sent.displayName,
      createdBy: { id: ME.toUpperCase() },
      createdDateTime: new Date(at.getTime() + 500).toISOString(),
      scope: SCOPE,
    };
    expect(isThisReview(sent, listed, ME, at)).toBe(true);
    const skewed = { ...listed, createdDateTime: new Date(at.getTime() - CLOCK_SKEW_MS + 1000).toISOString() };
    expect(isThisReview(sent, skewed, ME, at)).toBe(true);
    const older = { ...listed, createdDateTime: new Date(at.getTime() - CLOCK_SKEW_MS - 1000).toISOString() };
    expect(isThisReview(sent, older, ME, at)).toBe(false);
    expect(isThisReview(sent, { ...listed, displayName: 'Other' }, ME, at)).toBe(false);
    expect(isThisReview(sent, { ...listed, scope: { query: '/groups/other/transitiveMembers' } }, ME, at)).toBe(false);
    expect(isThisReview(sent, { ...listed, createdBy: { id: 'someone-else' } }, ME, at)).toBe(false);
    expect(isThisReview(sent, { ...listed, createdDateTime: null }, ME, at)).toBe(false);
  });

  it('tells apart reviews of two applications, whose scopes have no query of their own', () => {
    const appScope = (id: string) => ({
      '@odata.type': '#microsoft.graph.principalResourceMembershipsScope',
      principalScopes: [{ query: '/users' }],
      resourceScopes: [{ query: `/servicePrincipals/${id}` }],
    });
    const app = { displayName: 'Review of access to Contoso Expenses', scope: appScope('a') };
    const listed = {
      id: 'd',
      displayName: app.displayName,
      createdBy: { id: ME },
      createdDateTime: at.toISOString(),
      scope: appScope('a'),
    };
    expect(isThisReview(app, listed, ME, at)).toBe(true);
    expect(isThisReview(app, { ...listed, scope: appScope('b') }, ME, at)).toBe(false);
    const guests = { ...appScope('a'), principalScopes: [{ query: "/users?$filter=(userType eq 'Guest')" }] };
    expect(isThisReview(app, { ...listed, scope: guests }, ME, at)).toBe(false);
  });
});
