import { randomUUID } from 'node:crypto';
import { Client } from '@microsoft/microsoft-graph-client';
import { installForUser, managerOf } from '../graph/teamsAppInstalls';
import { TenantReviews, TenantScan, TenantScanFailed } from '../graph/tenantReviews';
import { correlated, Logger } from '../logging';
import {
  contactStep,
  ContactStep,
  escalationDue,
  EscalationKey,
  nextScanAt,
  PendingContact,
  Person,
  ReachLine,
  reachReport,
  ReachRecord,
  ReviewerWork,
  ScannedReview,
  silentReviewers,
  Unreachable,
  withContactsClaimed,
  withContactSettled,
  withInstallRequested,
  workByReviewer,
} from '../reviews/reach';
import { maySendAt } from '../reviews/reminderPolicy';
import { defaultReminderSettings, normalizeReminderSettings } from '../reviews/reminderSettings';
import { ConversationReferences, SavedReference } from '../storage/conversationReferences';
import { WriteConflict } from '../storage/etagDocuments';
import { LeasedJob, PollQueue, ScanJob } from '../storage/pollQueue';
import { EscalationLedger, ReachState, ScanSchedule } from '../storage/reachState';
import { Enrolment, ReminderState } from '../storage/reminderState';
import { escalationView, firstContactView, managerNoteView } from '../views/reachViews';
import { messageView } from '../views/cardViews';
import { renderCard } from '../views/renderCard';
import { backoff, Delivery } from './pollWorker';

/**
 * Reaching every reviewer (FIRST_CONTACT_ENABLED): one tenant scan job on the poll queue, taken by whichever instance
 * is free, reads every review in progress with application permissions (src/graph/tenantReviews.ts), and for each
 * reviewer with work who is not signed in: sends the first-contact card to their chat, or adds Attest for them first
 * (Teams then opens the chat and the bot sends the card when the chat's installationUpdate arrives: `chatOpened`).
 * Once per reviewer and review, claimed in storage with eTags as the reminder ledger is. Past a share of a review's
 * time, and on its last day, its creator hears who has recorded nothing. Knows no Bot Framework: `deliver` sends.
 */

export interface ReachWorkerDeps {
  tenantId: string;
  queue: PollQueue;
  state: ReachState;
  reminders: ReminderState;
  references: ConversationReferences;
  /** A Graph client with an app-only token; `fresh`: a new token, not the one held. */
  appGraph: (fresh?: boolean) => Client;
  /** Attest's id in the organization's Teams app catalog. */
  catalogAppId: string;
  deliver: (reference: SavedReference, card: Record<string, unknown>, log: Logger) => Promise<Delivery>;
  now: () => Date;
  log: Logger;
  settings: ReachSettings;
}

export interface ReachSettings {
  intervalMs: number;
  leaseMs: number;
  /** Quiet hours and days off of people with no settings of their own: these, in this zone. */
  defaultTimeZone: string;
  defaultQuietHours: { start: string; end: string } | null;
  defaultDaysOff: number[];
  escalateAtShare: number;
  escalateToManagers: boolean;
  /** People worked on at once in a scan. */
  concurrency: number;
}

/** What one scan did, for logs, tests and the benchmark. */
export interface ScanSummary {
  reviews: number;
  reviewersWithWork: number;
  sent: number;
  installs: number;
  escalations: number;
  graphRequests: number;
  nextAt: Date;
}

/** Past its due time by this much (and a lease), a scan job is taken as lost and a new one queued. */
const LOST_MARGIN_MS = 5 * 60_000;
/** A manager note goes to at most this many managers per escalation. */
const MAX_MANAGERS = 50;

type PersonOutcome = { enrolled: boolean; sent: number; installed: boolean; step?: ContactStep; failed?: boolean };

export class ReachWorker {
  constructor(private readonly deps: ReachWorkerDeps) {}

  private get tenantId() {
    return this.deps.tenantId;
  }

