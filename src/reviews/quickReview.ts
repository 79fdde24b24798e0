import { withoutHiddenCharacters } from './hiddenCharacters';
import { isGuid } from './ids';
import { formatDate, fourDigitYear } from './localTime';

/**
 * A quick access review of a group or of an application's assignments, as an owner or admin asks for it (the form
 * card or the one-line command), and the definition body Graph takes for it (POST
 * /identityGovernance/accessReviews/definitions). Pure: the group, app and people named are resolved to object ids by
 * the caller, through Graph, between the two.
 */

export type Who = 'members' | 'guests';
export type ReviewerChoice = 'self' | 'owners' | 'people' | 'managers';
export type Every = 'once' | 'weekly' | 'monthly' | 'quarterly' | 'semiannually' | 'annually';
export type NoResponse = 'none' | 'remove' | 'approve' | 'recommendation';
export type RecurrenceEnd = { kind: 'never' } | { kind: 'onDate'; date: string } | { kind: 'after'; times: number };

/**
 * What is reviewed: a group picked by id (the form), one named (the one-line command, found later), every Microsoft
 * 365 group (one instance per group, as in the guests tutorial), or an application (its enterprise app, the service
 * principal), picked by id or named. A role-assignable group (isAssignableToRole) holds directory roles: its
 * members have privileged access, which the cards say.
 */
export type GroupChoice =
  | { kind: 'none' }
  | { kind: 'group'; id: string; name: string; roleAssignable?: boolean }
  | { kind: 'named'; name: string }
  | { kind: 'allMicrosoft365Groups' }
  | { kind: 'app'; id: string; name: string }
  | { kind: 'namedApp'; name: string };

/** True when the form reviews an application's assignments rather than a group's members. */
export function reviewsApp(choice: GroupChoice): boolean {
  return choice.kind === 'app' || choice.kind === 'namedApp';
}

export interface QuickReviewForm {
  /** The group or application reviewed. */
  group: GroupChoice;
  who: Who;
  reviewers: ReviewerChoice;
  /** Reviewers by name or UPN, as typed (reviewers 'people'). */
  people: string[];
  /** Fallback reviewers by name or UPN, as typed: asked when a group has no owner or a person no manager. */
  fallback: string[];
  days: number;
  every: Every;
  end: RecurrenceEnd;
  /** YYYY-MM-DD (UTC). */
  startDate: string;
  noResponse: NoResponse;
  autoApply: boolean;
  requireJustification: boolean;
  recommendations: boolean;
  /** '' = the default name and descriptions (see the views). */
  name: string;
  descriptionForAdmins: string;
  descriptionForReviewers: string;
}

/** The form with the group or app and every named person found in the directory, and the texts filled in. */
export interface ResolvedQuickReview extends Omit<QuickReviewForm, 'group' | 'people' | 'fallback'> {
  target:
    | { kind: 'group'; groupId: string }
    | { kind: 'allMicrosoft365Groups' }
    | { kind: 'app'; servicePrincipalId: string };
  peopleIds: string[];
  fallbackIds: string[];
}

/** Fields of the form, as the problems name them. */
export type FormField =
  | 'group'
  | 'who'
  | 'reviewers'
  | 'people'
  | 'fallback'
  | 'days'
  | 'every'
  | 'end'
  | 'endDate'
  | 'times'
  | 'startDate'
  | 'noResponse'
  | 'name'
  | 'descriptionForAdmins'
  | 'descriptionForReviewers';

/** Something wrong with what was entered, found before any call: the views say it in words. */
export type FormProblem =
  | { kind: 'missingGroup' }
  | { kind: 'outOfRange'; field: 'days' | 'times'; min: number; max: number; value: string }
  | { kind: 'notADate'; field: 'endDate' | 'startDate'; value: string }
  | { kind: 'startInThePast'; today: string }
  | { kind: 'startTooFarAhead'; latest: string }
  | { kind: 'endBeforeStart' }
  | { kind: 'endTooFarAhead'; latest: string }
  | { kind: 'endNeedsRecurrence' }
  | { kind: 'peopleNeeded' }
  | { kind: 'fallbackNotUsed' }
  | {
      kind: 'tooLong';
      field: 'name' | 'descriptionForAdmins' | 'descriptionForReviewers' | 'people' | 'group' | 'person';
      max: number;
    };

