import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { EnvValues, expandEnvValues, readEnvFile } from './envFiles';
import { FIRST_CONTACT_APP_PERMISSIONS } from '../src/auth/appTokens';
import { acceptsConnections, Child, describeExit, httpStatus, portIsFree, startChild, waitUntil } from './processes';

/**
 * npm start: everything a new user needs to try Attest on this machine, with one command and no Azure account.
 *   1. Azurite (storage)   2. the local tenant (Entra, Graph)   3. the bot   4. the Microsoft 365 Agents Playground
 * Ctrl-C stops all of it. Settings: env/.env.local (the bot), env/.env.playground (the Playground),
 * .m365agentsplayground.yml (who you are). Ports and the bot command can be overridden from the environment:
 * AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT, LOCALTENANT_PORT, BOT_PORT, TEAMSAPPTESTER_PORT,
 * ATTEST_BOT_COMMAND (default "npx ts-node --transpile-only src/index.ts").
 */

const ROOT = join(__dirname, '..');
const DEFAULT_BOT_COMMAND = 'npx ts-node --transpile-only src/index.ts';
/** Generous: ts-node compiles on start and these machines are small and shared. */
const READY_TIMEOUT_MS = Number(process.env.ATTEST_READY_TIMEOUT_MS ?? 180_000);
/** Secrets the bot needs that must survive restarts (Azurite keeps the token cache they protect). */
const PERSISTENT_SECRETS: Record<string, () => string> = {
  TOKEN_CACHE_KEY: () => randomBytes(32).toString('base64'),
};

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const COLOURS: Record<string, number> = { azurite: 36, tenant: 35, bot: 32, playground: 34, attest: 1 };
function tag(name: string): string {
  const label = `[${name}]`.padEnd(13);
  return useColour ? `\x1b[${COLOURS[name] ?? 0}m${label}\x1b[0m` : label;
}
function say(message: string): void {
  console.log(`${tag('attest')}${message}`);
}
function printer(name: string) {
  return (line: string, stream: 'stdout' | 'stderr') =>
    (stream === 'stderr' ? process.stderr : process.stdout).write(`${tag(name)}${line}\n`);
}

