import { randomUUID } from 'node:crypto';
import { CONTOSO_REVIEWS } from '../../localtenant/seed/contosoReviews';
import { actionData, ALEX, Chat, openReviewData } from '../support/activities';
import { useBot } from '../support/bot';
import { postJson } from '../support/http';

/**
 * What an operator reads: one correlationId per turn and per background job, what identifies the activity, and
 * Graph's request ids on every Graph failure. (Every line of every test is also scanned after the run for tokens,
 * secrets and what people typed: test/support/logRunCheck.ts.)
 */
describe('logs', () => {
  const bot = useBot();
  const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  type Line = Record<string, unknown> & { err?: Record<string, unknown> };
  const lines = () => bot().logLines() as Line[];
  const faults = (rule: object) => postJson(`${bot().lt.url}/_localtenant/faults`, rule);
  afterEach(() => fetch(`${bot().lt.url}/_localtenant/faults`, { method: 'DELETE' }));

  async function until<T>(what: string, find: () => T | undefined): Promise<T> {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const found = find();
      if (found !== undefined) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`not logged: ${what}`);
  }

  it('logs each turn once, under a correlationId of its own, with what identifies it and not what was typed', async () => {
    const chat = new Chat(bot().url, bot().lt, ALEX);
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) await chat.send({ type: 'message', id, text: 'what can you do for me' });
    const [first, second] = ids.map((id) => lines().filter((l) => l.activityId === id));
    expect(first).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'turn done',
        correlationId: expect.stringMatching(GUID),
        activityType: 'message',
        conversationType: 'personal',
        userId: ALEX.aadObjectId,
        handled: true,
      }),
    ]);
    expect(second).toHaveLength(1);
    expect(second[0].correlationId).not.toBe(first[0].correlationId);
    expect(JSON.stringify(lines())).not.toContain('what can you do for me');
  });

  it("logs a Graph failure in a turn with its status, code and Graph's request ids, under the turn's correlationId", async () => {
    const chat = new Chat(bot().url, bot().lt, ALEX);
    // Unavailable at the first try and at each retry (the tests' bots retry twice).
    await faults({ match: 'GET .*decisions/filterByCurrentUser', unavailable: 1, retryAfterSeconds: 0, times: 3 });
    const id = randomUUID();
    await chat.send({ type: 'message', id, text: 'reviews' });
    const turn = lines().filter((l) => l.activityId === id);
    const failure = turn.find((l) => l.msg === 'Graph call failed');
    expect(failure).toMatchObject({ level: 'warn', err: { status: 503, code: 'ServiceUnavailable' } });
    expect(failure!.err!.requestId).toMatch(GUID);
    // The id the bot sent with the request, which Graph echoes: not Graph's own.
    expect(failure!.err!.clientRequestId).toMatch(GUID);
    expect(failure!.err!.clientRequestId).not.toBe(failure!.err!.requestId);
    expect(new Set(turn.map((l) => l.correlationId)).size).toBe(1);
  });

  it("logs long work under a correlationId of its own, tied to the turn's, with each $batch request's own ids", async () => {
    const chat = new Chat(bot().url, bot().lt, ALEX);
    const inbox = await chat.inbox('reviews');
    const page = await chat.execute('openReview', openReviewData(inbox, CONTOSO_REVIEWS.retailPartners));
    const ask = await chat.execute('approveRest', actionData(page.value, 'Approve all not reviewed…'));
    // Every write inside the $batch requests is refused, however often it is retried.
    await faults({ match: 'POST .*batchRecordDecisions', unavailable: 1, retryAfterSeconds: 0 });
    const justification = 'Partners stay until the contract review in June';
    await chat.execute('approveRestConfirmed', { ...actionData(ask.value, /^Yes, approve \d+$/), justification });
    await chat.waitForCardUpdate(/not recorded/);

    const done = await until('the end of the long work', () => lines().find((l) => l.msg === 'long work done'));
    const turn = lines().find((l) => l.msg === 'turn done' && l.verb === 'approveRestConfirmed')!;
    const job = lines().filter((l) => l.correlationId === done.correlationId);
    expect(done.correlationId).not.toBe(turn.correlationId);
    expect(job[0]).toMatchObject({
      msg: 'long work started',
      job: 'approveRestConfirmed',
      turnCorrelationId: turn.correlationId,
      userId: ALEX.aadObjectId,
      definitionId: CONTOSO_REVIEWS.retailPartners,
    });
    const notRecorded = job.filter((l) => l.msg === 'decision not recorded');
    expect(notRecorded.length).toBeGreaterThan(0);
    for (const l of notRecorded) {
      expect(l.err).toMatchObject({ status: 503, code: 'ServiceUnavailable' });
      expect(l.err!.requestId).toMatch(GUID);
      expect(l.err!.clientRequestId).toMatch(GUID);
    }
    expect(new Set(notRecorded.map((l) => l.err!.requestId)).size).toBe(notRecorded.length);
    expect(job.find((l) => l.msg === 'approvals recorded')).toMatchObject({ recorded: 0 });
    expect(JSON.stringify(lines())).not.toContain(justification);
  });
});
