import { GraphCallError } from '../../src/graph/failures';
import { correlated, createLogger, REDACTED } from '../../src/logging';

/** A logger writing into an array, one parsed JSON object per line. */
function captured(level: Parameters<typeof createLogger>[0] = 'trace') {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

describe('the logger', () => {
  it('writes one JSON object per line with the level by name, an ISO time and the message', () => {
    const { log, lines } = captured();
    log.info({ port: 3978 }, 'listening');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'listening', port: 3978 });
    expect(new Date(String(lines[0].time)).toISOString()).toBe(lines[0].time);
  });

  it('gives each unit of work its own correlationId on every line it writes', () => {
    const { log, lines } = captured();
    const turn = correlated(log, { activityId: 'a-1' });
    const other = correlated(log, { activityId: 'a-2' });
    turn.info('first');
    turn.warn('second');
    other.info('third');
    const [first, second, third] = lines;
    expect(first.correlationId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(second.correlationId).toBe(first.correlationId);
    expect(third.correlationId).not.toBe(first.correlationId);
    expect(third.activityId).toBe('a-2');
  });

  it('writes nothing below LOG_LEVEL', () => {
    const { log, lines } = captured('warn');
    log.info('routine');
    log.warn('worth a look');
    expect(lines.map((l) => l.msg)).toEqual(['worth a look']);
  });

  it('redacts headers, tokens, justifications and card values that a careless call passes', () => {
    const { log, lines } = captured();
    log.info(
      {
        authorization: 'Bearer abc',
        request: { headers: { authorization: 'Bearer abc' }, token: 'eyJ.eyJ' },
        action: { justification: 'Still on the project', value: { choice_0: 'Deny' }, data: { x: 1 } },
      },
      'careless',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/Bearer|eyJ|Still on the project|Deny/);
    expect(lines[0]).toMatchObject({ authorization: REDACTED, request: { headers: REDACTED, token: REDACTED } });
  });

  it('keeps of an SDK error its kind, message, status and stack, never the request it carries', () => {
    const { log, lines } = captured();
    const err = Object.assign(new Error('Forbidden'), {
      statusCode: 403,
      request: { url: 'https://smba.example/v3/conversations', headers: { Authorization: 'Bearer abc' } },
    });
    log.warn({ err }, 'send failed');
    expect(lines[0].err).toEqual({ type: 'Error', message: 'Forbidden', status: 403, stack: expect.any(Array) });
    expect(JSON.stringify(lines[0])).not.toMatch(/Bearer|smba/);
  });

  it("logs a Graph failure with its status, code and request ids, without Graph's message", () => {
    const { log, lines } = captured();
    const err = new GraphCallError({
      status: 400,
      code: 'BadRequest',
      message: 'Invalid value "what the owner typed"',
      requestId: '0f2c4e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6',
      clientRequestId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    });
    log.warn({ err }, 'Graph call failed');
    expect(lines[0].err).toEqual({
      type: 'GraphCallError',
      status: 400,
      code: 'BadRequest',
      requestId: '0f2c4e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6',
      clientRequestId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    });
    expect(JSON.stringify(lines[0])).not.toContain('what the owner typed');
  });
});
