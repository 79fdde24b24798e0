import { randomUUID } from 'node:crypto';
import { SignInRequired } from '../auth/tokenService';
import { GraphBusy, PolledReview, ReviewCounts } from '../graph/reminderCounts';
import { withDeadline } from '../deadline';
import { correlated, Logger } from '../logging';
import { ledgerToKeep, Reminder, reminderPlan } from '../reviews/reminderPolicy';
import { keepOnly, LedgerEntries, toldKeys, withClaims, withoutClaims, withSent } from '../reviews/reminderLedger';
import { normalizeReminderSettings, reminderTimeZone } from '../reviews/reminderSettings';
import { ConversationReferences, SavedReference } from '../storage/conversationReferences';
import { WriteConflict } from '../storage/etagDocuments';
import { isScanJob, LeasedJob, PollJob, PollQueue, ScanJob } from '../storage/pollQueue';
import { Enrolment, Ledger, ReminderState } from '../storage/reminderState';
import { renderCard } from '../views/renderCard';
import { messageView } from '../views/cardViews';
import { reminderView } from '../views/reminderViews';
import * as words from '../views/wording';

/**
 * Proactive reminders: one poll job per signed-in reviewer in a storage queue, taken by whichever instance is free.
 * A poll reads the reviewer's reviews as them (silent token, a few Graph requests whatever their size), asks the
 * reminder policy what is due, claims those ledger keys, sends, and puts the job back for the next poll. It knows
 * nothing of Bot Framework: `deliver` (from src/bot) sends a card to a saved conversation.
 */

/** What delivery of one card came to: accepted; failed for now (retry later); the chat is gone for good. */
export type Delivery = 'sent' | 'failed' | 'gone';

export interface PollWorkerDeps {
  queue: PollQueue;
  state: ReminderState;
  references: ConversationReferences;
  /** The reviewer's reviews in progress with counts, read as them; throws SignInRequired or GraphBusy. */
  readReviews: (userId: string) => Promise<ReviewCounts>;
  /** Sends a card; what goes wrong is logged through `log`, the poll job's. */
  deliver: (reference: SavedReference, card: Record<string, unknown>, log: Logger) => Promise<Delivery>;
  now: () => Date;
  /** The process's logger; each poll logs through its own child (a job with its correlationId). */
  log: Logger;
  settings: PollSettings;
  /** Works the tenant scan's job when this instance takes it from the shared queue (first contact is on). */
  scanJob?: (leased: LeasedJob<ScanJob>) => Promise<unknown>;
}

export interface PollSettings {
  /** Longest wait between two polls of a reviewer (jittered by up to a fifth, earlier when the policy says so). */
  intervalMs: number;
  /** How long a taken job stays hidden from other instances: longer than a poll takes. */
  leaseMs: number;
  /** Jobs worked on at once by this instance. */
  concurrency: number;
}

/** What a poll came to, for the queue (and tests). */
export type PollOutcome =
  | { kind: 'polled'; sent: number; nextAt: Date; graphRequests: number }
  | { kind: 'retry'; after: number; error: unknown }
  | { kind: 'stopped'; why: 'notEnrolled' | 'signIn' | 'unreachable' };

/** The longest back-off after failures in a row. */
const MAX_BACKOFF_MS = 3_600_000;
/** The enrolment's seenAt is refreshed at most this often (one blob write per reviewer per hour, not per poll). */
const SEEN_EVERY_MS = 3_600_000;
/**
 * A settings change's job comes up this long after it is queued: well after the enrolment write that names its
 * generation has landed or failed (that write is bounded by REPLAN_WITHIN_MS), so the job never finds the old
 * generation and drops itself; and the changes made meanwhile share it. Reminders are planned in hours and days.
 */
export const REPLAN_DELAY_MS = 15_000;
const REPLAN_WITHIN_MS = 5_000;
/** Past its due time and a lease, a settings change's job that has still not run is taken as lost after this. */
const REPLAN_MARGIN_MS = 60_000;

