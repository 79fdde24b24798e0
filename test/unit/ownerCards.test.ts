import { OwnedReview, OwnedReviewsPage } from '../../src/reviews/ownedReviews';
import { defaultForm, MAX_REVIEWER_DESCRIPTION, QuickReviewForm } from '../../src/reviews/quickReview';
import { parseQuickReviewCommand } from '../../src/reviews/quickReviewCommand';
import { messageView } from '../../src/views/cardViews';
import {
  commandProblemsText,
  confirmDeleteReviewView,
  myReviewsView,
  newReviewView,
  reviewCreatedView,
  withDefaultTexts,
} from '../../src/views/ownerViews';
import { renderCard } from '../../src/views/renderCard';
import { cardInputs, cardText } from '../support/activities';

const TODAY = '2026-11-22';
const G = '825f1b5e-6fb2-4d9a-b393-d491101acc0c';
const D = 'd7286a17-3a01-406a-b872-986b6b40317c';
const APP = 'bae11f90-7d5d-46ba-9f55-8112b59d92ae';
const TIER0 = '5d3f4e61-3c0a-4b7e-9a43-3d9f3e1c2b10';

function expectClean(card: object) {
  expect(JSON.stringify(card)).not.toContain('${');
  expect((card as { version?: string }).version).toBe('1.5');
}

/** Every Action.Execute title of a card, in order. */
function buttons(card: object): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'Action.Execute') out.push(String(o.title));
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

function review(over: Partial<OwnedReview> = {}): OwnedReview {
  return {
    definitionId: D,
    name: 'Quarterly review of guests in Feelgood Marketing Campaign',
    status: 'InProgress',
    createdDateTime: '2026-11-22T10:00:00Z',
    autoApply: false,
    every: 'quarterly',
    subject: { kind: 'group', groupId: G },
    guestsOnly: true,
    moreInstances: 0,
    instances: [
      {
        instanceId: D,
        status: 'InProgress',
        startDateTime: '2026-11-22T10:00:00Z',
        endDateTime: '2026-12-06T10:00:00Z',
        subject: { kind: 'group', groupId: G },
        resourceName: 'Feelgood Marketing Campaign',
        counts: { total: 1234, approved: 3, denied: 2, dontKnow: 1, notReviewed: 1228 },
        contacted: { names: ['Alex Wilber', 'MOD Administrator'], count: 2, more: false },
      },
    ],
    ...over,
  };
}

const page = (reviews: OwnedReview[], over: Partial<OwnedReviewsPage> = {}): OwnedReviewsPage => ({
  reviews,
  skip: 0,
  pageSize: 5,
  more: false,
  cutShort: false,
  ...over,
});

describe('the new review form', () => {
  it('lists the known groups and keeps every value entered when drawn again, with the problems', () => {
    const form: QuickReviewForm = {
      ...defaultForm(TODAY),
      group: { kind: 'group', id: G, name: 'Building security group' },
      who: 'guests',
      reviewers: 'people',
      people: ['Megan Bowen', 'DiegoS@contoso.com'],
      days: 9,
      every: 'monthly',
      end: { kind: 'after', times: 3 },
      noResponse: 'recommendation',
      autoApply: true,
      name: 'My name',
    };
    const card = renderCard(
      'newReview',
      newReviewView({
        form,
        known: [{ id: G, name: 'Building security group' }],
        problems: ['Something is off.'],
        formId: G,
      }),
    );
    expectClean(card);
    expect(cardText(card)).toContain('Something is off.');
    expect(cardInputs(card)).toMatchObject({
      group: G,
      who: 'guests',
      reviewers: 'people',
      people: 'Megan Bowen, DiegoS@contoso.com',
      days: '9',
      every: 'monthly',
      endKind: 'after',
      times: '3',
      noResponse: 'recommendation',
      autoApply: 'true',
      requireJustification: 'true',
      name: 'My name',
    });
    expect(JSON.stringify(card)).toContain('"title":"Building security group","value":"825f1b5e');
  });

  it('shows group names in the choice list as plain text, without control characters', () => {
    const card = renderCard(
      'newReview',
      newReviewView({
        form: defaultForm(TODAY),
        known: [{ id: G, name: 'Evil\u202Egnp.exe [x](http://y)' }],
        formId: G,
      }),
    );
    const titles = JSON.stringify(card);
    expect(titles).toContain('"title":"Evilgnp.exe [x](http://y)"');
    expect(titles).not.toContain('\u202E');
  });
});

