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
    expect(message).toContain('PAGE_SIZE must be a whole number from 1 to 15');
    expect(message).toContain('AAD_APP_CLIENT_SECRET is missing');
  });

  it('requires the bot password outside local mode, and binds local mode to loopback', () => {
    expect(() => loadConfig({ ...base, BOT_PASSWORD: '' })).toThrow(/BOT_PASSWORD is missing/);
    const local = loadConfig({
      ...base,
      BOT_ID: '',
      BOT_PASSWORD: '',
      ATTEST_MODE: 'local',
      LOCAL_SSO_URL: 'https://localhost:5443',
      HOST: '0.0.0.0',
    });
    expect(local.localMode).toBe(true);
    expect(local.host).toBe('127.0.0.1');
    expect(local.bot.appId).toBeUndefined();
  });

  it('refuses a plain-http Graph or authority host', () => {
    expect(() => loadConfig({ ...base, GRAPH_BASE_URL: 'http://localhost:5443' })).toThrow(
      /GRAPH_BASE_URL must be an https/,
    );
  });
});
