import { OwnedInstance, OwnedReview, OwnedReviewsPage, ownerActions, reviewedCount } from '../reviews/ownedReviews';
import { CommandProblem, COMMAND_KEYS } from '../reviews/quickReviewCommand';
import { defaultForm, MAX_NAME, QuickReviewForm, reviewsApp } from '../reviews/quickReview';
import { utcInstantString } from '../reviews/localTime';
import { formatDue } from './cardViews';
import { clip, cleanText, safeText } from './untrustedText';
import * as words from './wording';

/**
 * View data for the owner's cards: the new review form, what was created, the reviews I created, the delete
 * question. Pure. Names of groups, people and reviews come from other people: shown through safeText(), carried in
 * action data cleaned and clipped.
 */

const MAX = { group: 64, review: 100, person: 48, error: 160, problem: 800 };
/**
 * The form's texts drawn again as entered, at most what each input takes (its maxLength in cards/newReview.json); a
 * longer one comes with the problem that says so.
 */
const INPUT_MAX = { people: 1000, name: 256, descriptionForReviewers: 256, descriptionForAdmins: 1000, date: 40 };
/** The most problems a card names; the others are counted (a typed line can hold thousands of wrong words). */
export const MAX_PROBLEMS_SHOWN = 5;
/**
 * Groups and applications carried in the form's action data (owned ones and search results), so a redraw needs no
 * Graph read. The form carries them three times (Create, Search groups, Search apps each send their own data), so
 * forty names at their longest keep the form under the card limit.
 */
export const MAX_KNOWN_GROUPS = 40;
/** The value of the group choice that stands for every Microsoft 365 group. */
export const ALL_M365_VALUE = 'all-m365';
/** The number of times the form suggests once a recurrence is to end after some (a year of quarterly reviews). */
const DEFAULT_TIMES = 4;

/** A group or an application the form lists: a group unless `kind` says app; `roleAssignable` for such groups. */
export interface KnownResource {
  id: string;
  name: string;
  kind?: 'app';
  roleAssignable?: boolean;
}

/**
 * A group or app as it travels in card data: the id intact (a GUID, checked when parsed), the name cleaned and clipped
 * as the list shows it. The form carries every one twice (Create and Search each send their own data): 60 names of 256
 * characters would be a card of more than 90 KB.
 */
function carried(g: KnownResource): KnownResource {
  return {
    id: g.id,
    name: clip(cleanText(g.name), MAX.group),
    ...(g.kind === 'app' ? { kind: 'app' as const } : {}),
    ...(g.roleAssignable ? { roleAssignable: true } : {}),
  };
}

/** The groups and apps to carry: first come first, no id twice, at most MAX_KNOWN_GROUPS. */
export function knownResources(...lists: KnownResource[][]): KnownResource[] {
  const seen = new Set<string>();
  const out: KnownResource[] = [];
  for (const g of lists.flat()) {
    const key = g.id.toLowerCase();
    if (seen.has(key) || out.length >= MAX_KNOWN_GROUPS) continue;
    seen.add(key);
    out.push(carried(g));
  }
  return out;
}

/**
 * The name of the group or app reviewed, for texts sent to Graph (the review's name and descriptions), or every
 * Microsoft 365 group.
 */
export function resourceNameOf(form: QuickReviewForm, known: KnownResource[]): string {
  switch (form.group.kind) {
    case 'allMicrosoft365Groups':
      return words.EVERY_M365_GROUP_NAME;
    case 'group':
    case 'app': {
      const id = form.group.id.toLowerCase();
      return cleanText(known.find((g) => g.id.toLowerCase() === id)?.name || form.group.name);
    }
    case 'named':
    case 'namedApp':
      return cleanText(form.group.name);
    default:
      return '';
  }
}

/** The review's default name: its recurrence, who, and the group or app. */
function defaultName(form: QuickReviewForm, resourceName: string): string {
  const every = words.EVERY_WORDS[form.every];
  const guests = form.who === 'guests';
  return reviewsApp(form.group)
    ? words.defaultAppReviewName(every, guests, resourceName)
    : words.defaultReviewName(every, guests, resourceName);
}

