/**
 * What a reviewer's turns cost: Graph HTTP requests (from the local tenant's request log) for listing pending reviews,
 * opening one page and submitting N per-person decisions, against the straightforward way (the v1.0 definitions ->
 * instances -> decisions walk, and one PATCH per item); then bot-side time per turn (p50/p95, Graph HTTP time
 * subtracted) on a 5,000-person review, and card bytes. Prints figures; never passes or fails on time.
 *
 *   npm run bench   (or: NODE_EXTRA_CA_CERTS=.localdata/ca/localtenant-ca.pem npx ts-node --transpile-only bench/reviewer-turns.ts)
 *
 * With ASSIGNMENT_DETAILS_ENABLED=true the bots read role and PIM-group schedules on each such page.
 */
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { startLocalTenant, LocalTenant } from '../localtenant';
import { generateTenant } from '../localtenant/seed/generator';
import { loadConfig } from '../src/config';
import { buildBot } from '../src/index';
import { createLogger } from '../src/logging';
import { recordDecisions } from '../src/graph/recordDecisions';
import { createGraphClient } from '../src/graph/client';
import { startAzurite } from '../test/support/azurite';
import { actionData, ALEX, Chat, openReviewData, TeamsUser } from '../test/support/activities';
import { CONTOSO_REVIEWS } from '../localtenant/seed/contosoReviews';
import { CONTOSO_KIND_REVIEWS } from '../localtenant/seed/contosoGovernance';
import { localEnv } from '../test/support/bot';
import { userGraphToken } from '../test/support/graph';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);

/**
 * Graph HTTP time in this process, so bot-side time can be told apart from time spent waiting for Graph. A response
 * counts as Graph time until its whole body has arrived (with a real Graph the body streams over the network after
 * the headers; here the local tenant, in this process, encrypts it after the headers too). The bot then decodes and
 * parses the body from memory, so that part stays bot-side time.
 */
let graphMs = 0;
/** Of graphMs, the time from the headers to the end of the body. */
let graphBodyMs = 0;
const NO_BODY = new Set([101, 204, 205, 304]);
function timeGraphFetches(lt: LocalTenant): void {
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(`${lt.url}/v1.0`) && !url.startsWith(`${lt.url}/beta`)) return original(input, init);
    const t0 = performance.now();
    let t1 = t0;
    try {
      const res = await original(input, init);
      t1 = performance.now();
      const body = NO_BODY.has(res.status) ? null : await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      const t2 = performance.now();
      graphMs += t2 - t0;
      if (t1 > t0) graphBodyMs += t2 - t1;
    }
  };
}

