import { CONTOSO_KIND_REVIEWS as KIND } from '../../localtenant/seed/contosoGovernance';
import { actionData, ALEX, cardText, Chat, openReviewData } from '../support/activities';
import { useBot } from '../support/bot';
import { recordedDecisions } from '../support/graph';

/**
 * Every kind of review Alex Wilber gets in the Contoso seed, through the bot over real HTTP: what the inbox and the
 * review card say each is of, who each principal is, what a deny will do, and recording with read-back.
 */
type Item = { id: string; principalId: string; principalName: string; principalKind: string; access?: string };

describe('every kind of access review, in the same chat', () => {
  const bot = useBot();
  let chat: Chat;
  let inboxText: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let inbox: any;
  beforeAll(async () => {
    chat = new Chat(bot().url, bot().lt, ALEX);
    inbox = await chat.inbox();
    inboxText = inbox.map(cardText).join('\n');
  });

  const open = async (instanceId: string) =>
    (await chat.execute('openReview', openReviewData(inbox, instanceId))).value;
  const submitOf = (card: unknown) => actionData(card, 'Submit decisions') as { items: Item[] };

  it('the inbox says what each review is of, never one item’s resource for a review of several', () => {
    expect(inboxText).toContain('Who is assigned to the app Contoso Expenses');
    expect(inboxText).toContain(
      'Assignments of the access package Partner collaboration (policy Partner organizations)',
    );
    expect(inboxText).toContain('The Microsoft Entra role Global Administrator: eligible and active assignments');
    expect(inboxText).toContain('The Microsoft Entra role Exchange Administrator: eligible assignments');
    expect(inboxText).toContain('The Microsoft Entra role Exchange Administrator: active assignments');
    expect(inboxText).toContain('The Azure role Owner on Contoso Production');
    expect(inboxText).toContain(
      'Membership and ownership of Payroll Administrators (PIM for Groups): eligible assignments',
    );
    expect(inboxText).toMatch(/Inactive users' access to \d+ resources/);
  });

  it('an app review names the app role per row, warns where a deny will not remove access, and records a deny', async () => {
    const card = await open(KIND.expensesApp);
    const text = cardText(card);
    expect(text).toMatch(/App role (Approver|Submitter)\n/);
    expect(text).toContain('Has this through a group: a deny here does not remove it.');
    const submit = submitOf(card);
    const direct = submit.items.findIndex((i) => i.access === 'direct' && i.principalKind === 'Member');
    expect(direct).toBeGreaterThanOrEqual(0);
    const done = cardText(
      (await chat.execute('submit', { ...submit, [`choice_${direct}`]: 'Deny', justification: 'Left Finance' })).value,
    );
    expect(done).toContain('Recorded 1 decision');
    expect(done).toContain('Decisions take effect when the review ends');
    const held = (await recordedDecisions(bot().lt, KIND.expensesApp)).find((d) => d.id === submit.items[direct].id);
    expect(held).toMatchObject({
      decision: 'Deny',
      justification: 'Left Finance',
      reviewedBy: { id: ALEX.aadObjectId },
    });
  });

  it('a role review shows a group that holds the role as a group, never as a member, and records an approval', async () => {
    const card = await open(KIND.globalAdministrator);
    const text = cardText(card);
    expect(text).toContain('Tier 0 Operators');
    const submit = submitOf(card);
    const group = submit.items.findIndex((i) => i.principalKind === 'Group');
    expect(group).toBeGreaterThanOrEqual(0);
    // The group's members, read from the directory: the access reaches each of them.
    expect(text).toContain('Group · 2 members');
    const done = cardText(
      (
        await chat.execute('submit', {
          ...submit,
          [`choice_${group}`]: 'Approve',
          justification: 'Break-glass operators',
        })
      ).value,
    );
    expect(done).toContain('Recorded 1 decision');
    const held = (await recordedDecisions(bot().lt, KIND.globalAdministrator)).find(
      (d) => d.id === submit.items[group].id,
    );
    expect(held).toMatchObject({ decision: 'Approve', principal: { '@odata.type': '#microsoft.graph.groupIdentity' } });
  });

  it('an Azure role review shows where to decide and offers no choice it cannot record; a forged one is not sent', async () => {
    const card = await open(KIND.azureSubscriptionOwners);
    const text = cardText(card);
    expect(text).toContain('Decide on Azure roles in the Azure portal');
    expect(JSON.stringify(card)).not.toContain('"choice_0"');
    expect(JSON.stringify(card)).not.toContain('Submit decisions');
    // A card forged with a choice: refused before Graph, nothing recorded.
    const review = (openReviewData(inbox, KIND.azureSubscriptionOwners) as { review: unknown }).review;
    const before = await recordedDecisions(bot().lt, KIND.azureSubscriptionOwners);
    expect(before.length).toBeGreaterThan(0);
    bot().lt.log.reset();
    const forged = await chat.execute('submit', {
      verb: 'submit',
      review,
      filter: 'all',
      skip: 0,
      count: before.length,
      more: false,
      items: before.map((d) => ({
        id: d.id,
        principalId: d.principal.id,
        principalName: d.principal.displayName ?? '',
        principalUpn: '',
        principalKind: 'Member',
        resourceId: d.resource.id,
        resourceName: d.resource.displayName ?? '',
        resourceKind: 'azureRole',
        resourceDetail: '',
        decision: 'NotReviewed',
        recommendation: 'NoInfoAvailable',
        justification: '',
        reviewedByName: '',
      })),
      choice_0: 'Deny',
      justification: 'forged',
    });
    expect(cardText(forged.value)).toContain('Microsoft Graph cannot record decisions on Azure roles');
    const writes = bot()
      .lt.log.summary(true)
      .entries.filter((e) => /batchRecordDecisions/.test(e.path));
    expect(writes).toHaveLength(0);
    expect((await recordedDecisions(bot().lt, KIND.azureSubscriptionOwners)).map((d) => d.decision)).toEqual(
      before.map((d) => d.decision),
    );
  });

  it('a multi-stage review records to its current stage through the stage’s batchRecordDecisions', async () => {
    const card = await open(KIND.contosoSponsors);
    const submit = submitOf(card);
    bot().lt.log.reset();
    const done = cardText(
      (await chat.execute('submit', { ...submit, choice_0: 'Approve', justification: 'Still sponsors partners' }))
        .value,
    );
    expect(done).toContain('Recorded 1 decision');
    const writes = bot()
      .lt.log.summary(true)
      .entries.filter((e) => /batchRecordDecisions$/.test(e.path));
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((e) => /\/stages\/[0-9a-f-]{36}\/batchRecordDecisions$/.test(e.path))).toBe(true);
  });

  it('a group synced from on-premises: every row says a deny will not remove anyone, before the reviewer decides', async () => {
    const card = await open(KIND.financeShare);
    const text = cardText(card);
    expect(text).toContain('This group is synced from on-premises: a review cannot change it');
    // Paging back to it reads the group once per reviewer: no second directory read.
    bot().lt.log.reset();
    await chat.execute('openReview', openReviewData(inbox, KIND.financeShare));
    expect(bot().lt.log.summary().graph).toBe(1);
  });

  it.each([
    ['an access package policy', KIND.partnerOrganizations],
    ['Exchange Administrator held by an app', KIND.exchangeApps],
    ['PIM for Groups, active', KIND.payrollActive],
    ['inactive guests across groups', KIND.inactiveGuests],
    ['a group synced from on-premises', KIND.financeShare],
  ])('records a decision in a review of %s and shows what Graph holds', async (_kind, id) => {
    const submit = submitOf(await open(id));
    const first = submit.items[0];
    const done = cardText(
      (await chat.execute('submit', { ...submit, choice_0: 'DontKnow', justification: 'Checking with the team' }))
        .value,
    );
    expect(done).toContain('Recorded 1 decision');
    const held = (await recordedDecisions(bot().lt, id)).find((d) => d.id === first.id);
    expect(held).toMatchObject({
      decision: 'DontKnow',
      justification: 'Checking with the team',
      reviewedBy: { id: ALEX.aadObjectId },
    });
    if (first.principalKind === 'ServicePrincipal') expect(done).toContain('Application');
  });

  it('a review over several resources names each row’s own resource', async () => {
    const card = await open(KIND.inactiveGuests);
    const text = cardText(card);
    expect(text).toMatch(/Inactive users' access to \d+ resources/);
    expect((text.match(/Group [A-Z]/g) ?? []).length).toBeGreaterThan(0);
  });
});
