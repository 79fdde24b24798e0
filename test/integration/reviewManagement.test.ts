import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_GOVERNANCE } from '../../localtenant/seed/contosoGovernance';
import { CONTOSO_REVIEWS } from '../../localtenant/seed/contosoReviews';
import {
  appsMatching,
  createDefinition,
  groupsMatching,
  ownedApps,
  ownedGroups,
  ownedReviewsPage,
  peopleMatching,
} from '../../src/graph/reviewManagement';
import { defaultForm, definitionBody } from '../../src/reviews/quickReview';
import { graphAs } from '../support/graph';
import { useLocalTenant } from '../support/localTenant';

/** The Graph calls behind the owner commands, against the local tenant over HTTPS. */
const SCOPES = [
  'AccessReview.ReadWrite.All',
  'User.Read',
  'User.ReadBasic.All',
  'GroupMember.Read.All',
  'Application.Read.All',
];
const EXPENSES = { id: CONTOSO_GOVERNANCE.expensesApp, name: 'Contoso Expenses' };
const TIER_0 = { id: CONTOSO_GOVERNANCE.tierZeroOperators, name: 'Tier 0 Operators', roleAssignable: true };

describe('managing reviews through Graph', () => {
  const lt = useLocalTenant();
  const as = (user: string) => graphAs(lt(), user, SCOPES);

  it('lists the groups I own, and finds any group by name or the start of it', async () => {
    const megan = await as('MeganB@contoso.com');
    expect((await ownedGroups(megan)).groups.map((g) => g.name)).toEqual([
      'Building security group',
      'Sales and Marketing',
    ]);
    expect(await groupsMatching(megan, 'finance app')).toEqual([
      { id: CONTOSO.financeApprovers, name: 'Finance Approvers' },
    ]);
    expect(await groupsMatching(megan, CONTOSO.projectFalcon)).toEqual([
      { id: CONTOSO.projectFalcon, name: 'Project Falcon' },
    ]);
    // A quote in the name is an OData literal, not the end of the filter.
    expect(await groupsMatching(megan, "Nobody's & group")).toEqual([]);
  });

  it('finds people by UPN, by mail, or by the start of their name', async () => {
    const megan = await as('MeganB@contoso.com');
    expect((await peopleMatching(megan, 'diegos@contoso.com')).map((p) => p.id)).toEqual([CONTOSO.diego]);
    expect((await peopleMatching(megan, 'Alex W')).map((p) => p.name)).toEqual(['Alex Wilber']);
    expect(await peopleMatching(megan, 'nobody@contoso.com')).toEqual([]);
  });

  it("shows the creator's reviews with the progress of the current instance and who was contacted", async () => {
    const megan = await as('MeganB@contoso.com');
    const { group: _g, people: _p, fallback: _f, ...form } = defaultForm(new Date().toISOString().slice(0, 10));
    const created = await createDefinition(
      megan,
      definitionBody({
        ...form,
        target: { kind: 'group', groupId: CONTOSO.buildingSecurity },
        peopleIds: [],
        fallbackIds: [],
        reviewers: 'owners',
        name: 'Building check',
        descriptionForAdmins: 'x',
        descriptionForReviewers: 'y',
      }),
    );
    const page = await ownedReviewsPage(megan, CONTOSO.megan, 0, 5, 3);
    // Only hers: the seeded reviews were created by the administrator.
    expect(page.reviews.map((r) => r.name)).toEqual(['Building check']);
    const [review] = page.reviews;
    expect(review.definitionId).toBe(created.id);
    expect(review.instances).toHaveLength(1);
    expect(review.instances[0]).toMatchObject({
      status: 'InProgress',
      resourceName: 'Building security group',
      counts: { total: 2, approved: 0, denied: 0, dontKnow: 0, notReviewed: 2 },
      contacted: { names: ['Megan Bowen', 'MOD Administrator'], count: 2, more: false },
    });

    // The administrator reads every review, and still sees only the ones they created as theirs.
    const admin = await as('admin@contoso.com');
    const adminPage = await ownedReviewsPage(admin, CONTOSO.admin, 0, 5, 3);
    expect(adminPage.reviews.map((r) => r.definitionId)).not.toContain(created.id);
    expect(adminPage.reviews.length).toBe(5);
    expect(adminPage.more).toBe(true);
    const second = await ownedReviewsPage(admin, CONTOSO.admin, 5, 5, 3);
    expect(second.more).toBe(false);
    const all = [...adminPage.reviews, ...second.reviews];
    // The six seeded reviews, newest first.
    expect(all.map((r) => r.definitionId).sort()).toEqual(
      Object.values(CONTOSO_REVIEWS)
        .filter((id) => id !== CONTOSO_REVIEWS.feelgoodGuestsInstance)
        .sort(),
    );
    expect(all.map((r) => r.createdDateTime)).toEqual([...all.map((r) => r.createdDateTime)].sort().reverse());
    const quarterly = all.find((r) => r.definitionId === CONTOSO_REVIEWS.guestsQuarterly)!;
    expect(quarterly).toMatchObject({ every: 'quarterly', guestsOnly: true, autoApply: true });
    // One instance per Microsoft 365 group with guests, each named.
    expect(quarterly.instances.map((i) => i.resourceName).sort()).toEqual([
      'Feelgood Marketing Campaign',
      'Retail Partners',
    ]);
  });

  it('lists the applications I own, finds any by name or id, and says which groups are role-assignable', async () => {
    const megan = await as('MeganB@contoso.com');
    expect(await ownedApps(megan)).toEqual({ apps: [EXPENSES], more: false });
    expect(await ownedApps(await as('AlexW@contoso.com'))).toEqual({ apps: [], more: false });
    expect(await appsMatching(megan, 'contoso exp')).toEqual([EXPENSES]);
    expect((await appsMatching(megan, 'Contoso')).map((a) => a.name).sort()).toEqual([
      'Contoso Expenses',
      'Contoso Mail Relay',
    ]);
    expect(await appsMatching(megan, EXPENSES.id)).toEqual([EXPENSES]);
    expect(await appsMatching(megan, '11111111-2222-4333-8444-555555555555')).toEqual([]);
    expect(await appsMatching(megan, "Nobody's app")).toEqual([]);

    expect(await groupsMatching(megan, 'Tier 0')).toEqual([TIER_0]);
    const admin = await as('admin@contoso.com');
    const owned = (await ownedGroups(admin)).groups;
    expect(owned.find((g) => g.id === TIER_0.id)).toEqual(TIER_0);
    expect(owned.find((g) => g.id === CONTOSO.buildingSecurity)).toEqual({
      id: CONTOSO.buildingSecurity,
      name: 'Building security group',
    });
  });

  it("names the application of an app review among the creator's reviews, with its progress", async () => {
    const admin = await as('admin@contoso.com');
    const { group: _g, people: _p, fallback: _f, ...form } = defaultForm(new Date().toISOString().slice(0, 10));
    const created = await createDefinition(
      admin,
      definitionBody({
        ...form,
        target: { kind: 'app', servicePrincipalId: EXPENSES.id },
        peopleIds: [],
        fallbackIds: [],
        reviewers: 'owners',
        name: 'Expenses check',
        descriptionForAdmins: 'x',
        descriptionForReviewers: 'y',
      }),
    );
    const page = await ownedReviewsPage(admin, CONTOSO.admin, 0, 5, 3);
    const review = page.reviews.find((r) => r.definitionId === created.id)!;
    expect(review).toMatchObject({ subject: { kind: 'app', servicePrincipalId: EXPENSES.id }, guestsOnly: false });
    expect(review.instances[0]).toMatchObject({
      status: 'InProgress',
      subject: { kind: 'app', servicePrincipalId: EXPENSES.id },
      resourceName: 'Contoso Expenses',
      // Five users assigned directly, four through Finance Approvers.
      counts: { total: 9, notReviewed: 9 },
      contacted: { names: ['Megan Bowen'], count: 1, more: false },
    });
  });
});
