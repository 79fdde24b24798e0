import { randomBytes, randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { buildBot } from '../../src/index';
import { loadConfig } from '../../src/config';
import { ALEX, cardsOf, Chat } from '../support/activities';
import { Azurite, startAzurite } from '../support/azurite';
import { localEnv, useBot } from '../support/bot';
import { jsonOf } from '../support/http';
import { rawPost } from '../support/rawHttp';
import { useLocalTenant } from '../support/localTenant';
import { testLogger } from '../support/logs';

describe('hosting', () => {
  const lt = useLocalTenant({ seed: 'empty' });
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 60_000);
  afterAll(async () => azurite?.stop());

  async function serve(extra: Record<string, string>) {
    const bot = buildBot(loadConfig(localEnv(lt(), azurite, randomBytes(32), extra)), testLogger().log);
    await new Promise<void>((resolve) => bot.server.listen(0, '127.0.0.1', () => resolve()));
    return { url: `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}`, close: () => bot.server.close() };
  }

  const activity = {
    type: 'message',
    text: 'help',
    channelId: 'msteams',
    serviceUrl: 'https://localhost:1/',
    from: { id: 'u' },
    recipient: { id: 'b' },
    conversation: { id: 'c' },
  };

  it('with a bot id and secret, refuses requests without a Bot Framework token (401) and serves /healthz', async () => {
    const bot = await serve({ ATTEST_MODE: 'azure', BOT_ID: lt().apps[0].clientId, BOT_PASSWORD: 'x' });
    try {
      const res = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      expect(res.status).toBe(401);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    } finally {
      bot.close();
    }
  });

  it('with a bot id and secret, refuses compressed and malformed bodies before the token check, and keeps serving', async () => {
    const bot = await serve({ ATTEST_MODE: 'azure', BOT_ID: lt().apps[0].clientId, BOT_PASSWORD: 'x' });
    try {
      const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
        fetch(`${bot.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
      expect((await post(Buffer.from('not gzip'), { 'content-encoding': 'gzip' })).status).toBe(415);
      expect((await post('{"type":')).status).toBe(400);
      const noType = await post(JSON.stringify({ ...activity, type: undefined }));
      expect(noType.status).toBe(400);
      expect(await jsonOf(noType)).toMatchObject({ field: 'type' });
      expect((await post(JSON.stringify(activity))).status).toBe(401);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    } finally {
      bot.close();
    }
  });

  it('in local mode, accepts anonymous requests from this machine', async () => {
    const bot = await serve({});
    try {
      const res = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...activity, serviceUrl: `${lt().url}/` }),
      });
      expect(res.status).toBeLessThan(300);
    } finally {
      bot.close();
    }
  });
});

/**
 * What a client that is not Teams may send to /api/messages: every bad request gets its 4xx with a small JSON body,
 * and the bot keeps answering /healthz and a reviewer's messages afterwards.
 */
describe('the front door refuses what it cannot use', () => {
  const bot = useBot();
  let chat: Chat;
  beforeAll(() => {
    chat = new Chat(bot().url, bot().lt, ALEX);
  });

  const messagesUrl = () => `${bot().url}/api/messages`;

  /** A message as Teams sends it, to the local tenant's Bot Connector. */
  function teamsMessage(text = 'help') {
    return {
      type: 'message',
      id: randomUUID(),
      text,
      channelId: 'msteams',
      serviceUrl: `${bot().lt.url}/`,
      timestamp: new Date().toISOString(),
      from: { id: `29:${ALEX.aadObjectId}`, aadObjectId: ALEX.aadObjectId, name: ALEX.name },
      recipient: { id: '28:attest', name: 'Attest' },
      conversation: { id: chat.conversationId, conversationType: 'personal', tenantId: bot().lt.tenantId },
      channelData: { tenant: { id: bot().lt.tenantId } },
    };
  }

  function post(body: string | Buffer, headers: Record<string, string> = {}) {
    return fetch(messagesUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  }

  async function expectStillServing() {
    const health = await fetch(`${bot().url}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.stringify(cardsOf(await chat.say('help')))).toContain('Attest help');
  }

  async function expectRefused(res: Response, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await jsonOf(res);
    expect(typeof body.error).toBe('string');
    return body;
  }

  describe('compressed bodies: Teams does not compress, so any Content-Encoding is refused unread', () => {
    const help = () => Buffer.from(JSON.stringify(teamsMessage()));
    const cases: [string, string, () => Buffer][] = [
      ['a gzip body', 'gzip', () => gzipSync(help())],
      ['a body that is not gzip', 'gzip', () => Buffer.from('{"type":"message"} is not gzip')],
      ['a truncated gzip body', 'gzip', () => gzipSync(help()).subarray(0, 20)],
      // 60 MB of spaces compress to about 60 KB: a body that would pass a size check made before expanding it.
      ['a gzip bomb', 'gzip', () => gzipSync(Buffer.alloc(60 * 1024 * 1024, ' '))],
      ['deflate', 'deflate', () => Buffer.from('x')],
      ['brotli', 'br', () => Buffer.from('x')],
      ['upper case GZIP', 'GZIP', () => Buffer.from('x')],
      ['a list of encodings', 'identity, gzip', () => Buffer.from('x')],
    ];
    it.each(cases)('%s gets 415', async (_name, encoding, body) => {
      const res = await post(body(), { 'content-encoding': encoding });
      await expectRefused(res, 415);
      await expectStillServing();
    });

    it('Content-Encoding: identity is a plain body, and works', async () => {
      const res = await post(JSON.stringify(teamsMessage()), { 'content-encoding': 'identity' });
      expect(res.status).toBe(200);
      await expectStillServing();
    });
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded'], ['multipart/form-data'], ['application/xml']])(
    'a %s body gets 415',
    async (type) => {
      await expectRefused(await post(JSON.stringify(teamsMessage()), { 'content-type': type }), 415);
      await expectStillServing();
    },
  );

  it('serves the privacy statement and terms of use the app manifest links to', async () => {
    for (const [path, says] of [
      ['/privacy', /Azure Storage account/],
      ['/terms', /recorded in Microsoft Entra as your decision/],
    ] as const) {
      const res = await fetch(`${bot().url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toMatch(says);
    }
  });

  it('a body without a content type gets 415', async () => {
    const answer = await rawPost(messagesUrl(), { chunks: [Buffer.from(JSON.stringify(teamsMessage()))] });
    expect(answer).toMatchObject({ status: 415 });
    await expectStillServing();
  });

  it('application/json with a charset works', async () => {
    const res = await post(JSON.stringify(teamsMessage()), { 'content-type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
  });

  it.each([['{"type":'], ['not json'], [''], ['[1,2]'], ['null'], ['"message"'], ['42']])(
    'the body %j gets 400',
    async (body) => {
      await expectRefused(await post(body), 400);
      await expectStillServing();
    },
  );

  describe('bodies over 1 MB get 413', () => {
    const big = () => Buffer.from(JSON.stringify({ ...teamsMessage(), text: 'x'.repeat(1024 * 1024) }));

    it('with a Content-Length', async () => {
      await expectRefused(await post(big()), 413);
      await expectStillServing();
    });

    it('sent in chunks without a length', async () => {
      const body = big();
      const chunks = [];
      for (let i = 0; i < body.length; i += 64 * 1024) chunks.push(body.subarray(i, i + 64 * 1024));
      const answer = await rawPost(messagesUrl(), { headers: { 'content-type': 'application/json' }, chunks });
      expect(answer).toMatchObject({ status: 413 });
      await expectStillServing();
    });

    it('announced by Content-Length, before any of it is sent', async () => {
      const answer = await rawPost(messagesUrl(), {
        headers: { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) },
        chunks: [Buffer.from('{')],
        abortAfter: 1,
      });
      // Answered on the header alone; a client that then goes away is no harm either.
      expect(answer === 'aborted' || answer.status === 413).toBe(true);
      await expectStillServing();
    });
  });

  it('a client that goes away halfway through its body is no harm', async () => {
    const lengths: Record<string, string>[] = [{ 'content-length': '5000' }, { 'transfer-encoding': 'chunked' }];
    for (const length of lengths) {
      const answer = await rawPost(messagesUrl(), {
        headers: { 'content-type': 'application/json', ...length },
        chunks: [Buffer.from('{"type":"message","text":"'), Buffer.from('never sent')],
        abortAfter: 1,
      });
      expect(answer).toBe('aborted');
    }
    await expectStillServing();
  });

  it('a message whose serviceUrl is no Bot Connector is acknowledged, not answered with a 500', async () => {
    // The local tenant answers 400 under this path: the reply fails, and so does the apology after it.
    const res = await post(JSON.stringify({ ...teamsMessage(), serviceUrl: `${bot().lt.url}/elsewhere/` }));
    expect(res.status).toBe(200);
    await expectStillServing();
  });

  describe('activities of the wrong shape get 400 naming the field', () => {
    type Mutation = (a: Record<string, unknown>) => void;
    const cases: [string, Mutation, string][] = [
      ['no type', (a) => delete a.type, 'type'],
      ['a type that is a number', (a) => (a.type = 7), 'type'],
      ['an unknown type', (a) => (a.type = 'launchMissiles'), 'type'],
      ['an empty type', (a) => (a.type = ''), 'type'],
      ['no channelId', (a) => delete a.channelId, 'channelId'],
      ['no conversation', (a) => delete a.conversation, 'conversation'],
      ['a conversation that is a string', (a) => (a.conversation = 'c'), 'conversation'],
      ['a conversation id that is a number', (a) => (a.conversation = { id: 42 }), 'conversation.id'],
      ['an empty conversation id', (a) => (a.conversation = { id: '' }), 'conversation.id'],
      ['a conversation id of 5000 characters', (a) => (a.conversation = { id: 'c'.repeat(5000) }), 'conversation.id'],
      // Ids go into the Bot Connector's headers and URLs when the bot replies.
      ['a conversation id with an emoji', (a) => (a.conversation = { id: 'a:😀' }), 'conversation.id'],
      ['a conversation id with a control character', (a) => (a.conversation = { id: 'a:\u0001' }), 'conversation.id'],
      ['an id that is a dot segment', (a) => (a.id = '..'), 'id'],
      ['no from', (a) => delete a.from, 'from'],
      ['a from id that is an object', (a) => (a.from = { id: { id: 'u' } }), 'from.id'],
      ['an aadObjectId that is a number', (a) => (a.from = { id: 'u', aadObjectId: 1 }), 'from.aadObjectId'],
      ['no recipient', (a) => delete a.recipient, 'recipient'],
      ['a recipient id that is null', (a) => (a.recipient = { id: null }), 'recipient.id'],
      ['no serviceUrl', (a) => delete a.serviceUrl, 'serviceUrl'],
      ['a serviceUrl that is not a URL', (a) => (a.serviceUrl = 'not a url'), 'serviceUrl'],
      ['a file: serviceUrl', (a) => (a.serviceUrl = 'file:///etc/passwd'), 'serviceUrl'],
      ['a javascript: serviceUrl', (a) => (a.serviceUrl = 'javascript:alert(1)'), 'serviceUrl'],
      ['a serviceUrl that is a number', (a) => (a.serviceUrl = 443), 'serviceUrl'],
      ['an id that is a number', (a) => (a.id = 12), 'id'],
      ['a replyToId that is an object', (a) => (a.replyToId = {}), 'replyToId'],
      ['text that is an array', (a) => (a.text = ['help']), 'text'],
      ['text of 200,000 characters', (a) => (a.text = 'x'.repeat(200_000)), 'text'],
      ['a timestamp that is not a date', (a) => (a.timestamp = 'yesterday-ish'), 'timestamp'],
      ['an invoke name that is a number', (a) => ((a.type = 'invoke'), (a.name = 3)), 'name'],
      ['entities that are not a list', (a) => (a.entities = { type: 'mention' }), 'entities'],
      [
        'a mention without the mentioned id',
        (a) => (a.entities = [{ type: 'mention', text: 'x' }]),
        'entities.0.mentioned.id',
      ],
      ['membersAdded that is not a list', (a) => (a.membersAdded = 'everyone'), 'membersAdded'],
      ['a member without an id', (a) => (a.membersAdded = [{ name: 'x' }]), 'membersAdded.0.id'],
      ['channelData that is a string', (a) => (a.channelData = 'tenant'), 'channelData'],
    ];
    it.each(cases)('%s', async (_name, mutate, field) => {
      const activity: Record<string, unknown> = teamsMessage();
      mutate(activity);
      const body = await expectRefused(await post(JSON.stringify(activity)), 400);
      expect(body.field).toBe(field);
      expect(body.error).toContain(field);
    });

    it('and the bot keeps serving after them', async () => {
      await expectStillServing();
    });
  });

  describe('what Teams and the Agents Playground really send is let through', () => {
    const lt = () => bot().lt;
    const base = () => teamsMessage();
    const cases: [string, () => Record<string, unknown>][] = [
      ['a message', () => base()],
      [
        'a message with an @mention of the bot and Teams entities',
        () => ({
          ...base(),
          text: '<at>Attest</at> help',
          textFormat: 'plain',
          locale: 'en-US',
          localTimestamp: '2025-01-01T10:00:00.000+01:00',
          localTimezone: 'Europe/Berlin',
          attachments: [{ contentType: 'text/html', content: '<p><at>Attest</at> help</p>' }],
          entities: [
            { type: 'mention', text: '<at>Attest</at>', mentioned: { id: '28:attest', name: 'Attest' } },
            { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/Berlin' },
          ],
          channelData: { tenant: { id: lt().tenantId }, source: null },
        }),
      ],
      [
        'a Playground message: roles, no aadObjectId, no timestamp',
        () => {
          const { timestamp: _t, ...a } = base();
          return {
            ...a,
            from: { id: 'user-id-0', name: 'Alex Wilber', role: 'user' },
            recipient: { id: 'bot', role: 'bot' },
          };
        },
      ],
      [
        'the bot added to a personal chat',
        () => ({
          ...base(),
          type: 'conversationUpdate',
          text: undefined,
          membersAdded: [{ id: '28:attest' }],
        }),
      ],
      ['installation', () => ({ ...base(), type: 'installationUpdate', text: undefined, action: 'add' })],
      ['uninstallation', () => ({ ...base(), type: 'installationUpdate', text: undefined, action: 'remove' })],
      ['typing', () => ({ ...base(), type: 'typing', text: undefined })],
      [
        'a reaction',
        () => ({
          ...base(),
          type: 'messageReaction',
          text: undefined,
          reactionsAdded: [{ type: 'like' }],
          replyToId: '1',
        }),
      ],
      [
        'an event',
        () => ({
          ...base(),
          type: 'event',
          text: undefined,
          name: 'application/vnd.microsoft.meetingStart',
          value: {},
        }),
      ],
      [
        'an Action.Execute',
        () => ({
          ...base(),
          type: 'invoke',
          text: undefined,
          name: 'adaptiveCard/action',
          replyToId: randomUUID(),
          value: { action: { type: 'Action.Execute', verb: 'help', data: {} }, trigger: 'manual' },
        }),
      ],
    ];
    it.each(cases)('%s', async (_name, make) => {
      const res = await post(JSON.stringify(make()));
      expect(res.status).toBe(200);
    });

    it('the welcome card reaches the chat the bot was added to', async () => {
      const conversation = { id: `a:${randomUUID()}`, conversationType: 'personal', tenantId: lt().tenantId };
      const res = await post(
        JSON.stringify({
          ...base(),
          type: 'conversationUpdate',
          text: undefined,
          conversation,
          membersAdded: [{ id: '28:attest' }],
        }),
      );
      expect(res.status).toBe(200);
      const sent = lt()
        .connector.activities.filter((a) => a.conversationId === conversation.id)
        .map((a) => a.activity);
      expect(JSON.stringify(cardsOf(sent))).toContain('Welcome to Attest');
    });
  });
});
