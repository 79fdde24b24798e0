/**
 * What recording decisions costs now that every write is read back: Graph HTTP requests (from the local tenant's
 * request log) per submit of N decisions, through the bot's card and through recordDecisions directly; then the bulk
 * engine approving everyone on a 5,000-person review (wall time, requests, batches in flight), without and with
 * injected 429s (inner and outer, Retry-After 1 s). Prints figures; never passes or fails on time.
 *
 *   NODE_EXTRA_CA_CERTS=.localdata/ca/localtenant-ca.pem npx ts-node --transpile-only bench/recording.ts
 */
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { startLocalTenant, LocalTenant } from '../localtenant';
import { FaultRule } from '../localtenant/knobs';
import { loadConfig } from '../src/config';
import { buildBot } from '../src/index';
import { createLogger } from '../src/logging';
import { notReviewedItems } from '../src/graph/accessReviews';
import { recordDecisions, RecordProgress } from '../src/graph/recordDecisions';
import { applyOutcome, approveRestPlan, DecisionCall } from '../src/reviews/submissionPlan';
import { startAzurite } from '../test/support/azurite';
import { generatedReview } from '../test/support/generatedReview';
import { actionData, Chat, TeamsUser } from '../test/support/activities';
import { localEnv } from '../test/support/bot';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 5_000);

/** Whole $batch calls answered 429 (the request log keeps only its last entries, so they are counted here). */
let outer429 = 0;
function countOuterThrottling(lt: LocalTenant): void {
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const res = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(lt.url) && res.status === 429) outer429++;
    return res;
  };
}

/** Graph HTTP requests a run makes, and the requests carried inside its batches, by route. */
async function counted<T>(lt: LocalTenant, run: () => Promise<T>) {
  lt.log.reset();
  outer429 = 0;
  const result = await run();
  const s = lt.log.summary();
  const inner = (part: string) =>
    Object.entries(s.batchedByRoute)
      .filter(([route]) => route.includes(part))
      .reduce((n, [, c]) => n + c, 0);
  return {
    result,
    requests: s.graph,
    writes: inner('batchRecordDecisions'),
    reads: inner('GET accessReviews/instances/{id}/decisions'),
    outer429,
  };
}