/**
 * The name and descriptions the owner left empty, filled with the defaults (Graph requires all three). A text with
 * nothing visible in it (only spaces, or only characters the definition body drops) counts as empty.
 */
export function withDefaultTexts(form: QuickReviewForm, groupName: string, creator: string): QuickReviewForm {
  const group = clip(groupName, 120);
  const given = (text: string) => (cleanText(text) ? text.trim() : '');
  return {
    ...form,
    name: given(form.name) || clip(defaultName(form, groupName), MAX_NAME),
    descriptionForReviewers:
      given(form.descriptionForReviewers) || words.defaultReviewerDescription(form.reviewers === 'self', group),
    descriptionForAdmins: given(form.descriptionForAdmins) || words.defaultAdminDescription(cleanText(creator), group),
  };
}

/** A problem of the form or the one-line command, in words. */
export function problemText(p: CommandProblem): string {
  switch (p.kind) {
    case 'unknownWord':
      return words.unknownWord(safeText(p.word, 40));
    case 'badValue':
      return words.badValue(p.key, safeText(p.value, 40), p.allowed);
    case 'repeated':
      return words.repeatedKey(p.key);
    case 'unclosedQuote':
      return words.UNCLOSED_QUOTE;
    case 'untilAndTimes':
      return words.UNTIL_AND_TIMES;
    case 'missingGroup':
      return words.MISSING_GROUP;
    case 'missingApp':
      return words.MISSING_APP;
    case 'elsewhere':
      return words.elsewhere(words.ELSEWHERE_PLACES[p.what], p.word ? safeText(p.word, 40) : undefined);
    case 'outOfRange':
      return words.outOfRange(p.field, safeText(p.value, 20), p.min, p.max);
    case 'notADate':
      return words.notADate(p.field, safeText(p.value, 40));
    case 'startInThePast':
      return words.START_IN_PAST;
    case 'startTooFarAhead':
      return words.startTooFarAhead(p.latest);
    case 'endTooFarAhead':
      return words.endTooFarAhead(p.latest);
    case 'endBeforeStart':
      return words.END_BEFORE_START;
    case 'endNeedsRecurrence':
      return words.END_NEEDS_RECURRENCE;
    case 'peopleNeeded':
      return words.PEOPLE_NEEDED;
    case 'fallbackNotUsed':
      return words.FALLBACK_NOT_USED;
    case 'tooLong':
      return words.tooLong(p.field, p.max);
  }
}

/**
 * Problems as a card lists them: the first MAX_PROBLEMS_SHOWN, each clipped, then how many more. The texts are
 * already safe (problemText and the flows make other people's words safe); clip() keeps their escapes whole.
 */
export function problemLines(problems: string[], total = problems.length): string[] {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => clip(p, MAX.problem));
  const more = total - shown.length;
  return more > 0 ? [...shown, words.moreProblems(more)] : shown;
}

/** What the one-line command got wrong, for its card: the first problems and the keys allowed, said once. */
export function commandProblemsText(problems: CommandProblem[]): string {
  const unknown = problems.some((p) => p.kind === 'unknownWord');
  const first = problems.slice(0, MAX_PROBLEMS_SHOWN).map(problemText);
  return words.commandProblems(problemLines(first, problems.length), unknown ? [...COMMAND_KEYS] : undefined);
}

export interface NewReviewViewInput {
  form: QuickReviewForm;
  known: KnownResource[];
  /** The owner owns more groups than were listed. */
  moreOwned?: boolean;
  /** The owner owns more applications than were listed. */
  moreOwnedApps?: boolean;
  /** What is wrong, in words (made safe by the caller where it quotes anyone). */
  problems?: string[];
  /** The line above the problems. */
  problemTitle?: string;
  /** After a search: what it found. */
  searchNote?: string;
  /** This form card's own id, sent back by Create review: a press of a copy already used creates nothing more. */
  formId: string;
}

function groupValue(form: QuickReviewForm): string {
  if (form.group.kind === 'group' || form.group.kind === 'app') return form.group.id;
  if (form.group.kind === 'allMicrosoft365Groups') return ALL_M365_VALUE;
  return '';
}

