import { ReviewKind } from '../reviews/reviewKinds';
import { Unreachable } from '../reviews/reach';
import { formatNumber, plural } from './wording';

/**
 * Every phrase of reaching reviewers: the first-contact card (to reviewers who never opened Attest), "Not me", the
 * escalation to a review's creator and the admin's `reach` view.
 */

// First contact (reviewers)
export function firstContactTitle(reviews: number): string {
  return reviews === 1
    ? 'You are a reviewer of an access review'
    : `You are a reviewer of ${formatNumber(reviews)} access reviews`;
}
export const FIRST_CONTACT_INTRO =
  'Your organization uses Attest to do Microsoft Entra access reviews in Teams. Open the review to see who has ' +
  'access and decide who keeps it: nothing is recorded until you choose.';
export function startedBy(owner: string): string {
  return owner ? `Started by ${owner}` : '';
}
/** What a review is of, from its kind alone (the tenant scan reads no resource names). */
export function kindLine(kind: ReviewKind): string {
  switch (kind) {
    case 'application':
      return 'Who is assigned to an application';
    case 'accessPackage':
      return 'Access package assignments';
    case 'directoryRole':
      return 'Microsoft Entra role assignments';
    case 'azureRole':
      return 'Azure role assignments';
    case 'pimGroup':
      return 'Group membership and ownership (PIM for Groups)';
    case 'inactiveUsers':
      return 'Inactive users and their access';
    case 'multiResource':
      return 'Access to several resources';
    default:
      return 'Members of a group';
  }
}
export function leftForYou(remaining: number | null, total: number): string {
  if (remaining === null) return 'You are a reviewer: the people whose manager you are are yours to review';
  return `${formatNumber(remaining)} of ${formatNumber(total)} people left to review`;
}
export const NOT_ME = 'Not me';
export const SIGN_IN_NOTE = 'Review now signs you in with your Teams account.';

// Not me
export const NOT_ME_TITLE = 'Thanks for telling us';
export function notMeTold(owner: string, review: string): string {
  return `I told ${owner}, who started "${review}", that you say this review is not yours. You will hear no more about it from Attest.`;
}
export function notMeOwnerUnreachable(owner: string, review: string): string {
  return owner
    ? `I could not reach ${owner}, who started "${review}": please tell them. You will hear no more about it from Attest.`
    : `Attest does not know who started "${review}". You will hear no more about it from Attest.`;
}
export const NOT_ME_UNKNOWN =
  "Attest has no record of telling you about this review, so there is no one to tell. If you think you should not be a reviewer, tell the review's owner.";
export const NOT_ME_OWNER_TITLE = 'A reviewer says a review is not theirs';
export function notMeOwnerText(reviewer: string, review: string): string {
  return `${reviewer} says they should not be a reviewer of "${review}". You may want to change its reviewers in the Microsoft Entra admin center.`;
}

// Escalation (to the review's creator)
export function escalationTitle(lastDay: boolean): string {
  return lastDay ? 'Last day: reviewers who have not started' : 'Halfway: reviewers who have not started';
}
export function escalationHeadline(silent: number, reviewers: number, review: string): string {
  return `${formatNumber(silent)} of ${plural(reviewers, 'reviewer', 'reviewers')} of "${review}" ${silent === 1 ? 'has' : 'have'} recorded nothing yet.`;
}
export function escalationProgress(remaining: number, total: number): string {
  return `${formatNumber(remaining)} of ${formatNumber(total)} people not reviewed yet.`;
}
export function andMore(n: number): string {
  return `and ${formatNumber(n)} more`;
}
export const NUDGE_REVIEWERS = 'Nudge reviewers';
export const ESCALATION_NOTE =
  'Nudge reviewers asks Microsoft Entra to e-mail every reviewer who has not finished (an administrator role is needed).';
export function managerTitle(people: number): string {
  return people === 1
    ? 'Someone you manage has an access review waiting'
    : 'People you manage have an access review waiting';
}
export function managerText(names: string, people: number, review: string, owner: string): string {
  const started = owner ? `, started by ${owner},` : '';
  return people === 1
    ? `${names} is a reviewer of "${review}"${started} and has recorded nothing yet.`
    : `${names} are reviewers of "${review}"${started} and have recorded nothing yet.`;
}

// The admin's reach view
export const REACH_TITLE = 'Reach: access reviews in progress';
export const REACH_NOT_ADMIN =
  'Only the administrators your organization chose for Attest can see this (the group REACH_ADMIN_GROUP_ID, or the roles that read every access review).';
export const REACH_NO_ADMINS =
  'No one may see this yet: an administrator sets REACH_ADMIN_GROUP_ID (a group of admins) or REACH_ADMINS_BY_ROLE (see the README).';
export const REACH_OFF =
  'First contact is off, so Attest does not scan the tenant. An administrator can turn it on with FIRST_CONTACT_ENABLED (see the README).';
export const REACH_NO_SCAN =
  'Attest has not scanned the tenant yet. The first scan runs a few minutes after the bot starts.';
export function reachScannedAt(when: string): string {
  return `As of the last scan, ${when}`;
}
export function reachCounts(l: { reviewers: number; reached: number; signedIn: number; finished: number }): string {
  return (
    `${plural(l.reviewers, 'reviewer', 'reviewers')} · ${formatNumber(l.reached)} reached · ` +
    `${formatNumber(l.signedIn)} signed in · ${formatNumber(l.finished)} finished`
  );
}
export const UNREACHABLE_WHY: Record<Unreachable, string> = {
  removed: 'removed Attest',
  blocked: 'blocked the chat',
  installRefused: 'Attest could not be added for them (an app policy, or no such user)',
  waitingForTeams: 'Attest was added; waiting for Teams to open the chat',
  noPermission: 'Attest lacks the permission to add itself',
  failed: 'the last attempt failed; trying again at the next scan',
};
export function reachNoReviews(): string {
  return 'No access reviews are in progress.';
}
export function reachRange(first: number, last: number, of: number): string {
  return `Reviews ${formatNumber(first)}-${formatNumber(last)} of ${formatNumber(of)}, soonest end first`;
}
export const LATER_REVIEWS = 'More reviews ▶';
export const EARLIER_REVIEWS = '◀ Earlier reviews';
export const REFRESH = 'Refresh';
export function moreReviews(n: number): string {
  return `${formatNumber(n)} more reviews in progress are not listed.`;
}
export function notReachedLine(count: number): string {
  return `${formatNumber(count)} not reached:`;
}
