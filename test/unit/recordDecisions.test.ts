import { recordDecisions, RecordOptions, RecordProgress } from '../../src/graph/recordDecisions';
import { DecisionCall, NOT_LISTED, whyNotRecorded } from '../../src/reviews/submissionPlan';
import { FakeGraph, FakeItem } from './fakeGraph';
import { review } from './fixtures';

const ME = { id: '43b12b0c-ee2c-4257-96fe-505d823e06ab', displayName: 'Alex Wilber' };
const OTHER_REVIEWER = '859924d0-7115-422a-9ee8-ea8c0c014707';

const deny = (items: FakeItem[], justification = 'left'): DecisionCall[] =>
  items.map((it, i) => ({
    itemId: it.id,
    principalId: it.principalId,
    resourceId: it.resourceId,
    decision: 'Deny',
    justification,
    itemIndex: i,
  }));

async function record(graph: FakeGraph, calls: DecisionCall[], opts: Partial<RecordOptions> = {}) {
  const results = await recordDecisions(graph.client(), review(), calls, {
    reviewerId: ME.id,
    maxRetries: 3,
    sleep: graph.sleep,
    now: graph.now,
    random: () => 0.5,
    ...opts,
  });
  const why = results.map((r, i) => whyNotRecorded(calls[i], r, ME.id));
  return { results, why, recorded: why.filter((w) => w === undefined).length };
}

const requestsOf = (graph: FakeGraph) => graph.batches.map((b) => b.requests.map((r) => `${r.method} ${r.id}`));

describe('recordDecisions: read-back', () => {
  it('records up to 19 decisions and reads them back in one $batch, the read depending on every write', async () => {
    const graph = new FakeGraph(ME);
    const items = graph.addItems(19);
    const { recorded, results } = await record(graph, deny(items));
    expect(recorded).toBe(19);
    expect(graph.batches).toHaveLength(1);
    const read = graph.batches[0].requests.find((r) => r.method === 'GET')!;
    expect(read.dependsOn).toEqual(items.map((_, i) => String(i)));
    expect(decodeURIComponent(read.url)).toContain(
      `filterByCurrentUser(on='reviewer')?$filter=id eq '${items[0].id}' or`,
    );
    expect(results[0].readBack).toMatchObject({
      kind: 'held',
      item: { decision: 'Deny', reviewedByName: 'Alex Wilber' },
    });
  });

  it('50 decisions take 3 requests: 19, 19 and 12 writes, each batch with its read', async () => {
    const graph = new FakeGraph(ME);
    const { recorded } = await record(graph, deny(graph.addItems(50)));
    expect(recorded).toBe(50);
    expect(graph.batches.map((b) => b.requests.length).sort((a, b) => a - b)).toEqual([13, 20, 20]);
  });

  it('reports an item Graph does not list for the reviewer as not recorded, though the write answered 204', async () => {
    const graph = new FakeGraph(ME);
    const [mine] = graph.addItems(1);
    const [theirs] = graph.addItems(1, OTHER_REVIEWER);
    const { why, results } = await record(graph, deny([mine, theirs]));
    expect(results[1].writeError).toBeUndefined();
    expect(why).toEqual([undefined, NOT_LISTED]);
    expect(theirs.decision).toBe('NotReviewed');
  });

  it('after a failed write (the read answers 424), reads back once more on its own', async () => {
    const graph = new FakeGraph(ME);
    const items = graph.addItems(3);
    graph.faults.push({ match: /batchRecordDecisions/, status: 403, times: 1 });
    const { why, results } = await record(graph, deny(items));
    expect(requestsOf(graph)).toEqual([['POST 0', 'POST 1', 'POST 2', 'GET read'], ['GET read']]);
    expect(why[0]).toMatch(/You are not allowed to do this/);
    expect(why.slice(1)).toEqual([undefined, undefined]);
    // The item whose write failed is still drawn as Graph holds it.
    expect(results[0].readBack).toMatchObject({ kind: 'held', item: { decision: 'NotReviewed' } });
  });

  it('when Graph refuses the `or` filter (400), reads each item back with a GET in a $batch', async () => {
    const graph = new FakeGraph(ME);
    graph.orFilter = false;
    const [a, b] = graph.addItems(2);
    const [theirs] = graph.addItems(1, OTHER_REVIEWER);
    const { why } = await record(graph, deny([a, b, theirs]));
    expect(requestsOf(graph)).toEqual([
      ['POST 0', 'POST 1', 'POST 2', 'GET read'],
      ['GET read0', 'GET read1', 'GET read2'],
    ]);
    expect(why).toEqual([undefined, undefined, NOT_LISTED]);
  });
});

describe('recordDecisions: answers that never came', () => {
  it('when every answer to the writes is lost after Graph recorded them, looks once more and counts them recorded', async () => {
    const graph = new FakeGraph(ME);
    const items = graph.addItems(3);
    // 503 to the whole $batch after Graph acted, for the first send and its three retries.
    graph.faults.push({ match: /POST \/\$batch/, status: 503, times: 4, afterActing: true });
    const { why, results } = await record(graph, deny(items));
    expect(why).toEqual([undefined, undefined, undefined]);
    expect(results.every((r) => r.writeUnknown)).toBe(true);
    // The last batch reads only: nothing is written blindly once more.
    expect(requestsOf(graph).at(-1)).toEqual(['GET read']);
  });

  it('when the look fails too, says whether it was recorded is not known, never that it was not', async () => {
    const graph = new FakeGraph(ME);
    const items = graph.addItems(2);
    graph.faults.push({ match: /POST \/\$batch/, status: 503, afterActing: true });
    const { why } = await record(graph, deny(items));
    for (const w of why) {
      expect(w).toMatch(/^Whether this was recorded is not known/);
      expect(w).toContain('recording the same decision twice changes nothing');
    }
  });

  it('a write refused with a 4xx is not recorded, without a look', async () => {
    const graph = new FakeGraph(ME);
    const items = graph.addItems(1);
    graph.faults.push({ match: /POST \/\$batch/, status: 400 });
    const { why, results } = await record(graph, deny(items));
    expect(results[0].writeUnknown).toBeUndefined();
    expect(why[0]).toMatch(/refused/);
    expect(graph.batches).toHaveLength(1);
  });
});

