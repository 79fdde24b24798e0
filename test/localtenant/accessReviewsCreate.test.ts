import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { useLocalTenant } from '../support/localTenant';
import { ADMIN, ALEX, ALLAN, clientFor, decisionsOf, DEFS, MINE, reviewBody } from './accessReviewsSupport';

describe('access reviews: creating, updating and deleting definitions', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);
  /** What Graph answers the administrator's POST of this body, when it refuses it. */
  const refusal = async (body: unknown) =>
    (await as(ADMIN))
      .api(DEFS)
      .post(body)
      .catch((e) => e);

  it.each(['displayName', 'descriptionForAdmins', 'descriptionForReviewers', 'scope'])(
    'answers 400 when %s is missing',
    async (field) => {
      const body: Record<string, unknown> = reviewBody(CONTOSO.financeApprovers);
      delete body[field];
      await expect((await as(ADMIN)).api(DEFS).post(body)).rejects.toMatchObject({ statusCode: 400 });
    },
  );

  it('answers 400 with the accepted queries for a scope query the service does not accept', async () => {
    const body = reviewBody(CONTOSO.financeApprovers, { scope: { query: '/users', queryType: 'MicrosoftGraph' } });
    const err = await refusal(body);
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain('Query /users is not supported. Please pass in one of the following queries');
    expect(err.message).toContain('/groups/{groupId}/transitiveMembers');
    const badReviewer = reviewBody(CONTOSO.financeApprovers, { reviewers: [{ query: '/me' }] });
    await expect((await as(ADMIN)).api(DEFS).post(badReviewer)).rejects.toMatchObject({ statusCode: 400 });
    const guestsWithoutGroups = reviewBody(CONTOSO.financeApprovers, {
      scope: { query: "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')" },
      instanceEnumerationScope: undefined,
    });
    await expect((await as(ADMIN)).api(DEFS).post(guestsWithoutGroups)).rejects.toMatchObject({ statusCode: 400 });
  });

  it.each(['+010000-01-01', '2026-02-30', 'soon', '2026-1-5'])(
    'answers 400 for a recurrence start date %s that is no Edm.Date',
    async (startDate) => {
      const body = reviewBody(CONTOSO.financeApprovers) as { settings: { recurrence: { range: object } } };
      body.settings.recurrence.range = { ...body.settings.recurrence.range, startDate };
      const err = await refusal(body);
      expect(err.statusCode).toBe(400);
      expect(err.message).toContain("to the expected type 'Edm.Date'");
    },
  );

  it('refuses a user with no review role who does not own the group (403)', async () => {
    await expect((await as(ALLAN)).api(DEFS).post(reviewBody(CONTOSO.financeApprovers))).rejects.toMatchObject({
      statusCode: 403,
    });
  });

  it('lets a group owner review their own group while the policy allows it, and not otherwise', async () => {
    const def = await (await as(ALEX)).api(DEFS).post(reviewBody(CONTOSO.financeApprovers));
    expect(def.createdBy.id).toBe(CONTOSO.alex);
    // The creator reads the whole review; Alex owns Finance Approvers but not Building security.
    expect((await (await as(ALEX)).api(decisionsOf(def.id)).get())['@odata.count']).toBe(6);
    await expect((await as(ALEX)).api(DEFS).post(reviewBody(CONTOSO.buildingSecurity))).rejects.toMatchObject({
      statusCode: 403,
    });
    lt().tenant.accessReviewPolicy.isGroupOwnerManagementEnabled = false;
    try {
      await expect((await as(ALEX)).api(DEFS).post(reviewBody(CONTOSO.financeApprovers))).rejects.toMatchObject({
        statusCode: 403,
      });
    } finally {
      lt().tenant.accessReviewPolicy.isGroupOwnerManagementEnabled = true;
    }
  });

  it('answers 201 with the definition, one instance whose id is the definition id, and a self-review', async () => {
    const def = await (await as(ADMIN, 'beta')).api(DEFS).post(reviewBody(CONTOSO.financeApprovers));
    expect(def).toMatchObject({ status: 'NotStarted', reviewers: [], backupReviewers: [] });
    expect(def.settings.recurrence.pattern).toBeNull();
    const instances = (await (await as(ADMIN)).api(`${DEFS}/${def.id}/instances`).get()).value;
    expect(instances.map((i: { id: string }) => i.id)).toEqual([def.id]);
    const mine = await (await as(ALLAN)).api(`${decisionsOf(def.id)}/${MINE}`).get();
    expect(mine.value.map((d: { principal: { id: string } }) => d.principal.id)).toEqual([CONTOSO.allan]);
  });

  it('uses the fallback reviewers when the reviewers resolve to nobody', async () => {
    const groupId = CONTOSO.buildingSecurity;
    lt().tenant.directory.groups.get(groupId)?.owners.clear();
    const def = await (await as(ADMIN)).api(DEFS).post(
      reviewBody(groupId, {
        reviewers: [{ query: `/groups/${groupId}/owners`, queryType: 'MicrosoftGraph' }],
        fallbackReviewers: [{ query: `/users/${CONTOSO.diego}`, queryType: 'MicrosoftGraph' }],
      }),
    );
    const diego = await (await as('DiegoS@contoso.com')).api(`${decisionsOf(def.id)}/${MINE}`).get();
    expect(diego.value).toHaveLength(2);
  });

  it('manager reviews send each item to the principal’s manager', async () => {
    const def = await (await as(ADMIN)).api(DEFS).post(
      reviewBody(CONTOSO.financeApprovers, {
        reviewers: [{ query: './manager', queryType: 'MicrosoftGraph', queryRoot: 'decisions' }],
      }),
    );
    const admin = await (await as(ADMIN)).api(`${decisionsOf(def.id)}/${MINE}`).get();
    // Allan and Diego report to the MOD Administrator; the generated staff report to Megan.
    expect(admin.value.map((d: { principal: { id: string } }) => d.principal.id).sort()).toEqual(
      [CONTOSO.allan, CONTOSO.diego].sort(),
    );
    const megan = await (await as('MeganB@contoso.com')).api(`${decisionsOf(def.id)}/${MINE}`).get();
    expect(megan.value).toHaveLength(4);
  });

  it('an inactive users scope reviews only members without a recent sign-in', async () => {
    const def = await (await as(ADMIN)).api(DEFS).post(
      reviewBody(CONTOSO.financeApprovers, {
        scope: {
          '@odata.type': '#microsoft.graph.accessReviewInactiveUsersQueryScope',
          query: `/groups/${CONTOSO.financeApprovers}/transitiveMembers`,
          queryType: 'MicrosoftGraph',
          inactiveDuration: 'P30D',
        },
      }),
    );
    const items = (await (await as(ADMIN)).api(decisionsOf(def.id)).get()).value;
    const users = lt().tenant.directory.users;
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThan(6);
    for (const d of items) {
      const last = users.get(d.principal.id)?.lastSignInDateTime;
      expect(last === null || lt().tenant.clock.nowMs() - Date.parse(last ?? '') > 30 * 86_400_000).toBe(true);
    }
  });

  it('PUT updates the definition (204) and DELETE removes it with its instances (204, then 404)', async () => {
    const admin = await as(ADMIN);
    const def = await admin.api(DEFS).post(reviewBody(CONTOSO.financeApprovers));
    await admin.api(`${DEFS}/${def.id}`).put({ ...reviewBody(CONTOSO.financeApprovers), displayName: 'Renamed' });
    expect((await admin.api(`${DEFS}/${def.id}`).get()).displayName).toBe('Renamed');
    await expect((await as(ALLAN)).api(`${DEFS}/${def.id}`).delete()).rejects.toMatchObject({ statusCode: 403 });
    await admin.api(`${DEFS}/${def.id}`).delete();
    await expect(admin.api(`${DEFS}/${def.id}`).get()).rejects.toMatchObject({ statusCode: 404 });
    await expect(admin.api(`${DEFS}/${def.id}/instances/${def.id}`).get()).rejects.toMatchObject({ statusCode: 404 });
    const pending = await (await as(ALLAN, 'beta')).api('/me/pendingAccessReviewInstances').get();
    expect(pending.value.map((i: { id: string }) => i.id)).not.toContain(def.id);
  });
});
