import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_REVIEWS as R } from '../../localtenant/seed/contosoReviews';
import { userGraphToken } from '../support/graph';
import { jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { ADMIN, ALEX, clientFor, decisionsOf, DEFS, MINE } from './accessReviewsSupport';

interface Item {
  id: string;
  decision: string;
  principal: { id: string };
}

const idsOf = (page: { value: Item[] }) => page.value.map((d) => d.id).sort();
const anyOf = (ids: string[]) => ids.map((id) => `id eq '${id}'`).join(' or ');

describe('access reviews: $filter by decision item id', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);
  const mineUrl = (reviewId: string) => `${decisionsOf(reviewId)}/${MINE}`;
  const all = async (user: string, url: string): Promise<Item[]> =>
    (await (await as(user)).api(url).top(500).get()).value;

  it("answers exactly the items named by `id eq '…' or …`, up to 20 terms, with parentheses", async () => {
    const items = await all(ALEX, mineUrl(R.salesAndMarketing));
    const twenty = items.slice(10, 30).map((d) => d.id);
    const alex = await as(ALEX);
    const page = await alex.api(mineUrl(R.salesAndMarketing)).filter(anyOf(twenty)).get();
    expect(idsOf(page)).toEqual([...twenty].sort());
    expect(page['@odata.count']).toBe(20);
    const grouped = `(id eq '${twenty[0]}') or (id eq '${twenty[1]}' or id eq '${twenty[2]}')`;
    expect(idsOf(await alex.api(mineUrl(R.salesAndMarketing)).filter(grouped).get())).toEqual(
      twenty.slice(0, 3).sort(),
    );
  });

  it('combines the ids with decision eq, and matches GUIDs whatever their case', async () => {
    const alex = await as(ALEX);
    const items = await all(ALEX, mineUrl(R.financeApprovers));
    const [a, b] = items;
    await alex
      .api(`${DEFS}/${R.financeApprovers}/instances/${R.financeApprovers}/batchRecordDecisions`)
      .post({ decision: 'Deny', justification: 'left', principalId: a.principal.id });
    const denied = await alex
      .api(mineUrl(R.financeApprovers))
      .filter(`decision eq 'Deny' and (id eq '${a.id.toUpperCase()}' or id eq '${b.id}')`)
      .get();
    expect(idsOf(denied)).toEqual([a.id]);
  });

  it('works on the whole decision list of an instance and on stage decisions', async () => {
    const admin = await as(ADMIN);
    const [first, , third] = await all(ADMIN, decisionsOf(R.financeApprovers));
    const page = await admin
      .api(decisionsOf(R.financeApprovers))
      .filter(anyOf([first.id, third.id]))
      .get();
    expect(idsOf(page)).toEqual([first.id, third.id].sort());

    const falcon = `${DEFS}/${R.projectFalcon}/instances/${R.projectFalcon}`;
    const [stage1] = (await admin.api(`${falcon}/stages`).get()).value;
    const stageItems = await all(ALEX, `${falcon}/stages/${stage1.id}/decisions/${MINE}`);
    const picked = stageItems.slice(0, 2).map((d) => d.id);
    const mine = await (
      await as(ALEX)
    )
      .api(`${falcon}/stages/${stage1.id}/decisions/${MINE}`)
      .filter(anyOf(picked))
      .get();
    expect(idsOf(mine)).toEqual([...picked].sort());
    const whole = await admin.api(`${falcon}/stages/${stage1.id}/decisions`).filter(anyOf(picked)).get();
    expect(idsOf(whole)).toEqual([...picked].sort());
  });

  it('reads back, in the same $batch, the items a batchRecordDecisions has just decided', async () => {
    const [item] = await all(ALEX, mineUrl(R.salesAndMarketing));
    const token = await userGraphToken(lt(), ALEX, ['AccessReview.ReadWrite.All']);
    const instance = `${DEFS}/${R.salesAndMarketing}/instances/${R.salesAndMarketing}`;
    const res = await postJson(
      `${lt().graphV1}/$batch`,
      {
        requests: [
          {
            id: '1',
            method: 'POST',
            url: `${instance}/batchRecordDecisions`,
            headers: { 'Content-Type': 'application/json' },
            body: { decision: 'Deny', justification: 'moved on', principalId: item.principal.id },
          },
          {
            id: '2',
            method: 'GET',
            url: `${mineUrl(R.salesAndMarketing)}?$filter=${encodeURIComponent(anyOf([item.id]))}`,
            dependsOn: ['1'],
          },
        ],
      },
      { authorization: `Bearer ${token}` },
    );
    const byId = Object.fromEntries((await jsonOf(res)).responses.map((r: { id: string }) => [r.id, r]));
    expect(byId['1'].status).toBe(204);
    expect(byId['2'].status).toBe(200);
    expect(byId['2'].body.value).toEqual([
      expect.objectContaining({ id: item.id, decision: 'Deny', justification: 'moved on' }),
    ]);
    expect(byId['2'].body.value[0].reviewedBy.id).toBe(CONTOSO.alex);
  });

  it('answers 400 in the Graph envelope for filters it cannot run, rather than ignoring them', async () => {
    const [item] = await all(ALEX, mineUrl(R.financeApprovers));
    const alex = await as(ALEX);
    for (const filter of [
      `id ne '${item.id}'`,
      `startswith(id, '${item.id.slice(0, 4)}')`,
      `justification eq 'x'`,
      `(id eq '${item.id}'`,
      `id eq '${item.id}' or`,
      `id eq '${item.id}`,
      `id in ('${item.id}')`,
    ]) {
      const err = await alex
        .api(mineUrl(R.financeApprovers))
        .filter(filter)
        .get()
        .then(
          () => undefined,
          (e) => e,
        );
      expect({ filter, status: err?.statusCode, code: err?.code }).toEqual({ filter, status: 400, code: 'BadRequest' });
    }
  });
});
