import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_GOVERNANCE as G } from '../../localtenant/seed/contosoGovernance';
import { actionData, cardInputs, cardsOf, cardText, Chat, TeamsUser } from '../support/activities';
import { useBot } from '../support/bot';

/**
 * Reviews of an application's assignments and of a role-assignable group, through the bot over real HTTP against the
 * local tenant: the MOD Administrator (Global Administrator) reviews Contoso Expenses and Tier 0 Operators; Megan
 * Bowen owns Contoso Expenses but holds no directory role, and Microsoft Entra lets owners create reviews of their
 * groups only.
 */
const MEGAN: TeamsUser = { aadObjectId: CONTOSO.megan, name: 'Megan Bowen' };
const ADMIN: TeamsUser = { aadObjectId: CONTOSO.admin, name: 'MOD Administrator' };
const APP_REVIEW = 'One-time review of access to Contoso Expenses';

/** Create-definitions example 3's scope, for Contoso Expenses, with the principals asked for. */
function appScope(principals: string) {
  return {
    '@odata.type': '#microsoft.graph.principalResourceMembershipsScope',
    principalScopes: [
      { '@odata.type': '#microsoft.graph.accessReviewQueryScope', query: principals, queryType: 'MicrosoftGraph' },
    ],
    resourceScopes: [
      {
        '@odata.type': '#microsoft.graph.accessReviewQueryScope',
        query: `/servicePrincipals/${G.expensesApp}`,
        queryType: 'MicrosoftGraph',
      },
    ],
  };
}

