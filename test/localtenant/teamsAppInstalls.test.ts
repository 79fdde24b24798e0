import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ATTEST_CATALOG_APP, ATTEST_MANIFEST_ID, defaultBotApp, LOCAL_BOT_ID } from '../../localtenant';
import { AppRegistration } from '../../localtenant/model';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { graphFetch, jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { appToken } from '../support/tokens';

/** The bot's own registration, granted the least privileged permission to install itself for users. */
const bot: AppRegistration = {
  ...defaultBotApp('bot-secret'),
  applicationPermissions: ['TeamsAppInstallation.ReadWriteSelfForUser.All', 'AppCatalog.Read.All'],
};
const other: AppRegistration = {
  clientId: '9c3f4b85-6d0a-4e1b-8f54-8a7c1d3e0b46',
  clientSecret: 'other-secret',
  displayName: 'Another app',
  identifierUris: [],
  applicationPermissions: ['TeamsAppInstallation.ReadWriteSelfForUser.All'],
};
const lt = useLocalTenant({ apps: [bot, other] });

function graph(token: string, method: string, path: string, body?: unknown) {
  return graphFetch(`${lt().graphV1}${path}`, token, method, body);
}

const bind = (id: string) => ({
  'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${id}`,
});

describe('the app catalog', () => {
  it('finds Attest by its manifest id (externalId), with a catalog id of its own', async () => {
    const res = await graph(
      await appToken(lt(), bot),
      'GET',
      `/appCatalogs/teamsApps?$filter=externalId eq '${ATTEST_MANIFEST_ID}'`,
    );
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.value).toEqual([
      {
        id: ATTEST_CATALOG_APP.id,
        externalId: ATTEST_MANIFEST_ID,
        displayName: 'Attest (local)',
        distributionMethod: 'organization',
      },
    ]);
    expect(body.value[0].id).not.toBe(ATTEST_MANIFEST_ID);
    const none = await graph(await appToken(lt(), bot), 'GET', "/appCatalogs/teamsApps?$filter=externalId eq 'nope'");
    expect((await jsonOf(none)).value).toEqual([]);
  });

  it('needs AppCatalog.Read.All (application)', async () => {
    const res = await graph(await appToken(lt(), other), 'GET', '/appCatalogs/teamsApps');
    expect(res.status).toBe(403);
    expect((await jsonOf(res)).error.code).toBe('Authorization_RequestDenied');
  });
});

