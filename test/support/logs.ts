import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { createLogger, Logger } from '../../src/logging';

/**
 * Every bot a test starts logs into this run's log directory (made by logRunSetup.ts, scanned by logRunCheck.ts after
 * the last test file): a file per bot, every level. Beside the logs, the tests record what must never appear in
 * them: the secrets the bots were given, and the texts and card inputs the tests sent.
 */
export const LOG_DIR_VARIABLE = 'ATTEST_TEST_LOG_DIR';

export function logDir(): string {
  const dir = process.env[LOG_DIR_VARIABLE];
  if (!dir) throw new Error(`${LOG_DIR_VARIABLE} is not set: run the tests through jest (jest.config.js sets it up)`);
  return dir;
}

export interface TestLog {
  log: Logger;
  /** The bot's log lines so far, parsed. */
  lines(): Record<string, unknown>[];
}

/** A logger for one bot in this process: every level, as JSON lines into a file of its own. */
export function testLogger(name = 'bot'): TestLog {
  const file = join(logDir(), `${name}-${randomUUID().slice(0, 8)}.log`);
  const log = createLogger('trace', pino.destination({ dest: file, sync: true, mkdir: true }));
  return { log, lines: () => readLines(file) };
}

function readLines(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Where a bot process's output goes: stdout (its log, JSON lines) and stderr (anything else) into two files. Outside
 * a test run (the benchmarks) there is no run directory, and the output is only kept for error messages.
 */
export function childLogFiles(name: string): ((line: string, stream: 'stdout' | 'stderr') => void) | undefined {
  if (!process.env[LOG_DIR_VARIABLE]) return undefined;
  const base = join(logDir(), `${name}-${randomUUID().slice(0, 8)}`);
  return (line, stream) => appendFileSync(stream === 'stdout' ? `${base}.log` : `${base}.stderr`, `${line}\n`);
}

export type NeverLogged = 'secret' | 'sent';

/**
 * Records values that must never appear in a log line: a secret a bot was given, or something a test sent. Outside a
 * test run (the benchmarks use this support too) there is no run directory and nothing to scan: nothing is recorded.
 */
export function neverLog(kind: NeverLogged, values: (string | undefined)[]): void {
  const dir = process.env[LOG_DIR_VARIABLE];
  const kept = values.filter((v): v is string => typeof v === 'string' && v !== '');
  if (!dir || !kept.length) return;
  appendFileSync(join(dir, `${kind}-${process.pid}.jsonl`), kept.map((v) => `${JSON.stringify(v)}\n`).join(''));
}

/** Every value recorded in a run's directory, by kind. */
export function neverLogged(dir: string): Record<NeverLogged, string[]> {
  const out: Record<NeverLogged, Set<string>> = { secret: new Set(), sent: new Set() };
  for (const name of readdirSync(dir)) {
    const kind = /^(secret|sent)-\d+\.jsonl$/.exec(name)?.[1] as NeverLogged | undefined;
    if (!kind) continue;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean))
      out[kind].add(JSON.parse(line) as string);
  }
  return { secret: [...out.secret], sent: [...out.sent] };
}

/** The ids of the inputs on Attest's cards (and `choice_{i}`, the review card's one per person). */
const CARD_INPUTS: Set<string> = (() => {
  const ids = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') ids.add(n.id);
      Object.values(n).forEach(walk);
    }
  };
  const cards = resolve(__dirname, '..', '..', 'cards');
  for (const name of readdirSync(cards).filter((f) => f.endsWith('.json')))
    walk(JSON.parse(readFileSync(join(cards, name), 'utf8')));
  return ids;
})();

const isCardInput = (key: string) => CARD_INPUTS.has(key) || /^choice_\d+$/.test(key);

/** What an activity a test sends carries from a person: the message text, the card's inputs, an SSO token. */
export function sentByPerson(activity: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof activity.text === 'string') out.push(activity.text);
  const value = activity.value as { action?: { data?: unknown }; authentication?: { token?: unknown } } | undefined;
  const data = value?.action?.data;
  if (data && typeof data === 'object') {
    for (const [key, v] of Object.entries(data)) {
      if (!isCardInput(key)) continue;
      if (typeof v === 'string') out.push(v);
      else if (Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === 'string'));
    }
  }
  if (typeof value?.authentication?.token === 'string') out.push(value.authentication.token);
  return out;
}