/** The most people named as reviewers or fallback reviewers in one quick review. */
export const MAX_PEOPLE = 10;
/** Docs: e-mail notifications show up to 256 characters of descriptionForReviewers. */
export const MAX_REVIEWER_DESCRIPTION = 256;
/** Docs are silent on these lengths; kept short so names read well on cards and in mails. */
export const MAX_NAME = 256;
export const MAX_ADMIN_DESCRIPTION = 1000;
/**
 * Docs: a group's displayName and a user's are at most 256 characters (group and user resources, create group), and a
 * UPN is shorter. A longer name typed names nobody: it is refused before it is looked up (it would not even fit in the
 * look-up's URL).
 */
export const MAX_DIRECTORY_NAME = 256;
/**
 * How far ahead a quick review may start, and its recurrence end. Docs are silent: recurrenceRange's startDate and
 * endDate are plain dates (Edm.Date: "the date to start applying the recurrence pattern", "required if type is
 * endDate") with no bound documented, and the service's own is not. A start more than a year away is a typo far more
 * often than a plan (2062 for 2026; 9999-12-31 would be sent as an end date of "+010000-01"), and ten years is as long
 * as the longest recurrence "after N times" takes (520 weekly reviews): so a start within a year from today, an end
 * within ten years from today.
 */
export const MAX_START_YEARS_AHEAD = 1;
export const MAX_END_YEARS_AHEAD = 10;
/** The most occurrences "after N times" takes (a weekly review for ten years is 520). */
export const MAX_TIMES = 520;

/**
 * The longest instance for each recurrence: an instance ends before the next one starts. Docs are silent on the
 * service's own limits; a one-time review runs at most a year here.
 */
export const MAX_DAYS: Record<Every, number> = {
  once: 365,
  weekly: 7,
  monthly: 30,
  quarterly: 90,
  semiannually: 180,
  annually: 365,
};

/** Recurrence patterns: only type, interval and dayOfMonth are honoured; quarterly is absoluteMonthly, interval 3. */
const PATTERNS: Record<Exclude<Every, 'once'>, { type: 'weekly' | 'absoluteMonthly'; interval: number }> = {
  weekly: { type: 'weekly', interval: 1 },
  monthly: { type: 'absoluteMonthly', interval: 1 },
  quarterly: { type: 'absoluteMonthly', interval: 3 },
  semiannually: { type: 'absoluteMonthly', interval: 6 },
  annually: { type: 'absoluteMonthly', interval: 12 },
};

/** The form as it opens: a one-time review of the members by the group owners, two weeks, from today. */
export function defaultForm(today: string): QuickReviewForm {
  return {
    group: { kind: 'none' },
    who: 'members',
    reviewers: 'owners',
    people: [],
    fallback: [],
    days: 14,
    every: 'once',
    end: { kind: 'never' },
    startDate: today,
    noResponse: 'none',
    // As in the Entra portal: nothing is removed until the owner applies the decisions (or turns this on).
    autoApply: false,
    requireJustification: true,
    recommendations: true,
    name: '',
    descriptionForAdmins: '',
    descriptionForReviewers: '',
  };
}

/**
 * YYYY-MM-DD of a UTC instant, written from its UTC year, month and day: always four digits of year, as Graph's
 * dates take them. A year outside 0000–9999 has no such form and throws (the dates a form takes are bounded first).
 */
export function isoDate(at: Date): string {
  const year = at.getUTCFullYear();
  if (!fourDigitYear(year)) throw new RangeError('the date has no four-digit year');
  return formatDate({ year, month: at.getUTCMonth() + 1, day: at.getUTCDate() });
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && isoDate(d) === s;
}

export function addDays(date: string, days: number): string {
  return isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));
}

/** The same day `years` later (29 February becomes 1 March when that year has none). */
export function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return isoDate(d);
}

