import { ReviewScope } from './reviewKinds';

/**
 * Reaching every reviewer, pure: who among a review's reviewers still has work, what to do for each (nothing, send the
 * first-contact card, add Attest for them first, wait), when a review's creator hears who has recorded nothing, and
 * what the admin's `reach` view counts. The tenant scan (src/notify/reachWorker.ts) reads Graph and storage and asks
 * these functions; they do no I/O.
 */

export interface Person {
  id: string;
  displayName: string;
  userPrincipalName?: string;
}

/**
 * How a review's work is shared among its reviewers, from the definition's `reviewers`:
 * - `listed`: named users, a group's members, the resource's owners: every reviewer sees every item, and one
 *   decision settles an item for all;
 * - `managers`: each principal's manager (`./manager`, queryRoot decisions) reviews that principal: Graph does not
 *   say which items are whose, so a manager "is a reviewer" without a count;
 * - `self`: no reviewers: each principal reviews their own access, so the principals with items not reviewed are the
 *   reviewers with work.
 */
export type ReviewerKind = 'listed' | 'managers' | 'self';

/** One review in progress as the tenant scan read it with application permissions. */
export interface ScannedReview {
  definitionId: string;
  instanceId: string;
  name: string;
  scope?: ReviewScope;
  /** The definition's creator (`createdBy`), who hears about reviewers who have not started. */
  createdBy?: Person;
  startDateTime: string;
  endDateTime: string;
  reviewerKind: ReviewerKind;
  /** Who Graph contacted for this instance (`contactedReviewers`). */
  reviewers: Person[];
  /** Of a self-review: each principal with items not reviewed, and how many. */
  pending?: { person: Person; remaining: number }[];
  total: number;
  remaining: number;
  recommendedDeny: number;
  justificationRequired: boolean;
}

/** A reviewer with items left in one review: how many, or null when Graph does not say (managers). */
export interface ReviewerWork {
  reviewer: Person;
  review: ScannedReview;
  remaining: number | null;
}

const key = (id: string) => id.toLowerCase();

/** Whether the review still takes decisions at `now`: in progress, not past its end. */
function open(review: ScannedReview, now: Date): boolean {
  const end = Date.parse(review.endDateTime);
  return !(Number.isFinite(end) && end <= now.getTime());
}

/** The reviewers of one review who still have work at `now`, each once; nobody when it is done or over. */
export function reviewersWithWork(review: ScannedReview, now: Date): ReviewerWork[] {
  if (review.remaining <= 0 || !open(review, now)) return [];
  const seen = new Set<string>();
  const once = (p: Person) => !seen.has(key(p.id)) && !!seen.add(key(p.id));
  if (review.reviewerKind === 'self') {
    return (review.pending ?? [])
      .filter((p) => p.remaining > 0 && once(p.person))
      .map((p) => ({ reviewer: p.person, review, remaining: p.remaining }));
  }
  return review.reviewers.filter(once).map((reviewer) => ({
    reviewer,
    review,
    remaining: review.reviewerKind === 'managers' ? null : review.remaining,
  }));
}

/** Every reviewer with work across the scan, grouped by person (lower-case id), in the order first seen. */
export function workByReviewer(reviews: ScannedReview[], now: Date): Map<string, ReviewerWork[]> {
  const out = new Map<string, ReviewerWork[]>();
  for (const review of reviews) {
    for (const work of reviewersWithWork(review, now)) {
      const k = key(work.reviewer.id);
      const list = out.get(k);
      if (list) list.push(work);
      else out.set(k, [work]);
    }
  }
  return out;
}

/** What Attest knows of one person's first contact, kept per person in storage. */
export interface ReachRecord {
  /** Per instance id (lower case): the card was claimed (being sent), sent, or the person said it is not theirs. */
  contacts: Record<string, ContactEntry>;
  /** Attest was added for them by the scan (requested: waiting for Teams' chat), or Graph refused it. */
  install?: { state: 'requested' | 'refused'; at: string; status?: number; code?: string };
  /** They removed Attest or blocked the chat: never added again, never written to. */
  gone?: { at: string; why: 'removed' | 'blocked' };
  /** What to send once the chat Teams opens after the install arrives. */
  pending?: PendingContact[];
}

export interface ContactEntry {
  state: 'claimed' | 'sent' | 'notMe';
  at: string;
  /** The review's name and creator, for "Not me" (never taken from a card) and the admin view. */
  name: string;
  definitionId: string;
  owner?: Person;
}

/** What a first-contact card says of one review. */
export interface PendingContact {
  definitionId: string;
  instanceId: string;
  name: string;
  scope?: ReviewScope;
  endDateTime: string;
  total: number;
  /** Null: a manager, whose share Graph does not count. */
  remaining: number | null;
  recommendedDeny: number;
  justificationRequired: boolean;
  owner?: Person;
}

