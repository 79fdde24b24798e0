import { QueueClient } from '@azure/storage-queue';
import { storageCall } from './storageCall';

/** One reviewer's poll job: who, and which enrolment it belongs to (an older enrolment's job is dropped). */
export interface PollJob {
  tenantId: string;
  userId: string;
  generation: string;
  /** Polls that failed in a row, for the back-off. */
  failures: number;
}

/**
 * The tenant scan's job (first contact and escalation): one for the tenant, whichever instance takes it; a job of
 * another generation than the schedule names is a stale duplicate.
 */
export interface ScanJob {
  kind: 'scan';
  tenantId: string;
  generation: string;
  failures: number;
}

export type QueueJob = PollJob | ScanJob;

export function isScanJob(job: QueueJob): job is ScanJob {
  return (job as ScanJob).kind === 'scan';
}

/** A job taken from the queue: invisible to every other instance until `visibleAgainAt`. */
export interface LeasedJob<J extends QueueJob = PollJob> {
  job: J;
  messageId: string;
  popReceipt: string;
}

/** Azure Storage keeps a message invisible for at most seven days. */
const MAX_VISIBILITY_S = 7 * 24 * 3600;
const seconds = (ms: number) => Math.max(0, Math.min(MAX_VISIBILITY_S, Math.ceil(ms / 1000)));

/**
 * The poll schedule: an Azure Storage queue with one message per reviewer, made visible again at that reviewer's next
 * poll. Every instance receives from it; a job an instance took and never rescheduled (it crashed) comes back on its
 * own after the lease. Messages never expire (TTL -1): the job lives as long as the reviewer is enrolled. Every call
 * has a deadline (storageCall): StorageSlow when the queue does not answer in time.
 */
export class PollQueue {
  private readonly queue: QueueClient;
  private ready?: Promise<unknown>;

  constructor(connectionString: string, queueName: string) {
    this.queue = new QueueClient(connectionString, queueName);
  }

  private async created(): Promise<void> {
    await storageCall('create queue', false, (abortSignal) => {
      this.ready ??= this.queue.createIfNotExists({ abortSignal }).catch((err) => {
        this.ready = undefined;
        throw err;
      });
      return this.ready;
    });
  }

  /** Adds a job, visible after `delayMs`. */
  async add(job: QueueJob, delayMs = 0): Promise<void> {
    await this.created();
    await storageCall('queue job', true, (abortSignal) =>
      this.queue.sendMessage(encode(job), { visibilityTimeout: seconds(delayMs), messageTimeToLive: -1, abortSignal }),
    );
  }

  /** Takes up to `max` visible jobs, each hidden from other instances for `leaseMs`. */
  async take(max: number, leaseMs: number): Promise<LeasedJob<QueueJob>[]> {
    await this.created();
    // Cut short, the jobs received are hidden for the lease and then come back: nothing is lost.
    const res = await storageCall('take jobs', false, (abortSignal) =>
      this.queue.receiveMessages({
        numberOfMessages: Math.max(1, Math.min(32, max)),
        visibilityTimeout: seconds(leaseMs),
        abortSignal,
      }),
    );
    const out: LeasedJob<QueueJob>[] = [];
    for (const m of res.receivedMessageItems) {
      const job = decode(m.messageText);
      if (job) out.push({ job, messageId: m.messageId, popReceipt: m.popReceipt });
      // Unreadable: not ours to keep retrying forever.
      else
        await storageCall('remove job', true, (abortSignal) =>
          this.queue.deleteMessage(m.messageId, m.popReceipt, { abortSignal }),
        ).catch(() => undefined);
    }
    return out;
  }

  /** Puts the job back, visible again after `delayMs`, with its new content (the failure count). */
  async reschedule<J extends QueueJob>(leased: LeasedJob<J>, job: J, delayMs: number): Promise<void> {
    const res = await storageCall('reschedule job', true, (abortSignal) =>
      this.queue.updateMessage(leased.messageId, leased.popReceipt, encode(job), seconds(delayMs), { abortSignal }),
    );
    if (res.popReceipt) leased.popReceipt = res.popReceipt;
  }

  /** The reviewer is no longer polled (signed out, unreachable, or a stale duplicate job). */
  async remove(leased: LeasedJob<QueueJob>): Promise<void> {
    await storageCall('remove job', true, (abortSignal) =>
      this.queue.deleteMessage(leased.messageId, leased.popReceipt, { abortSignal }),
    );
  }

  /** Messages in the queue, visible or not (approximate, as Azure reports it). */
  async approximateCount(): Promise<number> {
    await this.created();
    const res = await storageCall('count jobs', false, (abortSignal) => this.queue.getProperties({ abortSignal }));
    return res.approximateMessagesCount ?? 0;
  }
}

function encode(job: QueueJob): string {
  return Buffer.from(JSON.stringify(job)).toString('base64');
}

function decode(text: string): QueueJob | undefined {
  try {
    const j = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Partial<PollJob> & { kind?: unknown };
    if (j.kind === 'scan') {
      if (typeof j.tenantId !== 'string' || typeof j.generation !== 'string') return;
      return {
        kind: 'scan',
        tenantId: j.tenantId,
        generation: j.generation,
        failures: Number.isInteger(j.failures) ? j.failures! : 0,
      };
    }
    if (typeof j.tenantId !== 'string' || typeof j.userId !== 'string' || typeof j.generation !== 'string') return;
    return {
      tenantId: j.tenantId,
      userId: j.userId,
      generation: j.generation,
      failures: Number.isInteger(j.failures) ? j.failures! : 0,
    };
  } catch {
    return undefined;
  }
}
