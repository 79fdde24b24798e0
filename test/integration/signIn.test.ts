import { randomBytes, randomUUID } from 'node:crypto';
import { Activity, ActivityTypes, INVOKE_RESPONSE_KEY, TestAdapter, TurnContext } from 'botbuilder';
import { buildBot } from '../../src/index';
import { loadConfig } from '../../src/config';
import { createStorage } from '../../src/storage/blobStorage';
import { open, seal } from '../../src/auth/cacheCrypto';
import { Azurite, startAzurite } from '../support/azurite';
import { ALLAN } from '../support/activities';
import { localEnv } from '../support/bot';
import { jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { testLogger } from '../support/logs';

/**
 * The production sign-in path (Teams SSO, Azure mode): Teams is played by botbuilder's TestAdapter, everything
 * else is real: the Application, the token service with msal-node against the local tenant, the sealed cache in Azurite.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type InvokeResult = { status: number; body?: any };

describe('Teams SSO sign-in and the persistent token cache', () => {
  const lt = useLocalTenant();
  let azurite: Azurite;
  let env: Record<string, string>;
  beforeAll(async () => {
    azurite = await startAzurite();
    env = localEnv(lt(), azurite, randomBytes(32), {
      ATTEST_MODE: 'azure',
      BOT_ID: lt().apps[0].clientId,
      BOT_PASSWORD: lt().apps[0].clientSecret,
    });
  }, 60_000);
  afterAll(async () => azurite?.stop());

  /** A Teams conversation with one bot instance; returns what the bot sent and, for invokes, its invoke response. */
  function teams(envOverrides: Record<string, string> = {}) {
    const bot = buildBot(loadConfig({ ...env, ...envOverrides }), testLogger().log);
    const sent: Partial<Activity>[] = [];
    const last: { invokeResponse?: InvokeResult } = {};
    const adapter = new TestAdapter(async (context: TurnContext) => {
      context.onSendActivities(async (_ctx, activities, next) => {
        sent.push(...activities.filter((a) => a.type !== ActivityTypes.InvokeResponse));
        // The CloudAdapter keeps the turn's invoke response; TestAdapter does not, so keep the first one here.
        const invoke = activities.find((a) => a.type === ActivityTypes.InvokeResponse);
        if (invoke && !last.invokeResponse) {
          last.invokeResponse = invoke.value;
          context.turnState.set(INVOKE_RESPONSE_KEY, invoke);
        }
        return next();
      });
      await bot.app.run(context);
    });
    const from = { id: `29:${ALLAN.aadObjectId}`, aadObjectId: ALLAN.aadObjectId, name: ALLAN.name };
    const conversation = { id: 'a:allan', conversationType: 'personal', tenantId: lt().tenantId };
    const turn = async (activity: Partial<Activity>) => {
      sent.length = 0;
      last.invokeResponse = undefined;
      await adapter.processActivity({
        channelId: 'msteams',
        from,
        conversation,
        recipient: { id: '28:attest', name: 'Attest' },
        ...activity,
      } as Activity);
      return { sent: [...sent], invokeResponse: last.invokeResponse as InvokeResult | undefined };
    };
    return {
      say: (text: string) => turn({ type: ActivityTypes.Message, text }),
      invoke: (name: string, value: unknown) => turn({ type: ActivityTypes.Invoke, name, value }),
      storage: bot.storage,
    };
  }

  const ssoToken = async () =>
    (await jsonOf(await postJson(`${lt().url}/_localtenant/dev/teams-sso-token`, { user: ALLAN.aadObjectId })))
      .token as string;
  const contentTypes = (sent: Partial<Activity>[]) =>
    sent.flatMap((a) => (a.attachments ?? []).map((x) => x.contentType));
  const cardText = (sent: Partial<Activity>[]) => JSON.stringify(sent.flatMap((a) => a.attachments ?? []));

  it('asks a new user to sign in with an OAuth card carrying the token exchange resource', async () => {
    const { sent } = await teams().say('reviews');
    const oauth = sent
      .flatMap((a) => a.attachments ?? [])
      .find((x) => x.contentType === 'application/vnd.microsoft.card.oauth');
    expect(oauth?.content.tokenExchangeResource.uri).toBe(`api://botid-${lt().apps[0].clientId}`);
    expect(oauth?.content.text).toContain('Sign in');
  });

  it('exchanges the Teams token on signin/tokenExchange, then shows the reviews; the session survives a restart', async () => {
    const chat = teams();
    const exchanged = await chat.invoke('signin/tokenExchange', {
      id: randomUUID(),
      connectionName: 'attest-sso',
      token: await ssoToken(),
    });
    expect(exchanged.invokeResponse?.status).toBe(200);
    expect(cardText(exchanged.sent)).toContain('Access reviews waiting for you');

    // Another bot instance (or a restart) with the same storage and key: no sign-in needed.
    const again = await teams().say('reviews');
    expect(contentTypes(again.sent)).toEqual(['application/vnd.microsoft.card.adaptive']);
    expect(cardText(again.sent)).toContain('One-time self-review for members of Building security group');
  });

  it('shows the reviews once when Teams sends the same token exchange from two clients to two instances', async () => {
    const exchange = { id: randomUUID(), connectionName: 'attest-sso', token: await ssoToken() };
    const [first, second] = await Promise.all([
      teams().invoke('signin/tokenExchange', exchange),
      teams().invoke('signin/tokenExchange', exchange),
    ]);
    expect([first.invokeResponse?.status, second.invokeResponse?.status]).toEqual([200, 200]);
    const inboxes = [first, second].filter((t) => cardText(t.sent).includes('Access reviews waiting for you'));
    expect(inboxes).toHaveLength(1);

    // A new exchange (a later sign-in) shows them again.
    const later = await teams().invoke('signin/tokenExchange', { ...exchange, id: randomUUID() });
    expect(cardText(later.sent)).toContain('Access reviews waiting for you');
  });

  it('keeps the session sealed at rest: no token or personal data readable in storage', async () => {
    const storage = createStorage(azurite.connectionString, env.STORAGE_CONTAINER);
    const item = (await storage.read([`tokencache/${ALLAN.aadObjectId}`]))[`tokencache/${ALLAN.aadObjectId}`];
    expect(typeof item?.sealed).toBe('string');
    // Only the sealed blob is kept, and its bytes carry no token, name or address in the clear. (Matching the
    // base64 text itself would fail now and then by chance: random base64 contains "eyJ" about once in 60 caches.)
    expect(Object.keys(item ?? {}).sort()).toEqual(['eTag', 'sealed']);
    const bytes = Buffer.from(item!.sealed as string, 'base64').toString('latin1');
    expect(bytes).not.toMatch(/RefreshToken|AccessToken|secret|AllanD@contoso\.com|eyJ0eX/);
  });

  it('says the sign-in expired when the session was revoked and the access token has run out', async () => {
    // Let the cached access token run out (as an hour would), and revoke the session at the tenant.
    const storage = createStorage(azurite.connectionString, env.STORAGE_CONTAINER);
    const key = `tokencache/${ALLAN.aadObjectId}`;
    const secret = Buffer.from(env.TOKEN_CACHE_KEY, 'base64');
    const item = (await storage.read([key]))[key] as { sealed: string };
    const cache = JSON.parse(open(secret, ALLAN.aadObjectId, item.sealed));
    for (const at of Object.values(cache.AccessToken as Record<string, Record<string, string>>)) {
      at.expires_on = at.extended_expires_on = String(Math.floor(Date.now() / 1000) - 60);
    }
    await storage.write({ [key]: { sealed: seal(secret, ALLAN.aadObjectId, JSON.stringify(cache)), eTag: '*' } });
    await postJson(`${lt().url}/_localtenant/dev/revoke-sessions`, { user: ALLAN.aadObjectId });

    const { sent } = await teams().say('reviews');
    const oauth = sent
      .flatMap((a) => a.attachments ?? [])
      .find((x) => x.contentType === 'application/vnd.microsoft.card.oauth');
    expect(oauth?.content.text).toContain('Your sign-in has expired');

    // Signing in again through Teams brings the reviews back.
    const exchanged = await teams().invoke('signin/tokenExchange', {
      id: randomUUID(),
      connectionName: 'attest-sso',
      token: await ssoToken(),
    });
    expect(exchanged.invokeResponse?.status).toBe(200);
    expect(cardText(exchanged.sent)).toContain('Access reviews waiting for you');
  });

  it('drops a session whose access token Graph refuses (401) and asks to sign in again', async () => {
    const storage = createStorage(azurite.connectionString, env.STORAGE_CONTAINER);
    const key = `tokencache/${ALLAN.aadObjectId}`;
    const secret = Buffer.from(env.TOKEN_CACHE_KEY, 'base64');
    const item = (await storage.read([key]))[key] as { sealed: string };
    const cache = JSON.parse(open(secret, ALLAN.aadObjectId, item.sealed));
    for (const at of Object.values(cache.AccessToken as Record<string, Record<string, string>>))
      at.secret = 'not-a-token';
    await storage.write({ [key]: { sealed: seal(secret, ALLAN.aadObjectId, JSON.stringify(cache)), eTag: '*' } });

    const { sent } = await teams().say('reviews');
    const oauth = sent
      .flatMap((a) => a.attachments ?? [])
      .find((x) => x.contentType === 'application/vnd.microsoft.card.oauth');
    expect(oauth?.content.text).toContain('Your sign-in has expired');
    expect((await storage.read([key]))[key]).toBeUndefined();

    const exchanged = await teams().invoke('signin/tokenExchange', {
      id: randomUUID(),
      connectionName: 'attest-sso',
      token: await ssoToken(),
    });
    expect(cardText(exchanged.sent)).toContain('Access reviews waiting for you');
  });

  it('treats a cache sealed with another key as no session', async () => {
    const { sent } = await teams({ TOKEN_CACHE_KEY: randomBytes(32).toString('base64') }).say('reviews');
    expect(contentTypes(sent)).toEqual(['application/vnd.microsoft.card.oauth']);
  });

  it('answers 412 to a token exchange that fails, so Teams falls back to the sign-in button', async () => {
    const { invokeResponse } = await teams().invoke('signin/tokenExchange', {
      id: 'x',
      connectionName: 'attest-sso',
      token: 'not-a-token',
    });
    expect(invokeResponse?.status).toBe(412);
    expect(invokeResponse?.body.failureDetail).toBeTruthy();
  });

  it('signs out on request; card actions then ask Teams for a login, and work once Teams sends the token', async () => {
    const chat = teams();
    // Signed in and just used: signing out still takes effect at once on this instance.
    expect(contentTypes((await chat.say('reviews')).sent)).toEqual(['application/vnd.microsoft.card.adaptive']);
    expect((await chat.say('sign out')).sent[0].text).toContain('signed out');
    const action = { action: { type: 'Action.Execute', verb: 'reviews', data: {} }, trigger: 'manual' };
    const login = await chat.invoke('adaptiveCard/action', action);
    expect(login.invokeResponse?.body).toMatchObject({
      statusCode: 401,
      type: 'application/vnd.microsoft.activity.loginRequest',
    });
    expect(login.invokeResponse?.body.value.tokenExchangeResource.uri).toBe(`api://botid-${lt().apps[0].clientId}`);

    const withToken = await chat.invoke('adaptiveCard/action', {
      ...action,
      authentication: { id: randomUUID(), connectionName: 'attest-sso', token: await ssoToken() },
    });
    expect(withToken.invokeResponse?.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
    });
    expect(JSON.stringify(withToken.invokeResponse?.body.value)).toContain('Access reviews waiting for you');

    const bad = await chat.invoke('adaptiveCard/action', { ...action, authentication: { token: 'expired-or-forged' } });
    expect(bad.invokeResponse?.body).toMatchObject({
      statusCode: 412,
      type: 'application/vnd.microsoft.error.preconditionFailed',
    });
  });
});