  /**
   * Makes sure one scan job is queued for the tenant (at start of every instance). The schedule document names the
   * live job's generation; when it is missing, or its job is overdue by a lease and a margin (lost to a crash), a new
   * job is queued first and then named, with the eTag it was read at, so of instances starting together one wins and
   * the others' jobs are dropped as stale when they come up.
   */
  async ensureScheduled(delayMs = 0): Promise<boolean> {
    const { docs } = this.deps.state;
    const key = this.deps.state.scheduleKey(this.tenantId);
    const { value, etag } = await docs.read<ScanSchedule>(key);
    const now = this.deps.now().getTime();
    if (value && now < Date.parse(value.dueAt) + this.deps.settings.leaseMs + LOST_MARGIN_MS) return false;
    const generation = randomUUID();
    await this.deps.queue.add({ kind: 'scan', tenantId: this.tenantId, generation, failures: 0 }, delayMs);
    try {
      await docs.write<ScanSchedule>(key, { generation, dueAt: new Date(now + delayMs).toISOString() }, etag);
      return true;
    } catch (err) {
      if (err instanceof WriteConflict) return false;
      throw err;
    }
  }

  /** Works the scan job taken from the queue and puts it back at the next scan time (or removes a stale one). */
  async work(leased: LeasedJob<ScanJob>): Promise<ScanSummary | undefined> {
    const { docs } = this.deps.state;
    const key = this.deps.state.scheduleKey(this.tenantId);
    const schedule = await docs.read<ScanSchedule>(key);
    if (leased.job.tenantId !== this.tenantId || schedule.value?.generation !== leased.job.generation) {
      await this.deps.queue.remove(leased);
      return undefined;
    }
    const log = correlated(this.deps.log, { job: 'scan' });
    // Taken with the polls' short lease: hidden for the scan's own before it starts, so no other instance takes it
    // while it runs; if this instance dies, the job comes back after that lease.
    await this.deps.queue.reschedule(leased, leased.job, this.deps.settings.leaseMs);
    try {
      const summary = await this.scan(this.deps.now(), log);
      const delay = Math.max(0, summary.nextAt.getTime() - this.deps.now().getTime());
      await this.deps.queue.reschedule(leased, { ...leased.job, failures: 0 }, delay);
      await docs
        .write<ScanSchedule>(
          key,
          { generation: leased.job.generation, dueAt: summary.nextAt.toISOString() },
          schedule.etag,
        )
        .catch(() => undefined);
      return summary;
    } catch (err) {
      const failures = leased.job.failures + 1;
      const retryInMs = Math.round(Math.min(this.deps.settings.intervalMs, backoff(failures)));
      log.warn({ err, failures, retryInMs }, 'tenant scan failed');
      await this.deps.queue.reschedule(leased, { ...leased.job, failures }, retryInMs);
      await docs
        .write<ScanSchedule>(
          key,
          { generation: leased.job.generation, dueAt: new Date(this.deps.now().getTime() + retryInMs).toISOString() },
          schedule.etag,
        )
        .catch(() => undefined);
      return undefined;
    }
  }

