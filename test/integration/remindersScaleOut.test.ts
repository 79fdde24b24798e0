import { randomBytes } from 'node:crypto';
import { teamsLimits } from '../../localtenant/connector/rateLimits';
import { sleep } from '../../scripts/processes';
import { PollQueue } from '../../src/storage/pollQueue';
import { actionData, cardsOf, cardText } from '../support/activities';
import { Azurite, startAzurite } from '../support/azurite';
import { localEnv } from '../support/bot';
import { BotProcess, killHard, startBotProcess } from '../support/botProcesses';
import { enrolThroughBot, inLanes } from '../support/enrolment';
import { useLocalTenant } from '../support/localTenant';
import { testLogger } from '../support/logs';
import { selfReviewPopulation } from '../support/reviewerPopulation';

/**
 * Three bot processes on one Azurite and the local tenant's Bot Connector (Teams' rate limits on): every reviewer with
 * a review due gets its reminder exactly once, also when one instance is killed (kill -9) in the middle of the run.
 * The size is REMINDER_SCALE_REVIEWERS (default 1,000, printed, so it ends in about 3 minutes on 2 shared cores; the issue asks for 2,000); the kill happens at any size.
 */
const SIZE = Number(process.env.REMINDER_SCALE_REVIEWERS ?? 1000);
const INSTANCES = 3;
const LEASE_S = 10;
const CONCURRENCY = 16;
const QUEUE = 'reminders-scale';

describe('reminders with three instances and a kill -9', () => {
  const lt = useLocalTenant();
  let azurite: Azurite;
  const bots: BotProcess[] = [];

  beforeAll(async () => {
    azurite = await startAzurite();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(bots.map((b) => b.child.stop(2000)));
    await azurite?.stop();
  });

  it('delivers every due reminder once, nothing to the uninstalled, and loses nothing to the kill', async () => {
    const started = Date.now();
    const { reviewers, instanceId } = selfReviewPopulation(lt(), SIZE, 7);
    const env = localEnv(lt(), azurite, randomBytes(32), {
      REMINDERS_ENABLED: 'true',
      REMINDER_QUEUE: QUEUE,
      POLL_LEASE_SECONDS: String(LEASE_S),
      POLL_INTERVAL_SECONDS: '600',
      POLL_CONCURRENCY: String(CONCURRENCY),
      // Teams allows 50 a second per app and tenant: a third each, rounded down.
      PROACTIVE_RATE_PER_SECOND: String(Math.floor(50 / INSTANCES)),
    });

    const enrolment = await enrolThroughBot(lt(), env, reviewers, testLogger().log);
    const chats = enrolment.chats;
    const enrolSeconds = enrolment.seconds;
    expect(await new PollQueue(env.STORAGE_CONNECTION_STRING, QUEUE).approximateCount()).toBe(SIZE);

    // Some uninstall the app (the chat reference goes), some chats are gone without a word (the connector says 404).
    const gone = Math.max(4, Math.floor(SIZE / 50));
    const uninstalled = chats.slice(0, gone);
    const notFound = chats.slice(gone, 2 * gone);
    const reachable = chats.slice(2 * gone);
    await inLanes(uninstalled, 8, async (chat) => {
      const res = await chat.send({ type: 'installationUpdate', action: 'remove' });
      expect(res.status).toBeLessThan(300);
    });
    await enrolment.stop();
    for (const chat of notFound) lt().connector.block({ user: chat.user.aadObjectId, code: 'ConversationNotFound' });
    expect(lt().connector.limits.perAppPerTenant).toEqual(teamsLimits().perAppPerTenant);

    const userOf = new Map(chats.map((c) => [c.conversationId, c.user.aadObjectId]));
    /** Per reviewer, the reminder cards accepted by the connector: which review, and when. */
    const delivered = () => {
      const out = new Map<string, { instanceId: string; at: number }[]>();
      for (const a of lt().connector.activities) {
        if (a.kind !== 'send') continue;
        for (const card of cardsOf([a.activity])) {
          if (!/Review now/.test(cardText(card))) continue;
          const review = actionData(card, 'Review now').review as { instanceId: string };
          const user = userOf.get(a.conversationId) ?? `unknown ${a.conversationId}`;
          out.set(user, [...(out.get(user) ?? []), { instanceId: review.instanceId, at: Date.parse(a.at) }]);
        }
      }
      return out;
    };

    const pollStart = Date.now();
    bots.push(...(await Promise.all([0, 1, 2].map((i) => startBotProcess(`bot${i}`, env)))));
    const expected = reachable.length;
    let killedAt = 0;
    const deadline = Date.now() + 8 * 60_000;
    while (Date.now() < deadline) {
      const done = delivered().size;
      if (!killedAt && done >= expected * 0.3) {
        killHard(bots[0]);
        killedAt = Date.now();
      }
      if (done >= expected) break;
      for (const b of bots.slice(1))
        if (b.child.hasExited()) throw new Error(`${b.child.name} stopped:\n${b.child.recentOutput(20).join('\n')}`);
      await sleep(250);
    }
    const allAt = Date.now();
    // Long enough for any job or claim the killed instance held to come back and be worked again.
    await sleep(2 * LEASE_S * 1000);
    await Promise.all(bots.map((b) => b.child.stop(2000)));

    const got = delivered();
    const summary = lt().connector.summary();
    const lost = reachable.filter((c) => !got.has(c.user.aadObjectId));
    const duplicates = [...got].filter(([, list]) => list.length > 1);
    const sent = [...got.values()].flat();
    console.log(
      [
        `reminders scale-out: ${SIZE} reviewers (REMINDER_SCALE_REVIEWERS), ${INSTANCES} instances, lease ${LEASE_S} s`,
        `  enrolment (sign-in turns): ${enrolSeconds.toFixed(1)} s`,
        `  all ${expected} reminders in ${((allAt - pollStart) / 1000).toFixed(1)} s after the instances started`,
        `  killed bot0 after ${((killedAt - pollStart) / 1000).toFixed(1)} s; reminders after the kill: ` +
          `${sent.filter((s) => s.at > killedAt).length}`,
        `  connector: ${summary.sent} sent, ${summary.refused} refused ${JSON.stringify(summary.refusedByStatus)}`,
        `  lost ${lost.length}, duplicates ${duplicates.length}`,
        `  whole test ${((Date.now() - started) / 1000).toFixed(0)} s`,
      ].join('\n'),
    );

    expect(killedAt).toBeGreaterThan(0);
    expect(lost.map((c) => c.user.aadObjectId)).toEqual([]);
    // Only the review due, and about nothing else.
    expect(new Set(sent.map((s) => s.instanceId.toLowerCase()))).toEqual(new Set([instanceId.toLowerCase()]));
    for (const chat of [...uninstalled, ...notFound]) expect(got.get(chat.user.aadObjectId)).toBeUndefined();
    // A chat that is gone is tried once, then no longer polled.
    for (const chat of notFound)
      expect(summary.conversations[chat.conversationId]?.refused ?? 0).toBeLessThanOrEqual(1);
    // The ledger's honest limit: a reminder the connector accepted in the instant before kill -9, whose "sent" was
    // never written, goes again. So a duplicate is only ever a send in flight at the kill: its first copy arrived
    // just before it, and there are no more of them than polls in flight in one instance.
    expect(duplicates.length).toBeLessThanOrEqual(CONCURRENCY);
    for (const [, list] of duplicates) {
      expect(list).toHaveLength(2);
      expect(list[0].at).toBeLessThanOrEqual(killedAt + 1000);
      expect(list[0].at).toBeGreaterThan(killedAt - 5000);
    }
  }, 900_000);
});