describe('the new review form, for applications and role-assignable groups', () => {
  const known = [
    { id: G, name: 'Building security group' },
    { id: APP, name: 'Contoso Expenses', kind: 'app' as const },
    { id: TIER0, name: 'Tier 0 Operators', roleAssignable: true },
  ];

  it('lists groups, then applications (admins only), then every Microsoft 365 group; role-assignable ones marked', () => {
    const card = renderCard('newReview', newReviewView({ form: defaultForm(TODAY), known, formId: G }));
    expectClean(card);
    const choices = JSON.stringify(card);
    expect(choices).toContain(
      '"choices":[{"title":"Building security group","value":"825f1b5e-6fb2-4d9a-b393-d491101acc0c"},' +
        '{"title":"Tier 0 Operators (role-assignable)","value":"5d3f4e61-3c0a-4b7e-9a43-3d9f3e1c2b10"},' +
        '{"title":"Contoso Expenses (application, admins only)","value":"bae11f90-7d5d-46ba-9f55-8112b59d92ae"},' +
        '{"title":"Every Microsoft 365 group (admins only)","value":"all-m365"}]',
    );
    expect(buttons(card)).toEqual(['Search groups', 'Search apps', 'Create review']);
    // The apps are carried with their kind, so the picked one comes back as an app.
    expect(JSON.stringify(card)).toContain(
      '{"id":"bae11f90-7d5d-46ba-9f55-8112b59d92ae","name":"Contoso Expenses","kind":"app"}',
    );
  });

  it('says a role-assignable group holds privileged access once it is picked', () => {
    const form: QuickReviewForm = {
      ...defaultForm(TODAY),
      group: { kind: 'group', id: TIER0, name: 'Tier 0 Operators', roleAssignable: true },
    };
    const text = cardText(renderCard('newReview', newReviewView({ form, known, formId: G })));
    expect(text).toContain(
      'Tier 0 Operators is role-assignable: its members hold Microsoft Entra roles (privileged access).',
    );
    expect(text).toContain('Privileged Role Administrator');
  });

  it("names an app review after the app's users, as an admin would", () => {
    const form: QuickReviewForm = { ...defaultForm(TODAY), group: { kind: 'app', id: APP, name: 'Contoso Expenses' } };
    expect(withDefaultTexts(form, 'Contoso Expenses', 'MOD Administrator')).toMatchObject({
      name: 'One-time review of access to Contoso Expenses',
      descriptionForReviewers: 'Please confirm who still needs access to Contoso Expenses.',
    });
    expect(withDefaultTexts({ ...form, who: 'guests', every: 'quarterly' }, 'Contoso Expenses', '').name).toBe(
      "Quarterly review of guests' access to Contoso Expenses",
    );
    const card = renderCard('newReview', newReviewView({ form, known, formId: G }));
    expect(cardInputs(card)).toMatchObject({ group: APP });
    expect(JSON.stringify(card)).toContain('"placeholder":"One-time review of access to Contoso Expenses"');
  });
});

