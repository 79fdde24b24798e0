import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_REVIEW_SCOPES, ASSIGNMENT_DETAIL_SCOPES, GRAPH_SCOPES, graphScopes } from '../../src/auth/tokenService';
import { ConfigError, loadConfig } from '../../src/config';
import { parseEnvFile } from '../../scripts/envFiles';

/**
 * The Azure deployment (teamsapp.yml, infra/, aad.manifest.json, env/.env.dev) checked against itself and against the
 * settings the bot reads, without the Bicep CLI: the toolkit compiles infra/azure.bicep at provision (docs/deploy.md
 * says why it is not compiled here). A mismatch here is a provision that fails, or a bot that starts and cannot sign
 * anyone in.
 */

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const bicep = read('infra/azure.bicep');
const parameterValues: Record<string, string> = Object.fromEntries(
  Object.entries(JSON.parse(read('infra/azure.parameters.json')).parameters as Record<string, { value: string }>).map(
    ([name, p]) => [name, p.value],
  ),
);
const teamsapp = read('teamsapp.yml');
const envDevText = read('env/.env.dev');
const aadManifest = JSON.parse(read('aad.manifest.json'));
const teamsManifest = JSON.parse(read('appPackage/manifest.json'));

/** Each `param name type [= default]` line with the decorators above it. */
function bicepParams(): { name: string; hasDefault: boolean; secure: boolean }[] {
  const params: { name: string; hasDefault: boolean; secure: boolean }[] = [];
  let decorators: string[] = [];
  for (const line of bicep.split('\n')) {
    const param = /^param (\w+) \w+( =.*)?$/.exec(line);
    if (param) params.push({ name: param[1], hasDefault: !!param[2], secure: decorators.includes('@secure()') });
    decorators = line.startsWith('@') ? [...decorators, line.trim()] : [];
  }
  return params;
}

/** The text between an opening bracket at `open` and its matching closing bracket. */
function enclosed(text: string, open: number): string {
  const pairs: Record<string, string> = { '[': ']', '{': '}' };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === stack[stack.length - 1] && stack.pop() && stack.length === 0) return text.slice(open + 1, i);
  }
  throw new Error(`unbalanced brackets from offset ${open}`);
}

/** The body of the first resource of this type, e.g. 'Microsoft.Web/sites'. */
function resourceBody(type: string): string {
  const at = bicep.search(new RegExp(`^resource \\w+ '${type.replace(/\//g, '\\/')}@`, 'm'));
  if (at < 0) throw new Error(`no ${type} in infra/azure.bicep`);
  return enclosed(bicep, bicep.indexOf('{', at));
}

/** The value expression of `key:` directly in a body (the first one). */
function property(body: string, key: string): string {
  const m = new RegExp(`^\\s*${key}: (.+)$`, 'm').exec(body);
  if (!m) throw new Error(`no ${key}: in ${body.slice(0, 60)}`);
  return m[1].trim();
}

/** The web app's settings: name -> Bicep value expression. */
function appSettings(): Map<string, string> {
  const body = resourceBody('Microsoft.Web/sites');
  const list = enclosed(body, body.indexOf('[', body.indexOf('appSettings:')));
  return new Map([...list.matchAll(/name: '([^']+)'\s*\n\s*value: (.+)/g)].map((m) => [m[1], m[2].trim()]));
}

/**
 * What a Bicep string expression becomes with the values infra/azure.parameters.json passes: string literals with
 * `${...}`, variables and parameters (all this file's SSO and setting expressions are of these kinds).
 */
function evaluate(expression: string): string {
  if (/^\w+$/.test(expression)) {
    const variable = new RegExp(`^var ${expression} = (.+)$`, 'm').exec(bicep);
    if (variable) return evaluate(variable[1].trim());
    if (expression in parameterValues) return parameterValues[expression];
    throw new Error(`${expression} is neither a variable nor a parameter the toolkit passes`);
  }
  const literal = /^'(.*)'$/.exec(expression);
  if (!literal) throw new Error(`not a string expression: ${expression}`);
  return literal[1].replace(/\$\{(\w+)\}/g, (_, inner: string) => evaluate(inner));
}

/** Names the toolkit expands as ${{NAME}} in a file. */
const placeholders = (text: string) => [...text.matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]);

