import {
  addDays,
  addYears,
  defaultForm,
  definitionBody,
  formProblems,
  isoDate,
  QuickReviewForm,
  ResolvedQuickReview,
} from '../../src/reviews/quickReview';
import { appUsersScope } from '../support/reviewScopes';

/**
 * The definition body of a quick review, option by option, against the documented request bodies: the two seed
 * tutorials (security group self-review; guests of every Microsoft 365 group, quarterly), the create-definition
 * examples (1: weekly, one reviewer; 2: owners with a fallback, quarterly, deny by default; 3: the users of an
 * application, managers, semi-annually, ends on a date) and the scope and reviewers concept pages.
 */

const TODAY = '2026-11-22';
const GROUP = '825f1b5e-6fb2-4d9a-b393-d491101acc0c';
const MEGAN = '010b2de0-0ed4-4ece-bfa2-22fff71d0497';
const DIEGO = 'c9a5aff7-9298-4d71-adab-0a222e0a05e4';
/** Contoso Expenses, as the local tenant's seed has its service principal. */
const APP = 'bae11f90-7d5d-46ba-9f55-8112b59d92ae';

function resolved(over: Partial<ResolvedQuickReview> = {}): ResolvedQuickReview {
  const { group: _group, people: _people, fallback: _fallback, ...rest } = defaultForm(TODAY);
  return {
    ...rest,
    target: { kind: 'group', groupId: GROUP },
    peopleIds: [],
    fallbackIds: [],
    name: 'A review',
    descriptionForAdmins: 'For admins',
    descriptionForReviewers: 'For reviewers',
    ...over,
  };
}

// The documented fragments, as the docs write them.
const TUTORIAL_1 = {
  scope: { query: `/groups/${GROUP}/transitiveMembers`, queryType: 'MicrosoftGraph' },
  instanceEnumerationScope: { query: `/groups/${GROUP}`, queryType: 'MicrosoftGraph' },
  reviewers: [],
  settings: {
    mailNotificationsEnabled: true,
    reminderNotificationsEnabled: true,
    justificationRequiredOnApproval: true,
    autoApplyDecisionsEnabled: true,
    recommendationsEnabled: true,
    recurrence: { pattern: null, range: { type: 'numbered', numberOfOccurrences: 0, recurrenceTimeZone: null } },
    applyActions: [{ '@odata.type': '#microsoft.graph.removeAccessApplyAction' }],
  },
};
const TUTORIAL_2 = {
  scope: {
    query: "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')",
    queryType: 'MicrosoftGraph',
  },
  instanceEnumerationScope: {
    query: "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true",
    queryType: 'MicrosoftGraph',
  },
  reviewers: [{ query: './owners', queryType: 'MicrosoftGraph' }],
  backupReviewers: [{ query: `/users/${DIEGO}`, queryType: 'MicrosoftGraph' }],
  settings: {
    mailNotificationsEnabled: true,
    reminderNotificationsEnabled: true,
    justificationRequiredOnApproval: true,
    defaultDecisionEnabled: true,
    defaultDecision: 'Approve',
    autoApplyDecisionsEnabled: true,
    recommendationsEnabled: true,
    recurrence: { pattern: { type: 'absoluteMonthly', interval: 3, dayOfMonth: 0 } },
    applyActions: [{ '@odata.type': '#microsoft.graph.removeAccessApplyAction' }],
  },
};