/** What is wrong with a form, before anything is looked up or sent; [] when it can be sent. */
export function formProblems(form: QuickReviewForm, today: string): FormProblem[] {
  const problems: FormProblem[] = [];
  if (form.group.kind === 'none') problems.push({ kind: 'missingGroup' });
  if (form.group.kind === 'named' && form.group.name.length > MAX_DIRECTORY_NAME) {
    problems.push({ kind: 'tooLong', field: 'group', max: MAX_DIRECTORY_NAME });
  }
  const maxDays = MAX_DAYS[form.every];
  if (!Number.isInteger(form.days) || form.days < 1 || form.days > maxDays) {
    problems.push({ kind: 'outOfRange', field: 'days', min: 1, max: maxDays, value: String(form.days) });
  }
  // Written YYYY-MM-DD, dates compare as strings.
  const latestStart = addYears(today, MAX_START_YEARS_AHEAD);
  const latestEnd = addYears(today, MAX_END_YEARS_AHEAD);
  if (!isCalendarDate(form.startDate)) {
    problems.push({ kind: 'notADate', field: 'startDate', value: form.startDate });
  } else if (form.startDate < today) {
    problems.push({ kind: 'startInThePast', today });
  } else if (form.startDate > latestStart) {
    problems.push({ kind: 'startTooFarAhead', latest: latestStart });
  }
  if (form.end.kind !== 'never' && form.every === 'once') problems.push({ kind: 'endNeedsRecurrence' });
  if (form.end.kind === 'onDate') {
    if (!isCalendarDate(form.end.date)) problems.push({ kind: 'notADate', field: 'endDate', value: form.end.date });
    else if (isCalendarDate(form.startDate) && form.end.date <= form.startDate)
      problems.push({ kind: 'endBeforeStart' });
    else if (form.end.date > latestEnd) problems.push({ kind: 'endTooFarAhead', latest: latestEnd });
  }
  if (
    form.end.kind === 'after' &&
    (!Number.isInteger(form.end.times) || form.end.times < 1 || form.end.times > MAX_TIMES)
  ) {
    problems.push({ kind: 'outOfRange', field: 'times', min: 1, max: MAX_TIMES, value: String(form.end.times) });
  }
  if (form.reviewers === 'people' && form.people.length === 0) problems.push({ kind: 'peopleNeeded' });
  // Fallback reviewers are asked only when owners or managers are not found.
  if (form.fallback.length > 0 && (form.reviewers === 'self' || form.reviewers === 'people')) {
    problems.push({ kind: 'fallbackNotUsed' });
  }
  if ((form.reviewers === 'people' && form.people.length > MAX_PEOPLE) || form.fallback.length > MAX_PEOPLE) {
    problems.push({ kind: 'tooLong', field: 'people', max: MAX_PEOPLE });
  }
  // Fallback reviewers are looked up whatever the reviewers (and refused above when unused).
  const lookedUp = [...(form.reviewers === 'people' ? form.people : []), ...form.fallback];
  if (lookedUp.some((p) => p.length > MAX_DIRECTORY_NAME)) {
    problems.push({ kind: 'tooLong', field: 'person', max: MAX_DIRECTORY_NAME });
  }
  if (form.name.length > MAX_NAME) problems.push({ kind: 'tooLong', field: 'name', max: MAX_NAME });
  if (form.descriptionForAdmins.length > MAX_ADMIN_DESCRIPTION) {
    problems.push({ kind: 'tooLong', field: 'descriptionForAdmins', max: MAX_ADMIN_DESCRIPTION });
  }
  if (form.descriptionForReviewers.length > MAX_REVIEWER_DESCRIPTION) {
    problems.push({ kind: 'tooLong', field: 'descriptionForReviewers', max: MAX_REVIEWER_DESCRIPTION });
  }
  return problems;
}

// ---- the definition body ----

export interface ScopeBody {
  '@odata.type'?: string;
  query: string;
  queryType: 'MicrosoftGraph';
  queryRoot?: string | null;
}

/** Who (principalScopes) has access to what (resourceScopes): the form the docs give for an app's users. */
export interface MembershipsScopeBody {
  '@odata.type': '#microsoft.graph.principalResourceMembershipsScope';
  principalScopes: ScopeBody[];
  resourceScopes: ScopeBody[];
  /** Not a query scope: it has neither (so `scope.query` reads on either kind). */
  query?: undefined;
  queryType?: undefined;
}

