import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTOSO_TENANT_ID, LOCAL_BOT_ID, LocalTenant, startLocalTenant } from '../../localtenant';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { inProcessBot } from '../support/bot';
import { openPlayground, PlaygroundPage } from './support/playgroundPage';
import { Stack, startStack } from './support/stack';

/**
 * An admin's quick review in the real client: the MOD Administrator, in the Agents Playground in headless Chromium,
 * creates a quarterly guest review of a group on the form card, finds it under "my reviews" and stops it. Checked in
 * the local tenant.
 */
jest.setTimeout(240_000);

const NAME = 'Quarterly review of guests in Feelgood Marketing Campaign';

let lt: LocalTenant;
let stack: Stack | undefined;
let pg: PlaygroundPage | undefined;
const bot = inProcessBot(() => lt);
let configDir: string | undefined;

const page = () => {
  if (!pg) throw new Error('the Playground page did not open');
  return pg;
};

interface PlaygroundUser {
  key: string;
  name: string;
  upn: string;
  aadObjectId: string;
}

const PEOPLE: PlaygroundUser[] = [
  { key: 'mod-administrator', name: 'MOD Administrator', upn: 'admin@contoso.com', aadObjectId: CONTOSO.admin },
  { key: 'alex-wilber', name: 'Alex Wilber', upn: 'AlexW@contoso.com', aadObjectId: CONTOSO.alex },
  { key: 'allan-deyoung', name: 'Allan Deyoung', upn: 'AllanD@contoso.com', aadObjectId: CONTOSO.allan },
  { key: 'megan-bowen', name: 'Megan Bowen', upn: 'MeganB@contoso.com', aadObjectId: CONTOSO.megan },
  { key: 'diego-siciliani', name: 'Diego Siciliani', upn: 'DiegoS@contoso.com', aadObjectId: CONTOSO.diego },
  {
    key: 'john-doe-guest',
    name: 'John Doe (Tailspin Toys)',
    upn: 'john.doe@outlook.com',
    aadObjectId: CONTOSO.johnDoeGuest,
  },
];

/** One user's keys, at the given indentation (the schema spells it "userPrincipleName"). */
function userYaml(u: PlaygroundUser, first: string, rest: string): string {
  const [given, ...family] = u.name.split(' ');
  return [
    `${first}id: 29:${u.key}`,
    `${rest}name: ${u.name}`,
    `${rest}userPrincipleName: ${u.upn}`,
    `${rest}aadObjectId: ${u.aadObjectId}`,
    `${rest}givenName: ${given}`,
    `${rest}surname: ${family.join(' ')}`,
    `${rest}email: ${u.upn}`,
  ].join('\n');
}

/**
 * A Playground configuration with the MOD Administrator as the user (the project's file has Alex Wilber), in the
 * same form: the tenant and bot of the local tenant, exactly five other users, a personal chat, a group chat, a team.
 */
function adminPlaygroundConfig(): string {
  const [me, ...others] = PEOPLE;
  const yaml = [
    "version: '0.1.1'",
    `tenantId: ${CONTOSO_TENANT_ID}`,
    'bot:',
    `  id: 28:${LOCAL_BOT_ID}`,
    '  name: Attest',
    'currentUser:',
    userYaml(me, '  ', '  '),
    'users:',
    ...others.map((u) => userYaml(u, '  - ', '    ')),
    'personalChat:',
    '  id: a:attest-personal-chat-admin',
    'groupChat:',
    '  id: 19:attest-group-chat@thread.v2',
    '  name: Attest group chat',
    'team:',
    '  id: 19:attest-team@thread.tacv2',
    '  name: Contoso reviewers',
    '  aadGroupId: 00000000-0000-0000-0000-000000000031',
    '  channels:',
    '    - id: 19:attest-announcements@thread.tacv2',
    '      name: Announcements',
    '',
  ].join('\n');
  configDir = mkdtempSync(join(tmpdir(), 'attest-e2e-admin-'));
  const file = join(configDir, '.m365agentsplayground.yml');
  writeFileSync(file, yaml);
  return file;
}

beforeAll(async () => {
  lt = await startLocalTenant({ port: 0 });
  stack = await startStack({
    localTenantUrl: lt.url,
    playgroundConfig: adminPlaygroundConfig(),
    botMessagesUrl: bot.messagesUrl,
  });
  pg = await openPlayground(stack.playground.url);
}, 240_000);

afterAll(async () => {
  await pg?.close();
  await stack?.stop();
  bot.close();
  await lt?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
}, 120_000);

test('the MOD Administrator creates a quarterly guest review from the form, sees it in my reviews, and stops it', async () => {
  await page().waitForReply('Welcome to Attest');
  await page().sendMessage('new review');
  await page().waitForReply('New access review');
  const form = await page().latestCard();
  await form.choose('group', 'Feelgood Marketing Campaign');
  await form.choose('who', 'Guests only');
  await form.choose('every', 'Quarterly');
  await page().screenshot('owner-1-form-filled');
  const created = await form.execute('Create review');
  expect(created.cardText).toContain(`Created “${NAME}”`);
  expect(created.cardText).toContain('Guests only');
  await page().screenshot('owner-2-created');

  const def = [...lt.tenant.reviews.definitions.values()].find((d) => d.displayName === NAME);
  expect(def).toMatchObject({
    createdBy: { id: CONTOSO.admin },
    scope: {
      query: `/groups/${CONTOSO.feelgoodMarketing}/transitiveMembers/microsoft.graph.user/?$filter=(userType eq 'Guest')`,
    },
    settings: { recurrence: { pattern: { type: 'absoluteMonthly', interval: 3 } } },
  });

  await page().sendMessage('my reviews');
  await page().waitForReply('Reviews you created');
  const list = await page().latestCard();
  const listed = await list.text();
  expect(listed).toContain(NAME);
  expect(listed).toContain('In progress');
  await page().screenshot('owner-3-my-reviews');

  const stopped = await list.execute('Stop now', { near: NAME });
  expect(stopped.cardText).toContain(`Stopped “${NAME}”: it is completed now.`);
  await page().screenshot('owner-4-stopped');
  expect(lt.tenant.reviews.status(def!.instances[0])).toBe('Completed');
});