/** The new review form, filled with `form` (a redraw keeps everything the owner entered). */
export function newReviewView(v: NewReviewViewInput) {
  const { form } = v;
  const known = knownResources(v.known);
  const groupName = resourceNameOf(form, known);
  const problems = v.problems ?? [];
  const picked = form.group.kind === 'group' ? form.group.id.toLowerCase() : '';
  const roleAssignable = !!picked && known.some((g) => g.id.toLowerCase() === picked && g.roleAssignable);
  const notes = [
    v.searchNote ?? '',
    v.moreOwned ? words.MORE_OWNED_GROUPS : '',
    v.moreOwnedApps ? words.MORE_OWNED_APPS : '',
    roleAssignable ? words.roleAssignableNote(safeText(groupName, MAX.group)) : '',
  ].filter(Boolean);
  // Groups first, then applications, then every Microsoft 365 group.
  const title = (g: KnownResource) =>
    g.kind === 'app'
      ? words.appChoice(clip(g.name, MAX.group))
      : g.roleAssignable
        ? words.roleAssignableChoice(clip(g.name, MAX.group))
        : clip(g.name, MAX.group);
  const listed = [...known.filter((g) => g.kind !== 'app'), ...known.filter((g) => g.kind === 'app')];
  return {
    title: words.NEW_REVIEW_TITLE,
    intro: words.NEW_REVIEW_INTRO,
    problemTitle: problems.length ? (v.problemTitle ?? words.FIX_AND_CREATE) : '',
    problems: problemLines(problems).join('\n\n'),
    // Choice titles are plain text (not markdown): cleaned, not escaped.
    groupChoices: [
      ...listed.map((g) => ({ title: title(g), value: g.id })),
      { title: words.EVERY_M365_GROUP, value: ALL_M365_VALUE },
    ],
    group: groupValue(form),
    searchNote: notes.join(' '),
    who: form.who,
    reviewers: form.reviewers,
    people: clip(form.people.join(', '), INPUT_MAX.people),
    fallback: clip(form.fallback.join(', '), INPUT_MAX.people),
    days: Number.isFinite(form.days) ? form.days : defaultForm(form.startDate).days,
    every: form.every,
    endKind: form.end.kind,
    endDate: form.end.kind === 'onDate' ? clip(form.end.date, INPUT_MAX.date) : '',
    // A valid number even while unused: clients check min/max before sending the form (an empty box shows 0).
    times: form.end.kind === 'after' && Number.isFinite(form.end.times) ? form.end.times : DEFAULT_TIMES,
    startDate: clip(form.startDate, INPUT_MAX.date),
    noResponse: form.noResponse,
    autoApply: String(form.autoApply),
    requireJustification: String(form.requireJustification),
    recommendations: String(form.recommendations),
    name: clip(form.name, INPUT_MAX.name),
    namePlaceholder: groupName ? clip(defaultName(form, groupName), 100) : words.NAME_EXAMPLE,
    descriptionForReviewers: clip(form.descriptionForReviewers, INPUT_MAX.descriptionForReviewers),
    descriptionForAdmins: clip(form.descriptionForAdmins, INPUT_MAX.descriptionForAdmins),
    create: { verb: 'createReview', known, formId: v.formId },
    search: { verb: 'searchGroups', known },
    searchApps: { verb: 'searchApps', known },
  };
}

export interface CreatedReview {
  definitionId: string;
  name: string;
  /** As created: the group or app picked (an app, or a group with roleAssignable as the directory has it). */
  form: QuickReviewForm;
  /** The group's or application's name. */
  resourceName: string;
  /** Display names of the people named as reviewers and fallback reviewers, as the directory has them. */
  peopleNames: string[];
  fallbackNames: string[];
  /** When the first instance starts (or started), from Graph; '' when Graph has not made it yet. */
  firstStart: string;
  started: boolean;
}

