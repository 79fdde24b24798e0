import { randomBytes, randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { buildBot } from '../../src/index';
import { loadConfig } from '../../src/config';
import { ConversationReferences } from '../../src/storage/conversationReferences';
import { createStorage } from '../../src/storage/blobStorage';
import { Azurite, startAzurite } from '../support/azurite';
import { localEnv } from '../support/bot';
import { testLogger } from '../support/logs';
import { ChannelKeys, startChannelKeys, unknownKey } from '../support/channelKeys';
import { useLocalTenant } from '../support/localTenant';

/**
 * The Bot Framework token check in Azure mode, with tokens this test mints against keys it publishes itself (the bot's
 * BOT_OPENID_METADATA_URL points at them). A token the channel could have sent runs the turn; a forged, misaddressed
 * or expired one gets 401 and runs nothing: no handler answers and no conversation reference is written.
 */
describe('Bot Framework tokens', () => {
  const lt = useLocalTenant({ seed: 'empty' });
  const BOT_ID = randomUUID();
  let azurite: Azurite;
  let keys: ChannelKeys;
  let url: string;
  let references: ConversationReferences;
  let close: () => void;

  beforeAll(async () => {
    azurite = await startAzurite();
    keys = await startChannelKeys();
    const env = localEnv(lt(), azurite, randomBytes(32), {
      ATTEST_MODE: 'azure',
      BOT_ID,
      BOT_PASSWORD: randomBytes(24).toString('base64url'),
      BOT_OPENID_METADATA_URL: keys.metadataUrl,
    });
    const bot = buildBot(loadConfig(env), testLogger().log);
    await new Promise<void>((resolve) => bot.server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}`;
    references = new ConversationReferences(createStorage(env.STORAGE_CONNECTION_STRING, env.STORAGE_CONTAINER));
    close = () => bot.server.close();
  }, 60_000);
  afterAll(async () => {
    close?.();
    await keys?.stop();
    await azurite?.stop();
  });

  const SERVICE_URL = 'https://smba.trafficmanager.net/amer/';

  /** A card button pressed in a personal chat, by a user of its own: the bot answers in the HTTP response. */
  function cardPress() {
    const user = randomUUID();
    return {
      user,
      activity: {
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: randomUUID(),
        channelId: 'msteams',
        serviceUrl: SERVICE_URL,
        from: { id: `29:${user}`, aadObjectId: user },
        recipient: { id: `28:${BOT_ID}` },
        conversation: { id: `a:${user}`, conversationType: 'personal', tenantId: lt().tenantId },
        channelData: { tenant: { id: lt().tenantId } },
        value: { action: { type: 'Action.Execute', verb: 'openReview', data: { reviewId: 'not-a-review' } } },
      },
    };
  }

  async function send(activity: object, token?: string) {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(activity),
    });
    return { status: res.status, text: await res.text() };
  }

  const channelClaims = { aud: BOT_ID, serviceurl: SERVICE_URL };

  it('runs the turn for a token the channel could have sent', async () => {
    const { user, activity } = cardPress();
    const answer = await send(activity, keys.mint(channelClaims));
    expect(answer.status).toBe(200);
    // The card action's handler answered: the card that says this one could not be used.
    expect(JSON.parse(answer.text)).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
    });
    expect(answer.text).toContain('That card could not be used');
    expect(await references.find(lt().tenantId, user)).toBeDefined();
  });

  const refused: [string, (k: ChannelKeys) => string | undefined][] = [
    ['no token', () => undefined],
    [
      'a token signed with a key nobody published',
      (k) => k.mint(channelClaims, { kid: 'attacker-key', key: unknownKey() }),
    ],
    ['a token signed with another key under the published key id', (k) => k.mint(channelClaims, { key: unknownKey() })],
    ['a token for another bot', (k) => k.mint({ ...channelClaims, aud: randomUUID() })],
    // botbuilder allows five minutes of clock skew: this one expired ten minutes ago.
    ['an expired token', (k) => k.mint({ ...channelClaims, nbf: nowSeconds() - 3600, exp: nowSeconds() - 600 })],
    ['a token from another issuer', (k) => k.mint({ ...channelClaims, iss: 'https://attacker.example.com' })],
    [
      'a token for another serviceUrl',
      (k) => k.mint({ ...channelClaims, serviceurl: 'https://attacker.example.com/' }),
    ],
    ['a token that is not valid yet', (k) => k.mint({ ...channelClaims, nbf: nowSeconds() + 3600 })],
    ['a token that is not a JWT', () => 'not.a.jwt'],
  ];

  it.each(refused)('refuses %s with 401 and runs nothing', async (_name, token) => {
    const { user, activity } = cardPress();
    const answer = await send(activity, token(keys));
    expect(answer.status).toBe(401);
    expect(answer.text).not.toContain('That card could not be used');
    expect(await references.find(lt().tenantId, user)).toBeUndefined();
  });

  it('keeps serving after every refusal', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const { user, activity } = cardPress();
    expect((await send(activity, keys.mint(channelClaims))).status).toBe(200);
    expect(await references.find(lt().tenantId, user)).toBeDefined();
  });
});

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}
