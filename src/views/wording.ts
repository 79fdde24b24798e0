/**
 * Every phrase a reviewer reads on the cards, in one place, so the wording stays consistent and can be reviewed (or
 * translated) together. Plain functions and constants with no imports. Texts that come from other people (names,
 * UPNs, resource names, justifications) must already be made safe by the caller (see untrustedText.ts).
 */

const NUMBER = new Intl.NumberFormat('en-US');

/** "5,000": counts are read at a glance, so thousands are separated. */
export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

/** plural(1, 'person', 'people') is "1 person", plural(5000, 'person', 'people') is "5,000 people". */
export function plural(n: number, one: string, many: string): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

// The inbox

export const INBOX_TITLE = 'Access reviews waiting for you';
export const NOTHING_TO_REVIEW = 'Nothing to review.';

export function inboxHeadline(reviews: number, waitingReviews: number, people: number): string {
  if (reviews === 0) return NOTHING_TO_REVIEW;
  if (waitingReviews === 0) {
    return `All done: you have reviewed everyone in ${plural(reviews, 'open review', 'open reviews')}. You can still change decisions until they close.`;
  }
  return `${plural(people, 'person', 'people')} to review in ${plural(waitingReviews, 'review', 'reviews')}.`;
}

export function inboxFallback(headline: string): string {
  return `${INBOX_TITLE}: ${headline}`;
}

export const ACCESS_REVIEW = 'Access review';
export const THE_RESOURCE = 'the resource under review';

export function accessTo(resource: string): string {
  return `Access to ${resource}`;
}

export function progress(remaining: number, total: number): string {
  return remaining > 0
    ? `${formatNumber(remaining)} of ${formatNumber(total)} left to review`
    : total === 1
      ? 'Reviewed'
      : `All ${formatNumber(total)} reviewed`;
}

export function denyHint(recommendedDeny: number): string {
  return `${formatNumber(recommendedDeny)} recommended to deny`;
}

export function openButton(remaining: number): string {
  return remaining > 0 ? 'Review' : 'Open';
}

export const NO_DUE_DATE = 'No due date';

/** "Fri, Nov 27, 2026 at 5:00 PM" once the card shows `date` and `time` in the reader's locale. */
export function dateAndTime(date: string, time: string): string {
  return `${date} at ${time}`;
}

/** `when` is the due date as the card shows it ("" without one), `left` how long is left ("3 days left"). */
export function dueLine(when: string, left: string): string {
  return when ? `Due ${when} · ${left}` : NO_DUE_DATE;
}

// A review page

export const FILTER_TITLES: Record<'all' | 'notReviewed' | 'recommendedDeny', string> = {
  all: 'Everyone',
  notReviewed: 'Not reviewed yet',
  recommendedDeny: 'Recommended to deny',
};

export function filterButton(title: string, selected: boolean): string {
  return selected ? `✓ ${title}` : title;
}

/** "65 people", or "65+ people" when Graph did not count them all. */
export function peopleCount(count: number, more = false): string {
  return more ? `${formatNumber(count)}+ people` : plural(count, 'person', 'people');
}

/** `due` is "" without a due date. */
export function reviewFallback(name: string, people: string, due: string): string {
  return `${name}: ${people}${due ? `, due ${due}` : ''}. Open this in Teams to review.`;
}

export function showing(first: number, last: number, of: string, filterTitle: string): string {
  return `Showing ${formatNumber(first)}–${formatNumber(last)} of ${of} · ${filterTitle}`;
}

export function nobodyHere(filterTitle: string): string {
  return `No one here (${filterTitle.toLowerCase()}).`;
}

export function readOnlyReason(status: string): string {
  switch (status) {
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
      return `This review is ${status}: decisions cannot be recorded now.`;
  }
}

export function justificationLabel(required: boolean): string {
  return required ? 'Justification (required to approve in this review)' : 'Justification (optional)';
}

/** After a failure the same button retries what was not recorded. */
export function submitButton(retry: boolean): string {
  return retry ? 'Retry' : 'Submit decisions';
}

// One person on a review page