describe('recordDecisions: throttling and progress', () => {
  it("waits for an inner 429's Retry-After, then sends only what was throttled, with the read", async () => {
    const graph = new FakeGraph(ME);
    const items = graph.addItems(3);
    graph.faults.push({ match: /batchRecordDecisions/, status: 429, retryAfter: 7, times: 1 });
    const { recorded } = await record(graph, deny(items));
    expect(recorded).toBe(3);
    expect(graph.waits).toEqual([7000]);
    expect(graph.batches.map((b) => b.at)).toEqual([0, 7000]);
    expect(requestsOf(graph)[1]).toEqual(['POST 0', 'GET read']);
  });

  it('when only the read-back is throttled, sends just the read again after its Retry-After', async () => {
    const graph = new FakeGraph(ME);
    graph.faults.push({ match: /filterByCurrentUser/, status: 429, retryAfter: 2, times: 1 });
    const { recorded } = await record(graph, deny(graph.addItems(4)));
    expect(recorded).toBe(4);
    expect(requestsOf(graph)).toEqual([['POST 0', 'POST 1', 'POST 2', 'POST 3', 'GET read'], ['GET read']]);
    expect(graph.batches[1].at).toBe(2000);
  });

  it('honours the Retry-After of a 429 to the whole $batch', async () => {
    const graph = new FakeGraph(ME);
    graph.faults.push({ match: /^POST \/\$batch$/, status: 429, retryAfter: 3, times: 1 });
    const { recorded } = await record(graph, deny(graph.addItems(2)));
    expect(recorded).toBe(2);
    expect(graph.batches.map((b) => b.at)).toEqual([0, 3000]);
  });

  it('backs off exponentially with jitter when Graph gives no Retry-After, then gives up after maxRetries', async () => {
    const graph = new FakeGraph(ME);
    graph.faults.push({ match: /batchRecordDecisions/, status: 503 });
    const { why } = await record(graph, deny(graph.addItems(1)), { maxRetries: 3, random: () => 0 });
    expect(graph.waits).toEqual([500, 1000, 2000]);
    expect(graph.batches).toHaveLength(5); // 4 tries of the write, then the read on its own
    expect(why[0]).toMatch(/unavailable right now \(503\)/);

    const jittered = new FakeGraph(ME);
    jittered.faults.push({ match: /batchRecordDecisions/, status: 503, times: 2 });
    await record(jittered, deny(jittered.addItems(1)), { random: () => 1 });
    expect(jittered.waits).toEqual([1000, 2000]);
  });

  it('in a turn, fails fast when Graph asks for longer than MAX_RETRY_WAIT_SECONDS; in the background, waits', async () => {
    const turn = new FakeGraph(ME);
    turn.faults.push({ match: /batchRecordDecisions/, status: 429, retryAfter: 30, times: 1 });
    const fast = await record(turn, deny(turn.addItems(1)));
    expect(turn.waits).toEqual([]);
    expect(fast.why[0]).toMatch(/asked to wait 30 seconds/);

    const background = new FakeGraph(ME);
    background.faults.push({ match: /batchRecordDecisions/, status: 429, retryAfter: 30, times: 1 });
    const patient = await record(background, deny(background.addItems(1)), { maxWaitSeconds: Infinity });
    expect(background.waits).toEqual([30_000]);
    expect(patient.recorded).toBe(1);
  });

  it('pauses every batch while Graph says to wait, not just the throttled one', async () => {
    const graph = new FakeGraph(ME);
    const items = graph.addItems(19 * 6);
    graph.faults.push({ match: /batchRecordDecisions/, status: 429, retryAfter: 5, times: 1 });
    const { recorded } = await record(graph, deny(items), { maxConcurrent: 2 });
    expect(recorded).toBe(items.length);
    // At most the two batches in flight went out before the 429; nothing else is sent before its 5 seconds are over.
    expect(graph.batches).toHaveLength(7);
    expect(graph.batches.filter((b) => b.at < 5000).length).toBeLessThanOrEqual(2);
    expect(graph.batches.every((b) => b.at === 0 || b.at === 5000)).toBe(true);
  });

  it('reports progress after each batch, counting what Graph holds', async () => {
    const graph = new FakeGraph(ME);
    const mine = graph.addItems(38);
    const theirs = graph.addItems(2, OTHER_REVIEWER);
    const seen: RecordProgress[] = [];
    await record(graph, deny([...mine, ...theirs]), { maxConcurrent: 1, onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { done: 19, recorded: 19, failed: 0, total: 40 },
      { done: 38, recorded: 38, failed: 0, total: 40 },
      { done: 40, recorded: 38, failed: 2, total: 40 },
    ]);
  });
});
