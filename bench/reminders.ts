/**
 * What reminders cost: Graph requests and bytes per reviewer per poll (idle, and with a 50,000-person review), poll
 * throughput of one instance over 10,000 reviewers, and reminder fan-out to 5,000 chats through the local Bot
 * Connector with Teams' limits (share of the 50 a second, 429s, lost, duplicates). Prints figures; never passes or
 * fails on time. The memory of one compiled instance polling 10,000 reviewers is bench/reminders-instance.ts.
 *
 *   npm run bench   (or: NODE_EXTRA_CA_CERTS=.localdata/ca/localtenant-ca.pem npx ts-node --transpile-only bench/reminders.ts)
 */
import { randomUUID } from 'node:crypto';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { startLocalTenant, LocalTenant } from '../localtenant';
import { generateTenant } from '../localtenant/seed/generator';
import { ProactiveSender } from '../src/bot/proactiveSender';
import { createGraphClient } from '../src/graph/client';
import { myReviewCounts } from '../src/graph/reminderCounts';
import { PollWorker } from '../src/notify/pollWorker';
import { createLogger } from '../src/logging';
import { createStorage } from '../src/storage/blobStorage';
import { ConversationReferences } from '../src/storage/conversationReferences';
import { EtagDocuments } from '../src/storage/etagDocuments';
import { PollQueue } from '../src/storage/pollQueue';
import { ReminderState } from '../src/storage/reminderState';
import { startAzurite } from '../test/support/azurite';
import { userGraphToken } from '../test/support/graph';

/** Log lines are made as in production and written nowhere. */
const nowhere = createLogger('info', { write: () => undefined });

const POLLED = Number(process.env.BENCH_POLL_REVIEWERS ?? 10_000);
const FANOUT = Number(process.env.BENCH_FANOUT_REVIEWERS ?? 5_000);

/** Graph requests and response bytes seen by this process's fetch (the bot's Graph client uses it). */
const graph = { requests: 0, bytes: 0 };
function countGraph(lt: LocalTenant): void {
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const res = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(`${lt.url}/v1.0`) || url.startsWith(`${lt.url}/beta`)) {
      graph.requests++;
      graph.bytes += (await res.clone().arrayBuffer()).byteLength;
    }
    return res;
  };
}

async function pollCost(lt: LocalTenant, upn: string, label: string) {
  const token = await userGraphToken(lt, upn, ['AccessReview.ReadWrite.All']);
  const client = createGraphClient(async () => token, { baseUrl: lt.url, timeoutMs: 60_000, maxRetries: 3 });
  const before = { ...graph };
  const counts = await myReviewCounts(client);
  console.log(
    `  ${label}: ${graph.requests - before.requests} request(s), ${graph.bytes - before.bytes} bytes ` +
      `(${counts.reviews.length} review(s) in progress)`,
  );
  return client;
}

