import { randomUUID } from 'node:crypto';
import { jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';

const OTHER_TENANT = '0d9e2d8a-5f3c-4b1e-9a7d-6c2b1f0e8d43';

/** A proactive message to one user's personal chat, as botbuilder sends it after continueConversationAsync. */
function reminder(user: string, conversationId: string, tenantId?: string): Record<string, unknown> {
  return {
    type: 'message',
    text: 'You have reviews waiting.',
    from: { id: '28:attest', name: 'Attest' },
    recipient: { id: `29:${user}`, aadObjectId: user },
    conversation: { id: conversationId, conversationType: 'personal', ...(tenantId ? { tenantId } : {}) },
  };
}

/** A bearer token as a client would send it; the local connector reads its claims without checking the signature. */
function unsignedToken(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the local Bot Connector', () => {
  const lt = useLocalTenant({ seed: 'empty' });
  const knob = (path: string) => `${lt().url}/_localtenant/connector${path}`;
  const send = (conversationId: string, activity: object, headers: Record<string, string> = {}) =>
    postJson(`${lt().url}/v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity, headers);
  const update = (conversationId: string, activityId: string, activity: object) =>
    fetch(`${lt().url}/v3/conversations/${encodeURIComponent(conversationId)}/activities/${activityId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  const putLimits = (limits: object) =>
    fetch(knob('/limits'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(limits),
    });
  const summary = async () => jsonOf(await fetch(knob('/summary')));

  beforeEach(async () => {
    expect((await fetch(knob(''), { method: 'DELETE' })).status).toBe(204);
  });

  it('accepts sends and updates under the limits and records each with its conversation, user, time and kind', async () => {
    const started = Date.now();
    const users = [randomUUID(), randomUUID(), randomUUID()];
    const conversations = users.map(() => `a:${randomUUID()}`);
    for (const [i, user] of users.entries()) {
      const first = await send(conversations[i], reminder(user, conversations[i], lt().tenantId));
      expect(first.status).toBe(201);
      const { id } = await jsonOf(first);
      expect((await send(conversations[i], reminder(user, conversations[i]))).status).toBe(201);
      const updated = await update(conversations[i], id, { type: 'message', text: 'Done.' });
      expect(updated.status).toBe(200);
      expect(await jsonOf(updated)).toEqual({ id });
    }

    const listed = await jsonOf(await fetch(knob(`/activities?conversation=${encodeURIComponent(conversations[1])}`)));
    expect(listed.value.map((a: { kind: string }) => a.kind)).toEqual(['send', 'send', 'update']);
    for (const a of listed.value) {
      expect(a).toMatchObject({ conversationId: conversations[1], userId: users[1], tenantId: lt().tenantId });
      expect(Date.parse(a.at)).toBeGreaterThanOrEqual(started - 1000);
    }
    expect(listed.value[2].activity.text).toBe('Done.');
    const byUser = await jsonOf(await fetch(knob(`/activities?user=${users[2]}&kind=send`)));
    expect(byUser.value).toHaveLength(2);

    const counts = await summary();
    expect(counts).toMatchObject({ accepted: 9, sent: 6, updated: 3, refused: 0, kept: 9, dropped: 0 });
    expect(counts.conversations[conversations[0]]).toEqual({
      userId: users[0],
      sent: 2,
      updated: 1,
      created: 0,
      refused: 0,
    });
    // In process, the same record.
    expect(lt().connector.activitiesOf(conversations[2])).toHaveLength(3);
    expect(lt().connector.summary().sent).toBe(6);
  });

  it('answers the 8th send to one conversation within a second with 429 Throttled and Retry-After', async () => {
    const user = randomUUID();
    const conversation = `a:${randomUUID()}`;
    const statuses: number[] = [];
    let throttled: Response | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await send(conversation, reminder(user, conversation));
      statuses.push(res.status);
      if (res.status === 429) throttled = res;
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 201, 429]);
    const body = await jsonOf(throttled!);
    expect(body.error.code).toBe('Throttled');
    expect(typeof body.error.message).toBe('string');
    const retryAfter = Number(throttled!.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);

    // After Retry-After the 1 s window has room again; the 2 s window (8 per 2 s) takes one more, then refuses.
    await sleep(retryAfter * 1000);
    expect((await send(conversation, reminder(user, conversation))).status).toBe(201);
    expect((await send(conversation, reminder(user, conversation))).status).toBe(429);
    // Another conversation was never limited by this one.
    const other = `a:${randomUUID()}`;
    expect((await send(other, reminder(randomUUID(), other))).status).toBe(201);

    const counts = await summary();
    expect(counts.conversations[conversation]).toMatchObject({ sent: 8, refused: 2 });
    expect(counts.refusedByStatus).toEqual({ 429: 2 });
    expect(counts.refusedByCode).toEqual({ Throttled: 2 });
    expect(counts.throttledBy).toEqual({ conversation: 2, appPerTenant: 0 });
  });

  it('refuses the 51st send within a second across conversations on the limit per app per tenant', async () => {
    const statuses: number[] = [];
    let throttled: Response | undefined;
    for (let i = 0; i < 51; i++) {
      const conversation = `a:${randomUUID()}`;
      const res = await send(conversation, reminder(randomUUID(), conversation, lt().tenantId));
      statuses.push(res.status);
      if (res.status === 429) throttled = res;
    }
    expect(statuses.slice(0, 50).every((s) => s === 201)).toBe(true);
    expect(statuses[50]).toBe(429);
    expect((await jsonOf(throttled!)).error.code).toBe('Throttled');
    const retryAfter = Number(throttled!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect((await summary()).throttledBy).toEqual({ conversation: 0, appPerTenant: 1 });

    await sleep(retryAfter * 1000);
    const later = `a:${randomUUID()}`;
    expect((await send(later, reminder(randomUUID(), later, lt().tenantId))).status).toBe(201);
  });

  it('lets a client that honours Retry-After deliver every reminder exactly once', async () => {
    // 10 per second, so that 30 sends back to back outrun it unless each took a tenth of a second.
    expect((await putLimits({ perAppPerTenant: [{ operations: 10, seconds: 1 }] })).status).toBe(200);
    const conversations = Array.from({ length: 30 }, () => `a:${randomUUID()}`);
    for (const conversation of conversations) {
      for (;;) {
        const res = await send(conversation, reminder(randomUUID(), conversation));
        if (res.status === 201) break;
        expect(res.status).toBe(429);
        await sleep(Number(res.headers.get('retry-after')) * 1000);
      }
    }
    const counts = await summary();
    expect(counts.sent).toBe(30);
    expect(conversations.every((c) => counts.conversations[c].sent === 1)).toBe(true);
    expect(counts.throttledBy.appPerTenant).toBeGreaterThanOrEqual(1);
    expect(counts.refusedByStatus[429]).toBe(counts.throttledBy.appPerTenant);
  });

  it('keys the global limit by tenant and by the app in the bearer token, and takes limits from the knob', async () => {
    const res = await putLimits({ perAppPerTenant: [{ operations: 2, seconds: 60 }] });
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).perAppPerTenant).toEqual([{ operations: 2, seconds: 60 }]);
    const toNew = (tenantId?: string, headers: Record<string, string> = {}, viaChannelData = false) => {
      const conversation = `a:${randomUUID()}`;
      const activity = reminder(randomUUID(), conversation, viaChannelData ? undefined : tenantId);
      if (viaChannelData) activity.channelData = { tenant: { id: tenantId } };
      return send(conversation, activity, headers).then((r) => r.status);
    };

    expect([await toNew(lt().tenantId), await toNew(), await toNew(lt().tenantId)]).toEqual([201, 201, 429]);
    expect([await toNew(OTHER_TENANT), await toNew(OTHER_TENANT, {}, true), await toNew(OTHER_TENANT)]).toEqual([
      201, 201, 429,
    ]);
    const appX = { authorization: `Bearer ${unsignedToken({ appid: 'app-x', ver: '1.0' })}` };
    const appY = { authorization: `Bearer ${unsignedToken({ azp: 'app-y', ver: '2.0' })}` };
    expect([await toNew(lt().tenantId, appX), await toNew(lt().tenantId, appX)]).toEqual([201, 201]);
    expect(await toNew(lt().tenantId, appX)).toBe(429);
    expect(await toNew(lt().tenantId, appY)).toBe(201);

    const reset = await fetch(knob('/limits'), { method: 'DELETE' });
    expect((await jsonOf(reset)).perAppPerTenant).toEqual([{ operations: 50, seconds: 1 }]);
    expect(await toNew(lt().tenantId)).toBe(201);
  });

  it('leaves Retry-After out when told to, as Teams sometimes does', async () => {
    expect((await putLimits({ retryAfter: false, perConversation: [{ operations: 1, seconds: 60 }] })).status).toBe(
      200,
    );
    const conversation = `a:${randomUUID()}`;
    expect((await send(conversation, reminder(randomUUID(), conversation))).status).toBe(201);
    const refused = await send(conversation, reminder(randomUUID(), conversation));
    expect(refused.status).toBe(429);
    expect(refused.headers.has('retry-after')).toBe(false);
    expect((await jsonOf(refused)).error.code).toBe('Throttled');
  });

  it('refuses bad limits and bad blocks with 400', async () => {
    expect((await putLimits({ perConversation: [{ operations: 0, seconds: 1 }] })).status).toBe(400);
    expect((await putLimits({ retryAfter: 'yes' })).status).toBe(400);
    expect((await putLimits({})).status).toBe(400);
    expect((await postJson(knob('/blocks'), { user: 'u', code: 'Nope' })).status).toBe(400);
    expect((await postJson(knob('/blocks'), { code: 'ConversationBlockedByUser' })).status).toBe(400);
    expect((await jsonOf(await fetch(knob('/limits')))).perConversation).toHaveLength(4);
  });

  it.each([
    [403, 'ConversationBlockedByUser'],
    [403, 'MessageWritesBlocked'],
    [403, 'BotDisabledByAdmin'],
    [403, 'ForbiddenOperationException'],
    [403, 'BotNotInConversationRoster'],
    [404, 'ConversationNotFound'],
  ])('answers %i %s for a blocked user, sends and updates alike, until the block is lifted', async (status, code) => {
    const blocked = randomUUID();
    const conversation = `a:${randomUUID()}`;
    const earlier = await send(conversation, reminder(blocked, conversation));
    expect(earlier.status).toBe(201);
    const { id } = await jsonOf(earlier);
    expect((await postJson(knob('/blocks'), { user: blocked, code })).status).toBe(201);

    const refused = await send(conversation, reminder(blocked, conversation));
    expect(refused.status).toBe(status);
    const body = await jsonOf(refused);
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    if (code === 'MessageWritesBlocked') expect(body.error.subCode).toBe('MessageWritesBlocked');
    // An update names no recipient: the connector knows whose conversation it is.
    expect((await update(conversation, id, { type: 'message', text: 'Changed.' })).status).toBe(status);
    const someoneElse = `a:${randomUUID()}`;
    expect((await send(someoneElse, reminder(randomUUID(), someoneElse))).status).toBe(201);

    const counts = await summary();
    expect(counts.refusedByStatus).toEqual({ [status]: 2 });
    expect(counts.refusedByCode).toEqual({ [code]: 2 });
    expect(counts.conversations[conversation]).toEqual({
      userId: blocked,
      sent: 1,
      updated: 0,
      created: 0,
      refused: 2,
    });

    expect((await fetch(knob('/blocks'), { method: 'DELETE' })).status).toBe(204);
    expect((await send(conversation, reminder(blocked, conversation))).status).toBe(201);
  });

  it('blocks one conversation by id, in process too', async () => {
    const conversation = `a:${randomUUID()}`;
    lt().connector.block({ conversation, code: 'ConversationBlockedByUser' });
    expect((await send(conversation, reminder(randomUUID(), conversation))).status).toBe(403);
    const other = `a:${randomUUID()}`;
    expect((await send(other, reminder(randomUUID(), other))).status).toBe(201);
    expect((await jsonOf(await fetch(knob('/blocks')))).blocks).toEqual([
      { conversation, code: 'ConversationBlockedByUser' },
    ]);
  });

  it('creates one personal conversation per user, with its first activity, unless the user is blocked', async () => {
    const user = randomUUID();
    const params = (u: string, activity?: object) => ({
      isGroup: false,
      bot: { id: '28:attest' },
      members: [{ id: `29:${u}`, aadObjectId: u }],
      tenantId: lt().tenantId,
      ...(activity ? { activity } : {}),
    });
    const first = await postJson(`${lt().url}/v3/conversations`, params(user, { type: 'message', text: 'Hello' }));
    expect(first.status).toBe(201);
    const created = await jsonOf(first);
    expect(created.id).toMatch(/^a:/);
    expect(typeof created.activityId).toBe('string');
    const again = await jsonOf(await postJson(`${lt().url}/v3/conversations`, params(user)));
    expect(again.id).toBe(created.id);
    expect(
      lt()
        .connector.activitiesOf(created.id)
        .map((a) => a.activity.text),
    ).toEqual(['Hello']);
    expect((await summary()).conversations[created.id]).toMatchObject({ userId: user, created: 2, sent: 1 });

    const blocked = randomUUID();
    lt().connector.block({ user: blocked, code: 'BotDisabledByAdmin' });
    const refused = await postJson(`${lt().url}/v3/conversations`, params(blocked));
    expect(refused.status).toBe(403);
    expect((await jsonOf(refused)).error.code).toBe('BotDisabledByAdmin');
    expect((await postJson(`${lt().url}/v3/conversations`, { members: [] })).status).toBe(400);
  });
});

