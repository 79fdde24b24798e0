import { CONTOSO_KIND_REVIEWS as KIND } from '../../localtenant/seed/contosoGovernance';
import { actionData, ALEX, cardText, Chat, openReviewData } from '../support/activities';
import { TestBot, useBot } from '../support/bot';
import { recordedDecisions } from '../support/graph';

/**
 * What each row of a role or PIM-for-Groups review says of the assignment (ASSIGNMENT_DETAILS_ENABLED), through the
 * bot over real HTTP against the Contoso seed: eligible or active, permanent or until when, member or owner, for a
 * reviewer who may read PIM; nothing, and a card that still works, for one Graph refuses; and no schedule read at all
 * with the feature off.
 */
type Item = { id: string; principalName: string; assignment?: Record<string, unknown> };

const SCHEDULE_ROUTE = /ScheduleInstances/;

async function openAll(bot: () => TestBot) {
  const chat = new Chat(bot().url, bot().lt, ALEX);
  const inbox = await chat.inbox();
  const open = async (instanceId: string) =>
    (await chat.execute('openReview', openReviewData(inbox, instanceId))).value;
  return { chat, open };
}

function scheduleReads(bot: () => TestBot): number {
  const log = bot().lt.log.summary(true);
  return [...Object.entries(log.byRoute), ...Object.entries(log.batchedByRoute)]
    .filter(([route]) => SCHEDULE_ROUTE.test(route))
    .reduce((n, [, count]) => n + count, 0);
}

describe('with assignment details on, for a reviewer who may read PIM', () => {
  const bot = useBot({ ASSIGNMENT_DETAILS_ENABLED: 'true' });
  let open: (instanceId: string) => Promise<unknown>;
  let chat: Chat;
  beforeAll(async () => {
    // The Graph docs name Global Reader among the roles that read role and PIM-for-Groups schedule instances.
    bot().lt.tenant.directory.users.get(ALEX.aadObjectId)?.directoryRoles.push('Global Reader');
    ({ open, chat } = await openAll(bot));
  });

  it('Global Administrator: eligible and active, permanent, and an activation with the time it ends', async () => {
    bot().lt.log.reset();
    const card = await open(KIND.globalAdministrator);
    const text = cardText(card);
    expect(text).toContain('Eligible, permanent');
    expect(text).toContain('Active, permanent');
    expect(text).toMatch(/Active \(activated until \{\{TIME\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)\}\}\)/);
    // One $batch for the page: two reads (eligible, active) per person on it.
    const log = bot().lt.log.summary(true);
    expect(log.byRoute['POST /$batch']).toBeGreaterThanOrEqual(1);
    expect(scheduleReads(bot)).toBe(2 * (actionData(card, 'Submit decisions') as { items: Item[] }).items.length);
  });

  it('Exchange Administrator: eligible and active, permanent or until a day the reader’s device writes', async () => {
    const eligible = cardText(await open(KIND.exchangeEligible));
    expect(eligible).toContain('Eligible, permanent');
    expect(eligible).toMatch(/Eligible, until \{\{DATE\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, SHORT\)\}\}/);
    const active = cardText(await open(KIND.exchangeActive));
    expect(active).toContain('Active, permanent');
    expect(active).toMatch(/Active, until \{\{DATE\(/);
  });

  it('Payroll Administrators: member or owner, and the detail survives a submit', async () => {
    const card = await open(KIND.payrollEligible);
    const text = cardText(card);
    expect(text).toContain('Eligible owner, permanent');
    expect(text).toContain('Eligible member, permanent');
    expect(text).toMatch(/Eligible member, until \{\{DATE\(/);
    const active = cardText(await open(KIND.payrollActive));
    expect(active).toContain('Active member, permanent');
    expect(active).toMatch(/Active member \(activated until \{\{TIME\(/);

    const submit = actionData(card, 'Submit decisions') as { items: Item[] };
    const owner = submit.items.findIndex((i) => i.assignment?.access === 'owner');
    expect(owner).toBeGreaterThanOrEqual(0);
    const done = (await chat.execute('submit', { ...submit, [`choice_${owner}`]: 'Approve' })).value;
    expect(cardText(done)).toContain('Recorded 1 decision');
    expect(cardText(done)).toContain('Eligible owner, permanent');
  });
});

describe('with assignment details on, for a reviewer Graph refuses', () => {
  const bot = useBot({ ASSIGNMENT_DETAILS_ENABLED: 'true' });

  it('the card says nothing of the assignments, and still records', async () => {
    const { chat, open } = await openAll(bot);
    bot().lt.log.reset();
    const card = await open(KIND.exchangeEligible);
    // Alex holds no role that may read PIM: Graph answered 403 inside the batch.
    expect(scheduleReads(bot)).toBeGreaterThan(0);
    const text = cardText(card);
    expect(text).not.toMatch(/Eligible,|Active,|permanent|activated until/);
    const submit = actionData(card, 'Submit decisions') as { items: Item[] };
    expect(submit.items.every((i) => i.assignment === undefined)).toBe(true);
    const done = (await chat.execute('submit', { ...submit, choice_0: 'Approve' })).value;
    expect(cardText(done)).toContain('Recorded 1 decision');
    const held = (await recordedDecisions(bot().lt, KIND.exchangeEligible)).find((d) => d.id === submit.items[0].id);
    expect(held).toMatchObject({ decision: 'Approve', reviewedBy: { id: ALEX.aadObjectId } });
    // The refusal is remembered: the next page of a role review does not ask again.
    bot().lt.log.reset();
    expect(cardText(await open(KIND.globalAdministrator))).not.toMatch(/Eligible,|Active,/);
    expect(scheduleReads(bot)).toBe(0);
    // PIM for Groups: Graph lists only the groups Alex owns or belongs to, none here, so nothing is said.
    expect(cardText(await open(KIND.payrollEligible))).not.toMatch(/Eligible (member|owner)/);
  });
});

describe('with assignment details off (the default)', () => {
  const bot = useBot();

  it('reads no schedule at all', async () => {
    const { open } = await openAll(bot);
    bot().lt.log.reset();
    for (const id of [KIND.globalAdministrator, KIND.exchangeEligible, KIND.payrollEligible, KIND.payrollActive]) {
      expect(cardText(await open(id))).not.toMatch(/Eligible,|Active,|permanent/);
    }
    expect(scheduleReads(bot)).toBe(0);
  });
});
