import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { neverLogged } from './logs';

/**
 * What a log line must never hold, and what it must: checked over every line the bots wrote during a test run.
 * Shorter recorded values are left out: "Approve" or "14" appear in log lines for reasons of their own.
 */
export const MIN_SECRET = 8;
export const MIN_SENT = 12;

export interface Forbidden {
  /** Secrets the bots were configured with. */
  secrets: string[];
  /** Texts, justifications and card inputs the tests sent, and SSO tokens. */
  sent: string[];
}

const JWT = /eyJ[\w-]{4,}\.eyJ[\w-]{4,}/;
const BEARER = /bearer\s/i;
/** An authorization header or field with a value other than the logger's redaction mark (REDACTED). */
const AUTHORIZATION = /authorization"?\s*[:=]\s*(?!"?\[redacted\])\S/i;
/** Fields that say a line is about a turn, a job or a person: such a line belongs to a unit of work. */
const UNIT_OF_WORK_FIELDS = ['activityId', 'job', 'userId'];

/** Every string in a parsed line, keys included, so that escaping in the JSON text hides nothing. */
function stringsOf(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) node.forEach((v) => stringsOf(v, out));
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      out.push(k);
      stringsOf(v, out);
    }
  return out;
}

/**
 * The problems of one line: a log line (`json`) must be a JSON object with level, time and msg, and a correlationId
 * when it is about a turn, a job or a person; any line (stderr too) must hold no token, authorization header, secret
 * or sent value.
 */
export function scanLine(line: string, forbidden: Forbidden, json = true): string[] {
  const problems: string[] = [];
  let text = line;
  if (json) {
    let parsed: Record<string, unknown> | undefined;
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
    } catch {
      parsed = undefined;
    }
    if (!parsed) return ['not a JSON object'];
    for (const field of ['level', 'time', 'msg']) if (typeof parsed[field] !== 'string') problems.push(`no ${field}`);
    const about = UNIT_OF_WORK_FIELDS.filter((f) => f in parsed);
    if (about.length && typeof parsed.correlationId !== 'string')
      problems.push(`about ${about.join(', ')} but no correlationId`);
    text = `${line}\n${stringsOf(parsed).join('\n')}`;
  }
  if (JWT.test(text)) problems.push('a JWT');
  if (BEARER.test(text)) problems.push('a bearer token');
  if (AUTHORIZATION.test(text)) problems.push('an authorization header');
  if (forbidden.secrets.some((s) => s.length >= MIN_SECRET && text.includes(s)))
    problems.push('a secret the bot was configured with');
  if (forbidden.sent.some((s) => s.length >= MIN_SENT && text.includes(s)))
    problems.push('a text, justification or card input a person sent');
  return problems;
}

/** Scans every bot log (`.log`, JSON lines) and bot process stderr (`.stderr`) in a run's directory. */
export function scanLogDir(dir: string): { files: number; lines: number; problems: string[] } {
  const recorded = neverLogged(dir);
  const forbidden: Forbidden = { secrets: recorded.secret, sent: recorded.sent };
  const problems: string[] = [];
  let files = 0;
  let lines = 0;
  for (const name of readdirSync(dir).sort()) {
    const json = name.endsWith('.log');
    if (!json && !name.endsWith('.stderr')) continue;
    files++;
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line) return;
        lines++;
        for (const p of scanLine(line, forbidden, json)) problems.push(`${name}:${i + 1}: ${p}`);
      });
  }
  return { files, lines, problems };
}
