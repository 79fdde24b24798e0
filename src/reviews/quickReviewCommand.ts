import {
  defaultForm,
  Every,
  FormProblem,
  formProblems,
  GroupChoice,
  NoResponse,
  QuickReviewForm,
  ReviewerChoice,
  splitPeople,
  Who,
} from './quickReview';

/**
 * The one-line form of a quick review, for people who type:
 *
 *   new review "Building security group" reviewers=owners days=14 every=quarter
 *   new review app "Contoso Expenses" reviewers=owners days=14
 *
 * What is reviewed comes first: a group (in quotes when it has spaces and words follow, or `all-m365-groups`), or the
 * word `app` and an application's name; then key=value pairs in any order; a value with spaces goes in quotes.
 * Unknown words and bad values are reported by name with what is allowed, never guessed at. Other kinds of review
 * (roles, access packages...) are named with where to create them instead. A group whose name is one of these words
 * is written in quotes. The views say the problems in words; `help` shows the grammar.
 */

/** Kinds of review Attest does not create: the Microsoft Entra admin center does (see ELSEWHERE_WORDS). */
export type ElsewhereKind =
  'accessPackage' | 'directoryRole' | 'azureRole' | 'pimGroup' | 'inactiveUsers' | 'multiResource';

export type CommandProblem =
  | { kind: 'unknownWord'; word: string }
  | { kind: 'missingApp' }
  /** `word`: the first word that named it (a group so named is written in quotes). */
  | { kind: 'elsewhere'; what: ElsewhereKind; word?: string }
  | { kind: 'badValue'; key: string; value: string; allowed: string[] }
  | { kind: 'repeated'; key: string }
  | { kind: 'unclosedQuote' }
  | { kind: 'untilAndTimes' }
  | FormProblem;

export type ParsedCommand =
  { ok: true; form: QuickReviewForm; empty: boolean } | { ok: false; problems: CommandProblem[] };

/** Every key, as typed, with the words each value may be. */
export const COMMAND_KEYS = [
  'who',
  'reviewers',
  'fallback',
  'days',
  'every',
  'until',
  'times',
  'start',
  'if-no-response',
  'auto-apply',
  'justification',
  'recommendations',
  'name',
  'description',
  'admin-description',
] as const;
type Key = (typeof COMMAND_KEYS)[number];

/** The group word that stands for every Microsoft 365 group (quote a group really called that). */
export const ALL_M365_GROUPS = 'all-m365-groups';
/** The word before an application's name (quote a group whose name starts with it). */
export const APP_WORD = 'app';

/** The first words that name a kind of review made elsewhere (quote a group whose name starts with one). */
export const ELSEWHERE_WORDS: Record<string, ElsewhereKind> = {
  'access-package': 'accessPackage',
  package: 'accessPackage',
  role: 'directoryRole',
  'directory-role': 'directoryRole',
  'entra-role': 'directoryRole',
  'azure-role': 'azureRole',
  'pim-group': 'pimGroup',
  pim: 'pimGroup',
  inactive: 'inactiveUsers',
  'inactive-users': 'inactiveUsers',
  'multi-resource': 'multiResource',
};

const WHO: Record<string, Who> = { members: 'members', all: 'members', everyone: 'members', guests: 'guests' };
const REVIEWERS: Record<string, Exclude<ReviewerChoice, 'people'>> = {
  self: 'self',
  themselves: 'self',
  owners: 'owners',
  owner: 'owners',
  managers: 'managers',
  manager: 'managers',
};
const EVERY: Record<string, Every> = {
  once: 'once',
  'one-time': 'once',
  week: 'weekly',
  weekly: 'weekly',
  month: 'monthly',
  monthly: 'monthly',
  quarter: 'quarterly',
  quarterly: 'quarterly',
  'half-year': 'semiannually',
  'semi-annually': 'semiannually',
  semiannually: 'semiannually',
  year: 'annually',
  yearly: 'annually',
  annually: 'annually',
};
const NO_RESPONSE: Record<string, NoResponse> = {
  'no-change': 'none',
  keep: 'none',
  none: 'none',
  remove: 'remove',
  deny: 'remove',
  approve: 'approve',
  recommendation: 'recommendation',
  recommended: 'recommendation',
};
const YES_NO: Record<string, boolean> = { yes: true, on: true, true: true, no: false, off: false, false: false };

/** Shown for each key in problems: the main words (synonyms are accepted but not advertised). */
export const ALLOWED: Partial<Record<Key, string[]>> = {
  who: ['members', 'guests'],
  reviewers: ['self', 'owners', 'managers', 'names or UPNs, separated by commas'],
  every: ['once', 'week', 'month', 'quarter', 'half-year', 'year'],
  'if-no-response': ['no-change', 'remove', 'approve', 'recommendation'],
  'auto-apply': ['yes', 'no'],
  justification: ['yes', 'no'],
  recommendations: ['yes', 'no'],
  until: ['a date, YYYY-MM-DD'],
  start: ['a date, YYYY-MM-DD'],
  days: ['a whole number of days'],
  times: ['a whole number'],
};

interface Token {
  key?: string;
  value: string;
  quoted: boolean;
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '”': '”', '‘': '’', '„': '“' };