export interface DefinitionBody {
  displayName: string;
  descriptionForAdmins: string;
  descriptionForReviewers: string;
  scope: ScopeBody | MembershipsScopeBody;
  /** Group reviews only: the docs' application review has none. */
  instanceEnumerationScope?: ScopeBody;
  reviewers: ScopeBody[];
  fallbackReviewers?: ScopeBody[];
  settings: {
    mailNotificationsEnabled: boolean;
    reminderNotificationsEnabled: boolean;
    justificationRequiredOnApproval: boolean;
    defaultDecisionEnabled: boolean;
    defaultDecision: 'None' | 'Approve' | 'Deny' | 'Recommendation';
    instanceDurationInDays: number;
    autoApplyDecisionsEnabled: boolean;
    recommendationsEnabled: boolean;
    recurrence: {
      pattern: { type: 'weekly' | 'absoluteMonthly'; interval: number; dayOfMonth?: number } | null;
      range: {
        type: 'noEnd' | 'numbered';
        numberOfOccurrences?: number;
        recurrenceTimeZone?: null;
        startDate: string;
        endDate?: string;
      };
    };
    applyActions: { '@odata.type': string }[];
  };
}

const QUERY_SCOPE = '#microsoft.graph.accessReviewQueryScope';
const MEMBERSHIPS_SCOPE = '#microsoft.graph.principalResourceMembershipsScope';
/**
 * Who is reviewed for an application: every user, or the guests (principalResourceMembershipsScope principal
 * queries: create-definitions example 3 and scope concept example 11 write "/users"; examples 10 and 12 the guests).
 */
const ALL_USERS = '/users';
const GUEST_USERS = "/users?$filter=(userType eq 'Guest')";
/** The docs' guest filter on the user cast (scope concept, example 2; tutorial 2 adds $count=true). */
const GUESTS_OF_GROUP = "/transitiveMembers/microsoft.graph.user/?$filter=(userType eq 'Guest')";
/** Tutorial 2: guests of each enumerated Microsoft 365 group. */
const GUESTS_OF_EACH_GROUP = "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')";
const MEMBERS_OF_EACH_GROUP = './members/microsoft.graph.user';
const EVERY_MICROSOFT_365_GROUP = "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true";

const DEFAULT_DECISIONS: Record<NoResponse, DefinitionBody['settings']['defaultDecision']> = {
  none: 'None',
  remove: 'Deny',
  approve: 'Approve',
  recommendation: 'Recommendation',
};

function graphScope(query: string, extra: Partial<ScopeBody> = {}): ScopeBody {
  return { query, queryType: 'MicrosoftGraph', ...extra };
}

/** A GUID for a URL segment of a query; anything else is a bug upstream, not something to send. */
function guid(id: string, what: string): string {
  if (!isGuid(id)) throw new Error(`${what} is not a GUID`);
  return id.toLowerCase();
}

function ownersScope(target: ResolvedQuickReview['target']): ScopeBody {
  switch (target.kind) {
    case 'group':
      // Owners of the one group (reviewers concept, example 4).
      return graphScope(`/groups/${guid(target.groupId, 'group id')}/owners`);
    case 'allMicrosoft365Groups':
      // Each enumerated group's own owners (reviewers concept, example 4; tutorial 2).
      return graphScope('./owners');
    case 'app':
      // The application's owners (reviewers concept, example 6).
      return graphScope(`/servicePrincipals/${guid(target.servicePrincipalId, 'service principal id')}/owners`);
  }
}

function reviewerScopes(r: ResolvedQuickReview): ScopeBody[] {
  switch (r.reviewers) {
    case 'self':
      return [];
    case 'owners':
      return [ownersScope(r.target)];
    case 'managers':
      return [graphScope('./manager', { queryRoot: 'decisions' })];
    case 'people':
      return r.peopleIds.map((id) => graphScope(`/users/${guid(id, 'reviewer id')}`));
  }
}

