import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_GOVERNANCE as G } from '../../localtenant/seed/contosoGovernance';
import { useLocalTenant } from '../support/localTenant';
import { appUsersScope } from '../support/reviewScopes';
import { ADMIN, ALEX, clientFor, decisionsOf, DEFS, MEGAN, MINE, reviewBody } from './accessReviewsSupport';

/**
 * The enterprise applications a user owns, an application's owners as its reviewers, and who may create reviews of
 * an application or of a role-assignable group. Megan Bowen owns Contoso Expenses and no directory role.
 */

/** Create-definitions example 3: the users assigned to an app, as a principalResourceMembershipsScope. */
function appReviewBody(servicePrincipalId: string, reviewers: { query: string; queryType: string }[]) {
  return {
    ...reviewBody(CONTOSO.buildingSecurity, { reviewers }),
    instanceEnumerationScope: undefined,
    scope: appUsersScope(servicePrincipalId),
  };
}

const appOwners = (id: string) => [{ query: `/servicePrincipals/${id}/owners`, queryType: 'MicrosoftGraph' }];

describe('application owners and role-assignable groups', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);

  it("lists the user's enterprise applications through ownedObjects with User.Read", async () => {
    const megan = await as(MEGAN, 'v1.0', ['User.Read']);
    const apps = await megan.api('/me/ownedObjects/microsoft.graph.servicePrincipal').select('id,displayName').get();
    expect(apps['@odata.context']).toMatch(/\$metadata#servicePrincipals\(id,displayName\)$/);
    expect(apps.value).toEqual([{ id: G.expensesApp, displayName: 'Contoso Expenses' }]);
    // The groups alone, and everything together (each object with its type).
    const groups = await megan.api('/me/ownedObjects/microsoft.graph.group').select('id').get();
    expect(groups.value.map((g: { id: string }) => g.id)).not.toContain(G.expensesApp);
    const all = (await megan.api('/me/ownedObjects').select('id,displayName').get()).value;
    expect(all.find((o: { id: string }) => o.id === G.expensesApp)).toEqual({
      '@odata.type': '#microsoft.graph.servicePrincipal',
      id: G.expensesApp,
      displayName: 'Contoso Expenses',
    });
    expect(
      (await (await as(ALEX, 'v1.0', ['User.Read'])).api('/me/ownedObjects/microsoft.graph.servicePrincipal').get())
        .value,
    ).toEqual([]);
  });

  it("asks the application's owners to review (reviewers concept, example 6), and refuses an unknown app", async () => {
    const def = await (await as(ADMIN)).api(DEFS).post(appReviewBody(G.expensesApp, appOwners(G.expensesApp)));
    expect(def.reviewers).toEqual([expect.objectContaining({ query: `/servicePrincipals/${G.expensesApp}/owners` })]);
    const mine = (await (await as(MEGAN)).api(`${decisionsOf(def.id)}/${MINE}`).get()).value;
    expect(mine).toHaveLength(9);
    const unknown = appOwners('11111111-2222-4333-8444-555555555555');
    await expect((await as(ADMIN)).api(DEFS).post(appReviewBody(G.expensesApp, unknown))).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it("refuses a review of an app to its owner without a role: the group owners' setting is for groups only", async () => {
    const err = await (
      await as(MEGAN)
    )
      .api(DEFS)
      .post(appReviewBody(G.expensesApp, appOwners(G.expensesApp)))
      .catch((e) => e);
    expect(err.statusCode).toBe(403);
  });

  it('lets a Privileged Role Administrator review a role-assignable group, and no other group', async () => {
    const diego = lt().tenant.directory.users.get(CONTOSO.diego)!;
    diego.directoryRoles = ['Privileged Role Administrator'];
    try {
      const def = await (await as('DiegoS@contoso.com')).api(DEFS).post(reviewBody(G.tierZeroOperators));
      expect(def.createdBy.id).toBe(CONTOSO.diego);
      await expect(
        (await as('DiegoS@contoso.com')).api(DEFS).post(reviewBody(CONTOSO.projectFalcon)),
      ).rejects.toMatchObject({ statusCode: 403 });
    } finally {
      diego.directoryRoles = [];
    }
  });

  it('refuses a review of a role-assignable group to someone with no role who does not own it', async () => {
    const err = await (
      await as(MEGAN)
    )
      .api(DEFS)
      .post(reviewBody(G.tierZeroOperators))
      .catch((e) => e);
    expect(err.statusCode).toBe(403);
    expect(err.message).toContain('role-assignable groups');
    expect((await (await as(ADMIN)).api(DEFS).post(reviewBody(G.tierZeroOperators))).scope.query).toBe(
      `/groups/${G.tierZeroOperators}/transitiveMembers`,
    );
  });
});