/** Splits on spaces outside quotes; `key=value` and `key="a value"` are one token each. */
function tokenize(text: string): Token[] | 'unclosedQuote' {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const keyMatch = /^([A-Za-z][\w-]*)=/.exec(text.slice(i));
    const key = keyMatch?.[1];
    if (keyMatch) i += keyMatch[0].length;
    const close = QUOTES[text[i]];
    if (close) {
      const end = text.indexOf(close, i + 1);
      if (end < 0) return 'unclosedQuote';
      out.push({ key, value: text.slice(i + 1, end).trim(), quoted: true });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j])) j++;
    out.push({ key, value: text.slice(i, j), quoted: false });
    i = j;
  }
  return out;
}

function keyOf(typed: string): Key | undefined {
  const k = typed.toLowerCase();
  return (COMMAND_KEYS as readonly string[]).includes(k) ? (k as Key) : undefined;
}

/**
 * Parses what follows `new review`. Nothing at all: `empty` (the bot shows the form). Otherwise the form with the
 * typed values over the defaults, or every problem found.
 */
export function parseQuickReviewCommand(text: string, today: string): ParsedCommand {
  const form = defaultForm(today);
  const tokens = tokenize(text.trim());
  if (tokens === 'unclosedQuote') return { ok: false, problems: [{ kind: 'unclosedQuote' }] };
  if (tokens.length === 0) return { ok: true, form, empty: true };

  const problems: CommandProblem[] = [];
  // What is reviewed: `app` then the app's name, or the group; a name is quoted, or the bare words up to the first
  // key=value.
  let at = 0;
  const first = tokens[0];
  const firstWord = !first.key && !first.quoted ? first.value.toLowerCase() : '';
  const elsewhere = ELSEWHERE_WORDS[firstWord];
  if (elsewhere) return { ok: false, problems: [{ kind: 'elsewhere', what: elsewhere, word: first.value }] };
  const isApp = firstWord === APP_WORD;
  if (isApp) at = 1;
  if (at < tokens.length && !tokens[at].key) {
    const start = at;
    if (tokens[start].quoted) {
      at = start + 1;
    } else {
      while (at < tokens.length && !tokens[at].key) at++;
    }
    const name = tokens[start].quoted
      ? tokens[start].value
      : tokens
          .slice(start, at)
          .map((t) => t.value)
          .join(' ');
    form.group = isApp ? (name ? { kind: 'namedApp', name } : { kind: 'none' }) : groupOf(name, tokens[start].quoted);
  }
  if (isApp && form.group.kind === 'none') problems.push({ kind: 'missingApp' });

  const seen = new Set<Key>();
  let until: string | undefined;
  let times: string | undefined;
  for (const token of tokens.slice(at)) {
    if (!token.key) {
      problems.push({ kind: 'unknownWord', word: token.value });
      continue;
    }
    const key = keyOf(token.key);
    if (!key) {
      problems.push({ kind: 'unknownWord', word: token.key });
      continue;
    }
    if (seen.has(key)) {
      problems.push({ kind: 'repeated', key });
      continue;
    }
    seen.add(key);
    const value = token.value;
    const word = value.toLowerCase();
    const bad = () => problems.push({ kind: 'badValue', key, value, allowed: ALLOWED[key] ?? [] });
    switch (key) {
      case 'who':
        if (WHO[word]) form.who = WHO[word];
        else if (ELSEWHERE_WORDS[word] === 'inactiveUsers') {
          return { ok: false, problems: [{ kind: 'elsewhere', what: 'inactiveUsers' }] };
        } else bad();
        break;
      case 'reviewers':
        if (REVIEWERS[word]) form.reviewers = REVIEWERS[word];
        else if (splitPeople(value).length > 0) {
          form.reviewers = 'people';
          form.people = splitPeople(value);
        } else bad();
        break;
      case 'fallback':
        if (splitPeople(value).length > 0) form.fallback = splitPeople(value);
        else bad();
        break;
      case 'days':
        if (/^\d{1,4}$/.test(value)) form.days = Number(value);
        else bad();
        break;
      case 'every':
        if (EVERY[word]) form.every = EVERY[word];
        else bad();
        break;
      case 'until':
        until = value;
        break;
      case 'times':
        if (/^\d{1,4}$/.test(value)) times = value;
        else bad();
        break;
      case 'start':
        form.startDate = value;
        break;
      case 'if-no-response':
        if (NO_RESPONSE[word]) form.noResponse = NO_RESPONSE[word];
        else bad();
        break;
      case 'auto-apply':
      case 'justification':
      case 'recommendations': {
        const on = YES_NO[word];
        if (on === undefined) bad();
        else if (key === 'auto-apply') form.autoApply = on;
        else if (key === 'justification') form.requireJustification = on;
        else form.recommendations = on;
        break;
      }
      case 'name':
        form.name = value;
        break;
      case 'description':
        form.descriptionForReviewers = value;
        break;
      case 'admin-description':
        form.descriptionForAdmins = value;
        break;
    }
  }
  if (until !== undefined && times !== undefined) problems.push({ kind: 'untilAndTimes' });
  else if (until !== undefined) form.end = { kind: 'onDate', date: until };
  else if (times !== undefined) form.end = { kind: 'after', times: Number(times) };

  // A missing app is said once, as such.
  problems.push(...formProblems(form, today).filter((p) => !(isApp && p.kind === 'missingGroup')));
  return problems.length ? { ok: false, problems } : { ok: true, form, empty: false };
}

function groupOf(name: string, quoted: boolean): GroupChoice {
  if (!name) return { kind: 'none' };
  if (!quoted && name.toLowerCase() === ALL_M365_GROUPS) return { kind: 'allMicrosoft365Groups' };
  return { kind: 'named', name };
}
