import {
  LocalDate,
  LocalDateTime,
  addDays,
  formatDate,
  formatTimeOfDay,
  instantAt,
  localDateTime,
  parseTimeOfDay,
} from './localTime';
import { ReviewSummary } from './model';
import { DEFAULT_REMINDER_SETTINGS, LeadTime, ReminderSettings, leadDays, reminderTimeZone } from './reminderSettings';

/**
 * Proactive reminders, decided from data and time only: what Graph returned for one reviewer, the ledger of what was
 * already sent to them, their preferences and the time. The poll worker sends what `reminderPlan` says, records the
 * keys, and polls again at `nextCheckAt`.
 *
 * Once only: every reminder lists the ledger keys it covers. The caller claims them (an eTag or create-only write)
 * before or while sending, and a second run, or a second instance racing the first, plans nothing for claimed keys.
 * Keys are deterministic: the same review and kind always give the same key.
 */

/** What the plan needs of a review; a `ReviewSummary` will do. `startDateTime` lets it wake up when one starts. */
export type ReminderReview = Pick<
  ReviewSummary,
  'instanceId' | 'definitionId' | 'name' | 'status' | 'endDateTime' | 'total' | 'remaining' | 'recommendedDeny'
> &
  Partial<Pick<ReviewSummary, 'resourceName'>> & { startDateTime?: string };

/**
 * What a reminder about one review says: `new` (assigned, first seen with people left), `lead:P3D` (the time left
 * dropped within a lead time), `lastDay` (the local calendar day of its end).
 */
export type ReviewReminderKind = 'new' | 'lastDay' | `lead:${LeadTime}`;

/** One review with something due, with what a card needs to say what, when and how much. */
export interface DueReview {
  instanceId: string;
  definitionId: string;
  name: string;
  resourceName?: string;
  /** The most urgent thing due; anything less urgent due at the same time is covered by it (see `keys`). */
  kind: ReviewReminderKind;
  /** The reviewer has not been told about this review before: the card can say it is new. */
  firstNotice: boolean;
  /** The review's end (Graph's instant), the due date. */
  endDateTime: string;
  /** The end in the reviewer's time zone (`YYYY-MM-DD`, `HH:MM`); null without an end date. */
  endsLocal: { date: string; time: string; timeZone: string } | null;
  /** Milliseconds from the plan's `now` to the end; null without an end date. */
  msLeft: number | null;
  total: number;
  /** People this reviewer has left to review. */
  remaining: number;
  /** Of those, how many the service recommends denying. */
  recommendedDeny: number;
  /** The ledger keys this review's part of the reminder covers. */
  keys: string[];
}

/** A message about one review (mode `perReview`). */
export interface ReviewReminder {
  type: 'review';
  kind: ReviewReminderKind;
  review: DueReview;
  /** Record these in the ledger when sending: then no later plan sends them again. */
  keys: string[];
}

/** The day's digest (mode `dailyDigest`): every review with something due, soonest end first. */
export interface DigestReminder {
  type: 'digest';
  /** The reviewer's local date it is the digest of, `YYYY-MM-DD`. */
  localDate: string;
  reviews: DueReview[];
  /** The digest's own key and every review's keys. */
  keys: string[];
}

export type Reminder = ReviewReminder | DigestReminder;

export interface ReminderPlanInput {
  now: Date;
  /** The time zone Teams reports for the reviewer; the one in their settings wins; invalid or missing: UTC. */
  timeZone?: string;
  /** Valid settings (see `normalizeReminderSettings`). */
  settings: ReminderSettings;
  /** The reviewer's current reviews as Graph returned them. */
  reviews: ReminderReview[];
  /** Keys already sent to this reviewer (see `reminderKey`, `digestKey`). */
  ledger: Iterable<string>;
}

