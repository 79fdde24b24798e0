import { parseCardAction } from '../../src/bot/cardActionSchemas';
import { formFromCard } from '../../src/bot/ownerActionSchemas';

const TODAY = '2026-11-22';
const G = '825f1b5e-6fb2-4d9a-b393-d491101acc0c';
const D = 'd7286a17-3a01-406a-b872-986b6b40317c';

describe('owner card actions', () => {
  it('reads the new review form as Teams sends it (strings, toggles, numbers) into the form', () => {
    const parsed = parseCardAction('createReview', {
      verb: 'createReview',
      known: [{ id: G, name: 'Building security group' }],
      group: G,
      who: 'guests',
      reviewers: 'managers',
      fallback: 'Diego; MeganB@contoso.com',
      days: 21,
      every: 'quarterly',
      endKind: 'after',
      times: '4',
      startDate: '',
      noResponse: 'remove',
      autoApply: 'true',
      requireJustification: 'false',
      recommendations: 'true',
      name: '  Spaced  ',
    });
    if (!parsed.ok || parsed.action.verb !== 'createReview') throw new Error(JSON.stringify(parsed));
    expect(formFromCard(parsed.action, TODAY)).toEqual({
      group: { kind: 'group', id: G, name: 'Building security group' },
      who: 'guests',
      reviewers: 'managers',
      people: [],
      fallback: ['Diego', 'MeganB@contoso.com'],
      days: 21,
      every: 'quarterly',
      end: { kind: 'after', times: 4 },
      startDate: TODAY,
      noResponse: 'remove',
      autoApply: true,
      requireJustification: false,
      recommendations: true,
      name: 'Spaced',
      descriptionForReviewers: '',
      descriptionForAdmins: '',
    });
  });

  it('takes the defaults for inputs not sent, and leaves a bad number for the checks to name', () => {
    const parsed = parseCardAction('createReview', { days: 'ten' });
    if (!parsed.ok || parsed.action.verb !== 'createReview') throw new Error(JSON.stringify(parsed));
    const form = formFromCard(parsed.action, TODAY);
    expect(form).toMatchObject({ group: { kind: 'none' }, who: 'members', reviewers: 'owners', every: 'once' });
    expect(form.days).toBeNaN();
  });

  it('reads an application picked from the list as an app, and a role-assignable group as such', () => {
    const APP = 'bae11f90-7d5d-46ba-9f55-8112b59d92ae';
    const known = [
      { id: G, name: 'Tier 0 Operators', roleAssignable: true },
      { id: APP, name: 'Contoso Expenses', kind: 'app' },
    ];
    for (const verb of ['createReview', 'searchApps'] as const) {
      const picked = parseCardAction(verb, { known, group: APP, reviewers: 'owners' });
      if (!picked.ok || picked.action.verb !== verb) throw new Error(JSON.stringify(picked));
      expect(formFromCard(picked.action, TODAY).group).toEqual({ kind: 'app', id: APP, name: 'Contoso Expenses' });
    }
    const group = parseCardAction('createReview', { known, group: G });
    if (!group.ok || group.action.verb !== 'createReview') throw new Error(JSON.stringify(group));
    expect(formFromCard(group.action, TODAY).group).toEqual({
      kind: 'group',
      id: G,
      name: 'Tier 0 Operators',
      roleAssignable: true,
    });
    // The kinds a listed entry may have are the two the form knows.
    expect(parseCardAction('createReview', { known: [{ id: APP, name: 'x', kind: 'role' }] })).toMatchObject({
      ok: false,
    });
  });

  it('refuses a group that is not a GUID, and a reference without GUIDs, before anything reaches Graph', () => {
    expect(parseCardAction('createReview', { group: '../users' })).toMatchObject({ ok: false });
    expect(parseCardAction('createReview', { who: 'admins' })).toMatchObject({ ok: false });
    expect(parseCardAction('stopReview', { definitionId: D, instanceId: 'x', name: 'n' })).toMatchObject({ ok: false });
    expect(parseCardAction('deleteReviewConfirmed', { definitionId: D, name: 'n', skip: 5 })).toMatchObject({
      ok: true,
      action: { verb: 'deleteReviewConfirmed', definitionId: D, skip: 5 },
    });
  });
});