export function backoff(failures: number, retryAfterMs = 0): number {
  const exp = Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, failures - 1));
  return Math.max(retryAfterMs, exp) * (1 + Math.random() * 0.2);
}

export class PollWorker {
  private running = false;
  private stopped?: () => void;

  constructor(private readonly deps: PollWorkerDeps) {}

  /**
   * Starts polling this reviewer (on sign-in, and on a turn of someone `signedIn` says has a session: a reviewer who
   * blocked the bot and unblocked it, or added the app again, signs in no more while the session lasts). Idempotent across instances: the enrolment is written with an eTag, so
   * of several racing sign-ins one adds the job. An active enrolment not seen for a long time (its job was lost in a
   * crash between writing it and queueing it) is renewed with a new generation; the old job, if any, then dies.
   */
  async enrol(tenantId: string, userId: string, signedIn: () => Promise<boolean> = async () => true): Promise<boolean> {
    const now = this.deps.now().getTime();
    const staleAfter = Math.max(6 * SEEN_EVERY_MS, 3 * this.deps.settings.intervalMs);
    return this.newGeneration(
      tenantId,
      userId,
      (e) => !!e?.active && now - Date.parse(e.seenAt) < staleAfter,
      signedIn,
    );
  }

  /**
   * The reviewer's settings changed: poll them soon instead of at the time the old settings planned. A job cannot be
   * made visible without its pop receipt, so the enrolment takes a new generation with a job of its own, due in
   * REPLAN_DELAY_MS; the old job, when it comes up, belongs to an old generation and is dropped. While that job has
   * not run, further changes queue nothing: it reads the settings when it runs, so a flood of changes costs one job.
   * The job is queued before the enrolment names it, so a write that fails (or whose outcome is unknown) never leaves
   * the reviewer without a live job: either the enrolment keeps the old generation, whose job lives on, or it names the
   * new one, already queued. Nothing happens when they are not enrolled. True when this call queued a job.
   */
  async replan(tenantId: string, userId: string): Promise<boolean> {
    // However long the caller may wait, the enrolment write must land well before the job comes up.
    return withDeadline(REPLAN_WITHIN_MS, async () => {
      const { docs } = this.deps.state;
      const key = this.deps.state.enrolmentKey(tenantId, userId);
      for (let attempt = 0; attempt < 5; attempt++) {
        const { value, etag } = await docs.read<Enrolment>(key);
        if (!value?.active || this.replanPending(value)) return false;
        const now = this.deps.now();
        const generation = randomUUID();
        const dueAt = new Date(now.getTime() + REPLAN_DELAY_MS).toISOString();
        await this.deps.queue.add({ tenantId, userId, generation, failures: 0 }, REPLAN_DELAY_MS);
        const next: Enrolment = { active: true, generation, seenAt: now.toISOString(), replan: { generation, dueAt } };
        try {
          await docs.write(key, next, etag);
          return true;
        } catch (err) {
          // Another change got in first: the job just queued is stale, and is dropped when it comes up.
          if (err instanceof WriteConflict) continue;
          throw err;
        }
      }
      return false;
    });
  }

  /**
   * Whether a settings change's job is queued and has not run. One that should have run long ago (due, plus a lease,
   * plus a margin) is taken as lost, so that it never stops a new change from queueing one.
   */
  private replanPending(e: Enrolment): boolean {
    if (!e.replan || e.replan.generation !== e.generation) return false;
    const overdueAt = Date.parse(e.replan.dueAt) + this.deps.settings.leaseMs + REPLAN_MARGIN_MS;
    return this.deps.now().getTime() < overdueAt;
  }

