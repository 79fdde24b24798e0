import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_REVIEWS as R } from '../../localtenant/seed/contosoReviews';
import { useLocalTenant } from '../support/localTenant';
import { ADMIN, ALEX, ALLAN, clientFor, decisionsOf, DEFS, MEGAN, MINE } from './accessReviewsSupport';

describe('access reviews: what reviewers and readers can see', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);

  it("lists only the caller's own item in a self-review", async () => {
    const alex = await (await as(ALEX)).api(`${decisionsOf(R.buildingSelfReview)}/${MINE}`).get();
    expect(alex.value.map((d: { principal: { id: string } }) => d.principal.id)).toEqual([CONTOSO.alex]);
    const allan = await (await as(ALLAN)).api(`${decisionsOf(R.buildingSelfReview)}/${MINE}`).get();
    expect(allan.value.map((d: { principal: { id: string } }) => d.principal.id)).toEqual([CONTOSO.allan]);
  });

  it('refuses the items of an instance to someone who does not review it (403)', async () => {
    const megan = await as(MEGAN);
    await expect(megan.api(`${decisionsOf(R.financeApprovers)}/${MINE}`).get()).rejects.toMatchObject({
      statusCode: 403,
    });
    const item = (await (await as(ALEX)).api(`${decisionsOf(R.financeApprovers)}/${MINE}`).get()).value[0];
    await expect(
      megan.api(`${decisionsOf(R.financeApprovers)}/${item.id}`).patch({ decision: 'Deny', justification: 'no' }),
    ).rejects.toMatchObject({ statusCode: 403 });
  });

  it('keeps the full decision list for readers and the creator; reviewers get 403 there', async () => {
    await expect((await as(ALEX)).api(decisionsOf(R.financeApprovers)).get()).rejects.toMatchObject({
      statusCode: 403,
    });
    const all = await (await as(ADMIN)).api(decisionsOf(R.financeApprovers)).get();
    expect(all['@odata.count']).toBe(6);
  });

  it('filters on recommendation and decision, and counts what matches', async () => {
    const alex = await as(ALEX);
    const denied = await alex
      .api(`${decisionsOf(R.financeApprovers)}/${MINE}`)
      .filter("recommendation eq 'Deny'")
      .get();
    expect(denied.value.length).toBeGreaterThanOrEqual(3);
    expect(denied.value.length).toBeLessThan(6);
    expect(denied['@odata.count']).toBe(denied.value.length);
    expect(denied.value.every((d: { recommendation: string }) => d.recommendation === 'Deny')).toBe(true);
    const approved = await alex
      .api(`${decisionsOf(R.financeApprovers)}/${MINE}`)
      .filter("recommendation eq 'Approve'")
      .get();
    expect(approved.value.length + denied.value.length).toBe(6);
    await expect(
      alex
        .api(`${decisionsOf(R.financeApprovers)}/${MINE}`)
        .filter("decision ne 'Deny'")
        .get(),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('pages a large instance with $top and an absolute @odata.nextLink', async () => {
    const alex = await as(ALEX);
    const seen = new Set<string>();
    let page = await alex
      .api(`${decisionsOf(R.salesAndMarketing)}/${MINE}`)
      .top(20)
      .get();
    let pages = 1;
    for (const d of page.value) seen.add(d.id);
    while (page['@odata.nextLink']) {
      expect(page['@odata.nextLink']).toMatch(/^https:\/\/localhost:\d+\/v1\.0\//);
      page = await alex.api(page['@odata.nextLink']).get();
      for (const d of page.value) seen.add(d.id);
      pages++;
    }
    expect(seen.size).toBe(65);
    expect(pages).toBe(4);
  });

  it('expands sign-in insights on decision items', async () => {
    const page = await (
      await as(ALEX)
    )
      .api(`${decisionsOf(R.financeApprovers)}/${MINE}`)
      .expand('insights')
      .get();
    const allan = page.value.find((d: { principal: { id: string } }) => d.principal.id === CONTOSO.allan);
    expect(allan.insights).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.userSignInInsight',
        lastSignInDateTime: lt().tenant.directory.users.get(CONTOSO.allan)?.lastSignInDateTime,
      }),
    ]);
    expect(allan.insights[0].insightCreatedDateTime).toEqual(expect.any(String));
  });

  it('answers every decision assigned to me in one beta call, with instance and definition expanded', async () => {
    const beta = await as(ALEX, 'beta');
    const all = await beta
      .api(`/identityGovernance/accessReviews/decisions/${MINE}`)
      .expand('instance($expand=definition)')
      .top(500)
      .get();
    const reviews = new Set(
      all.value.map((d: { instance: { definition: { id: string } } }) => d.instance.definition.id),
    );
    for (const id of [
      R.buildingSelfReview,
      R.salesAndMarketing,
      R.financeApprovers,
      R.projectFalcon,
      R.retailPartners,
    ]) {
      expect(reviews).toContain(id);
    }
    expect(all.value[0].target.userId).toEqual(expect.any(String));
    expect(all['@odata.count']).toBe(all.value.length);
  });

  it('lists my pending instances (beta) and the definitions I review', async () => {
    const pending = await (await as(ALEX, 'beta')).api('/me/pendingAccessReviewInstances').expand('definition').get();
    const ids = pending.value.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([R.buildingSelfReview, R.feelgoodGuestsInstance, R.financeApprovers]));
    expect(pending.value.every((i: { status: string }) => i.status === 'InProgress')).toBe(true);
    expect(pending.value[0].definition.displayName).toEqual(expect.any(String));
    const defs = await (await as(ALEX)).api(`${DEFS}/${MINE}`).get();
    expect(defs.value.map((d: { id: string }) => d.id)).toEqual(
      expect.arrayContaining([R.buildingSelfReview, R.guestsQuarterly, R.salesAndMarketing, R.retailPartners]),
    );
    const diego = await (await as('DiegoS@contoso.com')).api(`${DEFS}/${MINE}`).get();
    expect(diego.value).toEqual([]);
  });

  it("lists the instances I review under a definition (tutorial 2's review gives Alex his groups)", async () => {
    const mine = await (await as(ALEX)).api(`${DEFS}/${R.guestsQuarterly}/instances/${MINE}`).get();
    const scopes = mine.value.map((i: { scope: { query: string } }) => i.scope.query);
    expect(scopes).toEqual(
      expect.arrayContaining([
        expect.stringContaining(CONTOSO.feelgoodMarketing),
        expect.stringContaining(CONTOSO.retailPartners),
      ]),
    );
  });

  it("accepts only on='reviewer' as the function argument", async () => {
    const alex = await as(ALEX);
    await expect(alex.api(`${DEFS}/filterByCurrentUser(on='REVIEWER')`).get()).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(alex.api(`${DEFS}/filterByCurrentUser(on='owner')`).get()).rejects.toMatchObject({ statusCode: 400 });
  });

  it('reads one decision item (GET decisions/{id}) for its reviewer and readers; 403 for others', async () => {
    const alex = await as(ALEX);
    const [item] = (await alex.api(`${decisionsOf(R.financeApprovers)}/${MINE}`).get()).value;
    const one = await alex.api(`${decisionsOf(R.financeApprovers)}/${item.id}`).get();
    expect(one).toMatchObject({
      id: item.id,
      accessReviewId: R.financeApprovers,
      decision: item.decision,
      recommendation: item.recommendation,
      principal: item.principal,
    });
    expect(one['@odata.context']).toMatch(/\/decisions\/\$entity$/);
    const selected = await alex
      .api(`${decisionsOf(R.financeApprovers)}/${item.id}`)
      .select('id,decision')
      .get();
    expect(Object.keys(selected).sort()).toEqual(['@odata.context', 'decision', 'id']);
    expect((await (await as(ADMIN)).api(`${decisionsOf(R.financeApprovers)}/${item.id}`).get()).id).toBe(item.id);
    await expect((await as(MEGAN)).api(`${decisionsOf(R.financeApprovers)}/${item.id}`).get()).rejects.toMatchObject({
      statusCode: 403,
      code: 'Forbidden',
    });
    // In a self-review each person reviews only their own item.
    const [allansOwn] = (await (await as(ALLAN)).api(`${decisionsOf(R.buildingSelfReview)}/${MINE}`).get()).value;
    const [alexsOwn] = (await alex.api(`${decisionsOf(R.buildingSelfReview)}/${MINE}`).get()).value;
    expect((await (await as(ALLAN)).api(`${decisionsOf(R.buildingSelfReview)}/${allansOwn.id}`).get()).id).toBe(
      allansOwn.id,
    );
    await expect(
      (await as(ALLAN)).api(`${decisionsOf(R.buildingSelfReview)}/${alexsOwn.id}`).get(),
    ).rejects.toMatchObject({ statusCode: 403 });
  });

  it('reads one decision item of a stage, and answers 404 for an item of another instance or stage', async () => {
    const alex = await as(ALEX);
    const falcon = `${DEFS}/${R.projectFalcon}/instances/${R.projectFalcon}`;
    const [stage1, stage2] = (await alex.api(`${falcon}/stages`).get()).value;
    const [item] = (await alex.api(`${falcon}/stages/${stage1.id}/decisions/${MINE}`).get()).value;
    expect((await alex.api(`${falcon}/stages/${stage1.id}/decisions/${item.id}`).get()).id).toBe(item.id);
    const admin = await as(ADMIN);
    await expect(admin.api(`${falcon}/stages/${stage2.id}/decisions/${item.id}`).get()).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
    await expect(admin.api(`${decisionsOf(R.financeApprovers)}/${item.id}`).get()).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('answers unknown ids with 404 in the Graph envelope', async () => {
    const admin = await as(ADMIN);
    const unknown = '11111111-2222-4333-8444-555555555555';
    for (const path of [
      `${DEFS}/${unknown}`,
      `${DEFS}/${unknown}/instances`,
      `${DEFS}/${R.financeApprovers}/instances/${unknown}`,
      `${decisionsOf(R.financeApprovers)}/${unknown}`,
      `${DEFS}/${R.projectFalcon}/instances/${R.projectFalcon}/stages/${unknown}/decisions`,
    ]) {
      await expect(admin.api(path).get()).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    }
  });

  it('checks the token: no access review permission is 403, read-only cannot record decisions', async () => {
    const noScope = await as(ALEX, 'v1.0', ['User.Read']);
    await expect(noScope.api(`${DEFS}/${MINE}`).get()).rejects.toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
    });
    const readOnly = await as(ALEX, 'v1.0', ['AccessReview.Read.All']);
    expect((await readOnly.api(`${decisionsOf(R.financeApprovers)}/${MINE}`).get()).value).toHaveLength(6);
    await expect(
      readOnly
        .api(`${DEFS}/${R.financeApprovers}/instances/${R.financeApprovers}/batchRecordDecisions`)
        .post({ decision: 'Deny', justification: 'x' }),
    ).rejects.toMatchObject({ statusCode: 403 });
  });

  it('shapes decisions per version: beta adds target, v1.0 has principal and resource only', async () => {
    const v1 = (await (await as(ALEX)).api(`${decisionsOf(R.financeApprovers)}/${MINE}`).get()).value[0];
    expect(v1.target).toBeUndefined();
    expect(v1.principal['@odata.type']).toBe('#microsoft.graph.userIdentity');
    expect(v1.resource).toEqual({ id: CONTOSO.financeApprovers, displayName: 'Finance Approvers', type: 'group' });
    const beta = (await (await as(ALEX, 'beta')).api(`${decisionsOf(R.financeApprovers)}/${MINE}`).get()).value[0];
    expect(beta.target['@odata.type']).toBe('#microsoft.graph.accessReviewInstanceDecisionItemUserTarget');
    const defV1 = await (await as(ADMIN)).api(`${DEFS}/${R.guestsQuarterly}`).get();
    expect(defV1.backupReviewers).toBeUndefined();
    expect(defV1.fallbackReviewers[0].query).toBe(`/users/${CONTOSO.diego}`);
    const defBeta = await (await as(ADMIN, 'beta')).api(`${DEFS}/${R.guestsQuarterly}`).get();
    expect(defBeta.backupReviewers[0].query).toBe(`/users/${CONTOSO.diego}`);
  });
});
