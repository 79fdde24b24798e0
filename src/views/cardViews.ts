import { InboxEntry, isUrgent, timeLeft } from '../reviews/inbox';
import { utcInstantString } from '../reviews/localTime';
import { clip, cleanText, escapeMarkdown, safeText } from './untrustedText';
import { AssignmentDetail, Choice, ItemFilter, ReviewItem, ReviewPage, ReviewSummary } from '../reviews/model';
import * as words from './wording';
import * as kinds from './kindWording';
import { denyLimitOf, recordableInGraph } from '../reviews/reviewKinds';

/**
 * The data each card template is expanded with. Pure: model in, plain objects out. Everything a later action needs
 * travels in the action's data, so paging and submitting need no extra Graph read. Phrases come from wording.ts;
 * every text from other people goes through safeText() before it is shown.
 */

/** How long each text from other people may be, in card data and on the card (cards stay small). */
const MAX = { reviewName: 100, resource: 64, name: 64, upn: 80, justification: 80, reviewer: 48, error: 100, why: 200 };
/**
 * The reviewer's own justification, kept on a card drawn again so it can be shortened there: whole up to twice what
 * Graph keeps (2,000, the input's maxLength in cards/review.json). Only a client that ignores maxLength sends more,
 * and that is cut.
 */
export const MAX_JUSTIFICATION_SHOWN = 4000;
/**
 * The most reviews the inbox lists (it sorts those with people left, soonest due, first); the rest are counted, so
 * the card stays well under Teams' message size however many reviews a reviewer has.
 */
export const MAX_INBOX_REVIEWS = 15;

