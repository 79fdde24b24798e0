import { CONTOSO_REVIEWS as R } from '../../localtenant/seed/contosoReviews';
import { userGraphToken } from '../support/graph';
import { jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { ADMIN, ALEX, clientFor, decisionsOf, DEFS, MINE } from './accessReviewsSupport';

interface Item {
  id: string;
  decision: string;
  recommendation: string;
  reviewedDateTime: string | null;
  principal: { id: string; displayName: string };
}

const byText = (a: string, b: string) =>
  a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
/** The values are in ascending (or descending) order, ignoring case. */
const expectOrdered = (values: string[], desc = false) => {
  const sorted = [...values].sort(byText);
  expect(values).toEqual(desc ? sorted.reverse() : sorted);
};
const names = (items: Item[]) => items.map((d) => d.principal.displayName);

describe('access reviews: $orderby', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);
  const mine = `${decisionsOf(R.salesAndMarketing)}/${MINE}`;
  const all = async (url: string, user = ALEX): Promise<Item[]> =>
    (await (await as(user)).api(url).top(500).get()).value;

  it('sorts my decisions by principal/displayName, ascending or descending', async () => {
    expectOrdered(names(await all(`${mine}?$orderby=principal/displayName`)));
    expectOrdered(names(await all(`${mine}?$orderby=principal/displayName desc`)), true);
    expectOrdered(names(await all(`${mine}?$orderby=principal/displayName%20asc`)));
  });

  it('sorts by several keys, keeping the first key as the main order', async () => {
    const items = await all(`${mine}?$orderby=recommendation desc,principal/displayName`);
    const recommendations = items.map((d) => d.recommendation);
    expect(new Set(recommendations)).toEqual(new Set(['Approve', 'Deny']));
    expectOrdered(recommendations, true);
    for (const r of ['Approve', 'Deny']) expectOrdered(names(items.filter((d) => d.recommendation === r)));
  });

  it('keeps the collection order among equal keys (a stable sort)', async () => {
    const unsorted = (await all(mine)).map((d) => d.id);
    // Nothing is decided yet in this instance: every key is equal.
    const byDecision = (await all(`${mine}?$orderby=decision`)).map((d) => d.id);
    expect(byDecision).toEqual(unsorted);
  });

  it('sorts before paging: the pages, followed by @odata.nextLink, are the sorted list cut in order', async () => {
    const sorted = await all(`${mine}?$orderby=principal/displayName desc`);
    expectOrdered(names(sorted), true);
    const whole = sorted.map((d) => d.id);
    const alex = await as(ALEX);
    let page = await alex.api(`${mine}?$orderby=principal/displayName desc`).top(20).get();
    const paged: string[] = page.value.map((d: Item) => d.id);
    while (page['@odata.nextLink']) {
      expect(page['@odata.nextLink']).toContain('$orderby=');
      page = await alex.api(page['@odata.nextLink']).get();
      paged.push(...page.value.map((d: Item) => d.id));
    }
    expect(paged).toEqual(whole);
  });

  it('sorts by reviewedDateTime, the items nobody reviewed (null) first in ascending order', async () => {
    const [a, b] = await all(mine);
    const url = `${DEFS}/${R.salesAndMarketing}/instances/${R.salesAndMarketing}/batchRecordDecisions`;
    await (await as(ALEX)).api(url).post({ decision: 'Deny', justification: 'first', principalId: b.principal.id });
    await postJson(`${lt().url}/_localtenant/clock/advance`, { hours: 1 });
    await (await as(ALEX)).api(url).post({ decision: 'Deny', justification: 'later', principalId: a.principal.id });
    const desc = await all(`${mine}?$orderby=reviewedDateTime desc`);
    expect(desc.slice(0, 2).map((d) => d.id)).toEqual([a.id, b.id]);
    expect(desc.slice(2).every((d) => d.reviewedDateTime === null)).toBe(true);
    const asc = await all(`${mine}?$orderby=reviewedDateTime`);
    expect(asc.slice(-2).map((d) => d.id)).toEqual([b.id, a.id]);
  });

  it('sorts the whole decision list of an instance and the beta list of all my decisions', async () => {
    expectOrdered(names(await all(`${decisionsOf(R.financeApprovers)}?$orderby=principal/displayName`, ADMIN)));
    const beta = await (
      await as(ALEX, 'beta')
    )
      .api(`/identityGovernance/accessReviews/decisions/${MINE}?$orderby=principal/displayName desc`)
      .top(500)
      .get();
    expectOrdered(names(beta.value), true);
  });

  it('sorts definitions by displayName or createdDateTime, and instances by their dates', async () => {
    const admin = await as(ADMIN);
    const defs = (await admin.api(`${DEFS}?$orderby=displayName`).get()).value;
    expect(defs.length).toBeGreaterThan(3);
    expectOrdered(defs.map((d: { displayName: string }) => d.displayName));
    const newest = (await admin.api(`${DEFS}?$orderby=createdDateTime desc`).get()).value;
    expectOrdered(
      newest.map((d: { createdDateTime: string }) => d.createdDateTime),
      true,
    );
    const mineDefs = (await (await as(ALEX)).api(`${DEFS}/${MINE}?$orderby=displayName desc`).get()).value;
    expectOrdered(
      mineDefs.map((d: { displayName: string }) => d.displayName),
      true,
    );
    const pending = (await (await as(ALEX, 'beta')).api('/me/pendingAccessReviewInstances?$orderby=endDateTime').get())
      .value;
    expect(pending.length).toBeGreaterThan(2);
    expectOrdered(pending.map((i: { endDateTime: string }) => i.endDateTime));
    const instances = (await admin.api(`${DEFS}/${R.guestsQuarterly}/instances?$orderby=startDateTime desc`).get())
      .value;
    expectOrdered(
      instances.map((i: { startDateTime: string }) => i.startDateTime),
      true,
    );
  });

  it('answers 400 in the Graph envelope for a property it cannot sort by or a malformed expression', async () => {
    const token = await userGraphToken(lt(), ALEX, ['AccessReview.Read.All']);
    for (const orderby of [
      'justification',
      'principal/userPrincipalName',
      'decision sideways',
      'decision,',
      '',
      'decision desc desc',
    ]) {
      const res = await fetch(`${lt().graphV1}${mine}?$orderby=${encodeURIComponent(orderby)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = await jsonOf(res);
      expect({ orderby, status: res.status, code: body.error?.code }).toEqual({
        orderby,
        status: 400,
        code: 'BadRequest',
      });
      expect(body.error.message).toEqual(expect.any(String));
      expect(Object.keys(body.error.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
    }
    const res = await postJson(
      `${lt().graphV1}/$batch`,
      { requests: [{ id: '1', method: 'GET', url: `${DEFS}?$orderby=descriptionForAdmins` }] },
      { authorization: `Bearer ${await userGraphToken(lt(), ADMIN, ['AccessReview.Read.All'])}` },
    );
    const [inner] = (await jsonOf(res)).responses;
    expect(inner.status).toBe(400);
    expect(inner.body.error.code).toBe('BadRequest');
  });
});