export const PRINCIPAL_KINDS: Record<'Member' | 'Guest' | 'ServicePrincipal' | 'Unknown', string> = {
  Member: 'Member',
  Guest: 'Guest',
  ServicePrincipal: 'App',
  Unknown: '',
};

/** Days since the last sign-in; null: never signed in. */
export function signIn(daysAgo: number | null): string {
  if (daysAgo === null) return 'never signed in';
  if (daysAgo <= 0) return 'last sign-in today';
  return `last sign-in ${plural(daysAgo, 'day', 'days')} ago`;
}

export function recommendationLine(recommendation: 'Approve' | 'Deny' | 'NoInfoAvailable', signInText: string): string {
  const head =
    recommendation === 'Approve'
      ? 'Recommended: approve'
      : recommendation === 'Deny'
        ? 'Recommended: deny'
        : 'No recommendation';
  return signInText ? `${head} (${signInText})` : head;
}

export const DECISION_WORDS: Record<'Approve' | 'Deny' | 'DontKnow' | 'NotReviewed', string> = {
  Approve: 'Approved',
  Deny: 'Denied',
  DontKnow: "Don't know",
  NotReviewed: 'Not reviewed yet',
};

export function currentLine(
  decision: 'Approve' | 'Deny' | 'DontKnow' | 'NotReviewed',
  by: string,
  justification: string,
): string {
  if (decision === 'NotReviewed') return `Current: ${DECISION_WORDS.NotReviewed}`;
  return `Current: ${DECISION_WORDS[decision]}${by ? ` by ${by}` : ''}${justification ? `: “${justification}”` : ''}`;
}

export function accessLine(resource: string): string {
  return `Access: ${resource}`;
}

export function choiceLabel(name: string): string {
  return `Decision for ${name}`;
}

export function notRecorded(why: string): string {
  return `Not recorded: ${why}`;
}

// Approving everyone left

export function approveRestQuestion(n: number): string {
  return n === 1
    ? 'Approve the 1 person not reviewed yet?'
    : `Approve all ${plural(n, 'person', 'people')} not reviewed yet?`;
}

export function approveRestDetail(reviewName: string): string {
  return `In “${reviewName}”. People you have already decided stay as they are. You can change decisions until the review closes.`;
}

export function approveRestButton(n: number): string {
  return `Yes, approve ${formatNumber(n)}`;
}

// Messages

export const TRY_AGAIN = 'Try again';

// What the bot says after an action (outcome lines on a review page, progress of long work)

export const NOTHING_TO_SUBMIT = "Nothing to submit: choose Approve, Deny or Don't know for someone first.";

export function recordedOutcome(recorded: number): string {
  return `Recorded ${plural(recorded, 'decision', 'decisions')}.`;
}

export function partlyRecorded(recorded: number, failed: number): string {
  return `${formatNumber(recorded)} recorded, ${formatNumber(failed)} not recorded.`;
}

export const KEPT_FOR_RETRY =
  'Your choices for those people are kept below with the reason. Fix what is needed and press Submit to retry.';

export const NOTHING_RECORDED = 'Nothing was recorded.';

export function keptBelow(why: string): string {
  return `${why} Your choices are kept below: press Retry.`;
}

export const ACCEPTED_RECOMMENDATIONS = 'Accepted the recommendations for everyone you had not reviewed yet.';
export const EVERYONE_REVIEWED = 'Everyone has been reviewed already.';
export const JUSTIFICATION_NEEDED_TO_APPROVE = 'This review requires a justification to approve.';

export function unsavedOnPage(kept: number): string {
  return `You have ${plural(kept, 'decision', 'decisions')} on this page not submitted yet.`;
}

export function submitFirst(lost: number): string {
  return (
    'Press Submit decisions first, or set them back to "Leave as is".' +
    (lost > 0
      ? ` ${plural(lost, 'of your choices was', 'of your choices were')} for people no longer on this page (decided by someone else meanwhile).`
      : '')
  );
}

export function justificationTooLong(length: number, max: number): string {
  return `The justification is ${plural(length, 'character', 'characters')} long; shorten it to ${formatNumber(max)} or fewer.`;
}

