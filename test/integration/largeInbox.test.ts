import { generateTenant, Generated } from '../../localtenant/seed/generator';
import { FIRST_PAGE, myDecisionRows } from '../../src/graph/accessReviews';
import { createGraphClient } from '../../src/graph/client';
import { toRow, WireDecision } from '../../src/graph/shapes';
import { graphAs, userGraphToken } from '../support/graph';
import { useLocalTenant } from '../support/localTenant';

/**
 * The inbox of a reviewer with more items than Graph's first page: past the first page the items come without their
 * review, and each review is read once. The rows must be what the fully expanded list says, item for item.
 */

const MINE = "/identityGovernance/accessReviews/decisions/filterByCurrentUser(on='reviewer')";
const EXPAND =
  'instance($select=id,status,endDateTime,scope;$expand=definition($select=id,displayName,settings,stageSettings))';

describe('the inbox of a reviewer with hundreds of items', () => {
  const lt = useLocalTenant();
  let gen: Generated;
  beforeAll(() => {
    gen = generateTenant(lt().tenant, { seed: 7, reviewers: 40, reviews: 4, itemsPerInstance: 260 });
  });

  async function clientFor(upn: string) {
    const token = await userGraphToken(lt(), upn, ['AccessReview.ReadWrite.All']);
    return createGraphClient(async () => token, { baseUrl: lt().url, timeoutMs: 30_000, maxRetries: 2 });
  }

  /** Every item of the reviewer with its instance and definition, page by page: what the rows must match. */
  async function expandedItems(upn: string): Promise<WireDecision[]> {
    const graph = await graphAs(lt(), upn, ['AccessReview.ReadWrite.All'], 'beta');
    const out: WireDecision[] = [];
    let page = await graph.api(MINE).query({ $expand: EXPAND, $top: '50' }).get();
    out.push(...page.value);
    while (page['@odata.nextLink']) {
      page = await graph.api(page['@odata.nextLink']).get();
      out.push(...page.value);
    }
    return out;
  }

  it('has the same rows, in the same order, as the expanded list, in few requests', async () => {
    const upn = gen.bigInstance.reviewerUpn;
    const expected = (await expandedItems(upn)).map((w) => toRow(w));
    // The reviewer has items in other reviews after the big one's, so some reviews are first seen past page one.
    expect(expected.length).toBeGreaterThan(gen.bigInstance.items);
    expect(new Set(expected.slice(FIRST_PAGE).map((r) => r?.instanceId)).size).toBeGreaterThan(1);

    const client = await clientFor(upn);
    lt().log.reset();
    const rows = await myDecisionRows(client, 'beta');
    const log = lt().log.summary();

    expect(rows).toEqual(expected);
    // First page, one page for the rest, one $batch for the reviews first seen on it.
    expect(log.graph).toBe(3);
    expect(log.byRoute['POST /$batch']).toBe(1);
  });

  it('reads everything expanded when a review cannot be read by position', async () => {
    const upn = gen.bigInstance.reviewerUpn;
    const expected = (await expandedItems(upn)).map((w) => toRow(w));
    const client = await clientFor(upn);
    // Only requests inside a $batch are refused, so the fallback read itself goes through.
    const original = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const batch = String(input instanceof Request ? input.url : input).endsWith('/$batch');
      if (batch) lt().faults.add({ match: 'GET .*decisions/filterByCurrentUser', unavailable: 1 });
      try {
        return await original(input, init);
      } finally {
        if (batch) lt().faults.clear();
      }
    };
    try {
      lt().log.reset();
      const rows = await myDecisionRows(client, 'beta');
      expect(rows).toEqual(expected);
      expect(lt().log.summary().byRoute['POST /$batch']).toBe(1);
    } finally {
      globalThis.fetch = original;
      lt().faults.clear();
    }
  });

  it('stays one request for a reviewer with fewer items than the first page', async () => {
    const upn = gen.reviewerUpns.find((u) => u !== gen.bigInstance.reviewerUpn)!;
    const expected = (await expandedItems(upn)).map((w) => toRow(w));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThanOrEqual(FIRST_PAGE);
    const client = await clientFor(upn);
    lt().log.reset();
    expect(await myDecisionRows(client, 'beta')).toEqual(expected);
    expect(lt().log.summary().graph).toBe(1);
  });
});
