import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_REVIEWS as R } from '../../localtenant/seed/contosoReviews';
import { REVIEW_SCOPES } from '../support/graph';
import { useLocalTenant } from '../support/localTenant';
import { ADMIN, ALEX, clientFor, decisionsOf, DEFS, MINE, reviewBody } from './accessReviewsSupport';

/** Graph matches object ids in any letter case; what it answers keeps them as it stores them, in lower case. */
describe('object ids in any letter case', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);
  const up = (id: string) => id.toUpperCase();
  const DIRECTORY_SCOPES = [...REVIEW_SCOPES, 'User.Read.All'];

  it('finds users and groups by an upper-case id, and answers with the id as stored', async () => {
    const admin = await as(ADMIN, 'v1.0', DIRECTORY_SCOPES);
    expect((await admin.api(`/users/${up(CONTOSO.alex)}`).get()).id).toBe(CONTOSO.alex);
    expect((await admin.api(`/groups/${up(CONTOSO.financeApprovers)}`).get()).id).toBe(CONTOSO.financeApprovers);
    const members = await admin.api(`/groups/${up(CONTOSO.buildingSecurity)}/members`).get();
    expect(members.value.map((m: { id: string }) => m.id).sort()).toEqual([CONTOSO.alex, CONTOSO.allan].sort());
  });

  it('finds definitions, instances, stages and decisions by upper-case ids', async () => {
    const admin = await as(ADMIN);
    const def = await admin.api(`${DEFS}/${up(R.financeApprovers)}`).get();
    expect(def.id).toBe(R.financeApprovers);
    const inst = await admin.api(`${DEFS}/${up(R.financeApprovers)}/instances/${up(R.financeApprovers)}`).get();
    expect(inst.id).toBe(R.financeApprovers);

    const [item] = (await admin.api(decisionsOf(R.financeApprovers)).get()).value;
    const one = await admin.api(`${decisionsOf(up(R.financeApprovers), up(R.financeApprovers))}/${up(item.id)}`).get();
    expect(one).toMatchObject({ id: item.id, principal: { id: item.principal.id } });

    const stages = (await admin.api(`${DEFS}/${R.projectFalcon}/instances/${R.projectFalcon}/stages`).get()).value;
    expect(stages.length).toBeGreaterThan(1);
    const stage = await admin
      .api(`${DEFS}/${up(R.projectFalcon)}/instances/${up(R.projectFalcon)}/stages/${up(stages[0].id)}`)
      .get();
    expect(stage.id).toBe(stages[0].id);
  });

  it('records a decision named by upper-case ids, in the URL and in the body', async () => {
    const alex = await as(ALEX);
    const [item] = (
      await alex
        .api(`${decisionsOf(R.salesAndMarketing)}/${MINE}`)
        .top(1)
        .get()
    ).value;
    await alex
      .api(`${DEFS}/${up(R.salesAndMarketing)}/instances/${up(R.salesAndMarketing)}/batchRecordDecisions`)
      .post({
        decision: 'Deny',
        justification: 'Left the team',
        principalId: up(item.principal.id),
        resourceId: up(CONTOSO.salesAndMarketing),
      });
    const held = await alex.api(`${decisionsOf(R.salesAndMarketing)}/${item.id}`).get();
    expect(held).toMatchObject({ id: item.id, decision: 'Deny', justification: 'Left the team' });
  });

  it('resolves a reviewer named by an upper-case id to the stored user, who then has the items to review', async () => {
    const admin = await as(ADMIN);
    const def = await admin.api(DEFS).post(
      reviewBody(up(CONTOSO.financeApprovers), {
        reviewers: [{ query: `/users/${up(CONTOSO.alex)}`, queryType: 'MicrosoftGraph' }],
        instanceEnumerationScope: { query: `/groups/${CONTOSO.financeApprovers}`, queryType: 'MicrosoftGraph' },
      }),
    );
    const mine = (await (await as(ALEX)).api(`${decisionsOf(def.id)}/${MINE}`).get()).value;
    expect(mine.length).toBeGreaterThan(0);
  });
});