export function pendingOf(work: ReviewerWork): PendingContact {
  const r = work.review;
  return {
    definitionId: r.definitionId,
    instanceId: r.instanceId,
    name: r.name,
    ...(r.scope ? { scope: r.scope } : {}),
    endDateTime: r.endDateTime,
    total: r.total,
    remaining: work.remaining,
    recommendedDeny: work.remaining === null ? 0 : r.recommendedDeny,
    justificationRequired: r.justificationRequired,
    ...(r.createdBy ? { owner: r.createdBy } : {}),
  };
}

/** An install waits this long for Teams' chat before the scan may ask again (Teams opens it within seconds). */
export const INSTALL_WAIT_MS = 6 * 3_600_000;
/** A refused install (403: an admin policy blocks the app) is asked again a day later. */
export const INSTALL_REFUSED_WAIT_MS = 24 * 3_600_000;

export type ContactStep =
  /** Signed in and enrolled: the per-user reminders tell them. */
  | { kind: 'enrolled' }
  /** Removed or blocked Attest: nothing, ever (until they come back on their own). */
  | { kind: 'gone'; why: 'removed' | 'blocked' }
  /** Told about everything (or said "not me"). */
  | { kind: 'done' }
  /** Quiet hours or a day off: next scan. */
  | { kind: 'later' }
  /** Attest was added and Teams' chat has not come yet, or the install was refused recently. */
  | { kind: 'waiting'; why: 'install' | 'refused' }
  | { kind: 'send'; contacts: PendingContact[] }
  | { kind: 'install'; contacts: PendingContact[] };

export interface ContactInput {
  now: Date;
  /** A claim older than this is taken as lost (the instance that made it died) and may be made again. */
  leaseMs: number;
  enrolled: boolean;
  hasChat: boolean;
  record: ReachRecord | undefined;
  works: ReviewerWork[];
  /** Not in quiet hours or on a day off for this person now. */
  maySend: boolean;
}

/** Whether this review still needs its first-contact card for this person. */
export function needsContact(record: ReachRecord | undefined, instanceId: string, now: Date, leaseMs: number): boolean {
  const entry = record?.contacts[key(instanceId)];
  if (!entry) return true;
  if (entry.state !== 'claimed') return false;
  return now.getTime() - Date.parse(entry.at) > leaseMs;
}

/** The one thing to do for a person with work, given what storage says of them. */
export function contactStep(input: ContactInput): ContactStep {
  const { record, now } = input;
  if (input.enrolled) return { kind: 'enrolled' };
  // A chat they open again (they came back) outweighs a removal remembered: the install event clears it too.
  if (record?.gone && !input.hasChat) return { kind: 'gone', why: record.gone.why };
  const contacts = input.works
    .filter((w) => needsContact(record, w.review.instanceId, now, input.leaseMs))
    .map(pendingOf);
  if (!contacts.length) return { kind: 'done' };
  if (!input.maySend) return { kind: 'later' };
  if (input.hasChat) return { kind: 'send', contacts };
  const since = record?.install ? now.getTime() - Date.parse(record.install.at) : Infinity;
  if (record?.install?.state === 'requested' && since < INSTALL_WAIT_MS) return { kind: 'waiting', why: 'install' };
  if (record?.install?.state === 'refused' && since < INSTALL_REFUSED_WAIT_MS)
    return { kind: 'waiting', why: 'refused' };
  return { kind: 'install', contacts };
}

/** The record with these contacts claimed at `now` (and their review names kept for "Not me" and the admin view). */
export function withContactsClaimed(
  record: ReachRecord | undefined,
  contacts: PendingContact[],
  now: Date,
): ReachRecord {
  const next: ReachRecord = { ...(record ?? { contacts: {} }), contacts: { ...(record?.contacts ?? {}) } };
  for (const c of contacts) next.contacts[key(c.instanceId)] = entryOf(c, 'claimed', now);
  return next;
}

function entryOf(c: PendingContact, state: ContactEntry['state'], now: Date): ContactEntry {
  return {
    state,
    at: now.toISOString(),
    name: c.name,
    definitionId: c.definitionId,
    ...(c.owner ? { owner: c.owner } : {}),
  };
}

/** After a send: sent, or the claim given back (it goes again at the next scan). */
export function withContactSettled(
  record: ReachRecord | undefined,
  contact: PendingContact,
  sent: boolean,
  now: Date,
): ReachRecord {
  const next: ReachRecord = { ...(record ?? { contacts: {} }), contacts: { ...(record?.contacts ?? {}) } };
  const k = key(contact.instanceId);
  if (sent) next.contacts[k] = entryOf(contact, 'sent', now);
  else if (next.contacts[k]?.state === 'claimed') delete next.contacts[k];
  next.pending = (next.pending ?? []).filter((p) => key(p.instanceId) !== k);
  if (!next.pending.length) delete next.pending;
  return next;
}

