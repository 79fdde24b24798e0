import { defaultForm } from '../../src/reviews/quickReview';
import { parseQuickReviewCommand } from '../../src/reviews/quickReviewCommand';

const TODAY = '2026-11-22';
const parse = (text: string) => parseQuickReviewCommand(text, TODAY);

function formOf(text: string) {
  const parsed = parse(text);
  if (!parsed.ok) throw new Error(`did not parse: ${JSON.stringify(parsed.problems)}`);
  return parsed.form;
}

function problemsOf(text: string) {
  const parsed = parse(text);
  if (parsed.ok) throw new Error(`parsed: ${text}`);
  return parsed.problems;
}

describe('new review, typed on one line', () => {
  it('reads the example of the help: a group, owners, 14 days, every quarter', () => {
    expect(formOf('"Building security group" reviewers=owners days=14 every=quarter')).toEqual({
      ...defaultForm(TODAY),
      group: { kind: 'named', name: 'Building security group' },
      reviewers: 'owners',
      days: 14,
      every: 'quarterly',
    });
  });

  it('is empty without words (the bot then shows the form)', () => {
    expect(parse('')).toEqual({ ok: true, form: defaultForm(TODAY), empty: true });
    expect(parse('   ')).toMatchObject({ ok: true, empty: true });
  });

  it('takes the group unquoted up to the first key, in smart quotes, or every Microsoft 365 group', () => {
    expect(formOf('Finance Approvers who=guests').group).toEqual({ kind: 'named', name: 'Finance Approvers' });
    expect(formOf('“Feelgood Marketing Campaign” who=guests').group).toEqual({
      kind: 'named',
      name: 'Feelgood Marketing Campaign',
    });
    expect(formOf('"O\'Brien team" days=3').group).toEqual({ kind: 'named', name: "O'Brien team" });
    expect(formOf("O'Brien team days=3").group).toEqual({ kind: 'named', name: "O'Brien team" });
    expect(formOf('all-m365-groups who=guests').group).toEqual({ kind: 'allMicrosoft365Groups' });
    expect(formOf('"all-m365-groups"').group).toEqual({ kind: 'named', name: 'all-m365-groups' });
  });

  it('reads every option, with its synonyms', () => {
    expect(
      formOf(
        'Sales who=guests reviewers="Megan Bowen, DiegoS@contoso.com" days=7 every=weekly times=4 start=2026-12-01 ' +
          'if-no-response=recommendation auto-apply=yes justification=no recommendations=off ' +
          'name="Weekly guests" description="Still needed?" admin-description="From Teams"',
      ),
    ).toEqual({
      ...defaultForm(TODAY),
      group: { kind: 'named', name: 'Sales' },
      who: 'guests',
      reviewers: 'people',
      people: ['Megan Bowen', 'DiegoS@contoso.com'],
      days: 7,
      every: 'weekly',
      end: { kind: 'after', times: 4 },
      startDate: '2026-12-01',
      noResponse: 'recommendation',
      autoApply: true,
      requireJustification: false,
      recommendations: false,
      name: 'Weekly guests',
      descriptionForReviewers: 'Still needed?',
      descriptionForAdmins: 'From Teams',
    });
    expect(
      formOf('Sales reviewers=managers fallback=DiegoS@contoso.com every=half-year until=2027-06-30'),
    ).toMatchObject({
      reviewers: 'managers',
      fallback: ['DiegoS@contoso.com'],
      every: 'semiannually',
      end: { kind: 'onDate', date: '2027-06-30' },
    });
    expect(formOf('Sales reviewers=self if-no-response=remove every=year').noResponse).toBe('remove');
    expect(formOf('Sales WHO=Guests EVERY=Month').every).toBe('monthly');
  });

  it('names an unknown word and what is allowed for a bad value', () => {
    expect(problemsOf('Sales reviewrs=owners')).toEqual([{ kind: 'unknownWord', word: 'reviewrs' }]);
    expect(problemsOf('"Sales" quarterly')).toEqual([{ kind: 'unknownWord', word: 'quarterly' }]);
    expect(problemsOf('Sales every=fortnight')).toEqual([
      {
        kind: 'badValue',
        key: 'every',
        value: 'fortnight',
        allowed: ['once', 'week', 'month', 'quarter', 'half-year', 'year'],
      },
    ]);
    expect(problemsOf('Sales who=admins auto-apply=maybe')).toEqual([
      { kind: 'badValue', key: 'who', value: 'admins', allowed: ['members', 'guests'] },
      { kind: 'badValue', key: 'auto-apply', value: 'maybe', allowed: ['yes', 'no'] },
    ]);
    expect(problemsOf('Sales days=two')[0]).toMatchObject({ kind: 'badValue', key: 'days', value: 'two' });
  });

  it('finds what the form would refuse: the days for the recurrence, dates, a missing group', () => {
    expect(problemsOf('Sales every=week days=14')).toEqual([
      { kind: 'outOfRange', field: 'days', min: 1, max: 7, value: '14' },
    ]);
    expect(problemsOf('Sales start=2026-11-01')).toEqual([{ kind: 'startInThePast', today: TODAY }]);
    expect(problemsOf('Sales start=tomorrow')).toEqual([{ kind: 'notADate', field: 'startDate', value: 'tomorrow' }]);
    expect(problemsOf('reviewers=owners')).toEqual([{ kind: 'missingGroup' }]);
    expect(problemsOf('Sales until=2027-01-01')).toEqual([{ kind: 'endNeedsRecurrence' }]);
    expect(problemsOf('Sales every=month until=2027-01-01 times=3')).toEqual([{ kind: 'untilAndTimes' }]);
  });

  it('refuses a start or an end too far ahead, and an end before the start, saying by when', () => {
    expect(problemsOf('Sales start=9999-12-31')).toEqual([{ kind: 'startTooFarAhead', latest: '2027-11-22' }]);
    expect(problemsOf('Sales start=2027-11-23')).toEqual([{ kind: 'startTooFarAhead', latest: '2027-11-22' }]);
    expect(formOf('Sales start=2027-11-22').startDate).toBe('2027-11-22');
    expect(problemsOf('Sales start=+010000-01-01')).toEqual([
      { kind: 'notADate', field: 'startDate', value: '+010000-01-01' },
    ]);
    expect(problemsOf('Sales every=month start=2026-12-10 until=2026-12-01')).toEqual([{ kind: 'endBeforeStart' }]);
    expect(problemsOf('Sales every=month until=2036-11-23')).toEqual([
      { kind: 'endTooFarAhead', latest: '2036-11-22' },
    ]);
    expect(problemsOf('Sales every=year until=9999-12-31')).toEqual([{ kind: 'endTooFarAhead', latest: '2036-11-22' }]);
    expect(formOf('Sales every=month until=2036-11-22').end).toEqual({ kind: 'onDate', date: '2036-11-22' });
  });

  it('names an application after the word app, quoted or up to the first key', () => {
    expect(formOf('app "Contoso Expenses" reviewers=owners days=14')).toEqual({
      ...defaultForm(TODAY),
      group: { kind: 'namedApp', name: 'Contoso Expenses' },
      reviewers: 'owners',
      days: 14,
    });
    expect(formOf('APP Contoso Expenses who=guests reviewers=managers fallback=DiegoS@contoso.com')).toMatchObject({
      group: { kind: 'namedApp', name: 'Contoso Expenses' },
      who: 'guests',
      reviewers: 'managers',
      fallback: ['DiegoS@contoso.com'],
    });
    expect(formOf('app “Contoso Expenses”').group).toEqual({ kind: 'namedApp', name: 'Contoso Expenses' });
    // A group whose name starts with "app" is written in quotes.
    expect(formOf('"app builders" days=3').group).toEqual({ kind: 'named', name: 'app builders' });
    expect(formOf('"app"').group).toEqual({ kind: 'named', name: 'app' });
  });

  it('asks for the name of the application when only the word app is given', () => {
    expect(problemsOf('app')).toEqual([{ kind: 'missingApp' }]);
    expect(problemsOf('app reviewers=owners')).toEqual([{ kind: 'missingApp' }]);
    expect(problemsOf('app "Contoso Expenses" reviewers=owners every=week days=14')).toEqual([
      { kind: 'outOfRange', field: 'days', min: 1, max: 7, value: '14' },
    ]);
  });

  it('sends the other kinds of review to the Microsoft Entra admin center, and a quoted name stays a group', () => {
    expect(problemsOf('role "Global Administrator" reviewers=self')).toEqual([
      { kind: 'elsewhere', what: 'directoryRole', word: 'role' },
    ]);
    expect(problemsOf('access-package "Partner collaboration"')).toEqual([
      { kind: 'elsewhere', what: 'accessPackage', word: 'access-package' },
    ]);
    expect(problemsOf('Azure-Role Owner')).toEqual([{ kind: 'elsewhere', what: 'azureRole', word: 'Azure-Role' }]);
    expect(problemsOf('pim-group "Payroll Administrators"')).toEqual([
      { kind: 'elsewhere', what: 'pimGroup', word: 'pim-group' },
    ]);
    expect(problemsOf('inactive-users')).toEqual([
      { kind: 'elsewhere', what: 'inactiveUsers', word: 'inactive-users' },
    ]);
    expect(problemsOf('"Sales" who=inactive')).toEqual([{ kind: 'elsewhere', what: 'inactiveUsers' }]);
    expect(problemsOf('multi-resource')).toEqual([
      { kind: 'elsewhere', what: 'multiResource', word: 'multi-resource' },
    ]);
    expect(formOf('"Role models" days=3').group).toEqual({ kind: 'named', name: 'Role models' });
  });

  it('refuses a key given twice and a quote left open', () => {
    expect(problemsOf('Sales days=3 days=4')).toEqual([{ kind: 'repeated', key: 'days' }]);
    expect(problemsOf('"Sales days=3')).toEqual([{ kind: 'unclosedQuote' }]);
  });
});
