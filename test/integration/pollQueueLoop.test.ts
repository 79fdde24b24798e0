import { randomUUID } from 'node:crypto';
import { sleep } from '../../scripts/processes';
import { ReviewCounts } from '../../src/graph/reminderCounts';
import { PollSettings, PollWorker } from '../../src/notify/pollWorker';
import { createStorage } from '../../src/storage/blobStorage';
import { ConversationReferences } from '../../src/storage/conversationReferences';
import { EtagDocuments } from '../../src/storage/etagDocuments';
import { PollQueue } from '../../src/storage/pollQueue';
import { ReminderState } from '../../src/storage/reminderState';
import { Azurite, startAzurite } from '../support/azurite';
import { testLogger } from '../support/logs';

/**
 * The queue loop (`work`, `pollDue`, `start`) on a real queue (Azurite), with Graph and the Bot Connector stood in
 * for: what matters here is when a reviewer's job is visible, and to whom. Azure's visibility timeouts are whole
 * seconds, so the waits below are a few seconds each.
 */
const TENANT = randomUUID();

describe('the poll queue loop', () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 120_000);
  afterAll(async () => {
    await azurite?.stop();
  });

  /** A worker on `queueName` whose Graph read is `read`; polls are recorded per reviewer. */
  function worker(
    queueName: string,
    container: string,
    settings: PollSettings,
    read: (userId: string) => Promise<void>,
  ) {
    const references = new ConversationReferences(createStorage(azurite.connectionString, container));
    const polls: string[] = [];
    const w = new PollWorker({
      queue: new PollQueue(azurite.connectionString, queueName),
      state: new ReminderState(new EtagDocuments(azurite.connectionString, container)),
      references,
      readReviews: async (userId): Promise<ReviewCounts> => {
        polls.push(userId);
        await read(userId);
        return { reviews: [], requests: 1 };
      },
      deliver: async () => 'sent',
      now: () => new Date(),
      log: testLogger('poll-worker').log,
      settings,
    });
    return { w, polls, references };
  }

  async function enrolled(
    queueName: string,
    settings: PollSettings,
    read: (userId: string) => Promise<void> = async () => undefined,
  ) {
    const container = `loop-${randomUUID().slice(0, 8)}`;
    const first = worker(queueName, container, settings, read);
    const userId = randomUUID();
    await first.references.remember(TENANT, userId, { conversation: { id: `a:${userId}` } }, 'UTC');
    expect(await first.w.enrol(TENANT, userId)).toBe(true);
    return { ...first, userId, another: () => worker(queueName, container, settings, read) };
  }

  it('gives a job an instance took and never put back to another instance after the lease', async () => {
    const settings = { intervalMs: 600_000, leaseMs: 2000, concurrency: 4 };
    let hang = true;
    // The first instance takes the job and hangs in its poll (as a process that died would never answer).
    const {
      w: stuck,
      userId,
      another,
    } = await enrolled('loop-lease', settings, async () => {
      if (hang) await new Promise(() => undefined);
    });
    void stuck.pollDue();
    await sleep(300);
    hang = false;
    const other = another();
    expect(await other.w.pollDue()).toBe(0);
    await sleep(settings.leaseMs + 1500);
    expect(await other.w.pollDue()).toBe(1);
    expect(other.polls).toEqual([userId]);
  });

  it('puts a polled job back until the next poll time, and polls it again then', async () => {
    const settings = { intervalMs: 3000, leaseMs: 30_000, concurrency: 4 };
    const { w, polls, userId } = await enrolled('loop-next', settings);
    expect(await w.pollDue()).toBe(1);
    // Polled, put back: hidden until the next poll (not the lease), for every instance.
    expect(await w.pollDue()).toBe(0);
    await sleep(settings.intervalMs + 1500);
    expect(await w.pollDue()).toBe(1);
    expect(polls).toEqual([userId, userId]);
  });

  it('never lets two instances poll one reviewer at the same time', async () => {
    const settings = { intervalMs: 1000, leaseMs: 10_000, concurrency: 4 };
    let inFlight = 0;
    let most = 0;
    const slowRead = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await sleep(400);
      inFlight--;
    };
    const a = await enrolled('loop-two', settings, slowRead);
    const b = a.another();
    a.w.start(50);
    b.w.start(50);
    await sleep(6000);
    await Promise.all([a.w.stop(), b.w.stop()]);
    // Polled several times over (by whichever instance was free), never twice at once.
    expect(a.polls.length + b.polls.length).toBeGreaterThanOrEqual(3);
    expect(most).toBe(1);
  });
});