// Formatters are made once: building one per call costs a third of a millisecond, more than the rest of a page view.
const DUE_DAY = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const DUE_TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** "Fri, 27 Nov 2026, 17:00 UTC": unambiguous for reviewers in any time zone; "" without a date. */
export function formatDue(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${DUE_DAY.format(d)}, ${DUE_TIME.format(d)} UTC`;
}

/**
 * The due date in the reader's own locale and time zone: Teams formats the {{DATE()}} and {{TIME()}} functions of a
 * TextBlock on each reader's device. They take only the exact RFC 3339 form "2026-11-27T17:00:00Z" (no fraction of a
 * second, which Graph sends), so the instant is written that way. fallbackText is not formatted: it keeps formatDue().
 * "" without a date.
 */
export function localDue(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const instant = utcInstantString(ms);
  // Years past 9999 have no such form: the date is written out instead.
  if (!instant) return formatDue(iso);
  return words.dateAndTime(`{{DATE(${instant}, SHORT)}}`, `{{TIME(${instant})}}`);
}

/**
 * When an assignment ends, for the reader (as localDue): the day, and for an activation, which lasts hours (at most a
 * day, in PIM's settings), the time; an activation that ends more than a day from now gets the day instead. Both ''
 * without a date.
 */
function localEnd(iso: string | undefined, now: Date): { date: string; time: string } {
  const ms = Date.parse(iso ?? '');
  if (Number.isNaN(ms)) return { date: '', time: '' };
  const instant = utcInstantString(ms);
  if (!instant) return { date: formatDue(iso ?? ''), time: formatDue(iso ?? '') };
  const date = `{{DATE(${instant}, SHORT)}}`;
  const time = `{{TIME(${instant})}}`;
  return { date, time: ms - now.getTime() > 86_400_000 ? date : time };
}

// Kept here for callers that imported them from the views.
export { clip };

/** Someone else's text escaped for a TextBlock, unclipped (line breaks kept). */
export function plain(s: string): string {
  return escapeMarkdown(cleanText(s, true));
}

/**
 * How long texts are in the card data a page's buttons carry back. Shorter than what the card shows: after a submit
 * the items are drawn from what Graph reads back, and these are only shown for people whose read-back failed, so the
 * ten people of a page fit in one card with every text at its longest.
 */
const CARRIED = { name: 40, upn: 40, resource: 32, justification: 32, reviewer: 24, reviewName: 80 };

/** An item as it travels in card data: texts clipped (and without control characters), ids intact. */
function carried(item: ReviewItem): ReviewItem {
  return {
    ...item,
    principalName: clip(cleanText(item.principalName), CARRIED.name),
    principalUpn: clip(cleanText(item.principalUpn), CARRIED.upn),
    resourceName: clip(cleanText(item.resourceName), CARRIED.resource),
    resourceDetail: clip(cleanText(item.resourceDetail), CARRIED.resource),
    justification: clip(cleanText(item.justification, true), CARRIED.justification),
    reviewedByName: clip(cleanText(item.reviewedByName), CARRIED.reviewer),
    ...(item.assignment ? { assignment: carriedAssignment(item.assignment) } : {}),
  };
}

/** An assignment in card data, as short as it can be told: to the second, and `permanent` only when it is. */
function carriedAssignment(a: AssignmentDetail): AssignmentDetail {
  const end = a.endDateTime ? utcInstantString(Date.parse(a.endDateTime)) || a.endDateTime : undefined;
  const out = { ...a, ...(end ? { endDateTime: end } : {}) } as Partial<AssignmentDetail>;
  if (!out.permanent) delete out.permanent;
  return out as AssignmentDetail;
}

function daysAgo(iso: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000);
}

/** The inbox from its `skip`-th review: a page of MAX_INBOX_REVIEWS, with buttons to the others. */
export function inboxView(entries: InboxEntry[], skip = 0) {
  const waiting = entries.filter((e) => e.remaining > 0);
  const people = waiting.reduce((n, e) => n + e.remaining, 0);
  const headline = words.inboxHeadline(entries.length, waiting.length, people);
  const from = Math.min(skip, Math.max(0, Math.floor((entries.length - 1) / MAX_INBOX_REVIEWS) * MAX_INBOX_REVIEWS));
  const shown = entries.slice(from, from + MAX_INBOX_REVIEWS);
  const paged = entries.length > MAX_INBOX_REVIEWS;
  return {
    title: words.INBOX_TITLE,
    headline,
    fallbackText: words.inboxFallback(headline),
    moreReviews: paged ? words.inboxShowing(from + 1, from + shown.length, entries.length) : '',
    hasEarlier: from > 0,
    hasLater: from + shown.length < entries.length,
    earlier: { verb: 'reviews', skip: Math.max(0, from - MAX_INBOX_REVIEWS) },
    later: { verb: 'reviews', skip: from + MAX_INBOX_REVIEWS },
    reviews: shown.map((e) => ({
      name: safeText(e.name, MAX.reviewName),
      resourceLine: reviewLine(e),
      progress: words.progress(e.remaining, e.total),
      recommendedDeny: e.recommendedDeny,
      denyHint: words.denyHint(e.recommendedDeny),
      dueLine: words.dueLine(localDue(e.endDateTime), e.timeLeft),
      urgent: e.urgent,
      buttonTitle: words.openButton(e.remaining),
      open: { verb: 'openReview', review: summaryOf(e), filter: 'all', skip: 0 },
    })),
  };
}

/** What the review is of, in words, names made safe. */
function reviewLine(r: ReviewSummary): string {
  return kinds.reviewOf({
    kind: r.kind,
    resourceName: safeText(r.resourceName, MAX.resource),
    resourceDetail: safeText(r.resourceDetail, MAX.resource),
    resources: r.resources,
    assignment: r.assignment,
  });
}

/** A ReviewSummary without the inbox's presentation fields, as it travels in card data. */
export function summaryOf(e: ReviewSummary): ReviewSummary {
  return {
    definitionId: e.definitionId,
    instanceId: e.instanceId,
    name: clip(cleanText(e.name), CARRIED.reviewName),
    resourceName: clip(cleanText(e.resourceName), CARRIED.resource),
    resourceDetail: clip(cleanText(e.resourceDetail), CARRIED.resource),
    status: e.status,
    endDateTime: e.endDateTime,
    justificationRequired: e.justificationRequired,
    guestsOnly: e.guestsOnly,
    kind: e.kind,
    ...(e.assignment ? { assignment: e.assignment } : {}),
    resources: e.resources,
    multiStage: e.multiStage,
    ...(e.stageId ? { stageId: e.stageId } : {}),
    total: e.total,
    remaining: e.remaining,
    recommendedDeny: e.recommendedDeny,
  };
}

export interface ReviewViewExtras {
  /** Choices to show in the inputs (kept after a failed submission); default: leave as is. */
  choices?: Choice[];
  justification?: string;
  /** Page item index -> why it was not recorded. */
  failures?: Map<number, string>;
  /** A summary line after an action, e.g. "Recorded 3 decisions." */
  outcome?: string;
  outcomeDetail?: string;
  outcomeStyle?: 'good' | 'attention' | 'default';
}

export function reviewView(page: ReviewPage, now: Date, extras: ReviewViewExtras = {}) {
  const { review, filter, skip, top, count } = page;
  const items = page.items.map(carried);
  const editable = review.status === 'InProgress';
  const from = { filter, skip, ids: page.items.map((i) => i.id) };
  const state = (f: ItemFilter, s: number) => ({
    verb: 'openReview',
    review: summaryOf(review),
    filter: f,
    skip: s,
    from,
  });
  const failures = extras.failures ?? new Map<number, string>();
  const first = count === 0 ? 0 : skip + 1;
  const last = Math.min(skip + items.length, count);
  const filterTitle = words.FILTER_TITLES[filter];
  const name = safeText(review.name, MAX.reviewName);
  // Compared as both travel in card data: the review's may come clipped from an earlier card, the items' from Graph.
  const reviewResource = summaryOf(review).resourceName;
  // Rows show the texts as Graph gave them (made safe and clipped for the card); the buttons carry the shorter copies.
  const rows = page.items.map((item, i) =>
    rowView(
      item,
      i,
      extras.choices?.[i] ?? '',
      failures.get(i),
      editable,
      items[i].resourceName === reviewResource,
      now,
    ),
  );
  const anyEditable = rows.some((r) => r.editable);
  return {
    review,
    fallbackText: words.reviewFallback(name, words.peopleCount(count, page.more), formatDue(review.endDateTime)),
    title: name,
    resourceLine: reviewLine(review),
    dueLine: words.dueLine(localDue(review.endDateTime), timeLeft(review.endDateTime, now)),
    urgent: isUrgent(review, now),
    readOnlyReason: words.readOnlyReason(review.status),
    outcome: extras.outcome ?? '',
    outcomeDetail: extras.outcomeDetail ?? '',
    outcomeStyle: extras.outcomeStyle ?? 'default',
    filters: (['all', 'notReviewed', 'recommendedDeny'] as ItemFilter[]).map((f) => ({
      title: words.filterButton(words.FILTER_TITLES[f], f === filter),
      style: f === filter ? 'positive' : 'default',
      data: state(f, 0),
    })),
    showing:
      count === 0
        ? words.nobodyHere(filterTitle)
        : words.showing(
            first,
            last,
            page.more ? `${words.formatNumber(count)}+` : words.formatNumber(count),
            filterTitle,
          ),
    rows,
    editable: editable && anyEditable,
    justification: clip(extras.justification ?? '', MAX_JUSTIFICATION_SHOWN),
    justificationLabel: words.justificationLabel(review.justificationRequired),
    // After a failure the same button retries what was not recorded (the choices are still on the card).
    submitTitle: words.submitButton(failures.size > 0),
    submit: { verb: 'submit', review: summaryOf(review), filter, skip, count, more: !!page.more, items },
    acceptAll: { ...state(filter, skip), verb: 'acceptRecommendations' },
    approveRest: { ...state(filter, skip), verb: 'approveRest' },
    hasPrevious: skip > 0,
    hasNext: !!page.more || skip + top < count,
    previous: state(filter, Math.max(0, skip - top)),
    next: state(filter, skip + top),
  };
}

function rowView(
  item: ReviewItem,
  i: number,
  choice: Choice,
  error: string | undefined,
  editable: boolean,
  sameResource: boolean,
  now: Date,
) {
  const who = item.principalName || item.principalUpn || item.principalId;
  const signIn =
    item.lastSignIn === undefined ? '' : words.signIn(item.lastSignIn === null ? null : daysAgo(item.lastSignIn, now));
  const recordable = recordableInGraph(item.resourceKind);
  const limit = denyLimitOf(item);
  // Group reviews have one resource for everyone: name it per row only when it differs from the review's, or when
  // there is more to say of it (the app role, the access package, the Azure scope).
  // Of the review's own resource, only what more there is to say (the app role, the Azure scope).
  const accessLine = !item.resourceName
    ? ''
    : !sameResource
      ? kinds.itemAccess(
          item.resourceKind,
          safeText(item.resourceName, MAX.resource),
          safeText(item.resourceDetail, MAX.resource),
        )
      : item.resourceDetail
        ? kinds.itemDetail(item.resourceKind, safeText(item.resourceDetail, MAX.resource))
        : '';
  // Of a role or PIM-for-Groups row: what the assignment is, after what more there is to say of the resource.
  const assignmentLine = item.assignment
    ? kinds.assignmentLine(item.assignment, localEnd(item.assignment.endDateTime, now))
    : '';
  return {
    name: safeText(who, MAX.name),
    upnLine: [
      safeText(item.principalUpn, MAX.upn),
      kinds.PRINCIPAL_KINDS[item.principalKind],
      item.principalKind === 'Group' && item.memberCount !== undefined ? kinds.groupMembers(item.memberCount) : '',
    ]
      .filter(Boolean)
      .join(' · '),
    accessLine: [accessLine, assignmentLine].filter(Boolean).join(' · '),
    // Before the reviewer decides: when a deny will not remove the access, or the decision cannot be recorded here.
    warningLine: !recordable ? kinds.DECIDE_IN_AZURE : limit ? kinds.DENY_LIMITS[limit] : '',
    elsewhereUrl: recordable ? '' : kinds.AZURE_PORTAL_URL,
    elsewhereTitle: kinds.OPEN_AZURE_PORTAL,
    recommendationLine: words.recommendationLine(item.recommendation, signIn),
    recommendationColor: item.recommendation === 'Deny' ? 'Attention' : 'Default',
    currentLine: words.currentLine(
      item.decision,
      safeText(item.reviewedByName, MAX.reviewer),
      safeText(item.justification, MAX.justification, true),
    ),
    // An input's label is shown as plain text, not markdown: cleaned, not escaped.
    choiceLabel: words.choiceLabel(clip(cleanText(who), MAX.name)),
    inputId: `choice_${i}`,
    choice: choice === '' ? 'Leave' : choice,
    editable: editable && recordable,
    failed: error !== undefined,
    error: error === undefined ? '' : words.notRecorded(safeText(error, MAX.error)),
  };
}

export function confirmApproveRestView(
  page: ReviewPage,
  notReviewedCount: number,
  justification: string,
  problem = '',
) {
  const review = page.review;
  const state = { review: summaryOf(review), filter: page.filter, skip: page.skip };
  return {
    question: words.approveRestQuestion(notReviewedCount),
    detail: words.approveRestDetail(safeText(review.name, MAX.reviewName)),
    problem,
    justification: clip(justification, MAX_JUSTIFICATION_SHOWN),
    justificationLabel: words.justificationLabel(review.justificationRequired),
    confirmTitle: words.approveRestButton(notReviewedCount),
    confirm: { verb: 'approveRestConfirmed', ...state },
    cancel: { verb: 'openReview', ...state },
  };
}

export function messageView(
  title: string,
  text: string,
  opts: {
    color?: 'Default' | 'Attention' | 'Good' | 'Warning';
    retry?: Record<string, unknown>;
    retryTitle?: string;
  } = {},
) {
  return {
    title,
    text,
    color: opts.color ?? 'Default',
    retry: opts.retry ?? null,
    retryTitle: opts.retryTitle ?? words.TRY_AGAIN,
  };
}

export function helpView(title: string) {
  return { title };
}

/** The card shown while "approve everyone" runs in the background. */
export function approvingView(
  review: ReviewSummary,
  progress: { done: number; recorded: number; failed: number; total: number },
) {
  return messageView(
    words.approvingTitle(safeText(review.name, MAX.reviewName)),
    words.approvingProgress(progress.done, progress.recorded, progress.failed, progress.total),
  );
}

/** "Name: why" for each person not recorded, names made safe. */
export function notRecordedLines(people: { name: string; why: string }[]): string {
  return words.notRecordedList(people.map((p) => `${safeText(p.name, MAX.name)}: ${clip(p.why, MAX.why)}`));
}