/** "Fri, 27 Nov 2026" for each reader through Teams' {{DATE()}}, from Graph's instant or a YYYY-MM-DD date. */
export function localDate(isoOrDate: string): string {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(isoOrDate) ? `${isoOrDate}T00:00:00Z` : isoOrDate);
  if (Number.isNaN(ms)) return '';
  const instant = utcInstantString(ms);
  if (!instant) return formatDue(isoOrDate);
  return `{{DATE(${instant}, SHORT)}}`;
}

function localWhen(iso: string): string {
  const date = localDate(iso);
  const instant = utcInstantString(Date.parse(iso));
  // A date alone has no time to show; nor has an instant Teams cannot format (written out by localDate).
  if (!date || /^\d{4}-\d{2}-\d{2}$/.test(iso) || !instant) return date;
  return words.dateAndTime(date, `{{TIME(${instant})}}`);
}

/** The card that says what was created (as Graph read it back) and when it starts. */
export function reviewCreatedView(c: CreatedReview) {
  const f = c.form;
  const names = (list: string[]) => list.map((n) => safeText(n, MAX.person)).join(', ');
  const end =
    f.every === 'once'
      ? ''
      : f.end.kind === 'onDate'
        ? // A fact is not a TextBlock: Teams formats {{DATE()}} only in text blocks, so the date is written out.
          words.endsOn(f.end.date)
        : f.end.kind === 'after'
          ? words.endsAfter(f.end.times)
          : words.ENDS_NEVER;
  const app = reviewsApp(f.group);
  const reviewerWords = app ? words.APP_REVIEWER_WORDS : words.REVIEWER_WORDS;
  const reviewers = f.reviewers === 'people' ? names(c.peopleNames) : reviewerWords[f.reviewers];
  const roleAssignable = f.group.kind === 'group' && !!f.group.roleAssignable;
  const facts = [
    { title: app ? words.FACT_TITLES.app : words.FACT_TITLES.group, value: safeText(c.resourceName, MAX.group) },
    ...(roleAssignable ? [{ title: words.FACT_TITLES.privileged, value: words.ROLE_ASSIGNABLE_FACT }] : []),
    { title: words.FACT_TITLES.who, value: (app ? words.APP_WHO_WORDS : words.WHO_WORDS)[f.who] },
    { title: words.FACT_TITLES.reviewers, value: reviewers },
    ...(c.fallbackNames.length ? [{ title: words.FACT_TITLES.fallback, value: names(c.fallbackNames) }] : []),
    { title: words.FACT_TITLES.duration, value: words.daysWord(f.days) },
    { title: words.FACT_TITLES.recurrence, value: words.recurrenceWords(words.EVERY_WORDS[f.every], end) },
    { title: words.FACT_TITLES.noResponse, value: words.NO_RESPONSE_WORDS[f.noResponse] },
    {
      title: words.FACT_TITLES.autoApply,
      value: f.autoApply ? words.APPLIED_AUTOMATICALLY : words.APPLIED_BY_YOU,
    },
    { title: words.FACT_TITLES.justification, value: f.requireJustification ? words.REQUIRED : words.NOT_REQUIRED },
    { title: words.FACT_TITLES.recommendations, value: f.recommendations ? words.SHOWN : words.NOT_SHOWN },
  ];
  const name = safeText(c.name, MAX.review);
  const when = localWhen(c.firstStart || f.startDate);
  return {
    title: words.createdTitle(name),
    startsLine: words.startsLine(c.started, when),
    fallbackText: `${words.createdTitle(name)}. ${words.startsLine(c.started, formatDue(c.firstStart || `${f.startDate}T00:00:00Z`))}`,
    facts,
    myReviews: { verb: 'myReviews', skip: 0 },
    newReview: { verb: 'newReview' },
  };
}

/** The outcome line at the top of the list after an action. */
export interface ListOutcome {
  text: string;
  style: 'good' | 'attention' | 'default';
}

