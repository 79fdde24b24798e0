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
