import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The real entry point, as an operator starts it: with a setting missing or unsafe it stops at once with exit code 1,
 * naming each setting to fix, before it listens on anything, and without echoing any secret it was given.
 */
const ROOT = resolve(__dirname, '..', '..');

function startAttest(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/index.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    // A process that does not stop is listening: fail rather than wait for the test timeout.
    const timer = setTimeout(() => child.kill(), 100_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

const SECRETS = {
  AAD_APP_CLIENT_SECRET: 'client-secret-that-must-not-be-printed',
  BOT_PASSWORD: 'bot-password-that-must-not-be-printed',
  STORAGE_CONNECTION_STRING:
    'DefaultEndpointsProtocol=https;AccountName=attest;AccountKey=YWNjb3VudC1rZXktdGhhdC1tdXN0LW5vdC1iZS1wcmludGVk;',
};

describe('starting Attest', () => {
  it('in Azure mode without a bot id or token cache key, exits 1 naming both and printing no secret', async () => {
    const { code, output } = await startAttest({
      AAD_APP_CLIENT_ID: '2a1f5c7e-8d4b-4e6a-9c3f-1b7d9e0a4c21',
      AAD_APP_TENANT_ID: 'f9a44fab-6764-4166-aac0-c8aca790a100',
      ...SECRETS,
    });
    expect(code).toBe(1);
    expect(output).toContain('BOT_ID is missing');
    expect(output).toContain('TOKEN_CACHE_KEY is missing');
    expect(output).not.toContain('listening');
    for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
    expect(output).not.toContain('YWNjb3VudC1rZXktdGhhdC1tdXN0LW5vdC1iZS1wcmludGVk');
  }, 120_000);

  it('in local mode on an address other machines reach, exits 1 naming HOST', async () => {
    const { code, output } = await startAttest({
      ATTEST_MODE: 'local',
      HOST: '0.0.0.0',
      AAD_APP_CLIENT_ID: '2a1f5c7e-8d4b-4e6a-9c3f-1b7d9e0a4c21',
      AAD_APP_TENANT_ID: 'f9a44fab-6764-4166-aac0-c8aca790a100',
      AAD_APP_CLIENT_SECRET: SECRETS.AAD_APP_CLIENT_SECRET,
      STORAGE_CONNECTION_STRING: SECRETS.STORAGE_CONNECTION_STRING,
      TOKEN_CACHE_KEY: Buffer.alloc(32, 7).toString('base64'),
      LOCAL_SSO_URL: 'https://localhost:5443/_localtenant/dev/teams-sso-token',
    });
    expect(code).toBe(1);
    expect(output).toContain('HOST must be a loopback address in local mode');
    expect(output).not.toContain('listening');
  }, 120_000);
});
