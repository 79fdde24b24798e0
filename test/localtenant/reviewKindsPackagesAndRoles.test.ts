import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_GOVERNANCE as G, CONTOSO_KIND_REVIEWS as K, ROLE_IDS } from '../../localtenant/seed/contosoGovernance';
import { useLocalTenant } from '../support/localTenant';
import {
  ADMIN,
  ALEX,
  clientFor,
  decisionsOf,
  DecisionItem as Item,
  DEFS,
  kindReviewBody as body,
  MEGAN,
  MINE,
} from './accessReviewsSupport';

const EM = '/identityGovernance/entitlementManagement';
const ISABELLA = 'IsabellaS@contoso.com';
const EM_SCOPES = ['EntitlementManagement.Read.All'];
const ROLE_SCOPES = ['RoleManagement.Read.Directory'];

const roleScope = (set: string, filter: string) => ({
  '@odata.type': '#microsoft.graph.accessReviewQueryScope',
  query: `/roleManagement/directory/${set}?$expand=principal&$filter=(${filter})`,
  queryType: 'MicrosoftGraph',
});

describe('access reviews of access packages', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);

  it('reads catalogs, access packages with their policies, and assignments, with the docs permissions', async () => {
    const em = await as(ISABELLA, 'v1.0', EM_SCOPES);
    const catalogs = (await em.api(`${EM}/catalogs`).get()).value;
    expect(catalogs.map((c: { displayName: string }) => c.displayName)).toContain('External partners');
    const pkg = await em.api(`${EM}/accessPackages/${G.partnerPackage}`).expand('assignmentPolicies').get();
    expect(pkg.displayName).toBe('Partner collaboration');
    expect(pkg.assignmentPolicies.map((p: { displayName: string }) => p.displayName).sort()).toEqual([
      'Contoso sponsors',
      'Partner organizations',
    ]);
    const assignments = await em
      .api(`${EM}/assignments`)
      .filter(`accessPackage/id eq '${G.partnerPackage}'`)
      .expand('target')
      .get();
    expect(assignments.value).toHaveLength(5);
    expect(assignments.value[0]).toMatchObject({ state: 'delivered', status: 'Delivered' });
    expect(assignments.value[0].target).toMatchObject({ subjectType: 'user', objectId: expect.any(String) });
    // The scope query's collection (beta) filters by accessPackageId and assignmentPolicyId.
    const beta = await as(ISABELLA, 'beta', EM_SCOPES);
    const byPolicy = await beta
      .api(`${EM}/accessPackageAssignments`)
      .filter(`accessPackageId eq '${G.partnerPackage}' and assignmentPolicyId eq '${G.partnerOrgsPolicy}'`)
      .get();
    expect(byPolicy.value).toHaveLength(3);
    // No permission, or a user without a governance role: 403.
    await expect((await as(ISABELLA, 'v1.0', ['User.Read'])).api(`${EM}/catalogs`).get()).rejects.toMatchObject({
      statusCode: 403,
    });
    await expect((await as(ALEX, 'v1.0', EM_SCOPES)).api(`${EM}/catalogs`).get()).rejects.toMatchObject({
      statusCode: 403,
    });
  });

  it("shapes a policy's assignment items with the documented access package assignment policy resource", async () => {
    const items = (await (await as(ALEX, 'beta')).api(`${decisionsOf(K.partnerOrganizations)}/${MINE}`).get())
      .value as Item[];
    expect(items).toHaveLength(3);
    // v1.0 resources/accessreviewinstancedecisionitemaccesspackageassignmentpolicyresource.md.
    expect(items[0].resource).toEqual({
      '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemAccessPackageAssignmentPolicyResource',
      id: G.partnerOrgsPolicy,
      displayName: 'Partner organizations',
      type: 'AccessPackageAssignmentPolicy',
      accessPackageDisplayName: 'Partner collaboration',
      accessPackageId: G.partnerPackage,
    });
    expect(items.map((d) => d.principal.id)).toContain(CONTOSO.johnDoeGuest);
  });

  it('creates a review of one policy (201); a package and policy that do not match answer 400', async () => {
    const query = (policy: string) => ({
      '@odata.type': '#microsoft.graph.accessReviewQueryScope',
      query: `/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=(accessPackageId eq '${G.partnerPackage}' and assignmentPolicyId eq '${policy}')`,
      queryType: 'MicrosoftGraph',
    });
    const def = await (await as(ISABELLA)).api(DEFS).post(body(query(G.sponsorsPolicy)));
    expect((await (await as(ADMIN)).api(decisionsOf(def.id)).get())['@odata.count']).toBe(2);
    await expect((await as(ISABELLA)).api(DEFS).post(body(query(G.tierZeroOperators)))).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('records in one stage of the two-stage sponsors review, reads it back, and accepts recommendations', async () => {
    const alex = await as(ALEX);
    const inst = `${DEFS}/${K.contosoSponsors}/instances/${K.contosoSponsors}`;
    const stages = (await alex.api(`${inst}/stages`).get()).value;
    expect(stages.map((s: { status: string }) => s.status)).toEqual(['InProgress', 'NotStarted']);
    const [first, second] = stages;
    // v1.0 accessreviewstage-batchrecorddecisions: 204 No Content; only that stage's items.
    await alex
      .api(`${inst}/stages/${first.id}/batchRecordDecisions`)
      .post({ decision: 'Approve', justification: 'Sponsors a partner', principalId: CONTOSO.megan });
    const mine = (await alex.api(`${inst}/stages/${first.id}/decisions/${MINE}`).get()).value as Item[];
    expect(mine.find((d) => d.principal.id === CONTOSO.megan)?.decision).toBe('Approve');
    expect(mine.filter((d) => d.decision === 'NotReviewed')).toHaveLength(1);
    // accessreviewstage-acceptrecommendations: the stage's items not reviewed take their recommendation.
    await alex.api(`${inst}/stages/${first.id}/acceptRecommendations`).post({});
    const after = (await alex.api(`${inst}/stages/${first.id}/decisions/${MINE}`).get()).value as Item[];
    expect(after.every((d) => d.decision !== 'NotReviewed')).toBe(true);
    // The second stage has not started: nothing can be recorded in it (409), and Megan, its reviewer, has no items
    // until it starts (403), like anyone who reviews nothing in the instance.
    await expect(
      alex.api(`${inst}/stages/${second.id}/batchRecordDecisions`).post({ decision: 'Deny' }),
    ).rejects.toMatchObject({ statusCode: 409 });
    await expect(
      (await as(MEGAN)).api(`${inst}/stages/${second.id}/batchRecordDecisions`).post({ decision: 'Deny' }),
    ).rejects.toMatchObject({ statusCode: 403 });
  });
});