async function main() {
  const lt = await startLocalTenant({ port: 0 });
  const azurite = await startAzurite();
  countGraph(lt);
  try {
    console.log('Graph per reviewer per poll');
    const idle = generateTenant(lt.tenant, { seed: 31, reviewers: 2, reviews: 1, itemsPerInstance: 1 });
    await pollCost(lt, `user1.s${idle.seed}@${lt.tenant.domain}`, 'idle (nothing to review)');
    const big = generateTenant(lt.tenant, { seed: 32, reviewers: 3, reviews: 1, itemsPerInstance: 50_000 });
    await pollCost(lt, big.bigInstance.reviewerUpn, 'one review of 50,000 people');
    const typical = generateTenant(lt.tenant, { seed: 33, reviewers: 3, reviews: 1, itemsPerInstance: 40 });
    const typicalClient = await pollCost(lt, typical.bigInstance.reviewerUpn, 'one review of 40 people');

    // Throughput: enrolled directly through the storage and queue code (not 10,000 sign-ins); every poll reads
    // Graph for real, with one typical reviewer's token (one review of 40 people), and plans and claims.
    const container = `bench-${randomUUID().slice(0, 8)}`;
    const references = new ConversationReferences(createStorage(azurite.connectionString, container));
    const state = new ReminderState(new EtagDocuments(azurite.connectionString, container));
    const queue = new PollQueue(azurite.connectionString, 'bench-polls');
    const settings = { intervalMs: 3_600_000, leaseMs: 120_000, concurrency: 16 };
    let delivered = 0;
    const worker = new PollWorker({
      queue,
      state,
      references,
      readReviews: () => myReviewCounts(typicalClient),
      deliver: async () => {
        delivered++;
        return 'sent';
      },
      now: () => new Date(),
      log: nowhere,
      settings,
    });
    const tenantId = lt.tenantId;
    const users = Array.from({ length: POLLED }, () => randomUUID());
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < users.length) {
          const userId = users[next++];
          await references.remember(tenantId, userId, { conversation: { id: `a:${userId}` } }, 'UTC');
          await state.docs.write(state.settingsKey(tenantId, userId), { quietHours: null, weekendDays: [] }, null);
          await worker.enrol(tenantId, userId);
        }
      }),
    );
    const enrolS = (performance.now() - t0) / 1000;
    const g0 = { ...graph };
    const t1 = performance.now();
    let polled = 0;
    while (polled < POLLED) {
      const n = await worker.pollDue(32);
      if (!n) break;
      polled += n;
    }
    const pollS = (performance.now() - t1) / 1000;
    console.log(`Poll throughput, one instance (concurrency ${settings.concurrency}), ${POLLED} reviewers`);
    console.log(`  enrolled directly (storage + queue, no sign-in) in ${enrolS.toFixed(1)} s`);
    console.log(
      `  polled ${polled} in ${pollS.toFixed(1)} s: ${(polled / pollS).toFixed(0)} polls/s, ` +
        `${((graph.requests - g0.requests) / polled).toFixed(2)} Graph requests per poll, ${delivered} reminders planned`,
    );

    // Fan-out: the production sender (bottleneck, retries) straight to 5,000 saved chats at the whole 50/s.
    lt.connector.reset();
    const sender = new ProactiveSender(new TeamsAdapter({}), {
      botAppId: randomUUID(),
      perSecond: 50,
    });
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Reminder' }] };
    const chats = Array.from({ length: FANOUT }, (_, i) => ({
      tenantId,
      userId: randomUUID(),
      timeZone: 'UTC',
      reference: {
        channelId: 'msteams',
        serviceUrl: `${lt.url}/`,
        conversation: { id: `a:fanout-${i}`, conversationType: 'personal', tenantId },
        bot: { id: '28:attest', name: 'Attest' },
        user: { id: `29:fanout-${i}`, name: `Reviewer ${i}` },
      },
    }));
    const t2 = performance.now();
    const outcomes = await Promise.all(chats.map((c) => sender.deliver(c as never, card, nowhere)));
    const fanS = (performance.now() - t2) / 1000;
    const summary = lt.connector.summary();
    const perChat = Object.values(summary.conversations).map((c) => c.sent);
    const rate = summary.sent / fanS;
    console.log(`Fan-out to ${FANOUT} chats through the connector (Teams limits)`);
    console.log(
      `  ${summary.sent} accepted in ${fanS.toFixed(1)} s: ${rate.toFixed(1)}/s = ${((rate / 50) * 100).toFixed(0)}% of 50/s`,
    );
    console.log(
      `  429s: ${summary.refusedByStatus['429'] ?? 0} (retried ${sender.counts.retried}), ` +
        `lost ${outcomes.filter((o) => o !== 'sent').length + FANOUT - perChat.length}, ` +
        `duplicates ${perChat.filter((n) => n > 1).length}`,
    );
    await sender.stop();
  } finally {
    await azurite.stop();
    await lt.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
