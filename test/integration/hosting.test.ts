import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { buildBot } from '../../src/index';
import { loadConfig } from '../../src/config';
import { Azurite, startAzurite } from '../support/azurite';
import { localEnv } from '../support/bot';
import { useLocalTenant } from '../support/localTenant';

describe('hosting', () => {
  const lt = useLocalTenant({ seed: 'empty' });
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 60_000);
  afterAll(async () => azurite?.stop());

  async function serve(extra: Record<string, string>) {
    const bot = buildBot(loadConfig(localEnv(lt(), azurite, randomBytes(32), extra)), () => undefined);
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