/** At most this many reviews wait in one person's record for their chat to open. */
export const MAX_PENDING = 50;

/** After an install request: what to send once Teams opens the chat. */
export function withInstallRequested(
  record: ReachRecord | undefined,
  contacts: PendingContact[],
  now: Date,
): ReachRecord {
  const kept = (record?.pending ?? []).filter((p) => !contacts.some((c) => key(c.instanceId) === key(p.instanceId)));
  return {
    ...(record ?? { contacts: {} }),
    install: { state: 'requested', at: now.toISOString() },
    pending: [...contacts, ...kept].slice(0, MAX_PENDING),
  };
}

/** Escalation thresholds of one review: past the configured share of its time, and its last day. */
export type EscalationKey = 'share' | 'lastDay';

/**
 * Which escalation is due for a review at `now`, given the keys already sent: the last day (the final 24 hours)
 * when it has come, else the share of its time once passed; null when neither, or that one was sent. A review that
 * reaches its last day before the share (a short review) gets only the last day's.
 */
export function escalationDue(
  review: Pick<ScannedReview, 'startDateTime' | 'endDateTime'>,
  now: Date,
  share: number,
  sent: Iterable<EscalationKey>,
): EscalationKey | null {
  const start = Date.parse(review.startDateTime);
  const end = Date.parse(review.endDateTime);
  const t = now.getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start || t >= end) return null;
  const done = new Set(sent);
  if (t >= end - 24 * 3_600_000) return done.has('lastDay') ? null : 'lastDay';
  if (t >= start + share * (end - start)) return done.has('share') ? null : 'share';
  return null;
}

/** The reviewers who have recorded nothing in a review (decided counts per reviewer id, from its decisions). */
export function silentReviewers(review: ScannedReview, decidedBy: Map<string, number>): Person[] {
  const decided = new Map([...decidedBy].map(([id, n]) => [key(id), n]));
  const reviewers = review.reviewerKind === 'self' ? (review.pending ?? []).map((p) => p.person) : review.reviewers;
  const seen = new Set<string>();
  return reviewers.filter((p) => {
    const k = key(p.id);
    if (seen.has(k)) return false;
    seen.add(k);
    return !decided.get(k);
  });
}

/** Why a reviewer could not be reached, for the admin view. */
export type Unreachable = 'removed' | 'blocked' | 'installRefused' | 'waitingForTeams' | 'noPermission' | 'failed';

/** The admin view's line for one review in progress. */
export interface ReachLine {
  definitionId: string;
  instanceId: string;
  name: string;
  endDateTime: string;
  reviewers: number;
  /** Told by Attest: a first-contact card sent, or signed in (their reminders tell them). */
  reached: number;
  signedIn: number;
  finished: number;
  unreachable: { person: Person; why: Unreachable }[];
}

/** The admin view keeps at most this many names of people not reached per review (the count is exact). */
export const MAX_UNREACHABLE_NAMES = 10;
/** And at most this many reviews (soonest end first). */
export const MAX_REPORT_REVIEWS = 100;

export interface ReachReport {
  at: string;
  reviews: (Omit<ReachLine, 'unreachable'> & {
    unreachable: { person: Person; why: Unreachable }[];
    unreachableCount: number;
  })[];
  /** Reviews in progress beyond MAX_REPORT_REVIEWS, not listed. */
  moreReviews: number;
}

/** The stored report: soonest end first, bounded in reviews and names. */
export function reachReport(lines: ReachLine[], now: Date): ReachReport {
  const sorted = [...lines].sort((a, b) => a.endDateTime.localeCompare(b.endDateTime) || a.name.localeCompare(b.name));
  return {
    at: now.toISOString(),
    reviews: sorted.slice(0, MAX_REPORT_REVIEWS).map((l) => ({
      ...l,
      unreachable: l.unreachable.slice(0, MAX_UNREACHABLE_NAMES),
      unreachableCount: l.unreachable.length,
    })),
    moreReviews: Math.max(0, sorted.length - MAX_REPORT_REVIEWS),
  };
}

/**
 * When the scan should run next: at the regular interval, or sooner when a review starts or ends before it (its
 * instant, plus a minute for Graph to move it), never sooner than a minute from now.
 */
export function nextScanAt(now: Date, intervalMs: number, instants: string[]): Date {
  const t = now.getTime();
  let next = t + intervalMs;
  for (const s of instants) {
    const at = Date.parse(s) + 60_000;
    if (Number.isFinite(at) && at > t && at < next) next = at;
  }
  return new Date(Math.max(next, t + 60_000));
}
