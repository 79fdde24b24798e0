import { timeLeft } from '../reviews/inbox';
import { PendingContact, Person, ReachReport, ScannedReview } from '../reviews/reach';
import { reviewKindOf } from '../reviews/reviewKinds';
import { localDue } from './cardViews';
import * as reach from './reachWording';
import { openReviewData } from './reminderViews';
import { clip, cleanText, safeText } from './untrustedText';
import * as words from './wording';

/** A first-contact card lists at most this many reviews (the rest come in the person's inbox once signed in). */
const MAX_CONTACT_REVIEWS = 10;
/** An escalation names at most this many reviewers; the count is exact. */
const MAX_NAMES = 25;

/**
 * The first-contact card: to a reviewer who never opened Attest, which reviews, of what, due when (in their own time:
 * Teams formats the date on their device), how many people are left, **Review now** (signs in, opens the review) and
 * **Not me** (tells the review's creator).
 */
export function firstContactView(contacts: PendingContact[], now: Date) {
  const shown = contacts.slice(0, MAX_CONTACT_REVIEWS);
  const title = reach.firstContactTitle(contacts.length);
  return {
    title,
    intro: reach.FIRST_CONTACT_INTRO,
    note: reach.SIGN_IN_NOTE,
    fallbackText: `${title}: ${safeText(shown[0]?.name ?? '', 100)}`,
    reviews: shown.map((c) => ({
      name: safeText(c.name, 100),
      kindLine: reach.kindLine(reviewKindOf(c.scope).kind),
      startedBy: reach.startedBy(safeText(c.owner?.displayName ?? '', 64)),
      dueLine: words.dueLine(localDue(c.endDateTime), timeLeft(c.endDateTime, now)),
      progress: reach.leftForYou(c.remaining, c.total),
      recommendedDeny: c.recommendedDeny,
      denyHint: words.denyHint(c.recommendedDeny),
      buttonTitle: words.REVIEW_NOW,
      notMeTitle: reach.NOT_ME,
      open: openReviewData({ ...c, remaining: c.remaining ?? c.total }, c.justificationRequired),
      notMe: { verb: 'notMe', instanceId: c.instanceId },
    })),
    more: contacts.length > shown.length ? reach.andMore(contacts.length - shown.length) : '',
  };
}

/**
 * The escalation to a review's creator: who of its reviewers has recorded nothing yet (names, then a count), how
 * much is left, and **Nudge reviewers** (Graph's sendReminder, the owner's own action).
 */
export function escalationView(review: ScannedReview, silent: Person[], lastDay: boolean, now: Date) {
  const names = silent.slice(0, MAX_NAMES).map((p) => safeText(p.displayName || p.userPrincipalName || p.id, 64));
  const title = reach.escalationTitle(lastDay);
  const reviewers =
    review.reviewerKind === 'self' ? silent.length : new Set(review.reviewers.map((p) => p.id.toLowerCase())).size;
  return {
    title,
    headline: reach.escalationHeadline(silent.length, Math.max(reviewers, silent.length), safeText(review.name, 100)),
    dueLine: words.dueLine(localDue(review.endDateTime), timeLeft(review.endDateTime, now)),
    progress: reach.escalationProgress(review.remaining, review.total),
    names: names.join(', ') + (silent.length > names.length ? `, ${reach.andMore(silent.length - names.length)}` : ''),
    note: reach.ESCALATION_NOTE,
    nudgeTitle: reach.NUDGE_REVIEWERS,
    nudge: {
      verb: 'nudgeReview',
      definitionId: review.definitionId,
      instanceId: review.instanceId,
      name: clip(cleanText(review.name), 256),
      skip: 0,
    },
    fallbackText: `${title}: ${safeText(review.name, 100)}`,
  };
}

/** A manager's note about the people they manage who have recorded nothing in a review (ESCALATE_TO_MANAGERS). */
export function managerNoteView(reports: Person[], review: ScannedReview) {
  const names = reports.slice(0, MAX_NAMES).map((p) => safeText(p.displayName, 64));
  const more = reports.length > names.length ? reach.andMore(reports.length - names.length) : '';
  return {
    title: reach.managerTitle(reports.length),
    text: reach.managerText(
      [...names, ...(more ? [more] : [])].join(', '),
      reports.length,
      safeText(review.name, 100),
      safeText(review.createdBy?.displayName ?? '', 64),
    ),
  };
}

/** The admin's view lists this many reviews a card (More / Earlier pages through the rest). */
export const REACH_PAGE = 10;

/**
 * The admin's `reach` view: per review in progress, reached, signed in, finished, and who was not reached and why; a
 * page of REACH_PAGE reviews (soonest end first) from `skip`.
 */
export function reachView(report: ReachReport, skip = 0) {
  const from = Math.max(0, Math.min(skip, Math.max(0, report.reviews.length - 1)));
  const page = report.reviews.slice(from, from + REACH_PAGE);
  const later = from + REACH_PAGE < report.reviews.length;
  return {
    title: reach.REACH_TITLE,
    scannedAt: reach.reachScannedAt(localDue(report.at)),
    empty: report.reviews.length ? '' : reach.reachNoReviews(),
    range:
      report.reviews.length > REACH_PAGE ? reach.reachRange(from + 1, from + page.length, report.reviews.length) : '',
    earlier: from > 0 ? { verb: 'reach', skip: Math.max(0, from - REACH_PAGE) } : null,
    later: later ? { verb: 'reach', skip: from + REACH_PAGE } : null,
    refresh: { verb: 'reach', skip: from },
    earlierTitle: reach.EARLIER_REVIEWS,
    laterTitle: reach.LATER_REVIEWS,
    refreshTitle: reach.REFRESH,
    reviews: page.map((r) => ({
      name: safeText(r.name, 100),
      dueLine: words.dueLine(localDue(r.endDateTime), timeLeft(r.endDateTime, new Date(report.at))),
      counts: reach.reachCounts(r),
      notReached: r.unreachableCount ? reach.notReachedLine(r.unreachableCount) : '',
      people: r.unreachable.map((u) => ({
        line: `${safeText(u.person.displayName || u.person.userPrincipalName || u.person.id, 64)}: ${reach.UNREACHABLE_WHY[u.why]}`,
      })),
      more: r.unreachableCount > r.unreachable.length ? reach.andMore(r.unreachableCount - r.unreachable.length) : '',
    })),
    moreReviews: report.moreReviews && !later ? reach.moreReviews(report.moreReviews) : '',
    fallbackText: reach.REACH_TITLE,
  };
}
