import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_GOVERNANCE as G, CONTOSO_KIND_REVIEWS as K } from '../../localtenant/seed/contosoGovernance';
import { useLocalTenant } from '../support/localTenant';
import { appUsersScope } from '../support/reviewScopes';
import {
  ADMIN,
  ALEX,
  ALL_MINE,
  clientFor,
  decisionsOf,
  DecisionItem as Item,
  DEFS,
  MINE,
} from './accessReviewsSupport';

const ISABELLA = 'IsabellaS@contoso.com';

describe('access reviews of applications (service principals and app role assignments)', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);

  it('lists service principals with their app roles, by appId or displayName, with $select', async () => {
    const apps = await as(ALEX, 'v1.0', ['Application.Read.All']);
    const byAppId = await apps.api('/servicePrincipals').filter(`appId eq '${G.expensesAppId}'`).get();
    expect(byAppId.value).toHaveLength(1);
    const sp = byAppId.value[0];
    expect(sp).toMatchObject({
      id: G.expensesApp,
      appId: G.expensesAppId,
      displayName: 'Contoso Expenses',
      servicePrincipalType: 'Application',
      appRoleAssignmentRequired: true,
    });
    // approle.md: allowedMemberTypes, description, displayName, id, isEnabled, origin, value.
    expect(sp.appRoles.map((r: { displayName: string }) => r.displayName).sort()).toEqual(['Approver', 'Submitter']);
    expect(Object.keys(sp.appRoles[0]).sort()).toEqual(
      ['allowedMemberTypes', 'description', 'displayName', 'id', 'isEnabled', 'origin', 'value'].sort(),
    );
    const byName = await apps
      .api('/servicePrincipals')
      .filter("displayName eq 'Contoso Expenses'")
      .select('id,appRoles')
      .get();
    expect(Object.keys(byName.value[0]).sort()).toEqual(['appRoles', 'id']);
    expect((await apps.api(`/servicePrincipals/${G.expensesApp}`).get()).appId).toBe(G.expensesAppId);
    await expect(apps.api('/servicePrincipals').filter("notes eq 'x'").get()).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect((await as(ALEX, 'v1.0', ['User.Read'])).api('/servicePrincipals').get()).rejects.toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
    });
  });

  it('lists the app role assignments of an app, of a user and of a group', async () => {
    const apps = await as(ADMIN, 'v1.0', ['Application.Read.All', 'Directory.Read.All']);
    const assigned = (await apps.api(`/servicePrincipals/${G.expensesApp}/appRoleAssignedTo`).get()).value;
    expect(assigned).toHaveLength(6);
    const group = assigned.find((a: { principalType: string }) => a.principalType === 'Group');
    expect(group).toMatchObject({
      appRoleId: G.approverRole,
      principalId: CONTOSO.financeApprovers,
      principalDisplayName: 'Finance Approvers',
      resourceId: G.expensesApp,
      resourceDisplayName: 'Contoso Expenses',
    });
    const diego = (await apps.api(`/users/${CONTOSO.diego}/appRoleAssignments`).get()).value;
    expect(diego.map((a: { appRoleId: string }) => a.appRoleId).sort()).toEqual(
      [G.approverRole, G.submitterRole].sort(),
    );
    const groupAssignments = (await apps.api(`/groups/${CONTOSO.financeApprovers}/appRoleAssignments`).get()).value;
    expect(groupAssignments).toHaveLength(1);
    const onlyApprovers = await apps
      .api(`/servicePrincipals/${G.expensesApp}/appRoleAssignedTo`)
      .filter(`appRoleId eq '${G.approverRole}'`)
      .get();
    expect(onlyApprovers.value).toHaveLength(3);
  });

  it("lists the app review's items in the beta inbox, shaped as the service principal resource page shows", async () => {
    const beta = await as(ALEX, 'beta');
    const all = (await beta.api(ALL_MINE).expand('instance($expand=definition)').top(999).get()).value as Item[];
    const mine = all.filter((d) => d.accessReviewId === K.expensesApp);
    expect(mine.length).toBe(9);
    const allanApprover = mine.find(
      (d) => d.principal.id === CONTOSO.allan && d.principalResourceMembership !== undefined,
    )!;
    // v1.0 resources/accessreviewinstancedecisionitemserviceprincipalresource.md: appId, appRoleDisplayName,
    // appRoleId, displayName, id, type (always ServicePrincipal).
    expect(allanApprover.resource).toEqual({
      '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemServicePrincipalResource',
      id: G.expensesApp,
      displayName: 'Contoso Expenses',
      type: 'ServicePrincipal',
      appId: G.expensesAppId,
      appRoleId: G.approverRole,
      appRoleDisplayName: 'Approver',
    });
    expect(allanApprover.resourceLink).toBe(`${lt().url}/v1.0/servicePrincipals/${G.expensesApp}`);
    expect(allanApprover.principalLink).toBe(`${lt().url}/v1.0/users/${CONTOSO.allan}`);
    expect(allanApprover.principal).toEqual({
      '@odata.type': '#microsoft.graph.userIdentity',
      id: CONTOSO.allan,
      displayName: 'Allan Deyoung',
      userPrincipalName: 'AllanD@contoso.com',
    });
    expect(allanApprover.target).toMatchObject({
      '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemUserTarget',
      userId: CONTOSO.allan,
    });
    expect(allanApprover.principalResourceMembership).toEqual({
      '@odata.type': '#microsoft.graph.decisionItemPrincipalResourceMembership',
      membershipType: 'direct',
    });
    expect((allanApprover.instance as { definition: { displayName: string } }).definition.displayName).toBe(
      'Contoso Expenses access review',
    );
    // Diego holds both app roles: one item each. Finance Approvers' other members have the Approver role through
    // the group: indirect.
    const diegos = mine.filter((d) => d.principal.id === CONTOSO.diego);
    expect(diegos.map((d) => d.resource.appRoleDisplayName).sort()).toEqual(['Approver', 'Submitter']);
    const indirect = mine.filter(
      (d) => (d.principalResourceMembership as { membershipType: string }).membershipType === 'indirect',
    );
    expect(indirect.length).toBe(4);
    expect(indirect.every((d) => d.resource.appRoleDisplayName === 'Approver')).toBe(true);
    // v1.0 has no beta-only fields.
    const v1 = (await (await as(ALEX)).api(`${decisionsOf(K.expensesApp)}/${MINE}`).get()).value[0];
    expect(v1.target).toBeUndefined();
    expect(v1.principalResourceMembership).toBeUndefined();
    expect(v1.resource['@odata.type']).toBe(
      '#microsoft.graph.accessReviewInstanceDecisionItemServicePrincipalResource',
    );
  });

  it('records a decision for one person and app through batchRecordDecisions, and reads it back', async () => {
    const alex = await as(ALEX);
    await alex.api(`${DEFS}/${K.expensesApp}/instances/${K.expensesApp}/batchRecordDecisions`).post({
      decision: 'Deny',
      justification: 'Left the finance team',
      principalId: CONTOSO.diego,
      resourceId: G.expensesApp,
    });
    const items = (
      await alex
        .api(`${decisionsOf(K.expensesApp)}/${MINE}`)
        .top(100)
        .get()
    ).value as Item[];
    const diegos = items.filter((d) => d.principal.id === CONTOSO.diego);
    expect(diegos.map((d) => d.decision)).toEqual(['Deny', 'Deny']);
    expect(items.filter((d) => d.decision === 'Deny')).toHaveLength(2);
  });

  it('creates a review of an app (201) for the group-or-app roles, and refuses others (403)', async () => {
    const body = {
      displayName: 'Expenses quarterly',
      descriptionForAdmins: 'Expenses quarterly',
      descriptionForReviewers: 'Expenses quarterly',
      scope: {
        '@odata.type': '#microsoft.graph.accessReviewQueryScope',
        query: `/servicePrincipals/${G.expensesApp}/appRoleAssignedTo`,
        queryType: 'MicrosoftGraph',
      },
      reviewers: [{ query: `/users/${CONTOSO.megan}`, queryType: 'MicrosoftGraph' }],
      settings: { instanceDurationInDays: 7, recurrence: { pattern: null, range: { startDate: '2020-01-01' } } },
    };
    const def = await (await as(ISABELLA)).api(DEFS).post(body);
    expect(def.scope.query).toBe(`/servicePrincipals/${G.expensesApp}/appRoleAssignedTo`);
    const megan = (await (await as('MeganB@contoso.com')).api(`${decisionsOf(def.id)}/${MINE}`).get()).value;
    expect(megan).toHaveLength(9);
    // A user without a review role cannot, and neither can anyone name an app that does not exist.
    await expect((await as(ALEX)).api(DEFS).post(body)).rejects.toMatchObject({ statusCode: 403 });
    const unknown = {
      ...body,
      scope: { ...body.scope, query: '/servicePrincipals/11111111-2222-4333-8444-555555555555/appRoleAssignedTo' },
    };
    await expect((await as(ADMIN)).api(DEFS).post(unknown)).rejects.toMatchObject({ statusCode: 400 });
    // create-definitions example 3: an app as a resource of a principalResourceMembershipsScope.
    const example3 = await (await as(ADMIN)).api(DEFS).post({
      ...body,
      scope: appUsersScope(G.expensesApp),
    });
    expect(example3.scope.resourceScopes[0].query).toBe(`/servicePrincipals/${G.expensesApp}`);
    const items = (await (await as(ADMIN)).api(decisionsOf(example3.id)).get()).value as Item[];
    expect(items.every((d) => d.resource.type === 'ServicePrincipal')).toBe(true);
    expect(items).toHaveLength(9);
  });
});
