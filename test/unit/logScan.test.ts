import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/logging';
import { Forbidden, scanLine, scanLogDir } from '../support/logScan';

/** The scan that runs over every bot log after the test run: it must catch what it is there to catch. */

const SECRET = 'local-tenant-client-secret-4f1c';
const JUSTIFICATION = 'Still works on the Contoso audit';
const forbidden: Forbidden = { secrets: [SECRET], sent: [JUSTIFICATION, 'Deny'] };
const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJhcGk6Ly9ib3RpZC0yYTFmIiwic3ViIjoiYWxleCJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 'info', time: '2025-01-01T00:00:00.000Z', msg: 'turn done', ...fields });

describe('the log scan', () => {
  it('passes a clean line of a turn', () => {
    expect(scanLine(line({ correlationId: 'c-1', activityId: 'a-1', userId: 'u-1' }), forbidden)).toEqual([]);
  });

  it('finds a token, a bearer header and an authorization field', () => {
    expect(scanLine(line({ correlationId: 'c', token: JWT }), forbidden)).toContain('a JWT');
    expect(scanLine(line({ correlationId: 'c', note: 'sent Bearer abc' }), forbidden)).toContain('a bearer token');
    expect(scanLine(line({ headers: { Authorization: 'xyz' } }), forbidden)).toContain('an authorization header');
    expect(scanLine(line({ headers: { authorization: '[redacted]' } }), forbidden)).toEqual([]);
  });

  it('finds a configured secret and a justification a reviewer sent, even escaped in the JSON text', () => {
    expect(scanLine(line({ detail: `key=${SECRET}` }), forbidden)).toEqual(['a secret the bot was configured with']);
    expect(scanLine(line({ err: { message: `"${JUSTIFICATION}"\n` } }), forbidden)).toEqual([
      'a text, justification or card input a person sent',
    ]);
  });

  it('leaves out values too short to mean anything', () => {
    expect(scanLine(line({ decision: 'Deny' }), forbidden)).toEqual([]);
  });

  it('requires JSON with level, time and msg, and a correlationId on a line about a turn, job or person', () => {
    expect(scanLine('Attest listening', forbidden)).toEqual(['not a JSON object']);
    expect(scanLine(JSON.stringify({ level: 'info', msg: 'x' }), forbidden)).toEqual(['no time']);
    expect(scanLine(line({ userId: 'u-1' }), forbidden)).toEqual(['about userId but no correlationId']);
    expect(scanLine(line({ port: 3978 }), forbidden)).toEqual([]);
  });

  it('checks stderr for leaks only', () => {
    expect(scanLine('(node) DeprecationWarning: something', forbidden, false)).toEqual([]);
    expect(scanLine(`Error: token ${JWT}`, forbidden, false)).toEqual(['a JWT']);
  });

  it("scans a run's directory: each bot's log, each process's stderr, against what the tests recorded", () => {
    const dir = mkdtempSync(join(tmpdir(), 'attest-log-scan-'));
    try {
      writeFileSync(join(dir, 'secret-1.jsonl'), `${JSON.stringify(SECRET)}\n`);
      writeFileSync(join(dir, 'sent-2.jsonl'), `${JSON.stringify(JUSTIFICATION)}\n`);
      const written: string[] = [];
      const log = createLogger('info', { write: (l: string) => void written.push(l) });
      log.info({ correlationId: 'c' }, 'fine');
      log.warn({ correlationId: 'c', why: JUSTIFICATION }, 'leaked');
      writeFileSync(join(dir, 'bot-a.log'), written.join(''));
      writeFileSync(join(dir, 'bot0-b.stderr'), `boom ${SECRET}\n`);
      const { files, lines, problems } = scanLogDir(dir);
      expect({ files, lines }).toEqual({ files: 2, lines: 3 });
      expect(problems).toEqual([
        'bot-a.log:2: a text, justification or card input a person sent',
        'bot0-b.stderr:1: a secret the bot was configured with',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
