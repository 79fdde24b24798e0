import { pickByName } from '../../src/reviews/byName';
import {
  countsOf,
  currentInstances,
  everyOf,
  groupIdOfScope,
  InstanceRow,
  ownerActions,
  reviewedCount,
  subjectOfScope,
} from '../../src/reviews/ownedReviews';

const G = '825f1b5e-6fb2-4d9a-b393-d491101acc0c';
const APP = 'bae11f90-7d5d-46ba-9f55-8112b59d92ae';

function row(n: number, status: string, start: string): InstanceRow {
  return {
    instanceId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    status,
    startDateTime: start,
    endDateTime: start,
    subject: { kind: 'group', groupId: G },
  };
}

describe('the reviews an owner watches', () => {
  it('shows the instances not over, in progress first, and hides the applied ones', () => {
    const rows = [
      row(1, 'Applied', '2026-01-01T00:00:00Z'),
      row(2, 'NotStarted', '2026-12-01T00:00:00Z'),
      row(3, 'InProgress', '2026-11-01T00:00:00Z'),
    ];
    expect(currentInstances(rows, true, 3).shown.map((r) => r.status)).toEqual(['InProgress', 'NotStarted']);
  });

  it('keeps a completed instance while its decisions wait to be applied (auto-apply off)', () => {
    const rows = [row(1, 'Completed', '2026-10-01T00:00:00Z'), row(2, 'InProgress', '2026-11-01T00:00:00Z')];
    expect(currentInstances(rows, false, 3).shown.map((r) => r.status)).toEqual(['InProgress', 'Completed']);
    expect(currentInstances(rows, true, 3).shown.map((r) => r.status)).toEqual(['InProgress']);
  });

  it('shows the latest one when all are over, so the last result is there', () => {
    const rows = [row(1, 'Applied', '2026-01-01T00:00:00Z'), row(2, 'Applied', '2026-04-01T00:00:00Z')];
    expect(currentInstances(rows, true, 3).shown.map((r) => r.instanceId)).toEqual([rows[1].instanceId]);
    expect(currentInstances([], true, 3)).toEqual({ shown: [], more: 0 });
  });

  it('shows at most the number asked and says how many more', () => {
    const rows = Array.from({ length: 7 }, (_, i) => row(i, 'InProgress', `2026-11-0${i + 1}T00:00:00Z`));
    const { shown, more } = currentInstances(rows, true, 3);
    expect(shown.map((r) => r.startDateTime)).toEqual([
      '2026-11-07T00:00:00Z',
      '2026-11-06T00:00:00Z',
      '2026-11-05T00:00:00Z',
    ]);
    expect(more).toBe(4);
  });

  it('offers stop and nudge in progress, apply only when complete and not applied automatically', () => {
    expect(ownerActions('InProgress', false)).toEqual({ stop: true, apply: false, nudge: true });
    expect(ownerActions('Completed', false)).toEqual({ stop: false, apply: true, nudge: false });
    expect(ownerActions('Completed', true)).toEqual({ stop: false, apply: false, nudge: false });
    expect(ownerActions('Applied', false)).toEqual({ stop: false, apply: false, nudge: false });
    expect(ownerActions('NotStarted', false)).toEqual({ stop: false, apply: false, nudge: false });
  });

  it('counts the people not reviewed as what the other counts leave', () => {
    const c = countsOf(10, 3, 2, 1);
    expect(c).toEqual({ total: 10, approved: 3, denied: 2, dontKnow: 1, notReviewed: 4 });
    expect(reviewedCount(c)).toBe(6);
  });

  it('reads what a scope reviews without assuming a group: a group, every group, an app, or another kind', () => {
    expect(subjectOfScope({ query: `/groups/${G}/transitiveMembers` })).toEqual({ kind: 'group', groupId: G });
    expect(subjectOfScope({ query: "./members/microsoft.graph.user/?$filter=(userType eq 'Guest')" })).toEqual({
      kind: 'everyGroup',
    });
    // Create-definitions example 3: the app as the only resource of a principalResourceMembershipsScope.
    const app = {
      '@odata.type': '#microsoft.graph.principalResourceMembershipsScope',
      principalScopes: [{ query: '/users' }],
      resourceScopes: [{ query: `/servicePrincipals/${APP}` }],
    };
    expect(subjectOfScope(app)).toEqual({ kind: 'app', servicePrincipalId: APP });
    expect(subjectOfScope({ query: `/servicePrincipals/${APP}/appRoleAssignedTo` })).toEqual({
      kind: 'app',
      servicePrincipalId: APP,
    });
    // A role, an access package, several resources, or nothing: another kind of review.
    expect(subjectOfScope({ query: `/roleManagement/directory/roleDefinitions/${G}` })).toEqual({ kind: 'other' });
    expect(subjectOfScope({ ...app, resourceScopes: [...app.resourceScopes, { query: '/groups' }] })).toEqual({
      kind: 'other',
    });
    expect(subjectOfScope({ principalScopes: [{ query: '/users' }], resourceScopes: [{ query: '/groups' }] })).toEqual({
      kind: 'other',
    });
    expect(subjectOfScope(undefined)).toEqual({ kind: 'other' });
  });

  it('reads the group of a scope and the recurrence of a pattern', () => {
    expect(groupIdOfScope(`/groups/${G}/transitiveMembers`)).toBe(G);
    expect(groupIdOfScope(`/v1.0/groups/${G}/members/microsoft.graph.user/?$count=true`)).toBe(G);
    expect(groupIdOfScope("./members/microsoft.graph.user/?$filter=(userType eq 'Guest')")).toBeUndefined();
    expect(everyOf(null)).toBe('once');
    expect(everyOf({ type: 'weekly', interval: 1 })).toBe('weekly');
    expect(everyOf({ type: 'absoluteMonthly', interval: 3 })).toBe('quarterly');
    expect(everyOf({ type: 'absoluteMonthly', interval: 2 })).toBe('other');
  });
});

describe('finding one group or person from what was typed', () => {
  const alex = { name: 'Alex Wilber', upn: 'AlexW@contoso.com' };
  const alexa = { name: 'Alexa Smith', upn: 'AlexaS@contoso.com' };

  it('takes an exact name or UPN over prefixes, a single prefix match, and never guesses', () => {
    expect(pickByName('alex wilber', [alex, alexa])).toEqual({ kind: 'one', found: alex });
    expect(pickByName('alexs@contoso.com', [alexa])).toEqual({ kind: 'one', found: alexa });
    expect(pickByName('Alexa', [alexa])).toEqual({ kind: 'one', found: alexa });
    expect(pickByName('Alex', [alex, alexa])).toEqual({ kind: 'several', found: [alex, alexa] });
    expect(pickByName('Zed', [])).toEqual({ kind: 'none' });
  });
});