  /**
   * Writes a new generation of the enrolment (with the eTag it was read at, so of racing writers one wins) and queues
   * its job, unless `leave` says the current enrolment stays as it is or `allowed` says no. True when this call queued
   * the job.
   */
  private async newGeneration(
    tenantId: string,
    userId: string,
    leave: (current: Enrolment | undefined) => boolean,
    allowed: () => Promise<boolean> = async () => true,
  ): Promise<boolean> {
    const { docs } = this.deps.state;
    const key = this.deps.state.enrolmentKey(tenantId, userId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const { value, etag } = await docs.read<Enrolment>(key);
      if (leave(value) || !(await allowed())) return false;
      const next: Enrolment = { active: true, generation: randomUUID(), seenAt: this.deps.now().toISOString() };
      try {
        await docs.write(key, next, etag);
      } catch (err) {
        if (err instanceof WriteConflict) continue;
        throw err;
      }
      await this.deps.queue.add({ tenantId, userId, generation: next.generation, failures: 0 });
      return true;
    }
    return false;
  }

  /** A poll's logger: its own correlationId and the reviewer's Entra object id. */
  private jobLog(userId: string): Logger {
    return correlated(this.deps.log, { job: 'poll', userId });
  }

  /** Polls one reviewer now: reads, plans, claims, sends. The queue job (if any) is the caller's to reschedule. */
  async pollReviewer(
    job: Pick<PollJob, 'tenantId' | 'userId'> & Partial<PollJob>,
    now = this.deps.now(),
    log = this.jobLog(job.userId),
  ) {
    const { state, references } = this.deps;
    const { tenantId, userId } = job;
    const enrolmentKey = state.enrolmentKey(tenantId, userId);
    let enrolment = await state.docs.read<Enrolment>(enrolmentKey);
    for (let attempt = 0; ; attempt++) {
      const live = enrolment.value?.active && (!job.generation || job.generation === enrolment.value.generation);
      if (!live) return { kind: 'stopped', why: 'notEnrolled' } satisfies PollOutcome;
      // The job a settings change queued has come up: from here on, another change queues a new one. Cleared before
      // the settings are read, so no change made after this point is missed.
      if (!job.generation || enrolment.value!.replan?.generation !== job.generation) break;
      const cleared: Enrolment = { ...enrolment.value!, replan: undefined, seenAt: now.toISOString() };
      try {
        enrolment = { value: cleared, etag: await state.docs.write(enrolmentKey, cleared, enrolment.etag) };
        break;
      } catch (err) {
        if (!(err instanceof WriteConflict) || attempt >= 2) throw err;
        enrolment = await state.docs.read<Enrolment>(enrolmentKey);
      }
    }

    const saved = await references.find(tenantId, userId);
    // Uninstalled (the reference went with it): nothing can reach them, so Graph is not asked either.
    if (!saved) return this.unreachable(tenantId, userId, enrolment.value!, log);

    let counts: ReviewCounts;
    try {
      counts = await this.deps.readReviews(userId);
    } catch (err) {
      if (err instanceof SignInRequired) return this.signInAgain(job, enrolment.value!, saved, log);
      return {
        kind: 'retry',
        after: err instanceof GraphBusy ? err.retryAfterMs : 0,
        error: err,
      } satisfies PollOutcome;
    }

    if (now.getTime() - Date.parse(enrolment.value!.seenAt) > SEEN_EVERY_MS) {
      await state.docs
        .write(enrolmentKey, { ...enrolment.value!, seenAt: now.toISOString() }, enrolment.etag)
        .catch(() => undefined);
    }

    const settingsDoc = await state.docs.read<unknown>(state.settingsKey(tenantId, userId));
    const { settings } = normalizeReminderSettings(settingsDoc.value, now);
    const timeZone = reminderTimeZone(settings, saved.timeZone);
    const ledgerKey = state.ledgerKey(tenantId, userId);
    const justification = new Map(counts.reviews.map((r: PolledReview) => [r.instanceId, r.justificationRequired]));

    let sent = 0;
    let nextAt: Date | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      const { value, etag } = await state.docs.read<Ledger>(ledgerKey);
      const entries = value?.entries ?? {};
      const plan = reminderPlan({
        now,
        timeZone: saved.timeZone,
        settings,
        reviews: counts.reviews,
        ledger: toldKeys(entries, now, this.deps.settings.leaseMs),
      });
      nextAt = plan.nextCheckAt;
      if (!plan.send.length) break;
      const keys = plan.send.flatMap((r) => r.keys);
      const kept = keepOnly(entries, ledgerToKeep(Object.keys(entries), counts.reviews, now, timeZone));
      try {
        await state.docs.write<Ledger>(ledgerKey, { entries: withClaims(kept, keys, now) }, etag);
      } catch (err) {
        // Another instance is polling this reviewer at this moment: plan again from what it claimed.
        if (err instanceof WriteConflict) continue;
        throw err;
      }
      for (const reminder of plan.send) {
        const card = renderCard(
          'reminder',
          reminderView(reminder, now, (id) => justification.get(id) ?? false),
        );
        const outcome = await this.deliverSafely(saved, card, log);
        await this.settle(ledgerKey, reminder, outcome);
        if (outcome === 'gone') return this.unreachable(tenantId, userId, enrolment.value!, log);
        if (outcome === 'sent') sent++;
      }
      break;
    }
    if (sent) log.info({ sent }, 'reminders sent');
    return {
      kind: 'polled',
      sent,
      nextAt: nextAt ?? new Date(now.getTime() + this.deps.settings.intervalMs),
      graphRequests: counts.requests,
    } satisfies PollOutcome;
  }

  private async deliverSafely(saved: SavedReference, card: Record<string, unknown>, log: Logger): Promise<Delivery> {
    try {
      return await this.deps.deliver(saved, card, log);
    } catch (err) {
      log.warn({ err }, 'reminder not delivered');
      return 'failed';
    }
  }

  /** Marks a reminder's keys sent, or gives them back when it did not go (so the next poll tries again). */
  private async settle(ledgerKey: string, reminder: Reminder, outcome: Delivery): Promise<void> {
    const at = this.deps.now();
    await this.deps.state.docs.update<Ledger>(ledgerKey, (current) => {
      const entries = current?.entries ?? {};
      const next: LedgerEntries =
        outcome === 'sent' ? withSent(entries, reminder.keys, at) : withoutClaims(entries, reminder.keys);
      return { entries: next };
    });
  }

  /** Stops polling; only the instance whose write wins goes on (the caller then tells the reviewer, once). */
  private async stopEnrolment(
    tenantId: string,
    userId: string,
    seen: Enrolment,
    why: 'signIn' | 'unreachable',
  ): Promise<boolean> {
    const key = this.deps.state.enrolmentKey(tenantId, userId);
    const current = await this.deps.state.docs.read<Enrolment>(key);
    if (!current.value?.active || current.value.generation !== seen.generation) return false;
    try {
      await this.deps.state.docs.write<Enrolment>(key, { ...current.value, active: false, stopped: why }, current.etag);
      return true;
    } catch (err) {
      if (err instanceof WriteConflict) return false;
      throw err;
    }
  }

  /** Blocked, uninstalled or not found: the reference is dropped and the reviewer no longer polled. */
  private async unreachable(tenantId: string, userId: string, seen: Enrolment, log: Logger) {
    log.info('chat unreachable: polling stops');
    await this.stopEnrolment(tenantId, userId, seen, 'unreachable');
    await this.deps.references.forget(tenantId, userId).catch(() => undefined);
    return { kind: 'stopped', why: 'unreachable' } satisfies PollOutcome;
  }

  /** The refresh failed (revoked, expired): one "sign in again" message, then no polls until they sign in. */
  private async signInAgain(
    job: Pick<PollJob, 'tenantId' | 'userId'>,
    seen: Enrolment,
    saved: SavedReference,
    log: Logger,
  ) {
    log.info('sign-in expired: polling stops until the reviewer signs in');
    if (await this.stopEnrolment(job.tenantId, job.userId, seen, 'signIn')) {
      const card = renderCard(
        'message',
        messageView(words.SIGN_IN_AGAIN_TITLE, words.SIGN_IN_AGAIN_FOR_REMINDERS, { color: 'Warning' }),
      );
      const outcome = await this.deliverSafely(saved, card, log);
      if (outcome === 'gone') await this.deps.references.forget(job.tenantId, job.userId).catch(() => undefined);
    }
    return { kind: 'stopped', why: 'signIn' } satisfies PollOutcome;
  }

  /** Works one job taken from the queue and puts it back (or removes it) according to the outcome. */
  async work(leased: LeasedJob, log = this.jobLog(leased.job.userId)): Promise<PollOutcome> {
    const { queue, settings } = this.deps;
    let outcome: PollOutcome;
    try {
      outcome = await this.pollReviewer(leased.job, this.deps.now(), log);
    } catch (err) {
      outcome = { kind: 'retry', after: 0, error: err };
    }
    if (outcome.kind === 'stopped') {
      await queue.remove(leased);
    } else if (outcome.kind === 'retry') {
      const failures = leased.job.failures + 1;
      const retryInMs = Math.round(backoff(failures, outcome.after));
      log.warn({ err: outcome.error, failures, retryInMs }, 'poll failed');
      await queue.reschedule(leased, { ...leased.job, failures }, retryInMs);
    } else {
      const untilPolicy = outcome.nextAt.getTime() - this.deps.now().getTime();
      // Jittered, so reviewers enrolled at the same moment spread out over the interval.
      const regular = settings.intervalMs * (0.8 + Math.random() * 0.2);
      await queue.reschedule(leased, { ...leased.job, failures: 0 }, Math.max(0, Math.min(untilPolicy, regular)));
    }
    return outcome;
  }

  /** Takes the jobs due now and works them (`concurrency` at a time); how many were worked. */
  async pollDue(max = 32): Promise<number> {
    const leased = await this.deps.queue.take(Math.min(max, 32), this.deps.settings.leaseMs);
    const limit = Math.max(1, this.deps.settings.concurrency);
    let next = 0;
    const lane = async () => {
      while (next < leased.length) {
        const job = leased[next++];
        if (isScanJob(job.job)) {
          await this.scanJob(job as LeasedJob<ScanJob>);
          continue;
        }
        const log = this.jobLog(job.job.userId);
        await this.work(job as LeasedJob<PollJob>, log).catch((err) => log.warn({ err }, 'poll job not put back'));
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, leased.length) }, lane));
    return leased.length;
  }

  /**
   * A scan job: worked when first contact is on. With it off, the job is removed (instances share one configuration;
   * turning it on again queues a new one, as the schedule it names is then overdue).
   */
  private async scanJob(leased: LeasedJob<ScanJob>): Promise<void> {
    if (!this.deps.scanJob) {
      await this.deps.queue.remove(leased).catch(() => undefined);
      return;
    }
    await this.deps.scanJob(leased).catch((err) => this.deps.log.warn({ err }, 'scan job failed'));
  }

  /** Polls until stopped: takes jobs while there are any, else waits a little (queues are pulled, not pushed). */
  start(idleWaitMs = 1000): void {
    if (this.running) return;
    this.running = true;
    const loop = async () => {
      while (this.running) {
        let worked = 0;
        try {
          worked = await this.pollDue(this.deps.settings.concurrency);
        } catch (err) {
          this.deps.log.warn({ err }, 'poll queue unavailable');
        }
        if (!worked && this.running) await new Promise((r) => setTimeout(r, idleWaitMs * (0.5 + Math.random())));
      }
      this.stopped?.();
    };
    void loop();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    const done = new Promise<void>((r) => (this.stopped = r));
    this.running = false;
    await done;
  }
}