async function setFaults(lt: LocalTenant, rules: FaultRule[]): Promise<void> {
  await fetch(`${lt.url}/_localtenant/faults`, { method: 'DELETE' });
  for (const rule of rules) {
    await fetch(`${lt.url}/_localtenant/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rule),
    });
  }
}

async function main(): Promise<void> {
  const lt = await startLocalTenant({ port: 0 });
  const azurite = await startAzurite();
  const env = localEnv(lt, azurite, randomBytes(32), { PAGE_SIZE: '10' });
  // Log lines are made as in production and written nowhere.
  const bot = buildBot(loadConfig(env), createLogger('info', { write: () => undefined }));
  await new Promise<void>((resolve) => bot.server.listen(0, '127.0.0.1', () => resolve()));
  const botUrl = `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}`;
  countOuterThrottling(lt);

  const { reviewer, client, review } = await generatedReview(lt, { seed: 42, reviewers: 200, items: ITEMS });
  const reset = () =>
    client
      .api(
        `/identityGovernance/accessReviews/definitions/${review.definitionId}/instances/${review.instanceId}/resetDecisions`,
      )
      .post({});

  console.log(`Graph HTTP requests per submit, every decision read back (local tenant request log)`);
  console.log('submit                                   requests   writes  reads   recorded');
  const big: TeamsUser = { aadObjectId: reviewer.id, name: reviewer.name };
  const chat = new Chat(botUrl, lt, big);
  const inbox = (await chat.execute('reviews', {})).value; // signs in first, so sign-in is not counted below
  const page = (await chat.execute('openReview', actionData(inbox, /^(Review|Open)$/))).value;
  const submit = actionData(page, 'Submit decisions') as { items: unknown[] };
  for (const n of [1, 5, 10]) {
    const choices = Object.fromEntries(Array.from({ length: n }, (_, i) => [`choice_${i}`, 'Deny']));
    const c = await counted(lt, () => chat.execute('submit', { ...submit, ...choices, justification: 'bench' }));
    const said = /Recorded \d+ decisions?|\d+ recorded, \d+ not recorded/.exec(JSON.stringify(c.result.value))?.[0];
    console.log(
      `${`${n} from a card, through the bot`.padEnd(40)} ${String(c.requests).padStart(6)}   ${String(c.writes).padStart(6)} ${String(c.reads).padStart(6)}   ${said}`,
    );
  }
  const everyone = await notReviewedItems(client, review);
  let next = 100;
  for (const n of [1, 10, 19, 20, 50]) {
    const people = everyone.slice(next, next + n);
    const calls: DecisionCall[] = people.map((item, i) => ({
      itemId: item.id,
      principalId: item.principalId,
      resourceId: item.resourceId,
      decision: 'Deny',
      justification: 'bench',
      itemIndex: i,
    }));
    next += n;
    const c = await counted(lt, () =>
      recordDecisions(client, review, calls, { reviewerId: reviewer.id, maxRetries: 3 }),
    );
    const recorded = applyOutcome(people, { calls, problems: [] }, c.result, reviewer.id).recorded;
    console.log(
      `${`${n} through recordDecisions`.padEnd(40)} ${String(c.requests).padStart(6)}   ${String(c.writes).padStart(6)} ${String(c.reads).padStart(6)}   ${recorded} of ${n}`,
    );
  }

  console.log(`\nApprove everyone on a ${ITEMS.toLocaleString('en')}-person review with the bulk engine`);
  console.log(
    'run                                            wall s  requests  writes  reads  429s in/out  recorded  progress calls',
  );
  // The local tenant answers in-process; a latency per $batch stands in for the round trip to Graph.
  const latency = (ms: number): FaultRule[] => [{ match: String.raw`^POST /v1\.0/\$batch$`, latencyMs: ms }];
  const throttling: FaultRule[] = [
    { match: 'batchRecordDecisions', throttle: 0.005, retryAfterSeconds: 1 },
    { match: String.raw`^POST /v1\.0/\$batch$`, throttle: 0.02, retryAfterSeconds: 1 },
  ];
  const runs: { name: string; maxConcurrent: number; faults: FaultRule[] }[] = [
    { name: 'one batch at a time', maxConcurrent: 1, faults: [] },
    { name: '4 batches in flight', maxConcurrent: 4, faults: [] },
    { name: '4 in flight, injected 429s', maxConcurrent: 4, faults: throttling },
    { name: 'one at a time, +100 ms per $batch', maxConcurrent: 1, faults: latency(100) },
    { name: '4 in flight, +100 ms per $batch', maxConcurrent: 4, faults: latency(100) },
    { name: '4 in flight, +100 ms, injected 429s', maxConcurrent: 4, faults: [...throttling, ...latency(100)] },
  ];
  for (const run of runs) {
    await reset();
    const items = await notReviewedItems(client, review);
    const plan = approveRestPlan(review, items, 'bench');
    await setFaults(lt, run.faults);
    const progress: RecordProgress[] = [];
    const t0 = performance.now();
    const c = await counted(lt, () =>
      recordDecisions(client, review, plan.calls, {
        reviewerId: reviewer.id,
        maxRetries: 8,
        maxWaitSeconds: Infinity,
        maxConcurrent: run.maxConcurrent,
        onProgress: (p) => progress.push(p),
      }),
    );
    const wall = (performance.now() - t0) / 1000;
    await setFaults(lt, []);
    const recorded = applyOutcome(items, plan, c.result, reviewer.id).recorded;
    // Each write answered 429 is sent again, so the writes beyond one per person are the inner 429s.
    const throttled = `${c.writes - items.length}/${c.outer429}`;
    console.log(
      `${run.name.padEnd(46)} ${wall.toFixed(1).padStart(6)}  ${String(c.requests).padStart(8)}  ${String(c.writes).padStart(6)}  ${String(c.reads).padStart(5)}  ${throttled.padStart(11)}  ${String(recorded).padStart(8)}  ${String(progress.length).padStart(14)}`,
    );
  }
  console.log(
    '(requests: HTTP $batch calls, throttled ones included; writes and reads: requests inside them, retries included)',
  );

  bot.server.close();
  await azurite.stop();
  await lt.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