function portSetting(name: string, fallback: number, file: EnvValues = {}): number {
  const raw = process.env[name] ?? file[name];
  const port = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a port number, got "${raw}"`);
  return port;
}

/** Splits a command line on spaces, keeping "quoted parts" together; enough for ATTEST_BOT_COMMAND. */
function splitCommand(command: string): string[] {
  return (command.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((p) => p.replace(/^(["'])(.*)\1$/, '$2'));
}

/** env/.env.local.user: made on first run with the persistent secrets; personal overrides go there too. */
function ensureLocalSecrets(userFile: string, known: EnvValues): EnvValues {
  const existing = readEnvFile(userFile, { optional: true });
  const missing = Object.keys(PERSISTENT_SECRETS).filter((k) => !existing[k] && !known[k] && !process.env[k]);
  if (missing.length) {
    const header = existsSync(userFile)
      ? ''
      : '# Secrets for `npm start`, made by scripts/start-local.ts on first run. Git-ignored: never commit it.\n';
    appendFileSync(userFile, header + missing.map((k) => `${k}=${PERSISTENT_SECRETS[k]()}\n`).join(''), {
      mode: 0o600,
    });
  }
  return readEnvFile(userFile, { optional: true });
}

/** Who the Playground says you are: currentUser in .m365agentsplayground.yml (read with a regex, no YAML parser). */
function playgroundUser(configPath: string): string {
  try {
    const text = readFileSync(configPath, 'utf8');
    const block = text.split(/^currentUser:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
    const field = (key: string) =>
      block
        .match(new RegExp(`^\\s+${key}:\\s*(.+)$`, 'm'))?.[1]
        ?.trim()
        .replace(/^(["'])(.*)\1$/, '$2');
    const name = field('name');
    const upn = field('userPrincipleName');
    if (name) return upn ? `${name} (${upn})` : name;
  } catch {
    // fall through
  }
  return 'the currentUser of .m365agentsplayground.yml';
}

const children: Child[] = [];
let stopping = false;

/** Stops the children in the reverse order of their start, each with its whole process group, then exits. */
async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const child of [...children].reverse()) await child.stop();
  if (code === 0) say('Stopped.');
  process.exit(code);
}

let firstSignalAt = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) {
      // `npm start` forwards the terminal's Ctrl-C, so one press can arrive twice: only a later one means "now".
      if (Date.now() - firstSignalAt > 1000) for (const child of children) void child.stop(0);
      return;
    }
    firstSignalAt = Date.now();
    console.log('');
    say('Stopping…');
    void stopAll(0);
  });
}

/** Starts a child whose lines are printed with its name; if it dies on its own, everything stops. */
function start(
  name: string,
  command: string[],
  env: NodeJS.ProcessEnv,
  opts: { noise?: RegExp[]; explainExit?: () => void } = {},
): Child {
  const child = startChild({
    name,
    command: command[0],
    args: command.slice(1),
    cwd: ROOT,
    env,
    noise: opts.noise,
    onLine: printer(name),
  });
  children.push(child);
  child.exited.then((e) => {
    if (stopping) return;
    opts.explainExit?.();
    say(`${name} (${command.join(' ')}) stopped unexpectedly (${describeExit(e)}); stopping everything.`);
    void stopAll(1);
  });
  return child;
}

async function main(): Promise<void> {
  const ports = {
    AZURITE_BLOB_PORT: portSetting('AZURITE_BLOB_PORT', 10000),
    AZURITE_QUEUE_PORT: portSetting('AZURITE_QUEUE_PORT', 10001),
    AZURITE_TABLE_PORT: portSetting('AZURITE_TABLE_PORT', 10002),
    LOCALTENANT_PORT: portSetting('LOCALTENANT_PORT', 5443),
    BOT_PORT: portSetting('BOT_PORT', 3978),
  };
  const playgroundFile = readEnvFile(join(ROOT, 'env', '.env.playground'));
  const playgroundPort = portSetting('TEAMSAPPTESTER_PORT', 56150, playgroundFile);
  const botCommand = splitCommand(process.env.ATTEST_BOT_COMMAND || DEFAULT_BOT_COMMAND);
  if (!botCommand.length) throw new Error('ATTEST_BOT_COMMAND is empty');

  // Fail before starting anything when a fixed port is taken (often: a previous run or another Azurite).
  for (const [name, port] of Object.entries(ports)) {
    if (!(await portIsFree(port))) {
      throw new Error(`port ${port} (${name}) is in use: stop whatever holds it, or set ${name} to another port`);
    }
  }

  const vars: EnvValues = Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)]));
  const localFile = readEnvFile(join(ROOT, 'env', '.env.local'));
  const userFile = ensureLocalSecrets(join(ROOT, 'env', '.env.local.user'), localFile);
  const botSettings = expandEnvValues({ ...localFile, ...userFile }, { ...process.env, ...vars } as EnvValues, 'env');
  const botSecret = randomBytes(32).toString('base64url');

  // 0. The local CA, before anything that must trust it starts.
  say('Preparing the local certificate authority…');
  const caTool = startChild({
    name: 'ca',
    command: 'npx',
    args: ['ts-node', '--transpile-only', 'scripts/local-ca.ts'],
    cwd: ROOT,
    onLine: (line, stream) => stream === 'stderr' && printer('ca')(line, stream),
  });
  const caExit = await caTool.exited;
  const caPath = caTool
    .recentOutput(5)
    .map((l) => l.trim())
    .reverse()
    .find((l) => l.endsWith('.pem') && existsSync(l));
  if (caExit.code !== 0 || !caPath) {
    throw new Error(`scripts/local-ca.ts failed (${describeExit(caExit)}):\n${caTool.recentOutput(10).join('\n')}`);
  }
  const ca = readFileSync(caPath);
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: caPath };

  // 1. Azurite.
  mkdirSync(join(ROOT, '.localdata', 'azurite'), { recursive: true });
  const azurite = start(
    'azurite',
    [
      join(ROOT, 'node_modules', '.bin', 'azurite'),
      '--silent',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--location',
      '.localdata/azurite',
      '--blobPort',
      vars.AZURITE_BLOB_PORT,
      '--queuePort',
      vars.AZURITE_QUEUE_PORT,
      '--tablePort',
      vars.AZURITE_TABLE_PORT,
    ],
    baseEnv,
    {
      noise: [
        /service is starting at/,
        /service is successfully listening at/,
        /service is closing/,
        /successfully closed/,
      ],
    },
  );
  for (const port of [ports.AZURITE_BLOB_PORT, ports.AZURITE_QUEUE_PORT, ports.AZURITE_TABLE_PORT]) {
    await waitUntil(`Azurite listening on ${port}`, () => acceptsConnections(port), {
      timeoutMs: READY_TIMEOUT_MS,
      child: azurite,
    });
  }
  say(
    `Azurite is up (blob ${ports.AZURITE_BLOB_PORT}, queue ${ports.AZURITE_QUEUE_PORT}, table ${ports.AZURITE_TABLE_PORT}).`,
  );

  // 2. The local tenant.
  const tenantUrl = `https://localhost:${ports.LOCALTENANT_PORT}`;
  // First contact on: the admin's consent to the bot app's application permissions, and Teams (the local Bot
  // Connector) knows the bot's endpoint, so that adding Attest for someone through Graph reaches the bot.
  const firstContact = botSettings.FIRST_CONTACT_ENABLED?.trim().toLowerCase() === 'true';
  const tenant = start(
    'tenant',
    [
      'npx',
      'ts-node',
      '--transpile-only',
      'localtenant/cli.ts',
      ...(firstContact ? [`--bot-application-permissions=${FIRST_CONTACT_APP_PERMISSIONS.join(',')}`] : []),
    ],
    {
      ...baseEnv,
      LOCALTENANT_PORT: vars.LOCALTENANT_PORT,
      LOCALTENANT_BOT_SECRET: botSecret,
      ...(firstContact ? { LOCALTENANT_BOT_ENDPOINT: `http://127.0.0.1:${ports.BOT_PORT}/api/messages` } : {}),
    },
    { noise: [/^Ctrl-C stops it\.?$/] },
  );
  await waitUntil(
    `the local tenant answering ${tenantUrl}/_localtenant/clock`,
    async () => (await httpStatus(`${tenantUrl}/_localtenant/clock`, { ca })) === 200,
    { timeoutMs: READY_TIMEOUT_MS, child: tenant },
  );

  // 3. The bot.
  const botUrl = `http://127.0.0.1:${ports.BOT_PORT}`;
  const bot = start('bot', botCommand, {
    ...baseEnv,
    ...botSettings,
    AAD_APP_CLIENT_SECRET: botSecret,
    PORT: vars.BOT_PORT,
  });
  await waitUntil(`the bot answering ${botUrl}/healthz`, async () => (await httpStatus(`${botUrl}/healthz`)) === 200, {
    timeoutMs: READY_TIMEOUT_MS,
    child: bot,
  });

  // 4. The Agents Playground. Without a terminal it prints only "Listening on <port>" and logs to a file.
  const playgroundEnv: NodeJS.ProcessEnv = { ...baseEnv, TEAMSAPPTESTER_BROWSER: 'none', ...playgroundFile };
  const logFile = resolve(ROOT, playgroundEnv.M365_AGENTS_PLAYGROUND_LOGFILE ?? '.localdata/playground/playground.log');
  playgroundEnv.M365_AGENTS_PLAYGROUND_LOGFILE = logFile;
  const configPath = resolve(ROOT, playgroundEnv.M365_AGENTS_PLAYGROUND_CONFIG_PATH ?? '.m365agentsplayground.yml');
  playgroundEnv.M365_AGENTS_PLAYGROUND_CONFIG_PATH = configPath;
  const playground = start(
    'playground',
    [
      join(ROOT, 'node_modules', '.bin', 'agentsplayground'),
      '-e',
      `${botUrl}/api/messages`,
      '-c',
      'msteams',
      '-p',
      String(playgroundPort),
      '--dt',
    ],
    playgroundEnv,
    {
      noise: [/^Listening on \d+$/],
      // Its reasons are in its log file only: show them.
      explainExit: () => {
        if (!existsSync(logFile)) return;
        const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-15);
        tail.forEach((line) => printer('playground')(line, 'stderr'));
      },
    },
  );
  const listening = await playground.waitForLine(/^Listening on (\d+)$/, READY_TIMEOUT_MS);
  const playgroundUrl = `http://localhost:${listening[1]}`;
  await waitUntil(
    `the Playground answering ${playgroundUrl}/_debug/ping`,
    async () => (await httpStatus(`${playgroundUrl}/_debug/ping`)) === 200,
    { timeoutMs: READY_TIMEOUT_MS, child: playground },
  );

  const rel = (p: string) => relative(ROOT, p) || p;
  console.log('');
  say('Attest is running on this machine.');
  say(`  Open the Agents Playground:  ${playgroundUrl}`);
  say(`  Signed in as:                ${playgroundUser(configPath)}, Contoso (${botSettings.AAD_APP_TENANT_ID})`);
  say(`                               (to be someone else, see ${rel(configPath)})`);
  say(`  Bot:                         ${botUrl}/api/messages`);
  say(`  Local tenant (Entra, Graph): ${tenantUrl}`);
  say(`  Playground log:              ${rel(logFile)}`);
  say('Press Ctrl-C to stop everything.');
}

main().catch((err) => {
  // A child that died has already said so and is stopping everything.
  if (stopping) return;
  say(`Could not start: ${err instanceof Error ? err.message : err}`);
  void stopAll(1);
});