describe('the definition body of a quick review', () => {
  it('reproduces tutorial 1 (one-time self-review of the Building security group) from its form', () => {
    const body = definitionBody(
      resolved({ reviewers: 'self', autoApply: true, requireJustification: true, recommendations: true }),
    );
    expect(body).toMatchObject(TUTORIAL_1);
    // The tutorial leaves names and dates to the reader; the form's are its own.
    expect(body.settings.recurrence.range.startDate).toBe(TODAY);
  });

  it('reproduces tutorial 2 (guests of every Microsoft 365 group, quarterly, owners, Diego as fallback)', () => {
    const body = definitionBody(
      resolved({
        target: { kind: 'allMicrosoft365Groups' },
        who: 'guests',
        reviewers: 'owners',
        fallbackIds: [DIEGO],
        every: 'quarterly',
        noResponse: 'approve',
        autoApply: true,
      }),
    );
    const { backupReviewers, ...rest } = TUTORIAL_2;
    expect(body).toMatchObject(rest);
    // v1.0 names the tutorial's backupReviewers fallbackReviewers (the beta docs: either fills the other).
    expect(body.fallbackReviewers).toMatchObject(backupReviewers);
  });

  type Row = [string, Partial<ResolvedQuickReview>, (body: ReturnType<typeof definitionBody>) => unknown, unknown];
  const table: Row[] = [
    // who is reviewed
    [
      'members of a group: tutorial 1',
      { who: 'members' },
      (b) => [b.scope.query, b.instanceEnumerationScope?.query],
      [`/groups/${GROUP}/transitiveMembers`, `/groups/${GROUP}`],
    ],
    [
      'guests of a group: scope concept, example 2',
      { who: 'guests' },
      (b) => b.scope.query,
      `/groups/${GROUP}/transitiveMembers/microsoft.graph.user/?$filter=(userType eq 'Guest')`,
    ],
    [
      'members of every Microsoft 365 group: scope concept, example 4',
      { target: { kind: 'allMicrosoft365Groups' }, who: 'members' },
      (b) => b.scope.query,
      './members/microsoft.graph.user',
    ],
    [
      'scopes are accessReviewQueryScope: create docs, example 1',
      {},
      (b) => [b.scope['@odata.type'], b.scope.queryType],
      ['#microsoft.graph.accessReviewQueryScope', 'MicrosoftGraph'],
    ],
    // reviewers
    [
      'members review themselves: tutorial 1, reviewers concept example 1',
      { reviewers: 'self' },
      (b) => b.reviewers,
      [],
    ],
    [
      'owners of the group: reviewers concept, example 4',
      { reviewers: 'owners' },
      (b) => b.reviewers,
      [{ query: `/groups/${GROUP}/owners`, queryType: 'MicrosoftGraph' }],
    ],
    [
      'owners of each group: tutorial 2, create docs example 2',
      { target: { kind: 'allMicrosoft365Groups' }, reviewers: 'owners' },
      (b) => b.reviewers,
      [{ query: './owners', queryType: 'MicrosoftGraph' }],
    ],
    [
      'managers: reviewers concept example 5, create docs example 3',
      { reviewers: 'managers' },
      (b) => b.reviewers,
      [{ query: './manager', queryType: 'MicrosoftGraph', queryRoot: 'decisions' }],
    ],
    [
      'specific people: reviewers concept example 2, create docs example 1',
      { reviewers: 'people', peopleIds: [MEGAN, DIEGO] },
      (b) => b.reviewers,
      [
        { query: `/users/${MEGAN}`, queryType: 'MicrosoftGraph' },
        { query: `/users/${DIEGO}`, queryType: 'MicrosoftGraph' },
      ],
    ],
    [
      'fallback reviewers for managers: create docs example 2 (a user)',
      { reviewers: 'managers', fallbackIds: [DIEGO] },
      (b) => b.fallbackReviewers,
      [{ query: `/users/${DIEGO}`, queryType: 'MicrosoftGraph' }],
    ],
    ['no fallback reviewers unless asked', { reviewers: 'owners' }, (b) => 'fallbackReviewers' in b, false],
    [
      'no fallback reviewers for a self-review (nobody is "not found")',
      { reviewers: 'self', fallbackIds: [DIEGO] },
      (b) => 'fallbackReviewers' in b,
      false,
    ],
    // recurrence
    [
      'one time: tutorial 1 (pattern null, numbered, the end date after the duration)',
      { every: 'once', days: 14 },
      (b) => b.settings.recurrence,
      {
        pattern: null,
        range: {
          type: 'numbered',
          numberOfOccurrences: 0,
          recurrenceTimeZone: null,
          startDate: TODAY,
          endDate: '2026-12-06',
        },
      },
    ],
    [
      'weekly, never ending: create docs example 1',
      { every: 'weekly', days: 1, end: { kind: 'never' } },
      (b) => b.settings.recurrence,
      { pattern: { type: 'weekly', interval: 1 }, range: { type: 'noEnd', startDate: TODAY } },
    ],
    [
      'monthly',
      { every: 'monthly' },
      (b) => b.settings.recurrence.pattern,
      { type: 'absoluteMonthly', interval: 1, dayOfMonth: 0 },
    ],
    [
      'quarterly: tutorial 2 (absoluteMonthly, interval 3)',
      { every: 'quarterly' },
      (b) => b.settings.recurrence.pattern,
      { type: 'absoluteMonthly', interval: 3, dayOfMonth: 0 },
    ],
    [
      'semi-annually, ending on a date: create docs example 3',
      { every: 'semiannually', end: { kind: 'onDate', date: '2027-11-22' } },
      (b) => b.settings.recurrence,
      {
        pattern: { type: 'absoluteMonthly', interval: 6, dayOfMonth: 0 },
        range: { type: 'numbered', startDate: TODAY, endDate: '2027-11-22' },
      },
    ],
    [
      'annually',
      { every: 'annually' },
      (b) => b.settings.recurrence.pattern,
      { type: 'absoluteMonthly', interval: 12, dayOfMonth: 0 },
    ],
    [
      'after a number of times: a numbered range',
      { every: 'monthly', end: { kind: 'after', times: 4 } },
      (b) => b.settings.recurrence.range,
      { type: 'numbered', numberOfOccurrences: 4, startDate: TODAY },
    ],
    ['duration in days', { days: 21 }, (b) => b.settings.instanceDurationInDays, 21],
    // when reviewers do not respond
    [
      'no change: create docs example 1',
      { noResponse: 'none' },
      (b) => [b.settings.defaultDecisionEnabled, b.settings.defaultDecision],
      [false, 'None'],
    ],
    [
      'remove access: create docs example 2',
      { noResponse: 'remove' },
      (b) => [b.settings.defaultDecisionEnabled, b.settings.defaultDecision],
      [true, 'Deny'],
    ],
    [
      'approve: tutorial 2',
      { noResponse: 'approve' },
      (b) => [b.settings.defaultDecisionEnabled, b.settings.defaultDecision],
      [true, 'Approve'],
    ],
    [
      'take the recommendation: create docs example 3',
      { noResponse: 'recommendation' },
      (b) => [b.settings.defaultDecisionEnabled, b.settings.defaultDecision],
      [true, 'Recommendation'],
    ],
    // switches
    ['auto-apply on', { autoApply: true }, (b) => b.settings.autoApplyDecisionsEnabled, true],
    ['auto-apply off', { autoApply: false }, (b) => b.settings.autoApplyDecisionsEnabled, false],
    [
      'justification required off',
      { requireJustification: false },
      (b) => b.settings.justificationRequiredOnApproval,
      false,
    ],
    ['recommendations off', { recommendations: false }, (b) => b.settings.recommendationsEnabled, false],
    [
      'denied people lose their membership: the tutorials remove access',
      {},
      (b) => b.settings.applyActions,
      [{ '@odata.type': '#microsoft.graph.removeAccessApplyAction' }],
    ],
    [
      'names and descriptions as given',
      { name: 'Quarterly review of guests in Feelgood Marketing Campaign' },
      (b) => [b.displayName, b.descriptionForAdmins, b.descriptionForReviewers],
      ['Quarterly review of guests in Feelgood Marketing Campaign', 'For admins', 'For reviewers'],
    ],
  ];

  it.each(table)('%s', (_what, over, pick, expected) => {
    expect(pick(definitionBody(resolved(over)))).toEqual(expected);
  });

  it('writes every date with a four-digit year, and never a date it cannot write so', () => {
    const dates = (r: ResolvedQuickReview) => {
      const range = definitionBody(r).settings.recurrence.range;
      return [range.startDate, range.endDate].filter((d) => d !== undefined);
    };
    // The latest start and end the form takes (a year, and ten years, from today).
    const cases: Partial<ResolvedQuickReview>[] = [
      { startDate: '2027-11-22', every: 'once', days: 365 },
      { startDate: '2027-11-22', every: 'weekly', days: 7, end: { kind: 'onDate', date: '2036-11-22' } },
      { startDate: '2027-11-22', every: 'annually', days: 365, end: { kind: 'after', times: 520 } },
      { startDate: TODAY, every: 'quarterly', days: 90, end: { kind: 'never' } },
    ];
    for (const c of cases) {
      for (const d of dates(resolved(c))) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    // The form refuses such a start; were one to get here, no end date is made of it ("+010000-01" before).
    expect(() => definitionBody(resolved({ startDate: '9999-12-31', every: 'once', days: 14 }))).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
    const year5 = new Date(0);
    year5.setUTCFullYear(5, 0, 2);
    expect(isoDate(year5)).toBe('0005-01-02');
  });

  it('refuses to put anything but a GUID into a query', () => {
    expect(() => definitionBody(resolved({ target: { kind: 'group', groupId: '../users' } }))).toThrow(/GUID/);
    expect(() => definitionBody(resolved({ reviewers: 'people', peopleIds: ['x'] }))).toThrow(/GUID/);
  });

  it('writes the name and descriptions without control, bidi or invisible characters; descriptions keep their lines', () => {
    const body = definitionBody(
      resolved({
        name: '\u202ESales\u0000 review \u001B[31mnow\u001B[0m\nsecond line\u200B',
        descriptionForAdmins: 'For\u0007 the audit\u200F.\r\nAsk Megan\uFEFF.',
        descriptionForReviewers: 'Please \u2066confirm\u2069.\n\n\n\nThanks 👩‍💻',
      }),
    );
    expect(body.displayName).toBe('Sales review now second line');
    expect(body.descriptionForAdmins).toBe('For the audit.\nAsk Megan.');
    expect(body.descriptionForReviewers).toBe('Please confirm.\n\nThanks 👩‍💻');
  });
});

/**
 * Microsoft Graph docs, api-reference/v1.0/api/accessreviewset-post-definitions.md, example 3 ("Create an access
 * review of all users to an application"): its request body, as written there, less the names and dates that are
 * the form's own. The service principal's id is the example's.
 */
const EXAMPLE_3 = {
  scope: appUsersScope(APP),
  reviewers: [{ query: './manager', queryType: 'MicrosoftGraph', queryRoot: 'decisions' }],
  settings: {
    mailNotificationsEnabled: true,
    reminderNotificationsEnabled: true,
    justificationRequiredOnApproval: true,
    defaultDecisionEnabled: true,
    defaultDecision: 'Recommendation',
    instanceDurationInDays: 180,
    autoApplyDecisionsEnabled: true,
    recommendationsEnabled: true,
    recurrence: {
      pattern: { type: 'absoluteMonthly', interval: 6, dayOfMonth: 0 },
      range: { type: 'numbered' },
    },
  },
};

describe('the definition body of a quick review of an application', () => {
  const app = (over: Partial<ResolvedQuickReview> = {}) =>
    definitionBody(resolved({ target: { kind: 'app', servicePrincipalId: APP }, ...over }));

  it('reproduces create-definitions example 3 (all users of an app, managers, semi-annually, until a date)', () => {
    const body = app({
      reviewers: 'managers',
      fallbackIds: [DIEGO],
      days: 180,
      every: 'semiannually',
      end: { kind: 'onDate', date: '2027-11-22' },
      noResponse: 'recommendation',
      autoApply: true,
    });
    expect(body).toMatchObject(EXAMPLE_3);
    // The scope is exactly the example's: no more keys than it writes.
    expect(body.scope).toEqual(EXAMPLE_3.scope);
    // The example names no instanceEnumerationScope: that is for groups.
    expect('instanceEnumerationScope' in body).toBe(false);
    expect(body.settings.recurrence.range).toEqual({ type: 'numbered', startDate: TODAY, endDate: '2027-11-22' });
    // The example's fallback reviewers are a group's members; Attest names people (create docs example 2's form).
    expect(body.fallbackReviewers).toEqual([{ query: `/users/${DIEGO}`, queryType: 'MicrosoftGraph' }]);
  });

  type Row = [string, Partial<ResolvedQuickReview>, (body: ReturnType<typeof definitionBody>) => unknown, unknown];
  const table: Row[] = [
    [
      'everyone: principal scope /users (create docs example 3, scope concept example 11)',
      { who: 'members' },
      (b) => b.scope,
      EXAMPLE_3.scope,
    ],
    [
      "guests only: principal scope /users?$filter=(userType eq 'Guest') (scope concept examples 10 and 12)",
      { who: 'guests' },
      (b) => b.scope,
      {
        ...EXAMPLE_3.scope,
        principalScopes: [
          {
            '@odata.type': '#microsoft.graph.accessReviewQueryScope',
            query: "/users?$filter=(userType eq 'Guest')",
            queryType: 'MicrosoftGraph',
          },
        ],
      },
    ],
    [
      "the application's owners: reviewers concept, example 6",
      { reviewers: 'owners' },
      (b) => b.reviewers,
      [{ query: `/servicePrincipals/${APP}/owners`, queryType: 'MicrosoftGraph' }],
    ],
    [
      "fallback reviewers for an app's owners (an app with none)",
      { reviewers: 'owners', fallbackIds: [DIEGO] },
      (b) => b.fallbackReviewers,
      [{ query: `/users/${DIEGO}`, queryType: 'MicrosoftGraph' }],
    ],
    ['users review their own access: reviewers concept example 1', { reviewers: 'self' }, (b) => b.reviewers, []],
    [
      'specific people: reviewers concept example 2',
      { reviewers: 'people', peopleIds: [MEGAN] },
      (b) => b.reviewers,
      [{ query: `/users/${MEGAN}`, queryType: 'MicrosoftGraph' }],
    ],
    [
      'managers: create docs example 3',
      { reviewers: 'managers' },
      (b) => b.reviewers,
      [{ query: './manager', queryType: 'MicrosoftGraph', queryRoot: 'decisions' }],
    ],
    [
      'denied people lose the assignment: removeAccessApplyAction, the default (schedule settings resource)',
      {},
      (b) => b.settings.applyActions,
      [{ '@odata.type': '#microsoft.graph.removeAccessApplyAction' }],
    ],
  ];

  it.each(table)('%s', (_what, over, pick, expected) => {
    expect(pick(app(over))).toEqual(expected);
  });

  it('refuses to put anything but a GUID into the resource scope', () => {
    expect(() => definitionBody(resolved({ target: { kind: 'app', servicePrincipalId: '../users' } }))).toThrow(/GUID/);
  });
});

describe('what is wrong with a quick review form', () => {
  const form = (over: Partial<QuickReviewForm> = {}): QuickReviewForm => ({
    ...defaultForm(TODAY),
    group: { kind: 'group', id: GROUP, name: 'Building security group' },
    ...over,
  });

  it('accepts the defaults once a group is chosen', () => {
    expect(formProblems(form(), TODAY)).toEqual([]);
    expect(formProblems(defaultForm(TODAY), TODAY)).toEqual([{ kind: 'missingGroup' }]);
  });

  it('accepts the defaults once an application is chosen', () => {
    expect(formProblems(form({ group: { kind: 'app', id: APP, name: 'Contoso Expenses' } }), TODAY)).toEqual([]);
    expect(formProblems(form({ group: { kind: 'namedApp', name: 'Contoso Expenses' } }), TODAY)).toEqual([]);
  });

  it.each([
    ['once', 365],
    ['weekly', 7],
    ['monthly', 30],
    ['quarterly', 90],
    ['semiannually', 180],
    ['annually', 365],
  ] as const)('keeps a %s review within %i days, so it ends before the next starts', (every, max) => {
    expect(formProblems(form({ every, days: max }), TODAY)).toEqual([]);
    expect(formProblems(form({ every, days: max + 1 }), TODAY)).toEqual([
      { kind: 'outOfRange', field: 'days', min: 1, max, value: String(max + 1) },
    ]);
    expect(formProblems(form({ every, days: 0 }), TODAY)[0]).toMatchObject({ kind: 'outOfRange', field: 'days' });
  });

  it('finds bad dates, a start in the past and an end before the start', () => {
    expect(formProblems(form({ startDate: '2026-02-30' }), TODAY)).toEqual([
      { kind: 'notADate', field: 'startDate', value: '2026-02-30' },
    ]);
    expect(formProblems(form({ startDate: '2026-11-21' }), TODAY)).toEqual([{ kind: 'startInThePast', today: TODAY }]);
    expect(formProblems(form({ every: 'monthly', end: { kind: 'onDate', date: '2026-11-22' } }), TODAY)).toEqual([
      { kind: 'endBeforeStart' },
    ]);
    expect(formProblems(form({ every: 'monthly', end: { kind: 'onDate', date: 'soon' } }), TODAY)).toEqual([
      { kind: 'notADate', field: 'endDate', value: 'soon' },
    ]);
  });

  it('keeps the start within a year and the end within ten years from today', () => {
    expect(formProblems(form({ startDate: '9999-12-31' }), TODAY)).toEqual([
      { kind: 'startTooFarAhead', latest: '2027-11-22' },
    ]);
    expect(formProblems(form({ startDate: '2027-11-23' }), TODAY)).toEqual([
      { kind: 'startTooFarAhead', latest: '2027-11-22' },
    ]);
    expect(formProblems(form({ startDate: '2027-11-22' }), TODAY)).toEqual([]);
    const until = (date: string, startDate = TODAY) =>
      formProblems(form({ every: 'monthly', startDate, end: { kind: 'onDate', date } }), TODAY);
    expect(until('2036-11-22')).toEqual([]);
    expect(until('2036-11-23')).toEqual([{ kind: 'endTooFarAhead', latest: '2036-11-22' }]);
    expect(until('9999-12-31')).toEqual([{ kind: 'endTooFarAhead', latest: '2036-11-22' }]);
    expect(until('2027-01-01', '2027-02-01')).toEqual([{ kind: 'endBeforeStart' }]);
    expect(until('10000-01-01')).toEqual([{ kind: 'notADate', field: 'endDate', value: '10000-01-01' }]);
    // A year from 29 February is 1 March.
    expect(addYears('2028-02-29', 1)).toBe('2029-03-01');
  });

  it('says an end needs a recurrence, and how many times is bounded', () => {
    expect(formProblems(form({ end: { kind: 'after', times: 3 } }), TODAY)).toEqual([{ kind: 'endNeedsRecurrence' }]);
    expect(formProblems(form({ every: 'weekly', days: 7, end: { kind: 'after', times: 0 } }), TODAY)).toEqual([
      { kind: 'outOfRange', field: 'times', min: 1, max: 520, value: '0' },
    ]);
  });

  it('needs people for "specific people", and fallback reviewers only where someone may be missing', () => {
    expect(formProblems(form({ reviewers: 'people' }), TODAY)).toEqual([{ kind: 'peopleNeeded' }]);
    expect(formProblems(form({ reviewers: 'self', fallback: ['Diego'] }), TODAY)).toEqual([
      { kind: 'fallbackNotUsed' },
    ]);
    expect(formProblems(form({ reviewers: 'managers', fallback: ['Diego'] }), TODAY)).toEqual([]);
  });

  it('refuses a group or a person named longer than Microsoft Entra names can be, before any look-up', () => {
    const long = 'G'.repeat(257);
    expect(formProblems(form({ group: { kind: 'named', name: 'G'.repeat(256) } }), TODAY)).toEqual([]);
    expect(formProblems(form({ group: { kind: 'named', name: long } }), TODAY)).toEqual([
      { kind: 'tooLong', field: 'group', max: 256 },
    ]);
    expect(formProblems(form({ reviewers: 'people', people: ['Megan', long] }), TODAY)).toEqual([
      { kind: 'tooLong', field: 'person', max: 256 },
    ]);
    expect(formProblems(form({ reviewers: 'owners', fallback: [long] }), TODAY)).toEqual([
      { kind: 'tooLong', field: 'person', max: 256 },
    ]);
    // People kept on the form for another choice of reviewers are not looked up.
    expect(formProblems(form({ reviewers: 'owners', people: [long] }), TODAY)).toEqual([]);
  });

  it('keeps the description for reviewers to the 256 characters mails show', () => {
    expect(formProblems(form({ descriptionForReviewers: 'x'.repeat(256) }), TODAY)).toEqual([]);
    expect(formProblems(form({ descriptionForReviewers: 'x'.repeat(257) }), TODAY)).toEqual([
      { kind: 'tooLong', field: 'descriptionForReviewers', max: 256 },
    ]);
  });
});