describe('reviews of an application and of a role-assignable group', () => {
  const bot = useBot();
  const reviews = () => bot().lt.tenant.reviews;
  const createdBy = (userId: string) => [...reviews().definitions.values()].filter((d) => d.createdBy.id === userId);

  /** Presses a form button the way Teams does: the card's inputs, as shown, merged into the button's data. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function submitForm(chat: Chat, form: any, button: string, changes: Record<string, string>) {
    const data = actionData(form, button);
    return chat.execute(String(data.verb), { ...data, ...cardInputs(form), ...changes });
  }

  let admin: Chat;
  let megan: Chat;
  beforeAll(() => {
    admin = new Chat(bot().url, bot().lt, ADMIN);
    megan = new Chat(bot().url, bot().lt, MEGAN);
  });

  it("lets the MOD Administrator review Contoso Expenses in one line, by the app's owners, read back from Graph", async () => {
    const [card] = cardsOf(await admin.say('new review app "Contoso Expenses" reviewers=owners days=14'));
    const text = cardText(card);
    expect(text).toContain(`Created “${APP_REVIEW}”`);
    expect(text).toContain('It started');
    expect(text).toContain('Application Contoso Expenses');
    expect(text).toContain('Who is reviewed Everyone assigned to it, directly or through a group');
    expect(text).toContain('Reviewers Application owners');

    const [def] = createdBy(CONTOSO.admin).filter((d) => d.displayName === APP_REVIEW);
    expect(def.scope).toEqual(appScope('/users'));
    expect(def.instanceEnumerationScope).toBeNull();
    expect(def.reviewers).toEqual([
      { query: `/servicePrincipals/${G.expensesApp}/owners`, queryType: 'MicrosoftGraph' },
    ]);
    // Its owner reviews everyone assigned: five users directly, four through Finance Approvers.
    expect(def.instances[0].stages[0].items).toHaveLength(9);
  });

  it("asks the app's owner to review it: Megan finds it among her reviews", async () => {
    const [inbox] = cardsOf(await megan.say('reviews'));
    expect(cardText(inbox)).toContain(APP_REVIEW);
  });

  it("shows it under my reviews with the application's name, not a group's", async () => {
    const [list] = cardsOf(await admin.say('my reviews'));
    const text = cardText(list);
    expect(text).toContain(APP_REVIEW);
    expect(text).toContain('One-time · users assigned to Contoso Expenses');
    expect(text).toMatch(/Contoso Expenses · In progress · /);
    expect(text).toContain('Reviewed 0 of 9');
    expect(text).toContain('Reviewers contacted (1): Megan Bowen');
  });

  it('creates one from the form too: search the applications, pick one, create', async () => {
    const [form] = cardsOf(await admin.say('new review'));
    const searched = await submitForm(admin, form, 'Search apps', { groupSearch: 'Contoso Exp' });
    expect(cardText(searched.value)).toContain('1 application starts with “Contoso Exp”');
    expect(cardInputs(searched.value).group).toBe(G.expensesApp);
    expect(JSON.stringify(searched.value)).toContain('Contoso Expenses (application, admins only)');

    const created = await submitForm(admin, searched.value, 'Create review', {
      who: 'guests',
      reviewers: 'managers',
      fallback: 'MeganB@contoso.com',
      name: 'Guests of Contoso Expenses',
    });
    expect(cardText(created.value)).toContain('Created “Guests of Contoso Expenses”');
    expect(cardText(created.value)).toContain('Reviewers Their managers');
    const [def] = createdBy(CONTOSO.admin).filter((d) => d.displayName === 'Guests of Contoso Expenses');
    expect(def.scope).toEqual(appScope("/users?$filter=(userType eq 'Guest')"));
    expect(def.reviewers).toEqual([{ query: './manager', queryType: 'MicrosoftGraph', queryRoot: 'decisions' }]);
    expect(def.fallbackReviewers).toEqual([{ query: `/users/${CONTOSO.megan}`, queryType: 'MicrosoftGraph' }]);
  });

  it("refuses the app's owner, who holds no role, in plain words, and creates nothing", async () => {
    // Her app is offered, marked for admins.
    const [form] = cardsOf(await megan.say('new review'));
    expect(JSON.stringify(form)).toContain('"title":"Contoso Expenses (application, admins only)"');

    const before = reviews().definitions.size;
    const [card] = cardsOf(await megan.say('new review app "Contoso Expenses" reviewers=owners'));
    const text = cardText(card);
    expect(text).toContain('The review was not created');
    expect(text).toContain('Microsoft Entra did not let you create a review of Contoso Expenses');
    expect(text).toContain('User Administrator, Identity Governance Administrator or Global Administrator');
    expect(text).toContain('owning the application is not enough');
    expect(reviews().definitions.size).toBe(before);
  });

  it('lets an admin review the role-assignable group Tier 0 Operators, and says it holds privileged access', async () => {
    const [form] = cardsOf(await admin.say('new review'));
    expect(JSON.stringify(form)).toContain('"title":"Tier 0 Operators (role-assignable)"');

    const created = await submitForm(admin, form, 'Create review', { group: G.tierZeroOperators, reviewers: 'owners' });
    const text = cardText(created.value);
    expect(text).toContain('Created “One-time review of members of Tier 0 Operators”');
    expect(text).toContain('Group Tier 0 Operators');
    expect(text).toContain('Privileged access Role-assignable group: its members hold Microsoft Entra roles');
    const [def] = createdBy(CONTOSO.admin).filter((d) => d.displayName.includes('Tier 0 Operators'));
    expect(def.scope.query).toBe(`/groups/${G.tierZeroOperators}/transitiveMembers`);
    expect(def.reviewers).toEqual([{ query: `/groups/${G.tierZeroOperators}/owners`, queryType: 'MicrosoftGraph' }]);
  });

  it('refuses a review of Tier 0 Operators to someone with no role who does not own it, in plain words', async () => {
    const before = reviews().definitions.size;
    const [card] = cardsOf(await megan.say('new review "Tier 0 Operators" reviewers=self'));
    const text = cardText(card);
    expect(text).toContain('The review was not created');
    expect(text).toContain('It is a role-assignable group: its members hold Microsoft Entra roles');
    expect(text).toContain('Privileged Role Administrator');
    expect(reviews().definitions.size).toBe(before);
  });

  it('says where the other kinds of review are made, and sends nothing to Graph', async () => {
    bot().lt.log.reset();
    const [card] = cardsOf(await admin.say('new review role "Global Administrator" reviewers=self'));
    const text = cardText(card);
    expect(text).toContain('Nothing was created');
    expect(text).toContain('Attest creates reviews of groups and applications');
    expect(text).toContain('Privileged Identity Management › Microsoft Entra roles › Access reviews');
    expect(text).toContain('Microsoft Entra admin center');
    expect(bot().lt.log.summary().graph).toBe(0);
  });
});

describe('with reviews of applications turned off (no Application.Read.All)', () => {
  const bot = useBot({ APP_REVIEWS_ENABLED: 'false' });

  it('asks for no Application.Read.All, lists no apps, and says app reviews are off, creating nothing', async () => {
    const admin = new Chat(bot().url, bot().lt, ADMIN);
    const before = bot().lt.tenant.reviews.definitions.size;
    bot().lt.log.reset();
    const [card] = cardsOf(await admin.say('new review app "Contoso Expenses" reviewers=owners'));
    expect(cardText(card)).toContain('Reviews of applications are turned off');
    // Nothing was read of applications, and nothing created.
    const routes = bot()
      .lt.log.summary(true)
      .entries.map((e) => e.path);
    expect(routes.some((p) => /servicePrincipal/i.test(p))).toBe(false);
    expect(bot().lt.tenant.reviews.definitions.size).toBe(before);

    const megan = new Chat(bot().url, bot().lt, MEGAN);
    const [form] = cardsOf(await megan.say('new review'));
    expect(JSON.stringify(form)).not.toContain('Contoso Expenses');
    expect(JSON.stringify(form)).toContain('Building security group');
  });
});