function instanceView(review: OwnedReview, inst: OwnedInstance, skip: number) {
  const actions = ownerActions(inst.status, review.autoApply);
  const ref = {
    definitionId: review.definitionId,
    instanceId: inst.instanceId,
    name: clip(cleanText(review.name), MAX.review),
    skip,
  };
  const group =
    inst.resourceName ||
    (inst.subject.kind === 'app'
      ? words.AN_APPLICATION
      : inst.subject.kind === 'everyGroup'
        ? words.EVERY_M365_GROUP_NAME
        : '');
  const c = inst.counts;
  return {
    line: words.instanceLine(
      safeText(group, MAX.group),
      words.statusWord(inst.status),
      localDate(inst.startDateTime),
      localDate(inst.endDateTime),
    ),
    progress: c
      ? words.progressLine(reviewedCount(c), c.total, c.approved, c.denied, c.dontKnow)
      : words.notReadable(safeText(inst.unreadable ?? '', MAX.error)),
    progressColor: c ? 'Default' : 'Warning',
    contacted: inst.contacted
      ? words.contactedLine(
          inst.contacted.names.map((n) => safeText(n, MAX.person)),
          inst.contacted.count,
          inst.contacted.more,
        )
      : '',
    canStop: actions.stop,
    canApply: actions.apply,
    canNudge: actions.nudge,
    stop: { verb: 'stopReview', ...ref },
    apply: { verb: 'applyReview', ...ref },
    nudge: { verb: 'nudgeReview', ...ref },
  };
}

/** The line under a review's name: its recurrence, who, and the group or app it reviews (named, never assumed). */
function reviewSubtitle(review: OwnedReview): string {
  const every = words.EVERY_WORDS[review.every];
  const name = safeText(review.instances[0]?.resourceName ?? '', MAX.group);
  switch (review.subject.kind) {
    case 'group':
      return words.reviewSubtitle(every, review.guestsOnly, name);
    case 'everyGroup':
      return words.reviewSubtitle(every, review.guestsOnly, words.EVERY_M365_GROUP_NAME);
    case 'app':
      return words.appReviewSubtitle(every, review.guestsOnly, name || words.AN_APPLICATION);
    case 'other':
      return words.otherReviewSubtitle(every);
  }
}

function reviewView(review: OwnedReview, skip: number) {
  return {
    name: safeText(review.name, MAX.review),
    subtitle: reviewSubtitle(review),
    unreadable: review.unreadable ? words.notReadable(safeText(review.unreadable, MAX.error)) : '',
    instances: review.instances.map((i) => instanceView(review, i, skip)),
    moreInstances: review.moreInstances ? words.moreInstances(review.moreInstances) : '',
    delete: {
      verb: 'deleteReview',
      definitionId: review.definitionId,
      name: clip(cleanText(review.name), MAX.review),
      skip,
    },
  };
}

/** The list of reviews I created, one page, with an outcome line after an action. */
export function myReviewsView(page: OwnedReviewsPage, outcome?: ListOutcome) {
  const { reviews, skip, pageSize } = page;
  const headline =
    reviews.length === 0
      ? skip === 0
        ? words.NO_REVIEWS_CREATED
        : words.NO_MORE_REVIEWS
      : words.myReviewsHeadline(skip + 1, skip + reviews.length, page.more);
  return {
    title: words.MY_REVIEWS_TITLE,
    headline,
    fallbackText: `${words.MY_REVIEWS_TITLE}: ${headline}`,
    cutShort: page.cutShort ? words.CUT_SHORT : '',
    outcome: outcome?.text ?? '',
    outcomeStyle: outcome?.style ?? 'default',
    reviews: reviews.map((r) => reviewView(r, skip)),
    hasPrevious: skip > 0,
    hasNext: page.more,
    previous: { verb: 'myReviews', skip: Math.max(0, skip - pageSize) },
    next: { verb: 'myReviews', skip: skip + pageSize },
    refresh: { verb: 'myReviews', skip },
    newReview: { verb: 'newReview' },
  };
}

/** Asks before deleting a review: it takes every instance and decision with it. */
export function confirmDeleteReviewView(ref: { definitionId: string; name: string; skip: number }) {
  return {
    question: words.deleteQuestion(safeText(ref.name, MAX.review)),
    detail: words.DELETE_DETAIL,
    confirmTitle: words.DELETE_BUTTON,
    confirm: { verb: 'deleteReviewConfirmed', ...ref },
    cancel: { verb: 'myReviews', skip: ref.skip },
  };
}