function recurrenceOf(r: ResolvedQuickReview): DefinitionBody['settings']['recurrence'] {
  if (r.every === 'once') {
    // Tutorial 1's one-time range; the end date agrees with the duration.
    return {
      pattern: null,
      range: {
        type: 'numbered',
        numberOfOccurrences: 0,
        recurrenceTimeZone: null,
        startDate: r.startDate,
        endDate: addDays(r.startDate, r.days),
      },
    };
  }
  const p = PATTERNS[r.every];
  const pattern = p.type === 'weekly' ? { ...p } : { ...p, dayOfMonth: 0 };
  switch (r.end.kind) {
    case 'never':
      return { pattern, range: { type: 'noEnd', startDate: r.startDate } };
    case 'onDate':
      // As the create-definition docs write "ends on a date" (example 3): numbered with an end date.
      return { pattern, range: { type: 'numbered', startDate: r.startDate, endDate: r.end.date } };
    case 'after':
      return { pattern, range: { type: 'numbered', numberOfOccurrences: r.end.times, startDate: r.startDate } };
  }
}

/**
 * The documented definition body for a quick review (scope, instanceEnumerationScope, reviewers, settings). The name
 * and the descriptions are written without hidden characters (the portal and Graph's e-mails show them raw); the
 * descriptions keep their lines, the name is one line.
 */
export function definitionBody(r: ResolvedQuickReview): DefinitionBody {
  let scope: ScopeBody | MembershipsScopeBody;
  let instanceEnumerationScope: ScopeBody | undefined;
  if (r.target.kind === 'app') {
    // Create-definitions example 3 ("all users to an application"): users with access to the service principal.
    const sp = guid(r.target.servicePrincipalId, 'service principal id');
    scope = {
      '@odata.type': MEMBERSHIPS_SCOPE,
      principalScopes: [graphScope(r.who === 'guests' ? GUEST_USERS : ALL_USERS, { '@odata.type': QUERY_SCOPE })],
      resourceScopes: [graphScope(`/servicePrincipals/${sp}`, { '@odata.type': QUERY_SCOPE })],
    };
  } else if (r.target.kind === 'group') {
    const g = guid(r.target.groupId, 'group id');
    scope = graphScope(r.who === 'guests' ? `/groups/${g}${GUESTS_OF_GROUP}` : `/groups/${g}/transitiveMembers`, {
      '@odata.type': QUERY_SCOPE,
    });
    instanceEnumerationScope = graphScope(`/groups/${g}`, { '@odata.type': QUERY_SCOPE });
  } else {
    scope = graphScope(r.who === 'guests' ? GUESTS_OF_EACH_GROUP : MEMBERS_OF_EACH_GROUP, {
      '@odata.type': QUERY_SCOPE,
    });
    instanceEnumerationScope = graphScope(EVERY_MICROSOFT_365_GROUP, { '@odata.type': QUERY_SCOPE });
  }
  const body: DefinitionBody = {
    displayName: withoutHiddenCharacters(r.name),
    descriptionForAdmins: withoutHiddenCharacters(r.descriptionForAdmins, true),
    descriptionForReviewers: withoutHiddenCharacters(r.descriptionForReviewers, true),
    scope,
    ...(instanceEnumerationScope ? { instanceEnumerationScope } : {}),
    reviewers: reviewerScopes(r),
    settings: {
      mailNotificationsEnabled: true,
      reminderNotificationsEnabled: true,
      justificationRequiredOnApproval: r.requireJustification,
      defaultDecisionEnabled: r.noResponse !== 'none',
      defaultDecision: DEFAULT_DECISIONS[r.noResponse],
      instanceDurationInDays: r.days,
      autoApplyDecisionsEnabled: r.autoApply,
      recommendationsEnabled: r.recommendations,
      recurrence: recurrenceOf(r),
      applyActions: [{ '@odata.type': '#microsoft.graph.removeAccessApplyAction' }],
    },
  };
  if ((r.reviewers === 'owners' || r.reviewers === 'managers') && r.fallbackIds.length > 0) {
    body.fallbackReviewers = r.fallbackIds.map((id) => graphScope(`/users/${guid(id, 'fallback reviewer id')}`));
  }
  return body;
}

/** Names or UPNs typed in one field, separated by commas, semicolons or new lines. */
export function splitPeople(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
