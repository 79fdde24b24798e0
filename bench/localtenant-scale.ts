/**
 * Local tenant at scale: 10,000 reviewers and instances of 5,000 decision items. Prints milliseconds (p50/p95) for
 * a reviewer's filterByCurrentUser calls and for one page of the big instance, over HTTPS, and the heap in MB.
 * It prints figures; it does not pass or fail on time.
 *
 *   npx ts-node --transpile-only bench/localtenant-scale.ts
 */
import { Agent, request } from 'node:https';
import { startLocalTenant } from '../localtenant';
import { graphUserToken } from '../localtenant/entra/issueTokens';
import { generateTenant } from '../localtenant/seed/generator';

const REVIEWERS = 10_000;
const REVIEWS = 10;
const ITEMS = 5_000;
const SAMPLES = 300;

function get(agent: Agent, url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(name: string, run: (i: number) => Promise<{ status: number }>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = process.hrtime.bigint();
    const res = await run(i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(58)} p50 ${percentile(times, 50).toFixed(2)} ms   p95 ${percentile(times, 95).toFixed(2)} ms`,
  );
}

async function main(): Promise<void> {
  const lt = await startLocalTenant({ port: 0, seed: 'empty' });
  try {
    const t0 = Date.now();
    const made = generateTenant(lt.tenant, {
      seed: 42,
      reviewers: REVIEWERS,
      reviews: REVIEWS,
      itemsPerInstance: ITEMS,
    });
    console.log(
      `generated ${made.users} users, ${REVIEWS} reviews x ${ITEMS} items (${lt.tenant.reviews.items.size} items) in ${Date.now() - t0} ms`,
    );
    const agent = new Agent({ ca: lt.caCert, keepAlive: true, maxSockets: 1 });
    const app = lt.apps[0];
    const tokenFor = (upn: string) => {
      const user = lt.tenant.directory.findUser(upn);
      if (!user) throw new Error(`no user ${upn}`);
      return graphUserToken(lt.tenant, user, app, ['AccessReview.Read.All']);
    };
    const reviewers = [...lt.tenant.directory.users.values()].slice(0, REVIEWERS);
    const tokens = new Map<string, string>();
    const token = (i: number) => {
      const u = reviewers[(i * 7919) % reviewers.length];
      if (!tokens.has(u.id)) tokens.set(u.id, tokenFor(u.userPrincipalName));
      return tokens.get(u.id) as string;
    };
    const mine = "filterByCurrentUser(on='reviewer')";
    const big = made.bigInstance;
    const bigToken = tokenFor(big.reviewerUpn);
    const bigUrl = `${lt.graphV1}/identityGovernance/accessReviews/definitions/${big.definitionId}/instances/${big.instanceId}/decisions`;

    await measure('beta decisions/filterByCurrentUser (a reviewer, all reviews)', (i) =>
      get(agent, `${lt.graphBeta}/identityGovernance/accessReviews/decisions/${mine}`, token(i)),
    );
    await measure('definitions/filterByCurrentUser (a reviewer)', (i) =>
      get(agent, `${lt.graphV1}/identityGovernance/accessReviews/definitions/${mine}`, token(i)),
    );
    await measure(`big instance decisions/filterByCurrentUser, one page of 100`, (i) =>
      get(agent, `${bigUrl}/${mine}?$top=100&$skip=${(i * 100) % ITEMS}`, bigToken),
    );
    await measure(`big instance, one page filtered on recommendation eq 'Deny'`, (i) =>
      get(agent, `${bigUrl}/${mine}?$top=100&$skip=${(i * 100) % 1000}&$filter=recommendation eq 'Deny'`, bigToken),
    );
    agent.destroy();
    (globalThis as { gc?: () => void }).gc?.();
    console.log(`heap used ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MB`);
  } finally {
    await lt.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