async function graphRequests(lt: LocalTenant, run: () => Promise<unknown>): Promise<number> {
  lt.log.reset();
  await run();
  return lt.log.summary().graph;
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (n: number) => n.toFixed(1).padStart(7);

async function main(): Promise<void> {
  const lt = await startLocalTenant({ port: 0 });
  const azurite = await startAzurite();
  const key = randomBytes(32);
  // ASSIGNMENT_DETAILS_ENABLED=true in the environment: the figures with role and PIM-group schedules read per page.
  const details = process.env.ASSIGNMENT_DETAILS_ENABLED;
  const env = localEnv(lt, azurite, key, details ? { ASSIGNMENT_DETAILS_ENABLED: details } : {});
  const bots: Record<'beta' | 'v1', string> = { beta: '', v1: '' };
  const servers = [];
  for (const mode of ['beta', 'v1'] as const) {
    // Log lines are made as in production and written nowhere.
    const log = createLogger('info', { write: () => undefined });
    const bot = buildBot(loadConfig({ ...env, GRAPH_LIST_MODE: mode }), log);
    await new Promise<void>((resolve) => bot.server.listen(0, '127.0.0.1', () => resolve()));
    bots[mode] = `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}`;
    servers.push(bot.server);
  }
  const gen = generateTenant(lt.tenant, { seed: 42, reviewers: 2_000, reviews: 4, itemsPerInstance: 5_000 });
  const bigReviewer = lt.tenant.directory.findUser(gen.bigInstance.reviewerUpn)!;
  const BIG: TeamsUser = { aadObjectId: bigReviewer.id, name: bigReviewer.displayName };
  timeGraphFetches(lt);

  console.log('Graph HTTP requests per reviewer action (local tenant request log)');
  console.log('action                                         Attest   straightforward');
  const alexBeta = new Chat(bots.beta, lt, ALEX);
  const alexV1 = new Chat(bots.v1, lt, ALEX);
  await alexBeta.execute('reviews', {}); // signs in once (token exchange), so sign-in is not counted below
  await alexV1.execute('reviews', {});
  const listBeta = await graphRequests(lt, () => alexBeta.execute('reviews', {}));
  const listV1 = await graphRequests(lt, () => alexV1.execute('reviews', {}));
  // Every page of the inbox (it lists 15 reviews a page): the reviews opened below need not be on the first.
  const alexInbox = await alexBeta.inbox();
  const alexReviews = new Set(JSON.stringify(alexInbox).match(/"instanceId":"[^"]+"/g) ?? []).size;
  console.log(
    `list pending reviews (Alex, ${alexReviews} reviews of every kind) ${String(listBeta).padStart(3)}   ${String(listV1).padStart(6)}  (v1.0 walk)`,
  );
  // A page and a one-decision submit of each kind: a review over several resources costs what a group review does.
  for (const [label, id] of [
    ['group (Sales and Marketing)', CONTOSO_REVIEWS.salesAndMarketing],
    ['several resources (inactive guests)', CONTOSO_KIND_REVIEWS.inactiveGuests],
    ['app roles (Contoso Expenses)', CONTOSO_KIND_REVIEWS.expensesApp],
    ['directory role (Global Administrator)', CONTOSO_KIND_REVIEWS.globalAdministrator],
    ['PIM for Groups (Payroll Administrators)', CONTOSO_KIND_REVIEWS.payrollEligible],
    ['multi-stage (stage read once)', CONTOSO_KIND_REVIEWS.contosoSponsors],
  ] as const) {
    let opened: { value: unknown } = { value: undefined };
    const pageCount = await graphRequests(lt, async () => {
      opened = await alexBeta.execute('openReview', openReviewData(alexInbox, id));
    });
    const submit = actionData(opened.value, 'Submit decisions');
    const submitCount = await graphRequests(lt, () =>
      alexBeta.execute('submit', { ...submit, choice_0: 'DontKnow', justification: 'bench' }),
    );
    console.log(`  ${label.padEnd(40)} page ${pageCount}, submit 1: ${submitCount}`);
  }

  const big = new Chat(bots.beta, lt, BIG);
  const inbox = (await big.execute('reviews', {})).value;
  const bigList = await graphRequests(lt, () => big.execute('reviews', {}));
  const bigListBatched = Object.values(lt.log.summary().batchedByRoute).reduce((a, b) => a + b, 0);
  console.log(
    `list pending reviews (a reviewer of 5,000 people)  ${String(bigList).padStart(3)}            (200 items expanded, then pages of 999 without; ${bigListBatched} more inside $batch)`,
  );
  const open = actionData(inbox, /^(Review|Open)$/);
  let page: { value: unknown } = { value: undefined };
  const pageRequests = await graphRequests(lt, async () => (page = await big.execute('openReview', open)));
  console.log(`open one page (5,000-person review)             ${String(pageRequests).padStart(6)}`);

  const token = await userGraphToken(lt, gen.bigInstance.reviewerUpn, ['AccessReview.ReadWrite.All']);
  const client = createGraphClient(async () => token, { baseUrl: lt.url, timeoutMs: 30_000, maxRetries: 3 });
  const review = (open as { review: Parameters<typeof recordDecisions>[1] }).review;
  const admin = await userGraphToken(lt, 'admin@contoso.com', ['AccessReview.Read.All']);
  const allItems = (await (
    await fetch(
      `${lt.url}/v1.0/identityGovernance/accessReviews/definitions/${review.definitionId}/instances/${review.instanceId}/decisions?$top=999`,
      {
        headers: { authorization: `Bearer ${admin}` },
      },
    )
  ).json()) as { value: { id: string; principal: { id: string }; resource: { id: string } }[] };
  let next = 0;
  for (const n of [1, 10, 50]) {
    const people = allItems.value.slice(next, next + n);
    next += n;
    const calls = people.map((p, i) => ({
      itemId: p.id,
      principalId: p.principal.id,
      resourceId: p.resource.id,
      decision: 'Deny' as const,
      justification: 'bench',
      itemIndex: i,
    }));
    const ours = await graphRequests(lt, () =>
      recordDecisions(client, review, calls, { reviewerId: bigReviewer.id, maxRetries: 3 }),
    );
    const patches = allItems.value.slice(next, next + n);
    next += n;
    const straightforward = await graphRequests(lt, () =>
      Promise.all(
        patches.map((p) =>
          client
            .api(
              `/identityGovernance/accessReviews/definitions/${review.definitionId}/instances/${review.instanceId}/decisions/${p.id}`,
            )
            .patch({ decision: 'Deny', justification: 'bench' }),
        ),
      ),
    );
    console.log(
      `submit ${String(n).padStart(2)} per-person decisions                  ${String(ours).padStart(6)}   ${String(straightforward).padStart(6)}  (PATCH per item)`,
    );
  }
  const submitViaBot = await graphRequests(lt, async () => {
    const submit = actionData(page.value, 'Submit decisions');
    await big.execute('submit', {
      ...submit,
      choice_0: 'Approve',
      choice_1: 'Deny',
      choice_2: 'DontKnow',
      justification: 'bench',
    });
  });
  console.log(`submit 3 from a card, through the bot           ${String(submitViaBot).padStart(6)}`);

  console.log(
    `\nBot-side time per turn on the 5,000-person review (${SAMPLES} samples; turn time minus Graph HTTP time up to the end of each body, ms)`,
  );
  console.log('turn           p50      p95    graph p50 (of it, body)   card bytes');
  const turn = async (name: string, run: () => Promise<{ value: unknown }>) => {
    const bot: number[] = [];
    const graph: number[] = [];
    const body: number[] = [];
    let bytes = 0;
    for (let i = 0; i < SAMPLES; i++) {
      graphMs = 0;
      graphBodyMs = 0;
      const t0 = performance.now();
      const res = await run();
      const total = performance.now() - t0;
      bot.push(total - graphMs);
      graph.push(graphMs);
      body.push(graphBodyMs);
      bytes = Buffer.byteLength(JSON.stringify(res.value));
    }
    console.log(
      `${name.padEnd(10)} ${fmt(pct(bot, 50))}  ${fmt(pct(bot, 95))}    ${fmt(pct(graph, 50))}   ${fmt(pct(body, 50))}       ${String(bytes).padStart(9)}`,
    );
  };
  await turn('list', () => big.execute('reviews', {}));
  await turn('page', () => big.execute('openReview', open));
  const submit = actionData(page.value, 'Submit decisions');
  let flip = false;
  await turn('submit', () => {
    flip = !flip;
    return big.execute('submit', { ...submit, choice_0: flip ? 'Approve' : 'Deny', justification: 'bench' });
  });
  const mem = process.memoryUsage();
  console.log(
    `\nprocess memory (bot + local tenant + bench in one process): rss ${(mem.rss / 1048576).toFixed(0)} MB, heap ${(mem.heapUsed / 1048576).toFixed(0)} MB`,
  );

  for (const s of servers) s.close();
  await azurite.stop();
  await lt.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
