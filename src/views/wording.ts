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

/** Under the reviews the inbox lists, when it does not list them all (see MAX_INBOX_REVIEWS). */
/** Under a page of the inbox: which of the reviews it shows (those with people left and due soonest come first). */
export function inboxShowing(first: number, last: number, total: number): string {
  return `Reviews ${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(total)}, those with people left and due soonest first.`;
}
export const EARLIER_REVIEWS = '◀ Earlier reviews';
export const LATER_REVIEWS = 'More reviews ▶';

export function inboxFallback(headline: string): string {
  return `${INBOX_TITLE}: ${headline}`;
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

/** A write that got no answer, followed by the page as Graph holds it now. */
export function noAnswerShowingNow(why: string): string {
  return `${why} It may have been done all the same: the page below shows what Microsoft Graph holds now.`;
}
/** The flow stopped after it may have sent something: the card says what it knows, not that nothing happened. */
export const NOT_CONFIRMED = 'Not confirmed: Microsoft Graph may or may not have recorded these.';

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

export const TOO_LONG_TO_SHOW_TITLE = 'Too long to show';
export const TOO_LONG_TO_SHOW =
  'What I had to show you here is too long for a Teams message, so I did not send it. That undoes nothing: type "reviews", "my reviews" or "settings" to see where things stand.';

export const WENT_WRONG_TITLE = 'Something went wrong';
export const WENT_WRONG =
  'I could not finish that. Whatever Microsoft Graph recorded before it stopped is kept: open the review to see what it holds, then try again.';
export const WENT_WRONG_ON_THE_WAY = 'Something went wrong on my side or on the way to Microsoft 365.';
export const WENT_WRONG_MESSAGE =
  'Sorry, something went wrong on my side. Type reviews to see what Microsoft Graph holds, then try again.';
export const DID_NOT_WORK_TITLE = 'That did not work';

// Storage (Azure Storage, where settings, sessions and reminders are kept) that does not answer in time

export const STORAGE_SLOW_TITLE = 'Storage is slow';
export const STORAGE_SLOW =
  "Attest's storage did not answer in time, so this did not happen yet. Nothing you entered was lost: try again in a moment.";
export const STORAGE_SLOW_UNSURE =
  "Attest's storage did not answer in time, so I cannot tell yet whether this was saved. Nothing you entered was lost, and trying again in a moment is safe: it does the same again, never twice.";
export const STORAGE_SLOW_MESSAGE =
  "Attest's storage is slow to answer right now, so I could not finish that (or could not confirm it). Nothing you entered was lost: try again in a moment.";
/** Why an action's input is drawn again (the card adds what was kept). */
export const STORAGE_SLOW_WHY = "Attest's storage did not answer in time.";
export const STORAGE_SLOW_UNSURE_WHY =
  "Attest's storage did not answer in time, so I cannot tell yet whether that was saved.";
export const STILL_WORKING_TITLE = 'Still working on it';
export const STILL_WORKING =
  'This is taking longer than Teams waits for an answer. It may still finish: look again in a moment before you press it again.';

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

// Owners and admins: a quick review of a group or an application ("new review")

export const NEW_REVIEW_TITLE = 'New access review';
export const NEW_REVIEW_INTRO =
  'Pick a group or an application, who is reviewed and who reviews; everything else has a default. Reviewers are told by mail, and find it in Attest under reviews.';
export const EVERY_M365_GROUP = 'Every Microsoft 365 group (admins only)';
export const EVERY_M365_GROUP_NAME = 'every Microsoft 365 group';
export const MORE_OWNED_GROUPS = 'You own more groups than are listed: search for the others by name.';
export const MORE_OWNED_APPS = 'You own more applications than are listed: search for the others by name.';

/** An application in the list to pick from: creating its review takes an admin role, whoever owns it. */
export function appChoice(name: string): string {
  return `${name} (application, admins only)`;
}

/** A role-assignable group in the list to pick from. */
export function roleAssignableChoice(name: string): string {
  return `${name} (role-assignable)`;
}

/** Under the form when the group picked is role-assignable. */
export function roleAssignableNote(group: string): string {
  return (
    `${group} is role-assignable: its members hold Microsoft Entra roles (privileged access). Creating its review ` +
    'takes the Privileged Role Administrator role or a role that creates reviews of groups.'
  );
}

/** The default name of an app review: whose access to which application. */
export function defaultAppReviewName(every: string, guests: boolean, app: string): string {
  return guests ? `${every} review of guests' access to ${app}` : `${every} review of access to ${app}`;
}
export const NAME_EXAMPLE = 'e.g. Quarterly review of guests in Feelgood Marketing Campaign';

export const EVERY_WORDS: Record<
  'once' | 'weekly' | 'monthly' | 'quarterly' | 'semiannually' | 'annually' | 'other',
  string
> = {
  once: 'One-time',
  weekly: 'Weekly',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  semiannually: 'Semi-annual',
  annually: 'Annual',
  other: 'Recurring',
};

/** "Quarterly review of guests in Feelgood Marketing Campaign", "One-time review of members of Sales". */
export function defaultReviewName(every: string, guests: boolean, group: string): string {
  return guests ? `${every} review of guests in ${group}` : `${every} review of members of ${group}`;
}

export function defaultReviewerDescription(selfReview: boolean, group: string): string {
  return selfReview
    ? `Do you still need access to ${group}? Approve to keep it; deny if you no longer need it.`
    : `Please confirm who still needs access to ${group}.`;
}

export function defaultAdminDescription(creator: string, group: string): string {
  return `Created in Microsoft Teams with Attest${creator ? ` by ${creator}` : ''}: a quick review of ${group}.`;
}

export function searchFound(text: string, n: number): string {
  return n === 0
    ? `No group starts with “${text}”.`
    : `${plural(n, 'group starts', 'groups start')} with “${text}”: pick it in the list above.`;
}

export const TYPE_TO_SEARCH = 'Type the start of a group or application name to search.';

export function searchFoundApps(text: string, n: number): string {
  return n === 0
    ? `No application starts with “${text}”.`
    : `${plural(n, 'application starts', 'applications start')} with “${text}”: pick it in the list above.`;
}

// What is wrong with a quick review (the form and the one-line command)

export function unknownWord(word: string): string {
  return `I don't know “${word}”.`;
}

/** Said once under the problems when a word was not known, whatever the number of such words. */
export function keysAllowed(keys: string[]): string {
  return `After the group or app, use: ${keys.join(', ')} (as key=value; type help for examples).`;
}

/** After the first few problems named: how many more there are. */
export function moreProblems(n: number): string {
  return `…and ${plural(n, 'more problem', 'more problems')}.`;
}

export function badValue(key: string, value: string, allowed: string[]): string {
  return `“${key}=${value}” is not allowed: ${key} can be ${allowed.join(', ')}.`;
}

export function repeatedKey(key: string): string {
  return `“${key}” is given twice: keep one.`;
}

export const UNCLOSED_QUOTE = 'A quote is not closed: put the group name (or value) between two quotes.';
export const UNTIL_AND_TIMES = 'Give either until= (an end date) or times= (a number of reviews), not both.';
export const MISSING_GROUP = 'Choose the group or application to review.';
export const APP_REVIEWS_OFF =
  'Reviews of applications are turned off in this organization’s Attest (they need the Application.Read.All permission). Create them in the Microsoft Entra admin center, or ask an administrator to turn them on.';
export const MISSING_APP = 'Name the application after app, in quotes: new review app "Contoso Expenses".';
export const START_IN_PAST = 'The start date is in the past: start today or later.';

/** `latest` is YYYY-MM-DD, a year from today. */
export function startTooFarAhead(latest: string): string {
  return `The start date is too far ahead: start within a year, on ${latest} at the latest.`;
}

/** `latest` is YYYY-MM-DD, ten years from today. */
export function endTooFarAhead(latest: string): string {
  return `The end date is too far ahead: end within ten years, on ${latest} at the latest.`;
}
export const END_BEFORE_START = 'The recurrence must end after its start date.';
export const END_NEEDS_RECURRENCE = 'An end (a date or a number of times) only applies to a recurring review.';
export const PEOPLE_NEEDED = 'Name the people who review (by name or UPN), or choose other reviewers.';
export const FALLBACK_NOT_USED =
  'Fallback reviewers are only asked when the reviewers are owners or managers who cannot be found; remove them or change the reviewers.';

/** Where each kind of review Attest does not create is made (Microsoft Entra admin center, entra.microsoft.com). */
export const ELSEWHERE_PLACES: Record<
  'accessPackage' | 'directoryRole' | 'azureRole' | 'pimGroup' | 'inactiveUsers' | 'multiResource',
  string
> = {
  accessPackage:
    'Reviews of access packages are set on the package’s policy: ID Governance › Entitlement management › Access packages, then the package, Policies, Lifecycle.',
  directoryRole:
    'Reviews of Microsoft Entra roles are made in Privileged Identity Management: ID Governance › Privileged Identity Management › Microsoft Entra roles › Access reviews.',
  azureRole:
    'Reviews of Azure resource roles are made in Privileged Identity Management: ID Governance › Privileged Identity Management › Azure resources, then the resource, Access reviews.',
  pimGroup:
    'Reviews of groups in PIM for Groups (their eligible and active members) are made at ID Governance › Access reviews › New access review, Teams + Groups.',
  inactiveUsers:
    'Reviews of inactive users only are made at ID Governance › Access reviews › New access review (Inactive users, in the scope).',
  multiResource: 'Reviews of several resources at once are made at ID Governance › Access reviews.',
};

/** `new review` of a kind Attest does not create: where to go instead (after a first word: how to name a group). */
export function elsewhere(place: string, word?: string): string {
  const quote = word ? ` (A group whose name starts with “${word}”: put the name in quotes.)` : '';
  return (
    `Attest creates reviews of groups and applications. ${place} Open the Microsoft Entra admin center ` +
    `(entra.microsoft.com) to create it.${quote}`
  );
}

const FIELD_WORDS: Record<string, string> = {
  days: 'The duration in days',
  times: 'The number of times',
  startDate: 'The start date',
  endDate: 'The end date',
  name: 'The name',
  descriptionForAdmins: 'The note for admins',
  descriptionForReviewers: 'The message to reviewers',
  people: 'The list of people',
};

export function outOfRange(field: string, value: string, min: number, max: number): string {
  return `${FIELD_WORDS[field] ?? field} must be a whole number from ${formatNumber(min)} to ${formatNumber(max)}${value && value !== 'NaN' ? ` (not ${value})` : ''}.`;
}

export function notADate(field: string, value: string): string {
  return `${FIELD_WORDS[field] ?? field} “${value}” is not a date: write it as YYYY-MM-DD.`;
}

export function tooLong(field: string, max: number): string {
  switch (field) {
    case 'people':
      return `Name at most ${formatNumber(max)} people as reviewers and ${formatNumber(max)} as fallback reviewers.`;
    case 'group':
      return `No group has a name that long: Microsoft Entra keeps group names to ${plural(max, 'character', 'characters')}.`;
    case 'person':
      return `No one has a name that long: Microsoft Entra keeps names to ${plural(max, 'character', 'characters')} (and UPNs shorter).`;
    default:
      return `${FIELD_WORDS[field] ?? field} is too long: at most ${plural(max, 'character', 'characters')}.`;
  }
}

export function noSuchGroup(name: string): string {
  return `I found no group called “${name}”. Check the name, or type new review to pick from a list.`;
}

export function severalGroups(name: string, names: string[]): string {
  return `Several groups match “${name}”: ${names.join('; ')}. Give the full name in quotes.`;
}

export function noSuchApp(name: string): string {
  return (
    `I found no application called “${name}”. Check its name under Enterprise applications, or type new review to ` +
    'pick from a list. (A group whose name starts with “app”: put the name in quotes.)'
  );
}

export function severalApps(name: string, names: string[]): string {
  return `Several applications match “${name}”: ${names.join('; ')}. Give the full name in quotes.`;
}

export function noSuchPerson(typed: string): string {
  return `I found nobody called “${typed}”. Use their full name or UPN (name@domain).`;
}

export function severalPeople(typed: string, people: string[]): string {
  return `Several people match “${typed}”: ${people.join('; ')}. Use the UPN of the one you mean.`;
}

export const NOT_CREATED_TITLE = 'The review was not created';
export const ALREADY_CREATED_TITLE = 'This form was already sent';
export const ALREADY_CREATED =
  'This form already created its review, so nothing more was created. Type **my reviews** to see it, or **new review** for another.';
export const CREATE_STORAGE_SLOW =
  "Attest's storage did not answer in time, so nothing was created. Everything you entered is kept: press Create review again in a moment.";
export const FIX_AND_CREATE = 'Nothing was created. Fix this below and press Create review again:';

/** Graph's 403 on create, in plain words: who may create a review of a group. */
export function createForbidden(group: string): string {
  return (
    `Microsoft Entra did not let you create a review of ${group}. Creating access reviews takes one of the roles ` +
    'User Administrator, Identity Governance Administrator or Global Administrator, or, if your organization lets ' +
    'group owners create reviews (an access reviews setting of Microsoft Entra ID Governance, for groups they own), ' +
    'being an owner of that group. Nothing was created. Ask an administrator to give you the role or turn the setting ' +
    'on, or to create the review for you.'
  );
}

/** Graph's 403 on create of an app review: only admins may, whoever owns the app. */
export function createForbiddenApp(app: string): string {
  return (
    `Microsoft Entra did not let you create a review of ${app}. Reviewing an application takes one of the roles ` +
    'User Administrator, Identity Governance Administrator or Global Administrator: owning the application is not ' +
    'enough, as the setting that lets owners create reviews covers groups only. Nothing was created. Ask an ' +
    'administrator to create the review for you, or to give you the role.'
  );
}

/** Graph's 403 on create of a review of a role-assignable group. */
export function createForbiddenRoleAssignable(group: string): string {
  return (
    `Microsoft Entra did not let you create a review of ${group}. It is a role-assignable group: its members hold ` +
    'Microsoft Entra roles, so reviewing it takes one of the roles Privileged Role Administrator, User ' +
    'Administrator, Identity Governance Administrator or Global Administrator, or being an owner of the group where ' +
    'your organization lets group owners create reviews. Nothing was created. Ask a Privileged Role Administrator to ' +
    'create the review for you.'
  );
}

export function createRefused(message: string): string {
  return `Microsoft Entra refused the review: ${message || 'it gave no reason'}. Nothing was created; the form is kept below.`;
}

export function createFailed(why: string): string {
  return `${why} Nothing was created; the form is kept below: press Create review to try again.`;
}

export const MAY_HAVE_BEEN_CREATED_TITLE = 'The review may have been created';

/** A create whose answer was lost, and the review not listed (yet) when Attest looked. */
export function mayHaveBeenCreated(name: string, why: string): string {
  return (
    `Microsoft Graph did not say whether it created “${name}”: ${why} Attest looked and does not see it yet. ` +
    'Type **my reviews** in a minute to check, or press Create review again: Attest looks for it first and creates it only if it is not there.'
  );
}

/** The form pressed again while an earlier create's outcome is still unknown. */
export function stillLooking(name: string): string {
  return (
    `An earlier Create review of “${name}” got no answer from Microsoft Graph, and Attest does not see the review yet. ` +
    'It may still appear: press Create review again in a few minutes, and Attest creates it only if it is not there by then.'
  );
}

export function createdTitle(name: string): string {
  return `Created “${name}”`;
}

/** `when` is the start as the card shows it. */
export function startsLine(started: boolean, when: string): string {
  return started ? `It started ${when}: reviewers can decide now.` : `It starts ${when}.`;
}

export function createdButNotReadBack(name: string, why: string): string {
  return `Microsoft Entra answered that it created “${name}”, but reading it back failed (${why}). Type my reviews to check it is there.`;
}

export const FACT_TITLES = {
  group: 'Group',
  app: 'Application',
  privileged: 'Privileged access',
  who: 'Who is reviewed',
  reviewers: 'Reviewers',
  fallback: 'Fallback reviewers',
  duration: 'Each review runs',
  recurrence: 'Recurrence',
  noResponse: 'If reviewers don’t respond',
  autoApply: 'Results',
  justification: 'Reason to approve',
  recommendations: 'Recommendations',
};

export const WHO_WORDS = { members: 'All members', guests: 'Guests only' };
export const REVIEWER_WORDS = {
  self: 'Members review themselves',
  owners: 'Group owners',
  people: 'Specific people',
  managers: 'Their managers',
};
/** Of an app review: the users assigned to its roles, directly or through a group. */
export const APP_WHO_WORDS = {
  members: 'Everyone assigned to it, directly or through a group',
  guests: 'Guests assigned to it, directly or through a group',
};
export const APP_REVIEWER_WORDS = {
  self: 'People review their own access',
  owners: 'Application owners',
  people: 'Specific people',
  managers: 'Their managers',
};
export const ROLE_ASSIGNABLE_FACT = 'Role-assignable group: its members hold Microsoft Entra roles';
export const NO_RESPONSE_WORDS = {
  none: 'No change',
  remove: 'Remove access',
  approve: 'Approve access',
  recommendation: 'Take the recommendation',
};

export function daysWord(days: number): string {
  return plural(days, 'day', 'days');
}

export function recurrenceWords(every: string, end: string): string {
  return end ? `${every}, ${end}` : every;
}

export function endsOn(date: string): string {
  return `until ${date}`;
}

export function endsAfter(times: number): string {
  return `${plural(times, 'time', 'times')}`;
}

export const ENDS_NEVER = 'with no end';
export const APPLIED_AUTOMATICALLY = 'Applied automatically when it ends';
export const APPLIED_BY_YOU = 'Applied when you press Apply decisions';
export const REQUIRED = 'Required';
export const NOT_REQUIRED = 'Not required';
export const SHOWN = 'Shown';
export const NOT_SHOWN = 'Not shown';

// Owners and admins: the reviews I created ("my reviews")

export const MY_REVIEWS_TITLE = 'Reviews you created';
export const NO_REVIEWS_CREATED = 'You have not created any access review yet. Type new review to start one.';
export const NO_MORE_REVIEWS = 'No more reviews here: go back to the first page.';

export function myReviewsHeadline(first: number, last: number, more: boolean): string {
  return `Showing ${formatNumber(first)}–${formatNumber(last)}${more ? ' (newest first; more on the next page)' : ' (newest first)'}`;
}

export const CUT_SHORT =
  'Only the newest reviews of your organization were looked through; older ones you created are not listed here.';

export const STATUS_WORDS: Record<string, string> = {
  NotStarted: 'Not started',
  Initializing: 'Starting',
  Starting: 'Starting',
  InProgress: 'In progress',
  Completing: 'Completing',
  Completed: 'Completed',
  AutoReviewing: 'Completing',
  AutoReviewed: 'Completed',
  Applying: 'Applying decisions',
  Applied: 'Decisions applied',
};

export function statusWord(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

export function reviewSubtitle(every: string, guests: boolean, group: string): string {
  return `${every} · ${guests ? 'guests' : 'members'} of ${group}`;
}

export function appReviewSubtitle(every: string, guests: boolean, app: string): string {
  return `${every} · ${guests ? 'guests' : 'users'} assigned to ${app}`;
}

/** A review Attest did not make (a role, an access package...): its name says what it is. */
export function otherReviewSubtitle(every: string): string {
  return `${every} · another kind of review (the Microsoft Entra admin center shows what it covers)`;
}

export const AN_APPLICATION = 'an application';

/** "Building security group · In progress · Nov 22 – Dec 6". */
export function instanceLine(group: string, status: string, from: string, to: string): string {
  return [group, status, from && to ? `${from} – ${to}` : ''].filter(Boolean).join(' · ');
}

export function progressLine(
  reviewed: number,
  total: number,
  approved: number,
  denied: number,
  dontKnow: number,
): string {
  if (total === 0) return 'Nobody to review in it.';
  return `Reviewed ${formatNumber(reviewed)} of ${formatNumber(total)} · ${formatNumber(approved)} approved · ${formatNumber(denied)} denied · ${formatNumber(dontKnow)} don’t know`;
}

export function contactedLine(names: string[], count: number, more: boolean): string {
  if (count === 0) return 'No reviewers contacted yet.';
  const shown = names.slice(0, 3).join(', ');
  const rest = more || count > 3 ? ', …' : '';
  return `Reviewers contacted (${formatNumber(count)}${more ? '+' : ''}): ${shown}${rest}`;
}

export function notReadable(why: string): string {
  return `Progress could not be read: ${why}`;
}

export function moreInstances(n: number): string {
  return `…and ${plural(n, 'more group', 'more groups')} in this review.`;
}

export const STOP_BUTTON = 'Stop now';
export const APPLY_BUTTON = 'Apply decisions';
export const NUDGE_BUTTON = 'Nudge reviewers';

export function stopped(name: string, status: string): string {
  return status === 'Completed' || status === 'Applied' || status === 'AutoReviewed'
    ? `Stopped “${name}”: it is ${statusWord(status).toLowerCase()} now.`
    : `Microsoft Entra accepted the stop of “${name}”; it still shows ${statusWord(status).toLowerCase()}. Refresh in a moment.`;
}

export function applied(name: string, status: string): string {
  return status === 'Applied'
    ? `Applied the decisions of “${name}”: people denied have lost their access.`
    : `Microsoft Entra is applying the decisions of “${name}” (it shows ${statusWord(status).toLowerCase()}). Refresh in a moment.`;
}

export function nudged(name: string, byEntra: boolean, inTeams: number): string {
  const parts: string[] = [];
  if (byEntra) parts.push('Microsoft Entra is sending a reminder to the reviewers who have not finished');
  if (inTeams > 0) parts.push(`Attest reminded ${plural(inTeams, 'reviewer', 'reviewers')} in Teams`);
  return `${parts.join('; ')} (“${name}”).`;
}

export function nudgeUnknown(name: string, why: string): string {
  return `Microsoft Graph did not answer the reminder for “${name}” (${why}), so it may have been sent. Reminding again would mail the reviewers twice: wait before pressing Nudge again.`;
}

export const NUDGE_NEEDS_ADMIN =
  'Sending a reminder now through Microsoft Entra takes an administrator role (User Administrator, Identity Governance Administrator or Global Administrator). Reviewers still get the reminder mails the review is set to send.';

export function deleted(name: string): string {
  return `Deleted “${name}” with its instances and decisions.`;
}

/** Graph's 404 on delete: it has no review with that id, so this delete removed nothing. */
export function notThereToDelete(name: string): string {
  return `Nothing was deleted: Microsoft Graph has no review “${name}”. It was already deleted, or was never there.`;
}

/** A stop, apply or delete that got no answer: what Graph shows now, read back. */
export function noAnswerButNow(name: string, what: string): string {
  return `Microsoft Graph did not answer the request for “${name}”; reading it back: ${what}`;
}

export function nowShows(status: string): string {
  return `it shows ${statusWord(status).toLowerCase()} now.`;
}

export const GONE_NOW = 'Microsoft Graph no longer has it: it is deleted.';
export const STILL_LISTED = 'it is still listed, so it was not deleted. Press Delete… again if you want it gone.';

export function noAnswerUnread(name: string, why: string): string {
  return `Microsoft Graph did not answer the request for “${name}”, and reading it back failed (${why}), so Attest cannot tell whether it was done. Refresh to see.`;
}

export function stillThere(name: string): string {
  return `Microsoft Entra accepted the delete of “${name}”, but still lists it. Refresh in a moment.`;
}

export function actionFailed(name: string, why: string): string {
  return `“${name}”: ${why}`;
}

/** Graph's 403 on stop, apply or delete, in plain words. */
export const MANAGE_FORBIDDEN =
  'Microsoft Entra did not let you do that: only the review’s creator (where group owners may manage reviews) or an administrator with the User Administrator, Identity Governance Administrator or Global Administrator role can.';

export const ALREADY_DONE = 'It has already changed: the card below shows it as it is now.';

export function deleteQuestion(name: string): string {
  return `Delete “${name}”?`;
}

export const DELETE_DETAIL =
  'This deletes the review with every instance and every decision made in it. It cannot be undone. Access already removed stays removed; nobody loses access because of the delete.';
export const DELETE_BUTTON = 'Yes, delete';

export const MY_REVIEWS_BUTTON = 'My reviews';
export const REFRESH = 'Refresh';
export const GONE = 'it no longer exists (deleted meanwhile?).';
export const NOT_FOUND_ON_READ_BACK = 'Graph does not list it';

export function listNotRead(why: string): string {
  return `The list could not be read: ${why}`;
}

export const COMMAND_NOT_CREATED_TITLE = 'Nothing was created';

export const COMMAND_HELP = 'Type help for the one-line form, or new review alone for the form card.';

/** `problems` are already few and made safe (see problemLines); `keys`, when given, are said once after them. */
export function commandProblems(problems: string[], keys?: string[]): string {
  return [...problems, ...(keys ? [keysAllowed(keys)] : []), COMMAND_HELP].join('\n\n');
}
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

// Reminder settings (the settings command, and Snooze / Mute on reminder cards)
export const SETTINGS_TITLE = 'Reminder settings';
export const SETTINGS_INTRO = 'When and how I remind you of access reviews. Times are in your own time zone.';
export const SETTINGS_ENABLED = 'Remind me of access reviews';
export const SETTINGS_LEAD_TIMES = 'Remind me before a review ends';
export function leadTimeChoice(days: number): string {
  return days === 1 ? '1 day before' : `${days} days before`;
}
export const SETTINGS_LAST_DAY = 'Also on the last day';
export const SETTINGS_MODE = 'How';
export const SETTINGS_MODE_PER_REVIEW = 'One message per review';
export const SETTINGS_MODE_DIGEST = 'One daily digest';
export const SETTINGS_DIGEST_TIME = 'Digest time';
export const SETTINGS_QUIET_ON = 'Quiet hours: no reminders between';
export const SETTINGS_QUIET_START = 'From';
export const SETTINGS_QUIET_END = 'Until';
export const SETTINGS_DAYS_OFF = 'No reminders on';
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const SETTINGS_SAVE = 'Save';
export const SETTINGS_HELD_TITLE = 'Muted and snoozed reviews';
export const SETTINGS_MUTED = 'Muted: no reminders about it';
export function snoozedUntil(when: string): string {
  return `Snoozed until ${when}`;
}
export const UNMUTE = 'Unmute';
/** Under the muted and snoozed reviews the settings card lists, when it does not list them all. */
export function moreHeldReviews(n: number): string {
  return `…and ${plural(n, 'more muted or snoozed review', 'more muted or snoozed reviews')}: unmute some above to see the rest.`;
}
export const UNNAMED_REVIEW = 'A review';
export const SETTINGS_SAVED = 'Saved.';
export const SETTINGS_NOT_SAVED = 'Not saved:';
export const SETTINGS_CONFLICT =
  'Not saved: your settings were changed elsewhere in the meantime. The card shows your entries over the latest settings; press Save again to keep them.';
export const SETTINGS_NOT_READ_BACK =
  'Not saved: the settings read back differ from what was sent. The card shows them as stored.';
export const SETTINGS_STORAGE_SLOW =
  'Not saved yet: storage did not answer in time. Your entries are kept below: press Save again in a moment.';
export function settingsKept(why: string): string {
  return `${why} Your entries are kept below: press Save again.`;
}
export const SETTINGS_MAYBE_SAVED =
  'Storage did not answer in time, so I cannot tell yet whether this was saved. Your entries are kept below: press Save again in a moment (saving them twice does no harm).';
export function unmuted(name: string): string {
  return `Reminders about “${name}” are on again.`;
}
export const SNOOZE = 'Snooze until tomorrow';
export const MUTE = 'Mute this review';
export const SNOOZED_TITLE = 'Snoozed';
export function snoozed(name: string, until: string): string {
  return `No reminders about “${name}” until ${until}. Type settings to change your reminders.`;
}
export const MUTED_TITLE = 'Muted';
export function muted(name: string): string {
  return `No more reminders about “${name}”. Type settings to unmute it.`;
}
export const UNDO = 'Undo';
