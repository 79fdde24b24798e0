import { randomUUID } from 'node:crypto';
import { LocalTenant } from '../../localtenant';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { useLocalTenant } from '../support/localTenant';
import { ADMIN, advanceDays, clientFor, decisionsOf, DEFS, MEGAN, MINE, reviewBody } from './accessReviewsSupport';

const DAY = 86_400_000;

interface Item {
  id: string;
  decision: string;
  recommendation: string;
  principal: { id: string };
}

/**
 * A group of four people whose last sign-ins lie at known distances before the tenant's clock: 10 days, 25 days,
 * 45 days, and never. Arranged in the directory directly (Graph has no call that sets a last sign-in).
 */
function addPeople(lt: LocalTenant) {
  const now = lt.tenant.clock.nowMs();
  const d = lt.tenant.directory;
  const person = (name: string, daysAgo: number | null) => {
    const id = randomUUID();
    d.addUser({
      id,
      displayName: name,
      userPrincipalName: `${name.toLowerCase()}.${id.slice(0, 8)}@contoso.com`,
      mail: null,
      givenName: name,
      surname: null,
      jobTitle: null,
      department: null,
      userType: 'Member',
      accountEnabled: true,
      createdDateTime: new Date(now - 400 * DAY).toISOString(),
      lastSignInDateTime: daysAgo === null ? null : new Date(now - daysAgo * DAY).toISOString(),
      managerId: null,
      directoryRoles: [],
    });
    return id;
  };
  const people = { recent: person('Recent', 10), edge: person('Edge', 25), stale: person('Stale', 45) };
  const all = { ...people, never: person('Never', null) };
  const groupId = randomUUID();
  d.addGroup({
    id: groupId,
    displayName: `Recommendations ${groupId.slice(0, 8)}`,
    description: null,
    groupTypes: [],
    mailEnabled: false,
    mailNickname: `rec${groupId.slice(0, 8)}`,
    securityEnabled: true,
    visibility: null,
    createdDateTime: new Date(now).toISOString(),
    members: new Set(Object.values(all)),
    owners: new Set(),
  });
  return { groupId, ...all };
}

describe('access reviews: recommendations count back from the instance start', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);

  /** Creates a review of the group with Megan as reviewer; settings override the defaults. */
  const createReview = async (groupId: string, settings: Record<string, unknown> = {}) =>
    (await as(ADMIN))
      .api(DEFS)
      .post(reviewBody(groupId, { reviewers: [{ query: `/users/${CONTOSO.megan}` }] }, settings));

  /** Recommendation (and decision) per principal, as the admin reads the whole instance. */
  const itemsOf = async (reviewId: string): Promise<Map<string, Item>> => {
    const page = await (await as(ADMIN)).api(decisionsOf(reviewId)).get();
    return new Map((page.value as Item[]).map((it) => [it.principal.id, it]));
  };
  const recommendations = async (reviewId: string, people: Record<string, string>) => {
    const items = await itemsOf(reviewId);
    return Object.fromEntries(Object.entries(people).map(([k, id]) => [k, items.get(id)?.recommendation]));
  };

  it('is Approve within the 30-day look-back before the start, Deny outside it or never signed in', async () => {
    const { groupId, ...people } = addPeople(lt());
    const review = await createReview(groupId, { instanceDurationInDays: 30 });
    expect(await recommendations(review.id, people)).toEqual({
      recent: 'Approve',
      edge: 'Approve',
      stale: 'Deny',
      never: 'Deny',
    });
  });

  it('does not change while the instance runs and the tenant clock moves on', async () => {
    const { groupId, ...people } = addPeople(lt());
    const review = await createReview(groupId, { instanceDurationInDays: 30 });
    await advanceDays(lt(), 10);
    // Edge last signed in 25 days before the start: 35 days before the tenant's now, still Approve.
    expect(await recommendations(review.id, people)).toEqual({
      recent: 'Approve',
      edge: 'Approve',
      stale: 'Deny',
      never: 'Deny',
    });
    // Accepting recommendations records the same ones.
    await (await as(MEGAN)).api(`${DEFS}/${review.id}/instances/${review.id}/acceptRecommendations`).post({});
    const mine: Item[] = (await (await as(MEGAN)).api(`${decisionsOf(review.id)}/${MINE}`).get()).value;
    const decided = Object.fromEntries(mine.map((it) => [it.principal.id, it.decision]));
    expect(decided[people.edge]).toBe('Approve');
    expect(decided[people.stale]).toBe('Deny');
  });

  it('counts back from a start in the future, not from the tenant clock', async () => {
    const { groupId, ...people } = addPeople(lt());
    const startDate = new Date(lt().tenant.clock.nowMs() + 25 * DAY).toISOString();
    const review = await createReview(groupId, {
      instanceDurationInDays: 5,
      recurrence: { pattern: null, range: { type: 'numbered', startDate } },
    });
    // Recent last signed in 10 days before now, so 35 days before the instance starts.
    expect((await recommendations(review.id, people)).recent).toBe('Deny');
  });

  it('follows recommendationLookBackDuration, and is NoInfoAvailable when recommendations are off', async () => {
    const { groupId, ...people } = addPeople(lt());
    const week = await createReview(groupId, { recommendationLookBackDuration: 'P7D' });
    expect(await recommendations(week.id, people)).toEqual({
      recent: 'Deny',
      edge: 'Deny',
      stale: 'Deny',
      never: 'Deny',
    });
    const off = await createReview(groupId, { recommendationsEnabled: false });
    expect(new Set(Object.values(await recommendations(off.id, people)))).toEqual(new Set(['NoInfoAvailable']));
  });

  it('keeps the running instance as it was when a PUT turns recommendations off (updates apply to future instances)', async () => {
    const { groupId, ...people } = addPeople(lt());
    const review = await createReview(groupId);
    const body = reviewBody(
      groupId,
      { reviewers: [{ query: `/users/${CONTOSO.megan}` }] },
      { recommendationsEnabled: false },
    );
    await (await as(ADMIN)).api(`${DEFS}/${review.id}`).put(body);
    expect((await recommendations(review.id, people)).recent).toBe('Approve');
  });

  it("applies the same recommendations at the end when the default decision is 'Recommendation'", async () => {
    const { groupId, ...people } = addPeople(lt());
    const review = await createReview(groupId, {
      instanceDurationInDays: 20,
      defaultDecisionEnabled: true,
      defaultDecision: 'Recommendation',
      autoApplyDecisionsEnabled: true,
      applyActions: [{ '@odata.type': '#microsoft.graph.removeAccessApplyAction' }],
    });
    await advanceDays(lt(), 21);
    const items = await itemsOf(review.id);
    // At the end Edge's sign-in is 45 days old; the recommendation, and so the decision, still count from the start.
    expect(items.get(people.edge)).toMatchObject({ decision: 'Approve', recommendation: 'Approve' });
    expect(items.get(people.recent)).toMatchObject({ decision: 'Approve' });
    expect(items.get(people.stale)).toMatchObject({ decision: 'Deny', applyResult: 'AppliedSuccessfully' });
    const members = await (await as(ADMIN)).api(`/groups/${groupId}/members`).select('id').get();
    expect(members.value.map((m: { id: string }) => m.id).sort()).toEqual([people.recent, people.edge].sort());
  });
});