describe('default names and descriptions', () => {
  it('names a review after its recurrence, who and the group, as the owner would', () => {
    const form = { ...defaultForm(TODAY), who: 'guests' as const, every: 'quarterly' as const };
    expect(withDefaultTexts(form, 'Feelgood Marketing Campaign', 'MOD Administrator')).toMatchObject({
      name: 'Quarterly review of guests in Feelgood Marketing Campaign',
      descriptionForReviewers: 'Please confirm who still needs access to Feelgood Marketing Campaign.',
      descriptionForAdmins:
        'Created in Microsoft Teams with Attest by MOD Administrator: a quick review of Feelgood Marketing Campaign.',
    });
    expect(withDefaultTexts({ ...defaultForm(TODAY), reviewers: 'self' }, 'Sales', '').name).toBe(
      'One-time review of members of Sales',
    );
  });

  it('keeps what the owner typed, and the message to reviewers within what mails show', () => {
    const typed = { ...defaultForm(TODAY), name: 'Mine', descriptionForReviewers: 'Hello' };
    expect(withDefaultTexts(typed, 'Sales', 'X')).toMatchObject({ name: 'Mine', descriptionForReviewers: 'Hello' });
    const long = withDefaultTexts(defaultForm(TODAY), 'G'.repeat(500), 'X');
    expect(long.descriptionForReviewers.length).toBeLessThanOrEqual(MAX_REVIEWER_DESCRIPTION);
    expect(long.name.length).toBeLessThanOrEqual(256);
  });
});

describe('the created card', () => {
  it('says what was created and when it starts', () => {
    const form = withDefaultTexts(
      { ...defaultForm(TODAY), who: 'guests', every: 'quarterly', end: { kind: 'onDate', date: '2027-11-22' } },
      'Feelgood Marketing Campaign',
      '',
    );
    const card = renderCard(
      'reviewCreated',
      reviewCreatedView({
        definitionId: D,
        name: form.name,
        form,
        resourceName: 'Feelgood Marketing Campaign',
        peopleNames: [],
        fallbackNames: ['Diego Siciliani'],
        firstStart: '2026-11-22T10:00:00.123Z',
        started: true,
      }),
    );
    expectClean(card);
    const text = cardText(card);
    expect(text).toContain('Created “Quarterly review of guests in Feelgood Marketing Campaign”');
    expect(text).toContain('It started {{DATE(2026-11-22T10:00:00Z, SHORT)}} at {{TIME(2026-11-22T10:00:00Z)}}');
    expect(text).toContain('Recurrence Quarterly, until 2027-11-22');
    expect(text).toContain('Fallback reviewers Diego Siciliani');
    expect(buttons(card)).toEqual(['My reviews', 'New review']);
  });

  it('writes out a start past the year 9999, with no time for Teams to format', () => {
    const card = renderCard(
      'reviewCreated',
      reviewCreatedView({
        definitionId: D,
        name: 'Far away',
        form: defaultForm(TODAY),
        resourceName: 'Sales',
        peopleNames: [],
        fallbackNames: [],
        firstStart: '+010000-01-01T10:00:00Z',
        started: false,
      }),
    );
    expect(JSON.stringify(card)).not.toContain('{{');
    expect(cardText(card)).toMatch(/It starts .*10000, 10:00 UTC\./);
  });
});

describe('the created card of an application or a role-assignable group', () => {
  const created = (form: QuickReviewForm, resourceName: string) =>
    cardText(
      renderCard(
        'reviewCreated',
        reviewCreatedView({
          definitionId: D,
          name: form.name,
          form,
          resourceName,
          peopleNames: [],
          fallbackNames: [],
          firstStart: '',
          started: false,
        }),
      ),
    );

  it('names the application, who is assigned, and its owners as the reviewers', () => {
    const form = withDefaultTexts(
      { ...defaultForm(TODAY), group: { kind: 'app', id: APP, name: 'Contoso Expenses' }, reviewers: 'owners' },
      'Contoso Expenses',
      '',
    );
    const text = created(form, 'Contoso Expenses');
    expect(text).toContain('Created “One-time review of access to Contoso Expenses”');
    expect(text).toContain('Application Contoso Expenses');
    expect(text).not.toContain('Group Contoso Expenses');
    expect(text).toContain('Who is reviewed Everyone assigned to it, directly or through a group');
    expect(text).toContain('Reviewers Application owners');
  });

  it('says a role-assignable group holds Microsoft Entra roles', () => {
    const group = { kind: 'group' as const, id: TIER0, name: 'Tier 0 Operators', roleAssignable: true };
    const form = withDefaultTexts({ ...defaultForm(TODAY), group }, 'Tier 0 Operators', '');
    const text = created(form, 'Tier 0 Operators');
    expect(text).toContain('Group Tier 0 Operators');
    expect(text).toContain('Privileged access Role-assignable group: its members hold Microsoft Entra roles');
    expect(created({ ...form, group: { ...group, roleAssignable: false } }, 'Tier 0 Operators')).not.toContain(
      'Privileged access',
    );
  });
});

