import { GraphError } from '@microsoft/microsoft-graph-client';
import { failureOf, failureOfInner, GraphFailure } from '../../src/graph/failures';
import { recordDecisions } from '../../src/graph/recordDecisions';
import { DecisionCall } from '../../src/reviews/submissionPlan';
import { FakeGraph } from './fakeGraph';
import { review } from './fixtures';

const REQUEST_ID = '0f2c4e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6';
const CLIENT_REQUEST_ID = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
const envelope = (ids: Record<string, string>) => ({
  error: {
    code: 'Forbidden',
    message: 'Insufficient privileges.',
    innerError: { date: '2025-01-01T00:00:00', ...ids },
  },
});

/** A GraphError as the SDK makes it from a failed response: headers kept, the envelope's `error` as JSON text. */
function sdkError(status: number, headers: Record<string, string>, body: ReturnType<typeof envelope>): GraphError {
  const err = new GraphError(status, body.error.message);
  err.code = body.error.code;
  err.headers = new Headers(headers);
  err.body = JSON.stringify(body.error);
  return err;
}

describe('Graph failures keep the ids support asks for', () => {
  it('reads request-id and client-request-id from the response headers', () => {
    const err = sdkError(
      403,
      { 'request-id': REQUEST_ID, 'client-request-id': CLIENT_REQUEST_ID },
      envelope({ 'request-id': 'other', 'client-request-id': 'other' }),
    );
    expect(failureOf(err)).toEqual({
      status: 403,
      code: 'Forbidden',
      message: 'Insufficient privileges.',
      requestId: REQUEST_ID,
      clientRequestId: CLIENT_REQUEST_ID,
    });
  });

  it("falls back to the error body's innerError when the headers lack them", () => {
    const err = sdkError(403, {}, envelope({ 'request-id': REQUEST_ID, 'client-request-id': CLIENT_REQUEST_ID }));
    expect(failureOf(err)).toMatchObject({ requestId: REQUEST_ID, clientRequestId: CLIENT_REQUEST_ID });
  });

  it('has none for a request that got no answer', () => {
    const failure = failureOf(new TypeError('fetch failed'));
    expect(failure).toEqual({ status: 0, code: 'NetworkError', message: 'fetch failed' });
  });

  it("reads an inner $batch response's ids from its own headers, whatever their case, else its innerError", () => {
    const body = envelope({ 'request-id': 'from-body', 'client-request-id': 'from-body' });
    expect(
      failureOfInner(403, body, { 'Request-Id': REQUEST_ID, 'client-request-id': CLIENT_REQUEST_ID }),
    ).toMatchObject({ status: 403, code: 'Forbidden', requestId: REQUEST_ID, clientRequestId: CLIENT_REQUEST_ID });
    expect(failureOfInner(403, body)).toMatchObject({ requestId: 'from-body', clientRequestId: 'from-body' });
  });
});

describe('recordDecisions reports what it gives up on', () => {
  const ME = { id: '43b12b0c-ee2c-4257-96fe-505d823e06ab', displayName: 'Alex Wilber' };
  const deny = (graph: FakeGraph, n: number): DecisionCall[] =>
    graph.addItems(n).map((it, i) => ({
      itemId: it.id,
      principalId: it.principalId,
      resourceId: it.resourceId,
      decision: 'Deny',
      justification: 'left the team',
      itemIndex: i,
    }));

  async function record(graph: FakeGraph, calls: DecisionCall[]) {
    const failures: GraphFailure[] = [];
    await recordDecisions(graph.client(), review(), calls, {
      reviewerId: ME.id,
      maxRetries: 3,
      sleep: graph.sleep,
      now: graph.now,
      random: () => 0.5,
      onFailure: (f) => failures.push(f),
    });
    return failures;
  }

  it('one failure per refused write, with its status and code', async () => {
    const graph = new FakeGraph(ME);
    graph.faults.push({ match: /batchRecordDecisions/, status: 403, times: 2 });
    const failures = await record(graph, deny(graph, 3));
    expect(failures.map((f) => [f.status, f.code])).toEqual([
      [403, 'Injected'],
      [403, 'Injected'],
    ]);
  });

  it('nothing for throttling that a retry got past', async () => {
    const graph = new FakeGraph(ME);
    graph.faults.push({ match: /batchRecordDecisions/, status: 429, retryAfter: 1, times: 1 });
    expect(await record(graph, deny(graph, 2))).toEqual([]);
  });

  it('the whole $batch once when Graph keeps refusing it, and the look that follows a server error', async () => {
    const graph = new FakeGraph(ME);
    graph.faults.push({ match: /^POST \/\$batch$/, status: 500 });
    const failures = await record(graph, deny(graph, 5));
    // The writes' batch, then the batch of reads that looks whether Graph recorded them all the same.
    expect(failures.map((f) => f.status)).toEqual([500, 500]);
    expect(graph.batches).toHaveLength(2);
  });
});