describe('the local Bot Connector with options', () => {
  const lt = useLocalTenant({
    seed: 'empty',
    connector: { keep: 5, limits: { perConversation: [{ operations: 3, seconds: 60 }] } },
  });

  it('keeps the latest activities only, counts every one exactly, and limits as configured', async () => {
    const conversations = Array.from({ length: 4 }, () => `a:${randomUUID()}`);
    const statuses: number[] = [];
    for (const conversation of conversations) {
      for (let i = 0; i < 4; i++) {
        const res = await postJson(`${lt().url}/v3/conversations/${conversation}/activities`, {
          type: 'message',
          text: `${conversation} ${i}`,
          recipient: { id: `29:${conversation}` },
        });
        statuses.push(res.status);
      }
    }
    expect(statuses).toEqual(Array(4).fill([201, 201, 201, 429]).flat());
    const counts = lt().connector.summary();
    expect(counts).toMatchObject({ sent: 12, refused: 4, kept: 5, dropped: 7, keep: 5 });
    expect(conversations.every((c) => counts.conversations[c].sent === 3)).toBe(true);
    const kept = lt().connector.activities.map((a) => a.activity.text);
    expect(kept).toEqual([
      `${conversations[2]} 1`,
      `${conversations[2]} 2`,
      `${conversations[3]} 0`,
      `${conversations[3]} 1`,
      `${conversations[3]} 2`,
    ]);

    expect((await fetch(`${lt().url}/_localtenant/connector/activities`, { method: 'DELETE' })).status).toBe(204);
    expect(lt().connector.summary()).toMatchObject({ sent: 0, refused: 0, kept: 0, dropped: 0, conversations: {} });
  });
});