describe('apps installed for a user', () => {
  let endpoint: Server;
  const received: Record<string, unknown>[] = [];
  const heard: IncomingMessage['headers'][] = [];
  beforeAll(async () => {
    endpoint = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        received.push(JSON.parse(text));
        heard.push(req.headers);
        // Two statements: restify, loaded by other test files in this worker, replaces writeHead with one that returns nothing.
        res.writeHead(200);
        res.end();
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/api/messages`;
    const res = await fetch(`${lt().url}/_localtenant/connector/bot`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: url }),
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => new Promise<void>((resolve) => endpoint.close(() => resolve())));

  it('lists Attest for Alex (seeded) and nothing for Megan, who never used it; filters on teamsApp/externalId', async () => {
    const token = await appToken(lt(), bot);
    const q = `?$expand=teamsApp&$filter=teamsApp/externalId eq '${ATTEST_MANIFEST_ID}'`;
    const alex = await jsonOf(await graph(token, 'GET', `/users/${CONTOSO.alex}/teamwork/installedApps${q}`));
    expect(alex['@odata.count']).toBe(1);
    expect(alex.value[0].teamsApp).toMatchObject({ id: ATTEST_CATALOG_APP.id, externalId: ATTEST_MANIFEST_ID });
    expect(Buffer.from(alex.value[0].id, 'base64').toString()).toBe(`${CONTOSO.alex}##${ATTEST_CATALOG_APP.id}`);
    const megan = await graph(token, 'GET', `/users/MeganB@contoso.com/teamwork/installedApps${q}`);
    expect(megan.status).toBe(200);
    expect((await jsonOf(megan)).value).toEqual([]);
  });

  it('installs Attest for Megan (201), then the bot hears installationUpdate add and conversationUpdate', async () => {
    const token = await appToken(lt(), bot);
    received.length = 0;
    const res = await graph(
      token,
      'POST',
      `/users/${CONTOSO.megan}/teamwork/installedApps`,
      bind(ATTEST_CATALOG_APP.id),
    );
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('');
    await lt().connector.botChannel.idle();
    expect(received.map((a) => [a.type, a.action ?? null])).toEqual([
      ['installationUpdate', 'add'],
      ['conversationUpdate', null],
    ]);
    const [install, update] = received as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const a of [install, update]) {
      expect(a).toMatchObject({
        channelId: 'msteams',
        serviceUrl: `${lt().url}/`,
        from: { id: `29:${CONTOSO.megan}`, aadObjectId: CONTOSO.megan, name: 'Megan Bowen' },
        recipient: { id: `28:${LOCAL_BOT_ID}` },
        conversation: { conversationType: 'personal', tenantId: lt().tenantId },
        channelData: { tenant: { id: lt().tenantId } },
      });
      expect(a.conversation.id).toMatch(/^a:/);
    }
    expect(update.conversation.id).toBe(install.conversation.id);
    expect(update.membersAdded).toEqual([{ id: `28:${LOCAL_BOT_ID}` }]);
    // The bot in local mode takes anonymous requests from loopback, as from the Agents Playground.
    expect(heard.every((h) => h.authorization === undefined)).toBe(true);

    // The chat is the one the connector answers for that user: the bot can write to it.
    const sent = await postJson(
      `${lt().url}/v3/conversations/${encodeURIComponent(install.conversation.id)}/activities`,
      {
        type: 'message',
        text: 'hello',
        recipient: { id: `29:${CONTOSO.megan}`, aadObjectId: CONTOSO.megan },
      },
    );
    expect(sent.status).toBe(201);
    const list = await jsonOf(await graph(token, 'GET', `/users/${CONTOSO.megan}/teamwork/installedApps`));
    expect(list.value).toHaveLength(1);
  });

  it('answers 409 for an app already installed, 404 for an unknown user or app, 400 without a bind', async () => {
    const token = await appToken(lt(), bot);
    const path = (u: string) => `/users/${u}/teamwork/installedApps`;
    expect((await graph(token, 'POST', path(CONTOSO.alex), bind(ATTEST_CATALOG_APP.id))).status).toBe(409);
    const unknownUser = await graph(
      token,
      'POST',
      path('00000000-0000-0000-0000-0000000000ff'),
      bind(ATTEST_CATALOG_APP.id),
    );
    expect(unknownUser.status).toBe(404);
    expect((await jsonOf(unknownUser)).error.code).toBe('Request_ResourceNotFound');
    expect((await graph(token, 'POST', path(CONTOSO.diego), bind('00000000-0000-0000-0000-0000000000ee'))).status).toBe(
      404,
    );
    expect((await graph(token, 'POST', path(CONTOSO.diego), {})).status).toBe(400);
    expect((await graph(token, 'GET', path('nobody@contoso.com'))).status).toBe(404);
  });

  it('lets the Self permission install only the caller itself, and needs a permission at all', async () => {
    const otherToken = await appToken(lt(), other);
    const res = await graph(
      otherToken,
      'POST',
      `/users/${CONTOSO.diego}/teamwork/installedApps`,
      bind(ATTEST_CATALOG_APP.id),
    );
    expect(res.status).toBe(403);
    const none = defaultBotApp('x');
    expect(none.applicationPermissions).toEqual([]);
  });

  it('uninstalls (204) and the bot hears installationUpdate remove; a user who blocked the bot still gets 403s', async () => {
    const token = await appToken(lt(), bot);
    received.length = 0;
    await lt().connector.block({ user: CONTOSO.allan, code: 'ConversationBlockedByUser' });
    const list = await jsonOf(await graph(token, 'GET', `/users/${CONTOSO.allan}/teamwork/installedApps`));
    const del = await graph(token, 'DELETE', `/users/${CONTOSO.allan}/teamwork/installedApps/${list.value[0].id}`);
    expect(del.status).toBe(204);
    expect(
      (await graph(token, 'DELETE', `/users/${CONTOSO.allan}/teamwork/installedApps/${list.value[0].id}`)).status,
    ).toBe(404);
    await lt().connector.botChannel.idle();
    expect(received.map((a) => [a.type, a.action])).toEqual([['installationUpdate', 'remove']]);

    expect(
      (await graph(token, 'POST', `/users/${CONTOSO.allan}/teamwork/installedApps`, bind(ATTEST_CATALOG_APP.id)))
        .status,
    ).toBe(201);
    await lt().connector.botChannel.idle();
    const conversation = (received[1] as { conversation: { id: string } }).conversation.id;
    const sent = await postJson(`${lt().url}/v3/conversations/${encodeURIComponent(conversation)}/activities`, {
      type: 'message',
      text: 'hello',
      recipient: { id: `29:${CONTOSO.allan}`, aadObjectId: CONTOSO.allan },
    });
    expect(sent.status).toBe(403);
    expect((await jsonOf(sent)).error.code).toBe('ConversationBlockedByUser');
    const knob = await jsonOf(await fetch(`${lt().url}/_localtenant/connector/bot`));
    expect(knob.deliveries.map((d: { status: number }) => d.status)).toEqual(expect.arrayContaining([200]));
  });
});