describe('the reviews I created', () => {
  it('shows progress, contacted reviewers and the actions each instance allows', () => {
    const card = renderCard('myReviews', myReviewsView(page([review()])));
    expectClean(card);
    const text = cardText(card);
    expect(text).toContain('Reviewed 6 of 1,234 · 3 approved · 2 denied · 1 don’t know');
    expect(text).toContain('Reviewers contacted (2): Alex Wilber, MOD Administrator');
    expect(text).toContain('Quarterly · guests of Feelgood Marketing Campaign');
    expect(buttons(card)).toEqual(['Stop now', 'Nudge reviewers', 'Delete…', 'Refresh', 'New review']);
  });

  it('offers Apply decisions on a completed instance when auto-apply is off, and nothing once applied', () => {
    const completed = review();
    completed.instances[0].status = 'Completed';
    expect(buttons(renderCard('myReviews', myReviewsView(page([completed]))))).toContain('Apply decisions');
    const applied = review();
    applied.instances[0].status = 'Applied';
    expect(buttons(renderCard('myReviews', myReviewsView(page([applied]))))).toEqual([
      'Delete…',
      'Refresh',
      'New review',
    ]);
  });

  it('names the application of an app review, and says what another kind of review is instead of a group', () => {
    const app = review({
      name: 'One-time review of access to Contoso Expenses',
      every: 'once',
      guestsOnly: false,
      subject: { kind: 'app', servicePrincipalId: APP },
    });
    app.instances[0] = {
      ...app.instances[0],
      subject: { kind: 'app', servicePrincipalId: APP },
      resourceName: 'Contoso Expenses',
    };
    const text = cardText(renderCard('myReviews', myReviewsView(page([app]))));
    expect(text).toContain('One-time · users assigned to Contoso Expenses');
    expect(text).toMatch(/Contoso Expenses · In progress · /);
    expect(text).not.toContain('Microsoft 365 group');

    // The app's name could not be read: it is an application, never "every Microsoft 365 group".
    app.instances[0].resourceName = '';
    expect(cardText(renderCard('myReviews', myReviewsView(page([app]))))).toContain(
      'One-time · users assigned to an application',
    );

    const role = review({ name: 'Global Administrator review', every: 'once', subject: { kind: 'other' } });
    role.instances[0] = { ...role.instances[0], subject: { kind: 'other' }, resourceName: '' };
    const roleText = cardText(renderCard('myReviews', myReviewsView(page([role]))));
    expect(roleText).toContain('One-time · another kind of review');
    expect(roleText).not.toContain('Microsoft 365 group');
  });

  it('says what could not be read instead of leaving it out', () => {
    const r = review();
    delete r.instances[0].counts;
    r.instances[0].unreadable = 'Microsoft Graph is unavailable right now (503). Retry in a moment.';
    expect(cardText(renderCard('myReviews', myReviewsView(page([r]))))).toContain(
      'Progress could not be read: Microsoft Graph is unavailable right now (503)',
    );
  });

  it('pages, with the outcome of the last action on top', () => {
    const card = renderCard(
      'myReviews',
      myReviewsView(page([review()], { skip: 5, more: true }), { text: 'Stopped “X”.', style: 'good' }),
    );
    const text = cardText(card);
    expect(text).toContain('Stopped “X”.');
    expect(text).toContain('Showing 6–6 (newest first; more on the next page)');
    expect(buttons(card)).toEqual(expect.arrayContaining(['◀ Previous', 'Next ▶']));
  });

  it('shows review names as text, not markdown', () => {
    const card = renderCard('myReviews', myReviewsView(page([review({ name: '[Approve](https://evil.example)' })])));
    expect(cardText(card)).toContain('\\[Approve\\](https://evil.example)');
  });

  it('stays under 40 KB with five reviews of three long-named instances each', () => {
    const long = 'x'.repeat(300);
    const r = review({ name: long, moreInstances: 9 });
    r.instances = [0, 1, 2].map((i) => ({
      ...review().instances[0],
      instanceId: `${D.slice(0, -1)}${i}`,
      resourceName: long,
      contacted: { names: [long, long, long], count: 10, more: true },
    }));
    const card = renderCard('myReviews', myReviewsView(page([r, r, r, r, r], { more: true, skip: 5 })));
    expect(JSON.stringify(card).length).toBeLessThan(40_000);
  });

  it('asks before deleting', () => {
    const card = renderCard(
      'confirmDeleteReview',
      confirmDeleteReviewView({ definitionId: D, name: 'Old one', skip: 5 }),
    );
    expectClean(card);
    expect(cardText(card)).toContain('Delete “Old one”?');
    expect(buttons(card)).toEqual(['Yes, delete', 'Cancel']);
  });
});