describe('the Azure deployment', () => {
  it('gives azure.bicep exactly the parameters it declares, and every one it cannot do without', () => {
    const declared = bicepParams();
    const names = declared.map((p) => p.name);
    expect(Object.keys(parameterValues).filter((name) => !names.includes(name))).toEqual([]);
    const required = declared.filter((p) => !p.hasDefault).map((p) => p.name);
    expect(required.filter((name) => !(name in parameterValues))).toEqual([]);
    expect(required).toEqual(expect.arrayContaining(['botAadAppClientId', 'aadAppClientSecret', 'tokenCacheKey']));
  });

  it('expands only names that env/.env.dev sets or explains, or that a provision step writes', () => {
    const env = parseEnvFile(envDevText, 'env/.env.dev');
    const explained = envDevText
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .flatMap((line) => line.match(/\b[A-Z][A-Z0-9_]{2,}\b/g) ?? []);
    const written = [
      ...[...teamsapp.matchAll(/^\s+\w+: ([A-Z][A-Z0-9_]+)$/gm)].map((m) => m[1]),
      ...[...bicep.matchAll(/^output (\w+) /gm)].map((m) => m[1]),
    ];
    const known = new Set([...Object.keys(env), ...explained, ...written]);
    const used = [
      'teamsapp.yml',
      'infra/azure.parameters.json',
      'aad.manifest.json',
      'appPackage/manifest.json',
    ].flatMap((file) => placeholders(read(file)).map((name) => `${name} (${file})`));
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((entry) => !known.has(entry.split(' ')[0]))).toEqual([]);
    // Provision needs the token cache key from the operator: the file says where it goes and how to make one.
    expect(envDevText).toMatch(/SECRET_TOKEN_CACHE_KEY.*openssl rand -base64 32/);
  });

  it('gives App Service only settings the bot reads, and every setting it cannot start without', () => {
    const settings = appSettings();
    const config = read('src/config.ts');
    const namesRead = new Set(
      [...config.matchAll(/env\.([A-Z][A-Z0-9_]*)|'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1] ?? m[2]),
    );
    // WEBSITE_* and SCM_* are App Service's own settings, NODE_OPTIONS is Node's.
    const unread = [...settings.keys()].filter(
      (name) => !namesRead.has(name) && !/^(WEBSITE|SCM)_/.test(name) && name !== 'NODE_OPTIONS',
    );
    expect(unread).toEqual([]);

    let message = '';
    try {
      loadConfig({});
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    const requiredInAzure = [...message.matchAll(/^- ([A-Z][A-Z0-9_]+) is missing/gm)].map((m) => m[1]);
    expect(requiredInAzure).toEqual(expect.arrayContaining(['BOT_ID', 'TOKEN_CACHE_KEY', 'STORAGE_CONNECTION_STRING']));
    expect(requiredInAzure.filter((name) => !settings.has(name))).toEqual([]);
  });

  it('sets literal values the bot accepts: Azure mode, a single-tenant bot', () => {
    const literal = Object.fromEntries(
      [...appSettings()]
        .filter(([name, value]) => /^'[^'$]*'$/.test(value) && !/^(WEBSITE|SCM)_/.test(name) && name !== 'NODE_OPTIONS')
        .map(([name, value]) => [name, value.slice(1, -1)]),
    );
    const config = loadConfig({
      BOT_ID: '2a1f5c7e-8d4b-4e6a-9c3f-1b7d9e0a4c21',
      BOT_PASSWORD: 'secret',
      AAD_APP_CLIENT_ID: '6d1e9f3a-2b7c-4e8d-a5f0-3c9b8e7d6a51',
      AAD_APP_CLIENT_SECRET: 'secret',
      AAD_APP_TENANT_ID: 'f9a44fab-6764-4166-aac0-c8aca790a100',
      STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      TOKEN_CACHE_KEY: Buffer.alloc(32, 7).toString('base64'),
      ...literal,
    });
    expect(literal).toMatchObject({ ATTEST_MODE: 'azure', BOT_TYPE: 'SingleTenant' });
    expect(config.localMode).toBe(false);
    expect(config.bot.appType).toBe('SingleTenant');
  });

  it('runs what npm run build produces, on the Node the project needs, behind /readyz', () => {
    const site = resourceBody('Microsoft.Web/sites');
    const build = JSON.parse(read('tsconfig.build.json')).compilerOptions;
    expect(build.rootDir).toBe('src');
    expect(property(site, 'appCommandLine')).toBe(`'node ${build.outDir}/index.js'`);
    const engines = JSON.parse(read('package.json')).engines.node as string;
    expect(property(site, 'linuxFxVersion')).toBe(`'NODE|${engines.replace(/\D/g, '')}-lts'`);
    expect(property(site, 'healthCheckPath')).toBe("'/readyz'");
    expect(property(site, 'httpsOnly')).toBe('true');
    expect(property(site, 'alwaysOn')).toBe('true');
    expect(property(site, 'minTlsVersion')).toBe("'1.2'");
  });

  it('keeps every secret in the Key Vault: App Service holds only references', () => {
    const settings = appSettings();
    for (const name of ['BOT_PASSWORD', 'AAD_APP_CLIENT_SECRET', 'TOKEN_CACHE_KEY', 'STORAGE_CONNECTION_STRING']) {
      expect(settings.get(name)).toMatch(/^'@Microsoft\.KeyVault\(SecretUri=\$\{\w+\.properties\.secretUri\}\)'$/);
    }
    const secure = bicepParams()
      .filter((p) => p.secure)
      .map((p) => p.name);
    expect(secure.sort()).toEqual(['aadAppClientSecret', 'botAadAppClientSecret', 'tokenCacheKey']);
    for (const name of secure) expect(parameterValues[name]).toMatch(/^\$\{\{SECRET_\w+\}\}$/);
  });

  it('points Teams SSO, the Entra app and the OAuth connection at one Application ID URI', () => {
    const connection = resourceBody('Microsoft.BotService/botServices/connections');
    const tokenExchangeUrl = /key: 'tokenExchangeUrl'\s*\n\s*value: (.+)/.exec(connection)?.[1].trim() ?? "''";
    const uri = 'api://botid-${{BOT_ID}}';
    expect(aadManifest.identifierUris).toEqual([uri]);
    expect(teamsManifest.webApplicationInfo).toEqual({ id: aadManifest.appId, resource: uri });
    expect(evaluate(tokenExchangeUrl)).toBe(uri);
    // The consent fallback signs in through the connection for the same API, so its token can be exchanged too.
    expect(evaluate(property(connection, 'scopes')).split(' ')).toContain(`${uri}/access_as_user`);
    expect(aadManifest.oauth2Permissions.map((p: { value: string }) => p.value)).toEqual(['access_as_user']);
    expect(evaluate(property(connection, 'clientId'))).toBe(aadManifest.appId);
    expect(aadManifest.replyUrlsWithType.map((r: { url: string }) => r.url)).toContain(
      'https://token.botframework.com/.auth/web/redirect',
    );
    // The bot asks for the connection that provision created.
    expect(evaluate(appSettings().get('SSO_CONNECTION_NAME') ?? "''")).toBe(evaluate(property(connection, 'name')));
  });

  it('asks an administrator to consent to exactly the Graph permissions the bot requests', () => {
    const graph = aadManifest.requiredResourceAccess.find(
      (r: { resourceAppId: string }) => r.resourceAppId === 'Microsoft Graph',
    );
    const listed = graph.resourceAccess.map((a: { id: string; type: string }) => `${a.type}:${a.id}`).sort();
    // What the bot asks for as provisioned: ASSIGNMENT_DETAILS_ENABLED is off unless an administrator turns it on.
    const requested = graphScopes({ assignmentDetails: false }).map(
      (s) => `Scope:${s.replace('https://graph.microsoft.com/', '')}`,
    );
    // msal-node adds offline_access to every request: the refresh token background polling lives on.
    expect(listed).toEqual([...requested, 'Scope:offline_access'].sort());
  });

  it('asks for Application.Read.All only while reviews of applications are on', () => {
    expect(graphScopes({ assignmentDetails: false, appReviews: false })).toEqual(GRAPH_SCOPES);
    expect(graphScopes({ assignmentDetails: false })).toEqual([...GRAPH_SCOPES, ...APP_REVIEW_SCOPES]);
  });

  it('says which permissions to add before turning assignment details on, exactly the ones the bot then asks for', () => {
    const extra = graphScopes({ assignmentDetails: true }).filter(
      (s) => !graphScopes({ assignmentDetails: false }).includes(s),
    );
    expect(extra).toEqual(ASSIGNMENT_DETAIL_SCOPES);
    const deploy = read('docs/deploy.md');
    const section = deploy.slice(deploy.indexOf('ASSIGNMENT_DETAILS_ENABLED'));
    const listed = [...section.matchAll(/\{ "id": "([\w.]+)", "type": "Scope" \}/g)].map((m) => m[1]);
    expect(listed).toEqual(extra.map((s) => s.replace('https://graph.microsoft.com/', '')));
    const readme = read('README.md');
    for (const s of extra) expect(readme).toContain(s.replace('https://graph.microsoft.com/', ''));
  });
});
