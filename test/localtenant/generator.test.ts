import { jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { clientFor, decisionsOf, DEFS, MINE } from './accessReviewsSupport';

const OPTIONS = { seed: 7, reviewers: 300, reviews: 4, itemsPerInstance: 500 };

describe('the large-tenant generator', () => {
  const lt = useLocalTenant({ seed: 'empty' });
  const other = useLocalTenant({ seed: 'empty' });
  const as = clientFor(lt);

  it('adds reviewers, groups and reviews through its knob, the same ids for the same seed', async () => {
    const res = await postJson(`${lt().url}/_localtenant/generate`, OPTIONS);
    expect(res.status).toBe(201);
    const made = await jsonOf(res);
    expect(made.definitionIds).toHaveLength(4);
    expect(made.instanceIds).toEqual(made.definitionIds);
    expect(made.reviewerUpns.length).toBeGreaterThan(0);
    const again = await jsonOf(await postJson(`${other().url}/_localtenant/generate`, OPTIONS));
    expect(again).toEqual(made);
    const twice = await postJson(`${lt().url}/_localtenant/generate`, OPTIONS);
    expect(twice.status).toBe(409);
    const tooBig = await postJson(`${lt().url}/_localtenant/generate`, { ...OPTIONS, seed: 8, itemsPerInstance: 1e9 });
    expect(tooBig.status).toBe(400);
  });

  it("gives the big instance's owner every item, in pages", async () => {
    const made = await jsonOf(await postJson(`${lt().url}/_localtenant/generate`, { ...OPTIONS, seed: 9 }));
    const owner = await as(made.bigInstance.reviewerUpn);
    const first = await owner.api(`${decisionsOf(made.bigInstance.definitionId)}/${MINE}`).get();
    expect(first['@odata.count']).toBe(500);
    expect(first.value).toHaveLength(100);
    expect(first['@odata.nextLink']).toContain('$skip=100');
    const recommendations = new Set(first.value.map((d: { recommendation: string }) => d.recommendation));
    expect(recommendations).toEqual(new Set(['Approve', 'Deny']));
  });

  it('spreads manager reviews over the generated reviewers', async () => {
    const made = await jsonOf(await postJson(`${lt().url}/_localtenant/generate`, { ...OPTIONS, seed: 10 }));
    const managerReview = made.definitionIds[1];
    let withItems = 0;
    for (const upn of made.reviewerUpns) {
      const defs = await (await as(upn)).api(`${DEFS}/${MINE}`).get();
      if (defs.value.some((d: { id: string }) => d.id === managerReview)) withItems++;
    }
    expect(withItems).toBeGreaterThan(1);
  });
});