export interface ReminderPlan {
  /** What to send now, soonest end first; empty during quiet hours, days off, or when nothing is due. */
  send: Reminder[];
  /**
   * When to plan again, assuming everything in `send` was recorded: the earliest instant something already known
   * becomes sendable (a lead time, the last day, the end of quiet hours, the digest time, a snooze ending, a review
   * starting), and at the latest the first sendable instant after `MAX_WAIT_MS`, to find newly assigned reviews.
   */
  nextCheckAt: Date;
  /** The IANA time zone the plan reasoned in. */
  timeZone: string;
}

/** Poll for new reviews at least this often while reminders can be sent. */
export const MAX_WAIT_MS = 6 * 3_600_000;
/** With reminders off, nothing is due; look again a day later (the settings card should plan again on a change). */
export const DISABLED_WAIT_MS = 24 * 3_600_000;
/** Never plan again sooner than this, so a boundary a few milliseconds away cannot make a busy loop. */
export const MIN_WAIT_MS = 60_000;

const DAY_MS = 86_400_000;

/** The ledger key of a reminder about one review. Ids are lower-cased, so Graph's casing cannot send twice. */
export function reminderKey(instanceId: string, kind: ReviewReminderKind): string {
  return `${instanceId.toLowerCase()}:${kind}`;
}

/** The ledger key of the digest of a local date (`YYYY-MM-DD`); the ledger is the reviewer's own. */
export function digestKey(localDate: string): string {
  return `digest:${localDate}`;
}

/**
 * How urgent a kind is: new < longer lead times < shorter lead times < last day. Once a kind is in the ledger, the
 * less urgent ones of the same review are covered too: someone told "1 day left" is never told "3 days left" later
 * (for example after adding a lead time), nor that the review is new.
 */
function urgency(kind: string): number {
  if (kind === 'new') return 0;
  if (kind === 'lastDay') return 100;
  const days = kind.startsWith('lead:') ? leadDays(kind.slice(5)) : null;
  return days === null || days < 1 ? -1 : Math.max(1, 100 - days);
}

/** What the reviewer has been sent: the raw keys (for digests) and, per review, the most urgent kind recorded. */
interface Sent {
  keys: Set<string>;
  urgency: Map<string, number>;
}

function readLedger(keys: Iterable<string>): Sent {
  const sent: Sent = { keys: new Set(), urgency: new Map() };
  return record(sent, keys);
}

function record(sent: Sent, keys: Iterable<string>): Sent {
  const next: Sent = { keys: new Set(sent.keys), urgency: new Map(sent.urgency) };
  for (const key of keys) {
    if (typeof key !== 'string') continue;
    next.keys.add(key);
    const colon = key.indexOf(':');
    if (colon < 0) continue;
    const id = key.slice(0, colon).toLowerCase();
    const u = urgency(key.slice(colon + 1));
    if (u >= 0 && u > (next.urgency.get(id) ?? -1)) next.urgency.set(id, u);
  }
  return next;
}

/** A kind and the instant from which it is due. */
interface Mark {
  kind: ReviewReminderKind;
  urgency: number;
  at: number;
}

interface Prepared {
  review: ReminderReview;
  id: string;
  end: number | null;
  endsLocal: DueReview['endsLocal'];
  start: number | null;
  /** In progress, with people left, not muted: the only reviews anything is ever sent about. */
  eligible: boolean;
  snoozedUntil: number;
  marks: Mark[];
}

interface Context {
  /** Local date and time of an instant, remembered for this plan: planning ahead asks for the same ones often. */
  local: (t: number) => LocalDateTime;
  /** The instant of a local date and minute of the day, remembered likewise. */
  at: (date: LocalDate, minute: number) => number;
  timeZone: string;
  settings: ReminderSettings;
  quiet: { start: number; end: number } | null;
  daysOff: Set<number>;
  digestMinute: number;
  reviews: Prepared[];
}

const minuteOf = (text: string | undefined, fallback: string) => parseTimeOfDay(text) ?? parseTimeOfDay(fallback)!;