  /** One scan: read the tenant's reviews, contact who needs it, escalate what is due, write the admin's report. */
  async scan(now = this.deps.now(), log = correlated(this.deps.log, { job: 'scan' })): Promise<ScanSummary> {
    let client = this.deps.appGraph();
    let reader = new TenantReviews(client);
    let read: TenantScan;
    try {
      read = await reader.scan();
    } catch (err) {
      // A token Graph no longer takes (revoked), or one issued before an administrator granted a permission (a token
      // keeps the roles it was issued with): once more with a new one.
      if (!(err instanceof TenantScanFailed && [401, 403].includes(err.failure.status))) throw err;
      client = this.deps.appGraph(true);
      reader = new TenantReviews(client);
      read = await reader.scan();
    }
    const works = workByReviewer(read.reviews, now);
    const everyone = new Map<string, Person>();
    for (const r of read.reviews) {
      for (const p of r.reviewers) everyone.set(p.id.toLowerCase(), p);
      for (const p of r.pending ?? []) everyone.set(p.person.id.toLowerCase(), p.person);
    }
    const outcomes = new Map<string, PersonOutcome>();
    const ids = [...everyone.keys()];
    let next = 0;
    const lane = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        try {
          outcomes.set(id, await this.person(client, everyone.get(id)!, works.get(id) ?? [], now, log));
        } catch (err) {
          log.warn({ err, userId: id }, 'first contact failed for a reviewer');
          outcomes.set(id, { enrolled: false, sent: 0, installed: false, failed: true });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.deps.settings.concurrency, ids.length)) }, lane));

    let escalations = 0;
    for (const review of read.reviews) {
      try {
        escalations += await this.escalate(client, reader, review, now, log);
      } catch (err) {
        log.warn({ err, instanceId: review.instanceId }, 'escalation failed');
      }
    }

    const lines = read.reviews.map((r) => this.line(r, works, outcomes, now));
    await this.deps.state.docs
      .write(this.deps.state.reportKey(this.tenantId), reachReport(lines, now), '*')
      .catch((err) => log.warn({ err }, 'reach report not saved'));
    const summary: ScanSummary = {
      reviews: read.reviews.length,
      reviewersWithWork: works.size,
      sent: [...outcomes.values()].reduce((n, o) => n + o.sent, 0),
      installs: [...outcomes.values()].filter((o) => o.installed).length,
      escalations,
      graphRequests: reader.requestCount,
      nextAt: nextScanAt(now, this.deps.settings.intervalMs, read.instants),
    };
    log.info({ ...summary, nextAt: summary.nextAt.toISOString() }, 'tenant scan done');
    return summary;
  }

  /** One person: enrolled, told already, quiet now, waiting for Teams, or sent the card (after adding Attest). */
  private async person(
    client: Client,
    who: Person,
    works: ReviewerWork[],
    now: Date,
    log: Logger,
  ): Promise<PersonOutcome> {
    const { reminders, state, references } = this.deps;
    const enrolment = await reminders.docs.read<Enrolment>(reminders.enrolmentKey(this.tenantId, who.id));
    const enrolled = !!enrolment.value?.active;
    if (!works.length || enrolled) return { enrolled, sent: 0, installed: false };
    const recordKey = state.personKey(this.tenantId, who.id);
    const { value: record } = await state.docs.read<ReachRecord>(recordKey);
    const saved = await references.find(this.tenantId, who.id);
    const step = contactStep({
      now,
      leaseMs: this.deps.settings.leaseMs,
      enrolled,
      hasChat: !!saved,
      record,
      works,
      maySend: await this.maySend(who.id, saved, now),
    });
    if (step.kind === 'send' && saved) {
      const sent = await this.send(who.id, saved, step.contacts, now, log);
      return { enrolled, sent, installed: false, step };
    }
    if (step.kind !== 'install') return { enrolled, sent: 0, installed: false, step };
    const outcome = await installForUser(client, who.id, this.deps.catalogAppId);
    if (outcome.kind === 'installed' || outcome.kind === 'alreadyInstalled') {
      await state.docs.update<ReachRecord>(recordKey, (current) => withInstallRequested(current, step.contacts, now));
      // The chat may have come already (Teams is quick): then the install event found nothing pending yet.
      const arrived = await references.find(this.tenantId, who.id);
      const sent = arrived ? await this.chatOpened(who.id) : 0;
      return { enrolled, sent, installed: outcome.kind === 'installed', step };
    }
    if (outcome.kind === 'refused') {
      log.warn(
        { userId: who.id, status: outcome.failure.status, code: outcome.failure.code },
        'Attest could not be added',
      );
      await state.docs.update<ReachRecord>(recordKey, (current) => ({
        ...(current ?? { contacts: {} }),
        install: {
          state: 'refused',
          at: now.toISOString(),
          status: outcome.failure.status,
          ...(outcome.failure.code ? { code: outcome.failure.code } : {}),
        },
      }));
      return { enrolled, sent: 0, installed: false, step: { kind: 'waiting', why: 'refused' } };
    }
    log.warn({ userId: who.id, status: outcome.failure.status }, 'adding Attest failed: the next scan tries again');
    return { enrolled, sent: 0, installed: false, step, failed: true };
  }

  /** Their own settings when they have any (quiet hours, days off, zone), else the defaults in the tenant's zone. */
  private async maySend(userId: string, saved: SavedReference | undefined, now: Date): Promise<boolean> {
    const { reminders } = this.deps;
    const doc = await reminders.docs.read<unknown>(reminders.settingsKey(this.tenantId, userId));
    const settings = doc.value
      ? normalizeReminderSettings(doc.value, now).settings
      : {
          ...defaultReminderSettings(),
          quietHours: this.deps.settings.defaultQuietHours,
          weekendDays: this.deps.settings.defaultDaysOff,
        };
    return maySendAt(now, settings.timeZone ?? saved?.timeZone ?? this.deps.settings.defaultTimeZone, settings);
  }

  /** Claims the contacts, sends one card for them, and settles: sent, given back, or the chat is gone. */
  private async send(
    userId: string,
    saved: SavedReference,
    contacts: PendingContact[],
    now: Date,
    log: Logger,
  ): Promise<number> {
    const { docs } = this.deps.state;
    const key = this.deps.state.personKey(this.tenantId, userId);
    let claimed: PendingContact[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const { value, etag } = await docs.read<ReachRecord>(key);
      // Claimed again from what storage holds now: another instance may have sent some meanwhile.
      claimed = contacts.filter((c) => {
        const entry = value?.contacts[c.instanceId.toLowerCase()];
        return (
          !entry || (entry.state === 'claimed' && now.getTime() - Date.parse(entry.at) > this.deps.settings.leaseMs)
        );
      });
      if (!claimed.length || value?.gone) return 0;
      try {
        await docs.write<ReachRecord>(key, withContactsClaimed(value, claimed, now), etag);
        break;
      } catch (err) {
        if (err instanceof WriteConflict) {
          claimed = [];
          continue;
        }
        throw err;
      }
    }
    if (!claimed.length) return 0;
    let outcome: Delivery;
    try {
      outcome = await this.deps.deliver(saved, renderCard('firstContact', firstContactView(claimed, now)), log);
    } catch (err) {
      log.warn({ err }, 'first contact not delivered');
      outcome = 'failed';
    }
    const at = this.deps.now();
    await docs.update<ReachRecord>(key, (current) => {
      let next = current;
      for (const c of claimed) next = withContactSettled(next, c, outcome === 'sent', at);
      if (outcome === 'gone') next = { ...(next ?? { contacts: {} }), gone: { at: at.toISOString(), why: 'blocked' } };
      return next;
    });
    if (outcome === 'gone') await this.deps.references.forget(this.tenantId, userId).catch(() => undefined);
    if (outcome === 'sent') log.info({ userId, reviews: claimed.length }, 'first contact sent');
    return outcome === 'sent' ? 1 : 0;
  }

  /**
   * Teams opened the personal chat (installationUpdate add, after the scan added Attest or the person did): a
   * removal remembered is forgotten, and what waited for the chat is sent now. The number of cards sent.
   */
  async chatOpened(userId: string): Promise<number> {
    const key = this.deps.state.personKey(this.tenantId, userId);
    const record = await this.deps.state.docs.update<ReachRecord>(key, (current) =>
      current?.gone ? { ...current, gone: undefined } : undefined,
    );
    if (!record?.pending?.length) return 0;
    const saved = await this.deps.references.find(this.tenantId, userId);
    if (!saved) return 0;
    const now = this.deps.now();
    const log = correlated(this.deps.log, { job: 'firstContact', userId });
    const enrolment = await this.deps.reminders.docs.read<Enrolment>(
      this.deps.reminders.enrolmentKey(this.tenantId, userId),
    );
    if (enrolment.value?.active) return 0;
    const open = record.pending.filter((p) => Date.parse(p.endDateTime) > now.getTime() || !p.endDateTime);
    return open.length ? this.send(userId, saved, open, now, log) : 0;
  }

  /** They removed Attest (installationUpdate remove): it is never added for them again, nothing more is sent. */
  async removed(userId: string): Promise<void> {
    const at = this.deps.now().toISOString();
    await this.deps.state.docs.update<ReachRecord>(this.deps.state.personKey(this.tenantId, userId), (current) => ({
      ...(current ?? { contacts: {} }),
      gone: { at, why: 'removed' },
      pending: undefined,
    }));
  }

  /**
   * What Attest told this person about a review (for "Not me"), marked as theirs no more: the review's name and
   * creator as the scan read them, never as a card says. Undefined when Attest never told them of it.
   */
  async notMe(userId: string, instanceId: string) {
    const key = this.deps.state.personKey(this.tenantId, userId);
    let found: ReachRecord['contacts'][string] | undefined;
    await this.deps.state.docs.update<ReachRecord>(key, (current) => {
      const entry = current?.contacts[instanceId.toLowerCase()];
      found = entry;
      if (!entry || entry.state === 'notMe') return undefined;
      return {
        ...current!,
        contacts: { ...current!.contacts, [instanceId.toLowerCase()]: { ...entry, state: 'notMe' } },
      };
    });
    return found;
  }

  /** Whether they are enrolled for the per-user reminders (signed in). */
  async isEnrolled(userId: string): Promise<boolean> {
    const { reminders } = this.deps;
    return !!(await reminders.docs.read<Enrolment>(reminders.enrolmentKey(this.tenantId, userId))).value?.active;
  }

  /** Sends a card to someone if Attest has their chat: the outcome, or 'noChat'. */
  async tell(userId: string, card: Record<string, unknown>): Promise<Delivery | 'noChat'> {
    const saved = await this.deps.references.find(this.tenantId, userId);
    if (!saved) return 'noChat';
    return this.deps.deliver(saved, card, correlated(this.deps.log, { job: 'tell', userId }));
  }

  /** The escalation due for one review, if any: claimed, sent to its creator (and managers), settled. */
  private async escalate(
    client: Client,
    reader: TenantReviews,
    review: ScannedReview,
    now: Date,
    log: Logger,
  ): Promise<number> {
    if (!review.createdBy || review.remaining <= 0) return 0;
    const { docs } = this.deps.state;
    const key = this.deps.state.escalationKey(this.tenantId, review.instanceId);
    const { value, etag } = await docs.read<EscalationLedger>(key);
    const due = escalationDue(review, now, this.deps.settings.escalateAtShare, value?.sent ?? []);
    if (!due) return 0;
    if (value?.claimed && now.getTime() - Date.parse(value.claimed.at) < this.deps.settings.leaseMs) return 0;
    try {
      await docs.write<EscalationLedger>(
        key,
        { sent: value?.sent ?? [], claimed: { key: due, at: now.toISOString() } },
        etag,
      );
    } catch (err) {
      if (err instanceof WriteConflict) return 0;
      throw err;
    }
    const settle = (sent: boolean) =>
      docs.update<EscalationLedger>(key, (current) => {
        const keys = new Set<EscalationKey>(current?.sent ?? []);
        if (sent) {
          keys.add(due);
          // The last day's covers the share's: a short review, or one first seen late, hears once.
          if (due === 'lastDay') keys.add('share');
        }
        return { sent: [...keys] };
      });
    const silent = silentReviewers(review, await reader.decidedBy(review));
    if (!silent.length) {
      await settle(true);
      return 0;
    }
    const card = renderCard('escalation', escalationView(review, silent, due === 'lastDay', now));
    const outcome = await this.tell(review.createdBy.id, card).catch(() => 'failed' as const);
    // No chat with the creator: nothing to retry each hour; the reach view still shows the review.
    await settle(outcome !== 'failed');
    if (this.deps.settings.escalateToManagers) await this.tellManagers(client, review, silent, log);
    if (outcome === 'sent') log.info({ instanceId: review.instanceId, due, silent: silent.length }, 'escalation sent');
    return outcome === 'sent' ? 1 : 0;
  }

  /**
   * ESCALATE_TO_MANAGERS: each silent reviewer's manager (application User.Read.All, user-list-manager) hears, once
   * per escalation, about the people they manage who have not started, when Attest can reach them; not the creator,
   * who has just been told.
   */
  private async tellManagers(client: Client, review: ScannedReview, silent: Person[], log: Logger): Promise<void> {
    const byManager = new Map<string, { manager: Person; reports: Person[] }>();
    for (const reviewer of silent.slice(0, MAX_MANAGERS)) {
      const manager = await managerOf(client, reviewer.id);
      if (!manager || manager.id.toLowerCase() === review.createdBy?.id.toLowerCase()) continue;
      const entry = byManager.get(manager.id.toLowerCase()) ?? { manager, reports: [] };
      entry.reports.push(reviewer);
      byManager.set(manager.id.toLowerCase(), entry);
    }
    for (const { manager, reports } of byManager.values()) {
      const view = managerNoteView(reports, review);
      await this.tell(manager.id, renderCard('message', messageView(view.title, view.text))).catch((err) =>
        log.warn({ err }, 'manager note not sent'),
      );
    }
  }

  /** The admin view's line for one review. */
  private line(
    review: ScannedReview,
    works: Map<string, ReviewerWork[]>,
    outcomes: Map<string, PersonOutcome>,
    now: Date,
  ): ReachLine {
    const people = new Map<string, Person>();
    for (const p of review.reviewers) people.set(p.id.toLowerCase(), p);
    for (const p of review.pending ?? []) people.set(p.person.id.toLowerCase(), p.person);
    let reached = 0;
    let signedIn = 0;
    let finished = 0;
    const unreachable: ReachLine['unreachable'] = [];
    for (const [id, person] of people) {
      const o = outcomes.get(id);
      const hasWork = (works.get(id) ?? []).some((w) => w.review.instanceId === review.instanceId);
      if (o?.enrolled) signedIn++;
      if (!hasWork) {
        finished++;
        continue;
      }
      if (o?.enrolled || o?.sent || this.toldBefore(o?.step, review.instanceId)) {
        reached++;
        continue;
      }
      const why = whyNotReached(o);
      if (why) unreachable.push({ person, why });
    }
    void now;
    return {
      definitionId: review.definitionId,
      instanceId: review.instanceId,
      name: review.name,
      endDateTime: review.endDateTime,
      reviewers: people.size,
      reached,
      signedIn,
      finished,
      unreachable,
    };
  }

  /** Told in an earlier scan: the step found nothing left to send for this review. */
  private toldBefore(step: ContactStep | undefined, instanceId: string): boolean {
    if (!step) return false;
    if (step.kind === 'done') return true;
    if (step.kind === 'send' || step.kind === 'install')
      return !step.contacts.some((c) => c.instanceId.toLowerCase() === instanceId.toLowerCase());
    return false;
  }
}

function whyNotReached(o: PersonOutcome | undefined): Unreachable | undefined {
  if (!o || o.failed) return 'failed';
  const step = o.step;
  if (!step) return undefined;
  if (step.kind === 'gone') return step.why;
  if (step.kind === 'waiting') return step.why === 'install' ? 'waitingForTeams' : 'installRefused';
  if (step.kind === 'install') return 'waitingForTeams';
  return undefined;
}