describe("the one-line command's problems", () => {
  /** The card the bot answers a command that does not parse with, as ownerCommands draws it. */
  function problemsCard(rest: string) {
    const parsed = parseQuickReviewCommand(rest, TODAY);
    if (parsed.ok) throw new Error(`parsed: ${rest}`);
    return renderCard('message', messageView('Nothing was created', commandProblemsText(parsed.problems)));
  }
  const count = (text: string, part: string) => text.split(part).length - 1;

  it('names the first five problems and counts the rest, with the keys allowed said once', () => {
    // 251 characters: the group, then 113 one-letter words the command does not know.
    const rest = `"Building security group" ${Array.from({ length: 113 }, (_, i) => 'abcdefghij'[i % 10]).join(' ')}`;
    expect(rest.length).toBe(251);
    const card = problemsCard(rest);
    const text = cardText(card);
    expect(count(text, "I don't know “")).toBe(5);
    expect(text).toContain("I don't know “a”.");
    expect(text).toContain("I don't know “e”.");
    expect(text).not.toContain('“f”');
    expect(text).toContain('…and 108 more problems.');
    expect(count(text, 'After the group or app, use: who, reviewers, fallback, days, every')).toBe(1);
    expect(text).toContain('Type help for the one-line form');
    // The fallback says it again: still one list of keys there, and the whole card a few KB.
    expect(count(String(card.fallbackText), 'After the group or app, use:')).toBe(1);
    expect(JSON.stringify(card).length).toBeLessThan(4000);
  });

  it('clips each word it names, however long', () => {
    const text = cardText(problemsCard(`"Sales" ${'z'.repeat(5000)} every=${'q'.repeat(5000)}`));
    expect(text).toContain(`I don't know “${'z'.repeat(39)}…”.`);
    expect(text).toContain(`“every=${'q'.repeat(39)}…” is not allowed`);
    expect(text.length).toBeLessThan(1000);
  });

  it('says a group or person named longer than any can be is nobody, before looking them up', () => {
    const text = cardText(problemsCard(`"${'G'.repeat(10_000)}" reviewers="${'P'.repeat(10_000)}"`));
    expect(text).toContain('No group has a name that long: Microsoft Entra keeps group names to 256 characters.');
    expect(text).toContain('No one has a name that long: Microsoft Entra keeps names to 256 characters');
  });

  it('says a start or an end too far ahead, and by when', () => {
    expect(cardText(problemsCard('"Sales" start=9999-12-31'))).toContain(
      'The start date is too far ahead: start within a year, on 2027-11-22 at the latest.',
    );
    expect(cardText(problemsCard('"Sales" every=quarter until=2040-01-01'))).toContain(
      'The end date is too far ahead: end within ten years, on 2036-11-22 at the latest.',
    );
    expect(cardText(problemsCard('"Sales" every=quarter start=2027-01-10 until=2027-01-01'))).toContain(
      'The recurrence must end after its start date.',
    );
  });

  it('says the keys only when a word was not known', () => {
    const text = cardText(problemsCard('Sales every=fortnight'));
    expect(text).toContain(
      '“every=fortnight” is not allowed: every can be once, week, month, quarter, half-year, year.',
    );
    expect(text).not.toContain('After the group or app, use:');
  });
});
