import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import {
  actionData,
  ALEX,
  cardInputs,
  cardsOf,
  cardText,
  Chat,
  openReviewData,
  TeamsUser,
} from '../support/activities';
import { useBot } from '../support/bot';
import { graphAs, recordedDecisions } from '../support/graph';

const MEGAN: TeamsUser = { aadObjectId: CONTOSO.megan, name: 'Megan Bowen' };

/** A right-to-left override, NUL and a terminal colour: what a paste can bring, and what Graph must not get. */
const HIDDEN = '\u202E\u0000\u001B[31m';
/** Any of the characters Attest never writes to Graph. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ANY_HIDDEN = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

/**
 * Names, descriptions and justifications typed with control, bidi and invisible characters, sent through the bot over
 * HTTP; what the local tenant holds afterwards, read back through Graph as the tenant's administrator.
 */
describe('what Attest writes to Graph, as typed with hidden characters', () => {
  const bot = useBot();
  const DEFS = '/identityGovernance/accessReviews/definitions';
  const definitionIdsOf = (userId: string) =>
    [...bot().lt.tenant.reviews.definitions.values()].filter((d) => d.createdBy.id === userId).map((d) => d.id);
  const asGraphHolds = async (definitionId: string) =>
    (await graphAs(bot().lt, 'admin@contoso.com', ['AccessReview.Read.All'])).api(`${DEFS}/${definitionId}`).get();

  let megan: Chat;
  let formReview: string;
  beforeAll(() => {
    megan = new Chat(bot().url, bot().lt, MEGAN);
  });

  it('creates a review from the form with a clean name and descriptions, lines kept in the descriptions', async () => {
    const [form] = cardsOf(await megan.say('new review'));
    const data = actionData(form, 'Create review');
    const created = await megan.execute(String(data.verb), {
      ...data,
      ...cardInputs(form),
      group: CONTOSO.buildingSecurity,
      reviewers: 'self',
      days: '7',
      name: `Badge ${HIDDEN}check\u200B\u001B[0m`,
      descriptionForReviewers: `Do you still${HIDDEN} need a badge?\r\n\r\n\r\n\r\nThanks\u2066!\u2069`,
      descriptionForAdmins: `Asked\u0007 by \u200FMegan\u0000.`,
    });
    [formReview] = definitionIdsOf(CONTOSO.megan);
    expect(cardText(created.value)).toContain('Created “Badge check”');
    const held = await asGraphHolds(formReview);
    expect(held).toMatchObject({
      displayName: 'Badge check',
      descriptionForReviewers: 'Do you still need a badge?\n\nThanks!',
      descriptionForAdmins: 'Asked by Megan.',
    });
    expect(bot().lt.log.summary(true).byRoute['POST accessReviews/definitions']).toBe(1);
  });

  it('creates a review from the one-line command with a clean name and description', async () => {
    const before = new Set(definitionIdsOf(CONTOSO.megan));
    const [card] = cardsOf(
      await megan.say(
        `new review "Sales and Marketing" reviewers=self name="Sales${HIDDEN} check" description="Still${HIDDEN} needed?"`,
      ),
    );
    expect(cardText(card)).toContain('Created “Sales check”');
    const [id] = definitionIdsOf(CONTOSO.megan).filter((d) => !before.has(d));
    const held = await asGraphHolds(id);
    expect(held).toMatchObject({ displayName: 'Sales check', descriptionForReviewers: 'Still needed?' });
    expect(JSON.stringify([held.displayName, held.descriptionForAdmins])).not.toMatch(ANY_HIDDEN);
  });

  it('records a decision with a clean justification, its lines kept, and says it is recorded', async () => {
    const alex = new Chat(bot().url, bot().lt, ALEX);
    const inbox = await alex.inbox('reviews');
    const page = await alex.execute('openReview', openReviewData(inbox, formReview));
    const done = await alex.execute('submit', {
      ...actionData(page.value, 'Submit decisions'),
      choice_0: 'Approve',
      justification: `I badge in${HIDDEN} daily\r\nsince 2020\u200B\u001B[0m`,
    });
    expect(cardText(done.value)).toContain('Recorded 1 decision');

    const decisions = await recordedDecisions(bot().lt, formReview);
    const mine = decisions.find((d) => d.principal.id === ALEX.aadObjectId);
    expect(mine).toMatchObject({ decision: 'Approve', justification: 'I badge in daily\nsince 2020' });
    expect(decisions.map((d) => d.justification).join('')).not.toMatch(ANY_HIDDEN);
  });
});