function prepare(input: ReminderPlanInput): Context {
  const { settings } = input;
  const timeZone = reminderTimeZone(settings, input.timeZone);
  const locals = new Map<number, LocalDateTime>();
  const local = (t: number) => {
    let l = locals.get(t);
    if (!l) locals.set(t, (l = localDateTime(t, timeZone)));
    return l;
  };
  const instants = new Map<string, number>();
  const at = (date: LocalDate, minute: number) => {
    const key = `${formatDate(date)}@${minute}`;
    let t = instants.get(key);
    if (t === undefined) instants.set(key, (t = instantAt(date, minute, timeZone).getTime()));
    return t;
  };
  const defaults = DEFAULT_REMINDER_SETTINGS;
  const quiet = settings.quietHours
    ? {
        start: minuteOf(settings.quietHours.start, defaults.quietHours!.start),
        end: minuteOf(settings.quietHours.end, defaults.quietHours!.end),
      }
    : null;
  const muted = new Set(settings.muted.map((id) => id.toLowerCase()));
  const snoozes = new Map<string, number>();
  for (const s of settings.snoozed) {
    const id = s.instanceId.toLowerCase();
    snoozes.set(id, Math.max(Date.parse(s.until) || 0, snoozes.get(id) ?? 0));
  }

  const seen = new Set<string>();
  const reviews: Prepared[] = [];
  for (const review of input.reviews) {
    const id = review.instanceId.toLowerCase();
    if (seen.has(id)) continue;
    seen.add(id);
    const end = parseInstant(review.endDateTime);
    const marks: Mark[] = [{ kind: 'new', urgency: 0, at: -Infinity }];
    if (end !== null) {
      for (const lead of settings.leadTimes) {
        const days = leadDays(lead);
        // Exact durations: "1 day left" means 24 hours before the end, whatever daylight saving does to the clock.
        if (days !== null)
          marks.push({ kind: `lead:${lead}`, urgency: urgency(`lead:${lead}`), at: end - days * DAY_MS });
      }
      if (settings.lastDay) {
        // The last day is the local day of the review's last open moment, so an end at local midnight counts the
        // day before, not a day with no time left in it.
        marks.push({ kind: 'lastDay', urgency: urgency('lastDay'), at: at(local(end - 1), 0) });
      }
    }
    let endsLocal: DueReview['endsLocal'] = null;
    if (end !== null) {
      const l = local(end);
      endsLocal = { date: formatDate(l), time: formatTimeOfDay(l.hour * 60 + l.minute), timeZone };
    }
    reviews.push({
      review,
      id,
      end,
      endsLocal,
      start: parseInstant(review.startDateTime),
      eligible: review.status === 'InProgress' && review.remaining > 0 && !muted.has(id),
      snoozedUntil: snoozes.get(id) ?? 0,
      marks,
    });
  }
  // Soonest end first; then by id, so the order never depends on the order Graph listed them in (instances of one
  // definition, one per group, share their name and end).
  reviews.sort((a, b) => (a.end ?? Infinity) - (b.end ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    local,
    at,
    timeZone,
    settings,
    quiet,
    daysOff: new Set(settings.weekendDays),
    digestMinute: minuteOf(settings.digestTime, defaults.digestTime),
    reviews,
  };
}

function parseInstant(text: string | undefined): number | null {
  const t = text ? Date.parse(text) : NaN;
  return Number.isNaN(t) ? null : t;
}

/** Whether a reminder may go out at an instant: not on a day off, not in quiet hours (both in local time). */
function sendable(ctx: Context, t: number): boolean {
  const local = ctx.local(t);
  if (ctx.daysOff.has(local.weekday)) return false;
  if (!ctx.quiet) return true;
  const m = local.hour * 60 + local.minute;
  const { start, end } = ctx.quiet;
  const quiet = start < end ? m >= start && m < end : m >= start || m < end;
  return !quiet;
}

/** What is due about one review at an instant and not yet covered by the ledger, or null. */
function dueAt(ctx: Context, p: Prepared, t: number, sent: Sent): DueReview | null {
  if (!p.eligible || p.snoozedUntil > t) return null;
  // Past its end the review may still say InProgress for a while; a reminder then can only be too late.
  if (p.end !== null && t >= p.end) return null;
  const told = sent.urgency.get(p.id) ?? -1;
  const due = p.marks.filter((m) => m.at <= t && m.urgency > told);
  if (!due.length) return null;
  const headline = due.reduce((a, b) => (b.urgency > a.urgency ? b : a));
  const r = p.review;
  return {
    instanceId: r.instanceId,
    definitionId: r.definitionId,
    name: r.name,
    ...(r.resourceName !== undefined ? { resourceName: r.resourceName } : {}),
    kind: headline.kind,
    firstNotice: told < 0,
    endDateTime: r.endDateTime,
    endsLocal: p.endsLocal,
    msLeft: p.end === null ? null : p.end - t,
    total: r.total,
    remaining: r.remaining,
    recommendedDeny: r.recommendedDeny,
    keys: due.map((m) => reminderKey(r.instanceId, m.kind)),
  };
}

/** Everything to send at an instant, given what was sent. */
function evaluate(ctx: Context, t: number, sent: Sent): Reminder[] {
  if (!ctx.settings.enabled || !sendable(ctx, t)) return [];
  const due = ctx.reviews.map((p) => dueAt(ctx, p, t, sent)).filter((d): d is DueReview => d !== null);
  if (!due.length) return [];
  if (ctx.settings.mode === 'perReview') {
    return due.map((review) => ({ type: 'review', kind: review.kind, review, keys: review.keys }));
  }
  const local = ctx.local(t);
  const localDate = formatDate(local);
  const key = digestKey(localDate);
  if (sent.keys.has(key)) return [];
  // The digest waits for its time of day, unless a review in it would end before then: one message a day, but never
  // after a review it should have mentioned has closed.
  const digestAt = ctx.at(local, ctx.digestMinute);
  const endsFirst = due.some((d) => d.msLeft !== null && t + d.msLeft <= digestAt);
  if (t < digestAt && !endsFirst) return [];
  return [{ type: 'digest', localDate, reviews: due, keys: [key, ...due.flatMap((d) => d.keys)] }];
}

/** Instants at which the local-day rules change around a span: midnights, quiet hours' ends and starts, digest time. */
function dayBoundaries(ctx: Context, from: number, to: number): number[] {
  const first = addDays(ctx.local(from), -1);
  const last = formatDate(addDays(ctx.local(to), 1));
  const minutes = [0, ctx.digestMinute, ...(ctx.quiet ? [ctx.quiet.start, ctx.quiet.end] : [])];
  const out: number[] = [];
  for (let d: LocalDate = first; formatDate(d) <= last; d = addDays(d, 1)) {
    for (const m of minutes) out.push(ctx.at(d, m));
  }
  return out;
}

/** The first instant at or after `t` when a reminder may go out (at most a week and a day on). */
function nextSendable(ctx: Context, t: number): number {
  if (sendable(ctx, t)) return t;
  // Sendable time starts at a midnight (after a day off) or where quiet hours end: look a day at a time.
  const minutes = [0, ...(ctx.quiet ? [ctx.quiet.end] : [])];
  for (let day = 0, d: LocalDate = ctx.local(t); day <= 8; day++, d = addDays(d, 1)) {
    const next = minutes
      .map((m) => ctx.at(d, m))
      .filter((b) => b > t && sendable(ctx, b))
      .sort((a, b) => a - b)[0];
    if (next !== undefined) return next;
  }
  return t + 8 * DAY_MS;
}

function nextCheck(ctx: Context, now: number, sent: Sent): number {
  if (!ctx.settings.enabled) return now + DISABLED_WAIT_MS;
  const cap = nextSendable(ctx, now + MAX_WAIT_MS);
  // Something known can only become sendable at one of these instants (a mark, a snooze's end, a local midnight, the
  // end of quiet hours, the digest time); between two of them the answer stays the same. So planning again at each,
  // in order, finds the first at which something is sent.
  const candidates = new Set<number>(dayBoundaries(ctx, now, cap));
  for (const p of ctx.reviews) {
    for (const m of p.marks) candidates.add(m.at);
    if (p.snoozedUntil) candidates.add(p.snoozedUntil);
  }
  let next = cap;
  for (const c of [...candidates].filter((c) => c > now && c < cap).sort((a, b) => a - b)) {
    if (evaluate(ctx, c, sent).length) {
      next = c;
      break;
    }
  }
  // A review not started yet says InProgress only once it starts: look then, when a reminder may go out.
  for (const p of ctx.reviews) {
    if (p.review.status !== 'InProgress' && p.start !== null && p.start > now && (p.end ?? Infinity) > p.start) {
      next = Math.min(next, nextSendable(ctx, p.start));
    }
  }
  return Math.max(next, now + MIN_WAIT_MS);
}

/**
 * What to remind one reviewer of now, and when to look again.
 *
 * - Only reviews in progress, with people left for this reviewer, not muted, not snoozed past `now`, before their end.
 * - `new` the first time such a review is seen; `lead:PnD` when the time left drops within n days (exact 24-hour
 *   days); `lastDay` from local midnight of the day it ends. Each once per review.
 * - Several due at once (a reviewer first seen 20 hours before the end): one reminder, the most urgent, covering the
 *   others. Once a kind was sent, less urgent ones of that review are never sent after it.
 * - Nothing during quiet hours or on days off, in the reviewer's time zone: what is due waits until they end.
 * - Daily digest: at most one a day, from the digest time (or earlier that day when a review in it would end before
 *   then), listing every review with something due and covering their keys.
 */
export function reminderPlan(input: ReminderPlanInput): ReminderPlan {
  const ctx = prepare(input);
  const now = input.now.getTime();
  const sent = readLedger(input.ledger);
  const send = evaluate(ctx, now, sent);
  const after = record(
    sent,
    send.flatMap((r) => r.keys),
  );
  return { send, nextCheckAt: new Date(nextCheck(ctx, now, after)), timeZone: ctx.timeZone };
}

/**
 * The ledger keys still worth keeping: the digest keys of the reviewer's local today and yesterday (instances may
 * disagree by a little about the time), and the keys of listed reviews that have not ended. Nothing is ever sent
 * about a review after its end, nor a digest for a past day, so the rest can go.
 *
 * Only prune with a complete, successful listing of the reviewer's reviews: a review left out of a partial listing
 * would lose its keys and be announced again as new.
 */
export function ledgerToKeep(
  ledger: Iterable<string>,
  reviews: ReminderReview[],
  now: Date,
  timeZone: string,
): string[] {
  const open = new Set(
    reviews
      .filter((r) => {
        const end = parseInstant(r.endDateTime);
        return end === null || end > now.getTime();
      })
      .map((r) => r.instanceId.toLowerCase()),
  );
  const today = localDateTime(now, timeZone);
  const digests = new Set([formatDate(today), formatDate(addDays(today, -1))].map(digestKey));
  return [...ledger].filter((key) => digests.has(key) || open.has(key.slice(0, key.indexOf(':')).toLowerCase()));
}

/**
 * Whether anything may be sent to this person now: their settings on, not a day off, not in quiet hours (in their
 * time zone). First contact asks it of people who never set anything (the defaults, in the tenant's time zone).
 */
export function maySendAt(now: Date, timeZone: string | undefined, settings: ReminderSettings): boolean {
  if (!settings.enabled) return false;
  return sendable(prepare({ now, timeZone, settings, reviews: [], ledger: [] }), now.getTime());
}
