import { timeLeft } from '../reviews/inbox';
import { DueReview, Reminder } from '../reviews/reminderPolicy';
import { formatDue, localDue } from './cardViews';
import { clip, cleanText, safeText } from './untrustedText';
import * as words from './wording';

/** A digest lists at most this many reviews, so the card stays far below Teams' message size. */
const MAX_DIGEST_REVIEWS = 20;

function titleOf(reminder: Reminder): string {
  if (reminder.type === 'digest') return words.REMINDER_DIGEST_TITLE;
  if (reminder.kind === 'new') return words.REMINDER_NEW_TITLE;
  if (reminder.kind === 'lastDay') return words.REMINDER_LAST_DAY_TITLE;
  // The due line says how long is left, exactly; the title only says it is closing.
  return words.REMINDER_CLOSING_TITLE;
}

function reviewLine(r: DueReview, now: Date, justificationRequired: boolean) {
  return {
    name: safeText(r.name, 100),
    // In the reader's own time zone and locale, as the inbox shows it (Teams formats DATE/TIME on the device).
    dueLine: words.dueLine(localDue(r.endDateTime), timeLeft(r.endDateTime, now)),
    progress: words.progress(r.remaining, r.total),
    recommendedDeny: r.recommendedDeny,
    denyHint: words.denyHint(r.recommendedDeny),
    buttonTitle: words.REVIEW_NOW,
    snoozeTitle: words.SNOOZE,
    muteTitle: words.MUTE,
    // Snooze and Mute store the instance id, and the name to list it by on the settings card.
    held: { instanceId: r.instanceId, name: clip(cleanText(r.name), 100) },
    // What the inbox's button carries: "Review now" opens the review card in place through the openReview action.
    open: openReviewData(r, justificationRequired),
  };
}

/** The data of a "Review now" button: the openReview action, which opens the review card in place. */
export function openReviewData(
  r: Pick<
    DueReview,
    'definitionId' | 'instanceId' | 'name' | 'resourceName' | 'endDateTime' | 'total' | 'remaining' | 'recommendedDeny'
  >,
  justificationRequired: boolean,
) {
  return {
    verb: 'openReview',
    review: {
      definitionId: r.definitionId,
      instanceId: r.instanceId,
      name: clip(cleanText(r.name), 100),
      resourceName: clip(cleanText(r.resourceName ?? ''), 64),
      status: 'InProgress',
      endDateTime: r.endDateTime,
      justificationRequired,
      guestsOnly: false,
      total: r.total,
      remaining: r.remaining,
      recommendedDeny: r.recommendedDeny,
    },
    filter: 'all',
    skip: 0,
  };
}

/**
 * A reminder card's data: what is due, when (in the reader's time), how many people are left and how many the service
 * recommends denying, with "Review now". `justificationRequired` says, per instance, whether approving needs a reason.
 */
export function reminderView(reminder: Reminder, now: Date, justificationRequired: (instanceId: string) => boolean) {
  const due = reminder.type === 'digest' ? reminder.reviews.slice(0, MAX_DIGEST_REVIEWS) : [reminder.review];
  const title = titleOf(reminder);
  const headline = reminder.type === 'digest' ? words.reminderDigestHeadline(reminder.reviews.length) : '';
  const first = due[0];
  return {
    title,
    headline,
    fallbackText: `${title}: ${safeText(first?.name ?? '', 100)} ${formatDue(first?.endDateTime ?? '')}`.trim(),
    reviews: due.map((r) => reviewLine(r, now, justificationRequired(r.instanceId))),
  };
}
