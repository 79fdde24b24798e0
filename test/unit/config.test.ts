import { ConfigError, loadConfig } from '../../src/config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const base = {
  BOT_ID: '2a1f5c7e-8d4b-4e6a-9c3f-1b7d9e0a4c21',
  BOT_PASSWORD: 'secret',
  AAD_APP_CLIENT_ID: '2a1f5c7e-8d4b-4e6a-9c3f-1b7d9e0a4c21',
  AAD_APP_CLIENT_SECRET: 'secret',
  AAD_APP_TENANT_ID: 'f9a44fab-6764-4166-aac0-c8aca790a100',
  STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
  TOKEN_CACHE_KEY: KEY,
};

describe('loadConfig', () => {
  it('reads a complete Azure configuration with defaults', () => {
    const c = loadConfig(base);
    expect(c.localMode).toBe(false);
    expect(c.aad.authority).toBe('https://login.microsoftonline.com/f9a44fab-6764-4166-aac0-c8aca790a100');
    expect(c.graph).toMatchObject({ baseUrl: 'https://graph.microsoft.com', listMode: 'beta' });
    expect(c.pageSize).toBe(10);
    expect(c.host).toBe('0.0.0.0');
    expect(c.assignmentDetails).toBe(false);
  });

  it('turns assignment details on only when asked, and names a bad value', () => {
    expect(loadConfig({ ...base, ASSIGNMENT_DETAILS_ENABLED: 'true' }).assignmentDetails).toBe(true);
    expect(loadConfig({ ...base, ASSIGNMENT_DETAILS_ENABLED: ' FALSE ' }).assignmentDetails).toBe(false);
    expect(() => loadConfig({ ...base, ASSIGNMENT_DETAILS_ENABLED: 'yes' })).toThrow(
      'ASSIGNMENT_DETAILS_ENABLED must be "true" or "false", got "yes"',
    );
  });

  it('keeps reviews of applications on unless turned off, and names a bad value', () => {
    expect(loadConfig(base).appReviews).toBe(true);
    expect(loadConfig({ ...base, APP_REVIEWS_ENABLED: 'false' }).appReviews).toBe(false);
    expect(() => loadConfig({ ...base, APP_REVIEWS_ENABLED: 'off' })).toThrow(
      'APP_REVIEWS_ENABLED must be "true" or "false", got "off"',
    );
  });

  it('names every missing or bad setting and what it expects', () => {
    let message = '';
    try {
      loadConfig({
        ...base,
        BOT_ID: 'not-a-guid',
        TOKEN_CACHE_KEY: 'c2hvcnQ=',
        PAGE_SIZE: '500',
        AAD_APP_CLIENT_SECRET: '',
      });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('BOT_ID must be');
    expect(message).toContain('TOKEN_CACHE_KEY must be 32 bytes');
    expect(message).toContain('PAGE_SIZE must be a whole number from 1 to 10');
    expect(message).toContain('AAD_APP_CLIENT_SECRET is missing');
  });

  /** The message start-up stops with, or '' when the settings are accepted. */
  function refusal(env: Record<string, string>): string {
    try {
      loadConfig(env);
      return '';
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
  }

  const local = {
    ...base,
    BOT_PASSWORD: '',
    ATTEST_MODE: 'local',
    LOCAL_SSO_URL: 'https://localhost:5443',
  };

  it('in Azure mode, names every missing required setting at once', () => {
    const message = refusal({
      AAD_APP_CLIENT_ID: base.AAD_APP_CLIENT_ID,
      AAD_APP_CLIENT_SECRET: base.AAD_APP_CLIENT_SECRET,
      AAD_APP_TENANT_ID: base.AAD_APP_TENANT_ID,
    });
    expect(message).toContain('BOT_ID is missing');
    expect(message).toContain('BOT_PASSWORD is missing');
    expect(message).toContain('TOKEN_CACHE_KEY is missing');
    expect(message).toContain('STORAGE_CONNECTION_STRING is missing');
    // Azure mode is the default: nothing here asked for it.
    for (const name of ['BOT_ID', 'BOT_PASSWORD', 'TOKEN_CACHE_KEY', 'STORAGE_CONNECTION_STRING']) {
      expect(refusal({ ...base, [name]: '' })).toContain(`${name} is missing`);
    }
  });

  it('with a managed identity, needs its client id as BOT_ID and refuses a bot password', () => {
    const msi = { ...base, BOT_TYPE: 'UserAssignedMSI', BOT_PASSWORD: '' };
    const c = loadConfig(msi);
    expect(c.bot).toMatchObject({ appType: 'UserAssignedMSI', appId: base.BOT_ID, tenantId: base.AAD_APP_TENANT_ID });
    expect(c.bot.appPassword).toBeUndefined();
    expect(refusal({ ...msi, BOT_ID: '' })).toMatch(
      /BOT_ID is missing: expected the client id of the bot's user-assigned managed identity/,
    );
    const withPassword = refusal({ ...msi, BOT_PASSWORD: 'a-real-looking-secret' });
    expect(withPassword).toContain('BOT_PASSWORD must not be set with BOT_TYPE=UserAssignedMSI');
    expect(withPassword).not.toContain('a-real-looking-secret');
  });

  it('never echoes a secret it refuses', () => {
    const message = refusal({ ...base, BOT_ID: '', TOKEN_CACHE_KEY: 'dG9vLXNob3J0LXNlY3JldA==' });
    expect(message).toContain('TOKEN_CACHE_KEY must be 32 bytes');
    expect(message).not.toContain('dG9vLXNob3J0LXNlY3JldA==');
    expect(message).not.toContain(base.STORAGE_CONNECTION_STRING);
  });

  it('in local mode, listens on 127.0.0.1 unless HOST names another loopback address', () => {
    const c = loadConfig(local);
    expect(c.localMode).toBe(true);
    expect(c.host).toBe('127.0.0.1');
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', 'localhost', 'LOCALHOST']) {
      expect(loadConfig({ ...local, HOST: host }).host).toBe(host);
    }
  });

  it.each([['0.0.0.0'], ['::'], ['10.1.2.3'], ['192.168.0.7'], ['128.0.0.1'], ['::2'], ['attest.example.com']])(
    'in local mode, refuses HOST=%s, which other machines may reach',
    (host) => {
      expect(refusal({ ...local, HOST: host })).toContain(`HOST must be a loopback address in local mode`);
    },
  );

  it('refuses local mode next to bot credentials, which only a real bot registration has', () => {
    const withPassword = refusal({ ...local, BOT_PASSWORD: 'a-real-looking-secret' });
    expect(withPassword).toContain('ATTEST_MODE is "local" but BOT_PASSWORD is set');
    expect(withPassword).not.toContain('a-real-looking-secret');
    expect(refusal({ ...local, BOT_TYPE: 'UserAssignedMSI' })).toContain(
      'ATTEST_MODE is "local" but BOT_TYPE is UserAssignedMSI',
    );
  });

  it("checks the Bot Framework channel's tokens against the public cloud's keys unless told otherwise", () => {
    expect(loadConfig(base).bot.openIdMetadataUrl).toBe(
      'https://login.botframework.com/v1/.well-known/openidconfiguration',
    );
    const sovereign = 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration';
    expect(loadConfig({ ...base, BOT_OPENID_METADATA_URL: sovereign }).bot.openIdMetadataUrl).toBe(sovereign);
    expect(refusal({ ...base, BOT_OPENID_METADATA_URL: 'http://keys.example.com/openid' })).toContain(
      'BOT_OPENID_METADATA_URL must be an https:// URL',
    );
  });

  it('refuses a plain-http Graph or authority host', () => {
    expect(() => loadConfig({ ...base, GRAPH_BASE_URL: 'http://localhost:5443' })).toThrow(
      /GRAPH_BASE_URL must be an https/,
    );
  });
});

describe('LOG_LEVEL', () => {
  it('is info unless set, and takes any of pino’s levels', () => {
    expect(loadConfig(base).logLevel).toBe('info');
    expect(loadConfig({ ...base, LOG_LEVEL: 'Debug' }).logLevel).toBe('debug');
    expect(loadConfig({ ...base, LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
  });

  it('stops start-up on anything else, naming the setting and what it takes', () => {
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'verbose' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'verbose' })).toThrow(
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"/,
    );
  });
});
