import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_GOVERNANCE as G, CONTOSO_KIND_REVIEWS as K, ROLE_IDS } from '../../localtenant/seed/contosoGovernance';
import { CONTOSO_REVIEWS as R } from '../../localtenant/seed/contosoReviews';
import { stableGuid } from '../../localtenant/seed/ids';
import { useLocalTenant } from '../support/localTenant';
import {
  ADMIN,
  ALEX,
  ALL_MINE,
  clientFor,
  decisionsOf,
  DecisionItem as Item,
  DEFS,
  kindReviewBody as body,
  MINE,
} from './accessReviewsSupport';

const PIM = '/identityGovernance/privilegedAccess/group';

describe('Azure resource role reviews as Graph shows them', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);

  it('lists Azure role items in the beta inbox with the AzureRole resource and its scope', async () => {
    const all = (await (await as(ALEX, 'beta')).api(ALL_MINE).expand('instance($expand=definition)').top(999).get())
      .value as Item[];
    const subscription = all.filter((d) => d.accessReviewId === K.azureSubscriptionOwners);
    expect(subscription.map((d) => d.principal.id).sort()).toEqual([CONTOSO.admin, CONTOSO.allan].sort());
    // v1.0 resources/accessreviewinstancedecisionitemazureroleresource.md, and the list-decisions example 2 shape.
    expect(subscription[0].resource).toEqual({
      '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemAzureRoleResource',
      id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
      displayName: 'Owner',
      type: 'azureRole',
      scope: { id: G.subscription, displayName: 'Contoso Production', type: 'subscription' },
    });
    expect(subscription[0].resourceLink).toBeNull();
    expect(subscription[0].instance?.definition.id).toBe(K.azureSubscriptionOwners);
    const rg = all.find((d) => d.accessReviewId === K.azureResourceGroupOwners)!;
    expect(rg.resource.scope).toEqual({ id: G.resourceGroup, displayName: 'rg-expenses-prod', type: 'resourceGroup' });
  });

  it('does not record Azure role decisions through Graph (400), and recordAllDecisions leaves them', async () => {
    const alex = await as(ALEX);
    const inst = `${DEFS}/${K.azureSubscriptionOwners}/instances/${K.azureSubscriptionOwners}`;
    const [item] = (await alex.api(`${decisionsOf(K.azureSubscriptionOwners)}/${MINE}`).get()).value as Item[];
    for (const call of [
      () => alex.api(`${inst}/batchRecordDecisions`).post({ decision: 'Approve', principalId: item.principal.id }),
      () => alex.api(`${decisionsOf(K.azureSubscriptionOwners)}/${item.id}`).patch({ decision: 'Approve' }),
      () => alex.api(`${inst}/acceptRecommendations`).post({}),
    ]) {
      await expect(call()).rejects.toMatchObject({ statusCode: 400 });
    }
    await (
      await as(ALEX, 'beta')
    )
      .api(`${ALL_MINE}/recordAllDecisions`)
      .post({ decision: 'DontKnow', justification: 'later', principalId: CONTOSO.allan });
    const after = (await alex.api(`${decisionsOf(K.azureSubscriptionOwners)}/${MINE}`).get()).value as Item[];
    expect(after.every((d) => d.decision === 'NotReviewed')).toBe(true);
    // Allan's items elsewhere were recorded.
    const expenses = (await alex.api(`${decisionsOf(K.expensesApp)}/${MINE}`).get()).value as Item[];
    expect(expenses.filter((d) => d.principal.id === CONTOSO.allan).every((d) => d.decision === 'DontKnow')).toBe(true);
  });

  it('refuses to create an Azure role review through Graph (the documented 400)', async () => {
    const err = await (
      await as(ADMIN)
    )
      .api(DEFS)
      .post(
        body({
          query: `/subscriptions/${G.subscription}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
          queryType: 'ARM',
        }),
      )
      .catch((e) => e);
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain('is not supported. Please pass in one of the following queries');
  });
});

describe('PIM for Groups reviews', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);
  const scopes = ['PrivilegedEligibilitySchedule.Read.AzureADGroup', 'PrivilegedAssignmentSchedule.Read.AzureADGroup'];

  it('lists eligible and active members and owners of a PIM group, filtered by group', async () => {
    const admin = await as(ADMIN, 'v1.0', scopes);
    const eligible = (
      await admin.api(`${PIM}/eligibilityScheduleInstances`).filter(`groupId eq '${G.payrollAdmins}'`).get()
    ).value;
    expect(
      eligible.map((e: { principalId: string; accessId: string }) => `${e.principalId}:${e.accessId}`).sort(),
    ).toEqual([`${CONTOSO.diego}:member`, `${stableGuid('contoso:user:3')}:member`, `${CONTOSO.megan}:owner`].sort());
    expect(eligible[0]).toMatchObject({
      groupId: G.payrollAdmins,
      memberType: 'direct',
      eligibilityScheduleId: expect.any(String),
    });
    const active = (
      await admin.api(`${PIM}/assignmentScheduleInstances`).filter(`groupId eq '${G.payrollAdmins}'`).get()
    ).value;
    expect(active.map((a: { assignmentType: string }) => a.assignmentType).sort()).toEqual(['activated', 'assigned']);
    // Docs: the list needs a filter on groupId or principalId.
    await expect(admin.api(`${PIM}/eligibilityScheduleInstances`).get()).rejects.toMatchObject({ statusCode: 400 });
    // Someone who neither belongs to the group nor holds a role sees none of it.
    const alex = await as(ALEX, 'v1.0', scopes);
    expect(
      (await alex.api(`${PIM}/eligibilityScheduleInstances`).filter(`groupId eq '${G.payrollAdmins}'`).get()).value,
    ).toEqual([]);
  });

  it('reviews the eligible and the active assignments of the group, each item about the group', async () => {
    const alex = await as(ALEX, 'beta');
    const eligible = (await alex.api(`${decisionsOf(K.payrollEligible)}/${MINE}`).get()).value as Item[];
    expect(eligible.map((d) => d.principal.id).sort()).toEqual(
      [CONTOSO.diego, stableGuid('contoso:user:3'), CONTOSO.megan].sort(),
    );
    expect(eligible[0].resource).toEqual({ id: G.payrollAdmins, displayName: 'Payroll Administrators', type: 'group' });
    const active = (await alex.api(`${decisionsOf(K.payrollActive)}/${MINE}`).get()).value as Item[];
    expect(active.map((d) => d.principal.id).sort()).toEqual([CONTOSO.allan, stableGuid('contoso:user:3')].sort());
    await (
      await as(ALEX)
    )
      .api(`${DEFS}/${K.payrollActive}/instances/${K.payrollActive}/batchRecordDecisions`)
      .post({ decision: 'Deny', justification: 'No longer runs payroll', principalId: CONTOSO.allan });
    const after = (await alex.api(`${decisionsOf(K.payrollActive)}/${MINE}`).get()).value as Item[];
    expect(after.find((d) => d.principal.id === CONTOSO.allan)?.decision).toBe('Deny');
  });

  it('refuses a PIM for Groups scope on create: the scope docs show none (400)', async () => {
    const err = await (
      await as(ADMIN)
    )
      .api(DEFS)
      .post(
        body({
          query: `${PIM}/eligibilityScheduleInstances?$expand=principal&$filter=(groupId eq '${G.payrollAdmins}')`,
          queryType: 'MicrosoftGraph',
        }),
      )
      .catch((e) => e);
    expect(err.statusCode).toBe(400);
  });
});

describe('reviews over several resources and of inactive users', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);

  it('reviews inactive guests across groups, each item with its own group, nested ones indirect', async () => {
    const items = (
      await (
        await as(ALEX, 'beta')
      )
        .api(`${decisionsOf(K.inactiveGuests)}/${MINE}`)
        .top(100)
        .get()
    ).value as Item[];
    const guests = lt().tenant.directory.users;
    const now = lt().tenant.clock.nowMs();
    for (const d of items) {
      const user = guests.get(d.principal.id)!;
      expect(user.userType).toBe('Guest');
      expect(now - Date.parse(user.lastSignInDateTime ?? '1970-01-01')).toBeGreaterThan(30 * 86_400_000);
    }
    const resources = new Set(items.map((d) => d.resource.id));
    expect(resources).toEqual(new Set([CONTOSO.feelgoodMarketing, CONTOSO.retailPartners, G.partnerProgram]));
    const john = items.filter((d) => d.principal.id === CONTOSO.johnDoeGuest);
    expect(john.map((d) => d.resource.displayName).sort()).toEqual([
      'Feelgood Marketing Campaign',
      'Partner Program',
      'Retail Partners',
    ]);
    // Partner Program holds Retail Partners: its guests are members of Partner Program through a nested group.
    const nested = items.filter((d) => d.resource.id === G.partnerProgram);
    expect(nested.length).toBeGreaterThan(0);
    expect(nested.every((d) => d.principalResourceMembership?.membershipType === 'indirect')).toBe(true);
    expect(items.find((d) => d.resource.id === CONTOSO.retailPartners)?.principalResourceMembership).toEqual({
      '@odata.type': '#microsoft.graph.decisionItemPrincipalResourceMembership',
      membershipType: 'direct',
    });
    // Recording for one group leaves the guest's other group as it was.
    await (await as(ALEX)).api(`${DEFS}/${K.inactiveGuests}/instances/${K.inactiveGuests}/batchRecordDecisions`).post({
      decision: 'Deny',
      justification: 'Inactive',
      principalId: CONTOSO.johnDoeGuest,
      resourceId: CONTOSO.retailPartners,
    });
    const after = (
      await (
        await as(ALEX)
      )
        .api(`${decisionsOf(K.inactiveGuests)}/${MINE}`)
        .top(100)
        .get()
    ).value as Item[];
    const johnAfter = after.filter((d) => d.principal.id === CONTOSO.johnDoeGuest);
    expect(johnAfter.find((d) => d.resource.id === CONTOSO.retailPartners)?.decision).toBe('Deny');
    expect(johnAfter.find((d) => d.resource.id === CONTOSO.feelgoodMarketing)?.decision).toBe('NotReviewed');
  });

  it('creates the concept page examples 10 and 12 and an inactive users review of one group (201)', async () => {
    const admin = await as(ADMIN);
    const example10 = await admin.api(DEFS).post(
      body({
        '@odata.type': '#microsoft.graph.principalResourceMembershipsScope',
        principalScopes: [
          {
            '@odata.type': '#microsoft.graph.accessReviewInactiveUsersQueryScope',
            query: "/users?$filter=(userType eq 'Guest')",
            queryType: 'MicrosoftGraph',
            inactiveDuration: 'P30D',
          },
        ],
        resourceScopes: [
          { '@odata.type': '#microsoft.graph.accessReviewQueryScope', query: '/groups', queryType: 'MicrosoftGraph' },
        ],
      }),
    );
    expect(example10.scope['@odata.type']).toBe('#microsoft.graph.principalResourceMembershipsScope');
    expect(example10.scope.principalScopes[0].inactiveDuration).toBe('P30D');
    // Example 12: guests in a directory role (none hold one here: an instance with no items).
    const example12 = await admin.api(DEFS).post(
      body({
        '@odata.type': '#microsoft.graph.principalResourceMembershipsScope',
        principalScopes: [{ query: "/users?$filter=(userType eq 'Guest')", queryType: 'MicrosoftGraph' }],
        resourceScopes: [
          {
            query: `/roleManagement/directory/roleDefinitions/${ROLE_IDS.globalAdministrator}`,
            queryType: 'MicrosoftGraph',
          },
        ],
      }),
    );
    expect((await admin.api(decisionsOf(example12.id)).get())['@odata.count']).toBe(0);
    const inactive = await admin.api(DEFS).post(
      body({
        '@odata.type': '#microsoft.graph.accessReviewInactiveUsersQueryScope',
        query: `/groups/${CONTOSO.retailPartners}/transitiveMembers/microsoft.graph.user`,
        queryType: 'MicrosoftGraph',
        inactiveDuration: 'P30D',
      }),
    );
    expect((await admin.api(decisionsOf(inactive.id)).get())['@odata.count']).toBe(4);
    // A resource scope the docs do not show: 400.
    await expect(
      admin.api(DEFS).post(
        body({
          '@odata.type': '#microsoft.graph.principalResourceMembershipsScope',
          principalScopes: [{ query: '/users', queryType: 'MicrosoftGraph' }],
          resourceScopes: [{ query: '/devices', queryType: 'MicrosoftGraph' }],
        }),
      ),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('lists one item of every kind in the one-call beta inbox, and the tutorial reviews as before', async () => {
    const all = (await (await as(ALEX, 'beta')).api(ALL_MINE).expand('instance($expand=definition)').top(999).get())
      .value as Item[];
    const types = new Set(all.map((d) => String(d.resource['@odata.type'] ?? d.resource.type)));
    expect(types).toEqual(
      new Set([
        'group',
        'DirectoryRole',
        '#microsoft.graph.accessReviewInstanceDecisionItemServicePrincipalResource',
        '#microsoft.graph.accessReviewInstanceDecisionItemAccessPackageAssignmentPolicyResource',
        '#microsoft.graph.accessReviewInstanceDecisionItemAzureRoleResource',
      ]),
    );
    const principals = new Set(all.map((d) => String(d.principal['@odata.type'])));
    expect(principals).toEqual(
      new Set([
        '#microsoft.graph.userIdentity',
        '#microsoft.graph.groupIdentity',
        '#microsoft.graph.servicePrincipalIdentity',
      ]),
    );
    const reviews = new Set(all.map((d) => d.instance?.definition.id));
    for (const id of [...Object.values(K), R.buildingSelfReview, R.salesAndMarketing, R.financeApprovers]) {
      expect(reviews).toContain(id);
    }
  });
});
