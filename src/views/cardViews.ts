import { InboxEntry, isUrgent, timeLeft } from '../reviews/inbox';
import { clip, cleanText, escapeMarkdown, safeText } from './untrustedText';
import { Choice, ItemFilter, ReviewItem, ReviewPage, ReviewSummary } from '../reviews/model';

/**
 * The data each card template is expanded with. Pure: model in, plain objects out. Everything a later action needs
 * travels in the action's data, so paging and submitting need no extra Graph read.
 */

const FILTER_TITLES: Record<ItemFilter, string> = {
  all: 'Everyone',
  notReviewed: 'Not reviewed yet',
  recommendedDeny: 'Recommended to deny',
};
const DECISION_WORDS: Record<string, string> = {
  Approve: 'Approved',
  Deny: 'Denied',
  DontKnow: "Don't know",
  NotReviewed: 'Not reviewed yet',
};

/** "Fri 27 Nov 2026, 17:00 UTC": unambiguous for reviewers in any time zone. */
export function formatDue(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'no due date';
  const day = d.toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${day}, ${time} UTC`;
}

// Kept here for callers that imported them from the views.
export { clip };

/** Someone else's text escaped for a TextBlock, unclipped (line breaks kept). */
export function plain(s: string): string {
  return escapeMarkdown(cleanText(s, true));
}

/** An item as it travels in card data: display texts clipped (and without control characters), ids intact. */
function carried(item: ReviewItem): ReviewItem {
  return {
    ...item,
    principalName: clip(cleanText(item.principalName), 64),
    principalUpn: clip(cleanText(item.principalUpn), 80),
    resourceName: clip(cleanText(item.resourceName), 64),
    justification: clip(cleanText(item.justification, true), 80),
    reviewedByName: clip(cleanText(item.reviewedByName), 48),
  };
}

function daysAgo(iso: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000);
}

export function inboxView(entries: InboxEntry[]) {
  const waiting = entries.filter((e) => e.remaining > 0);
  const people = waiting.reduce((n, e) => n + e.remaining, 0);
  const headline =
    entries.length === 0
      ? 'Nothing to review.'
      : waiting.length === 0
        ? `All done: you have reviewed everyone in ${entries.length} open review${entries.length === 1 ? '' : 's'}. You can still change decisions until they close.`
        : `${people} ${people === 1 ? 'person' : 'people'} to review in ${waiting.length} review${waiting.length === 1 ? '' : 's'}.`;
  return {
    headline,
    fallbackText: `Access reviews waiting for you: ${headline}`,
    reviews: entries.map((e) => ({
      name: safeText(e.name, 100),
      resourceLine: e.resourceName ? `Access to ${safeText(e.resourceName, 64)}` : 'Access review',
      progress: e.remaining > 0 ? `${e.remaining} of ${e.total} left to review` : `All ${e.total} reviewed`,
      recommendedDeny: e.recommendedDeny,
      denyHint: `${e.recommendedDeny} recommended to deny`,
      dueLine: `Due ${formatDue(e.endDateTime)} · ${e.timeLeft}`,
      urgent: e.urgent,
      buttonTitle: e.remaining > 0 ? 'Review' : 'Open',
      open: { verb: 'openReview', review: summaryOf(e), filter: 'all', skip: 0 },
    })),
  };
}

/** A ReviewSummary without the inbox's presentation fields, as it travels in card data. */
export function summaryOf(e: ReviewSummary): ReviewSummary {
  return {
    definitionId: e.definitionId,
    instanceId: e.instanceId,
    name: clip(cleanText(e.name), 100),
    resourceName: clip(cleanText(e.resourceName), 64),
    status: e.status,
    endDateTime: e.endDateTime,
    justificationRequired: e.justificationRequired,
    guestsOnly: e.guestsOnly,
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

function readOnlyReason(review: ReviewSummary): string {
  switch (review.status) {
    case 'InProgress':
      return '';
    case 'NotStarted':
    case 'Initializing':
    case 'Starting':
      return 'This review has not started yet: you can look, but decisions open when it starts.';
    case 'Completed':
    case 'Completing':
    case 'Applied':
    case 'AutoReviewed':
    case 'AutoReviewing':
      return 'This review has ended: decisions can no longer be changed.';
    default:
      return `This review is ${review.status}: decisions cannot be recorded now.`;
  }
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
  // Compared as both travel in card data: the review's name may come clipped from an earlier card, the items' from Graph.
  const reviewResource = summaryOf(review).resourceName;
  const rows = items.map((item, i) =>
    rowView(item, i, extras.choices?.[i] ?? '', failures.get(i), editable, item.resourceName === reviewResource, now),
  );
  return {
    review,
    fallbackText: `${safeText(review.name, 100)}: ${count} people. Open this in Teams to review.`,
    title: safeText(review.name, 100),
    resourceLine: `Access to ${safeText(review.resourceName, 64) || 'the resource under review'}`,
    dueLine: `Due ${formatDue(review.endDateTime)} · ${timeLeft(review.endDateTime, now)}`,
    urgent: isUrgent(review, now),
    readOnlyReason: readOnlyReason(review),
    outcome: extras.outcome ?? '',
    outcomeDetail: extras.outcomeDetail ?? '',
    outcomeStyle: extras.outcomeStyle ?? 'default',
    filters: (['all', 'notReviewed', 'recommendedDeny'] as ItemFilter[]).map((f) => ({
      title: f === filter ? `✓ ${FILTER_TITLES[f]}` : FILTER_TITLES[f],
      style: f === filter ? 'positive' : 'default',
      data: state(f, 0),
    })),
    showing:
      count === 0
        ? `No one here (${FILTER_TITLES[filter].toLowerCase()}).`
        : `Showing ${first}–${last} of ${page.more ? `${count}+` : count} · ${FILTER_TITLES[filter]}`,
    rows,
    editable,
    justification: extras.justification ?? '',
    justificationLabel: review.justificationRequired
      ? 'Justification (required to approve in this review)'
      : 'Justification (optional)',
    // After a failure the same button retries what was not recorded (the choices are still on the card).
    submitTitle: failures.size > 0 ? 'Retry' : 'Submit decisions',
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
  const kind =
    item.principalKind === 'Unknown' ? '' : item.principalKind === 'ServicePrincipal' ? 'App' : item.principalKind;
  let recommendationLine: string;
  const signIn =
    item.lastSignIn === undefined
      ? ''
      : item.lastSignIn === null
        ? 'never signed in'
        : `last sign-in ${daysAgo(item.lastSignIn, now) <= 0 ? 'today' : `${daysAgo(item.lastSignIn, now)} days ago`}`;
  if (item.recommendation === 'Approve') recommendationLine = `Recommended: approve${signIn ? ` (${signIn})` : ''}`;
  else if (item.recommendation === 'Deny') recommendationLine = `Recommended: deny${signIn ? ` (${signIn})` : ''}`;
  else recommendationLine = `No recommendation${signIn ? ` (${signIn})` : ''}`;
  const current =
    item.decision === 'NotReviewed'
      ? 'Not reviewed yet'
      : `${DECISION_WORDS[item.decision]}${item.reviewedByName ? ` by ${safeText(item.reviewedByName, 48)}` : ''}${item.justification ? `: “${safeText(item.justification, 80, true)}”` : ''}`;
  return {
    name: safeText(who, 64),
    upnLine: [safeText(item.principalUpn, 80), kind].filter(Boolean).join(' · '),
    // Group reviews have one resource for everyone; name it per person only when it differs from the review's.
    accessLine: item.resourceName && !sameResource ? `Access: ${safeText(item.resourceName, 64)}` : '',
    recommendationLine,
    recommendationColor: item.recommendation === 'Deny' ? 'Attention' : 'Default',
    currentLine: `Current: ${current}`,
    // An input's label is shown as plain text, not markdown: cleaned, not escaped.
    choiceLabel: `Decision for ${clip(cleanText(who), 64)}`,
    inputId: `choice_${i}`,
    choice: choice === '' ? 'Leave' : choice,
    editable,
    failed: error !== undefined,
    error: safeText(error ?? '', 160),
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
    question: `Approve all ${notReviewedCount} ${notReviewedCount === 1 ? 'person' : 'people'} not reviewed yet?`,
    detail: `In “${safeText(review.name, 100)}”. People you have already decided stay as they are. You can change decisions until the review closes.`,
    problem,
    justification,
    justificationLabel: review.justificationRequired
      ? 'Justification (required to approve in this review)'
      : 'Justification (optional)',
    confirmTitle: `Yes, approve ${notReviewedCount}`,
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
    retryTitle: opts.retryTitle ?? 'Try again',
  };
}