export function approvingTitle(reviewName: string): string {
  return `Approving everyone not reviewed yet in “${reviewName}”`;
}

/** Progress of "approve everyone", as Graph read it back so far. */
export function approvingProgress(done: number, recorded: number, failed: number, total: number): string {
  const head =
    done === 0
      ? 'Finding the people not reviewed yet…'
      : `Recorded ${formatNumber(recorded)} of ${formatNumber(total)}…${failed ? ` (${formatNumber(failed)} not recorded)` : ''}`;
  return `${head}\n\nThis card updates as it goes; you can leave it. If it stops updating, open the review again: everything recorded is kept.`;
}

export function approvedSummary(recorded: number, failed: number): string {
  return failed
    ? `Approved ${plural(recorded, 'person', 'people')}; ${formatNumber(failed)} not recorded.`
    : `Approved ${plural(recorded, 'person', 'people')}.`;
}

/** Who was not recorded and why: the first ten, then how many more. */
export function notRecordedList(lines: string[]): string {
  const more = lines.length - 10;
  return (
    lines.slice(0, 10).join('\n') + (more > 0 ? `\n…and ${formatNumber(more)} more. Run it again to retry them.` : '')
  );
}

// The bot's messages and problem cards

export const WELCOME_TITLE = 'Welcome to Attest';
export const HELP_TITLE = 'Attest help';
export const SIGNED_OUT = "You're signed out of Attest. Type 'reviews' any time to sign in again.";
export const NEEDS_NEWER_CLIENT = 'That card button needs a newer Teams client. Type "reviews" to continue.';

export function notUnderstood(text: string): string {
  return `I didn't get "${text}". Here is what I can do:`;
}

export const CARD_UNUSABLE_TITLE = 'That card could not be used';
export const UNKNOWN_CARD_ACTION = 'The card sent an action this bot does not know.';

export function cardUnusable(problem: string): string {
  return `${problem} Nothing was sent. Type "reviews" to get a fresh card.`;
}

export const WHO_ARE_YOU_TITLE = 'I cannot tell who you are';
export const WHO_ARE_YOU =
  'Teams did not send your Microsoft Entra identity with this message, so I cannot look up your reviews. Try again from Microsoft Teams.';

export const WENT_WRONG_TITLE = 'Something went wrong';
export const WENT_WRONG = 'I could not finish that. Nothing was recorded from this step; try again in a moment.';
export const WENT_WRONG_ON_THE_WAY = 'Something went wrong on my side or on the way to Microsoft 365.';
export const WENT_WRONG_MESSAGE =
  'Sorry, something went wrong on my side. Nothing you entered was recorded; please try again.';
export const DID_NOT_WORK_TITLE = 'That did not work';

export const SIGN_IN_AGAIN_TITLE = 'Sign in again';
export function signInAgain(why: string): string {
  return `${why} Type "reviews" to sign in.`;
}

export const SIGN_IN_TITLE = 'Sign in to Attest';
export const SIGN_IN_REASONS = {
  notSignedIn: 'Sign in so I can show and record your access reviews, as you.',
  expired: 'Your sign-in has expired. Sign in again to continue; nothing you entered is lost.',
  consent: 'Attest needs your consent to read and record your access reviews. Sign in to give it.',
};
export const SIGN_IN_EXPIRED = 'Your sign-in has expired.';
export const SSO_NOT_EXCHANGED = 'Your Teams sign-in could not be exchanged for access to your reviews.';

// Proactive reminders
export const REMINDER_NEW_TITLE = 'A new access review is waiting for you';
export const REMINDER_CLOSING_TITLE = 'An access review closes soon';
export const REMINDER_LAST_DAY_TITLE = 'Last day for an access review';
export const REMINDER_DIGEST_TITLE = 'Your access reviews today';
export function reminderDigestHeadline(reviews: number): string {
  return reviews === 1 ? 'One review needs your attention.' : `${formatNumber(reviews)} reviews need your attention.`;
}
export const REVIEW_NOW = 'Review now';
export const SIGN_IN_AGAIN_FOR_REMINDERS =
  'Your sign-in has expired, so I cannot remind you of access reviews. Type "reviews" to sign in again; reminders start again then.';