describe('access reviews of directory roles', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);

  it('lists role definitions and the active and eligible schedule instances, permanent and time-bound', async () => {
    const admin = await as(ADMIN, 'v1.0', ROLE_SCOPES);
    const defs = await admin
      .api('/roleManagement/directory/roleDefinitions')
      .filter("displayName eq 'Global Administrator'")
      .get();
    expect(defs.value[0]).toMatchObject({
      id: ROLE_IDS.globalAdministrator,
      isBuiltIn: true,
      templateId: ROLE_IDS.globalAdministrator,
    });
    const active = (
      await admin
        .api('/roleManagement/directory/roleAssignmentScheduleInstances')
        .filter(`roleDefinitionId eq '${ROLE_IDS.exchangeAdministrator}'`)
        .expand('principal')
        .get()
    ).value;
    expect(active).toHaveLength(3);
    const permanent = active.find((r: { principalId: string }) => r.principalId === CONTOSO.allan);
    expect(permanent).toMatchObject({
      assignmentType: 'Assigned',
      memberType: 'Direct',
      directoryScopeId: '/',
      endDateTime: null,
    });
    const app = active.find((r: { principalId: string }) => r.principalId === G.mailRelayApp);
    expect(app.principal['@odata.type']).toBe('#microsoft.graph.servicePrincipal');
    const eligible = (
      await admin
        .api('/roleManagement/directory/roleEligibilityScheduleInstances')
        .filter(`roleDefinitionId eq '${ROLE_IDS.globalAdministrator}'`)
        .get()
    ).value;
    const timeBound = eligible.find((r: { principalId: string }) => r.principalId === CONTOSO.diego);
    expect(Date.parse(timeBound.endDateTime)).toBeGreaterThan(lt().tenant.clock.nowMs());
    expect(timeBound.assignmentType).toBeUndefined();
    const activated = (
      await admin
        .api('/roleManagement/directory/roleAssignmentScheduleInstances')
        .filter(`principalId eq '${CONTOSO.diego}'`)
        .get()
    ).value;
    expect(activated[0].assignmentType).toBe('Activated');
    // A user without a PIM reader role: 403.
    await expect(
      (await as(ALEX, 'v1.0', ROLE_SCOPES)).api('/roleManagement/directory/roleAssignmentScheduleInstances').get(),
    ).rejects.toMatchObject({ statusCode: 403 });
  });

  it('reviews everyone in Global Administrator, a role-assignable group among them (principal is a group)', async () => {
    const items = (await (await as(ALEX, 'beta')).api(`${decisionsOf(K.globalAdministrator)}/${MINE}`).get())
      .value as Item[];
    expect(items.map((d) => d.principal.id).sort()).toEqual(
      [CONTOSO.admin, CONTOSO.allan, CONTOSO.diego, G.tierZeroOperators].sort(),
    );
    expect(items[0].resource).toEqual({
      id: ROLE_IDS.globalAdministrator,
      displayName: 'Global Administrator',
      type: 'DirectoryRole',
    });
    const group = items.find((d) => d.principal.id === G.tierZeroOperators)!;
    expect(group.principal).toEqual({
      '@odata.type': '#microsoft.graph.groupIdentity',
      id: G.tierZeroOperators,
      displayName: 'Tier 0 Operators',
    });
    expect(group.principalLink).toBe(`${lt().url}/v1.0/groups/${G.tierZeroOperators}`);
    expect(group.recommendation).toBe('NoInfoAvailable');
    expect(group.target).toBeNull();
  });

  it('reviews eligible users, active users and apps of a role apart', async () => {
    const alex = await as(ALEX, 'beta');
    const ids = async (id: string) =>
      ((await alex.api(`${decisionsOf(id)}/${MINE}`).get()).value as Item[]).map((d) => d.principal.id);
    expect(await ids(K.exchangeEligible)).toEqual(expect.arrayContaining([CONTOSO.megan]));
    expect(await ids(K.exchangeEligible)).not.toContain(CONTOSO.allan);
    expect(await ids(K.exchangeActive)).toEqual(expect.arrayContaining([CONTOSO.allan]));
    expect(await ids(K.exchangeActive)).not.toContain(G.mailRelayApp);
    const [app] = (await alex.api(`${decisionsOf(K.exchangeApps)}/${MINE}`).get()).value as Item[];
    expect(app.principal).toEqual({
      '@odata.type': '#microsoft.graph.servicePrincipalIdentity',
      id: G.mailRelayApp,
      displayName: 'Contoso Mail Relay',
      appId: G.mailRelayAppId,
    });
    // beta resources/accessreviewinstancedecisionitemserviceprincipaltarget.md.
    expect(app.target).toEqual({
      '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemServicePrincipalTarget',
      servicePrincipalId: G.mailRelayApp,
      servicePrincipalDisplayName: 'Contoso Mail Relay',
      appId: G.mailRelayAppId,
    });
    expect(app.principalLink).toBe(`${lt().url}/v1.0/servicePrincipals/${G.mailRelayApp}`);
    // Recording: deny the app, read it back.
    await (
      await as(ALEX)
    )
      .api(`${DEFS}/${K.exchangeApps}/instances/${K.exchangeApps}/batchRecordDecisions`)
      .post({ decision: 'Deny', justification: 'Relay retired', principalId: G.mailRelayApp });
    const [after] = (await (await as(ALEX)).api(`${decisionsOf(K.exchangeApps)}/${MINE}`).get()).value as Item[];
    expect(after.decision).toBe('Deny');
  });

  it('creates the documented role scopes for the role writers only, and refuses undocumented role queries', async () => {
    const user = `isof(principal,'microsoft.graph.user') and roleDefinitionId eq '${ROLE_IDS.exchangeAdministrator}'`;
    const scopes = [
      {
        '@odata.type': '#microsoft.graph.accessReviewQueryScope',
        query: `/roleManagement/directory/roleDefinitions/${ROLE_IDS.exchangeAdministrator}`,
        queryType: 'MicrosoftGraph',
      },
      roleScope('roleEligibilityScheduleInstances', user),
      roleScope('roleAssignmentScheduleInstances', `assignmentType eq 'Assigned' and ${user}`),
      roleScope(
        'roleAssignmentScheduleInstances',
        `isof(principal,'microsoft.graph.servicePrincipal') and roleDefinitionId eq '${ROLE_IDS.exchangeAdministrator}'`,
      ),
    ];
    for (const scope of scopes) {
      const def = await (await as(ISABELLA)).api(DEFS).post(body(scope));
      expect(def.scope.query).toBe(scope.query);
    }
    // User Administrator writes reviews of groups and apps, not of Microsoft Entra roles.
    lt().tenant.directory.users.get(CONTOSO.megan)!.directoryRoles = ['User Administrator'];
    await expect((await as(MEGAN)).api(DEFS).post(body(scopes[1]))).rejects.toMatchObject({ statusCode: 403 });
    lt().tenant.directory.users.get(CONTOSO.megan)!.directoryRoles = ['Privileged Role Administrator'];
    expect((await (await as(MEGAN)).api(DEFS).post(body(scopes[1]))).id).toEqual(expect.any(String));
    lt().tenant.directory.users.get(CONTOSO.megan)!.directoryRoles = [];
    const bad = await (
      await as(ADMIN)
    )
      .api(DEFS)
      .post(
        body(roleScope('roleEligibilityScheduleInstances', `roleDefinitionId eq '${ROLE_IDS.exchangeAdministrator}'`)),
      )
      .catch((e) => e);
    expect(bad.statusCode).toBe(400);
    expect(bad.message).toContain('is not supported. Please pass in one of the following queries');
    expect(bad.message).toContain('/roleManagement/directory/roleDefinitions/{roleDefinitionId}');
  });
});
