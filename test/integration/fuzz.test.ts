import { Agent } from 'node:http';
import { gzipSync } from 'node:zlib';
import { Instance, Item } from '../../localtenant/graph/accessReviews/types';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { isGuid } from '../../src/reviews/ids';
import { DEFS, reviewBody } from '../localtenant/accessReviewsSupport';
import { ALEX, ALLAN } from '../support/activities';
import { useBot } from '../support/bot';
import { graphAs } from '../support/graph';
import { keepAlivePost } from '../support/rawHttp';
import { seededRandom } from '../../localtenant/seed/ids';

/**
 * Seeded fuzzing of /api/messages over real HTTP: activities and card actions of every wrong shape, hostile strings
 * and valid-looking actions on other people's reviews. Whatever comes in, the bot answers below 500, keeps serving
 * /healthz, puts only GUIDs where Graph expects ids, and records nothing on a review Alex does not review.
 * Replay a run with FUZZ_SEED=<the seed it printed>.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_611);
const TOTAL = 10_000;
const CONCURRENCY = 10;
/** /healthz and the local tenant's request log are checked after every round of this many requests. */
const ROUND = 250;
/** A request the bot has not answered in this time counts as the bot having stopped. */
const ANSWER_TIMEOUT_MS = 30_000;

jest.setTimeout(10 * 60_000);

const HOSTILE = [
  '',
  ' ',
  '..',
  '../',
  '../../users',
  '..%2F..%2Fusers',
  '%2F',
  '%2e%2e%2f',
  'a/b',
  'a\\b',
  '?$top=999',
  '#x',
  '\u202Egnp.exe',
  '\u0000',
  'nul\u0000byte',
  '😀🙃👩‍👩‍👧‍👦',
  '\uD800',
  'عربي עברית',
  '\u200B\u200D\uFEFF',
  "' or '1'='1",
  '<at>Attest</at> reviews',
  '<script>alert(1)</script>',
  '**bold** [link](https://evil.example)',
  '${{root}}',
  '{{$root.review}}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '00000000-0000-0000-0000-000000000000',
  "filterByCurrentUser(on='reviewer')",
  '$batch',
  'https://evil.example/',
  'javascript:alert(1)',
  '\r\nX-Injected: 1',
];

const ACTIVITY_TYPES = [
  'message',
  'conversationUpdate',
  'installationUpdate',
  'invoke',
  'typing',
  'messageReaction',
  'event',
  'endOfConversation',
  'messageUpdate',
  'messageDelete',
  'contactRelationUpdate',
  'deleteUserData',
  'suggestion',
  'trace',
  'handoff',
  'command',
  'commandResult',
  'invokeResponse',
];
const VERBS = [
  'reviews',
  'help',
  'openReview',
  'submit',
  'acceptRecommendations',
  'approveRest',
  'approveRestConfirmed',
];
const COMMANDS = ['help', 'reviews', 'my reviews', 'pending', '?', 'HELP', '  reviews  ', 'show my reviews', 'hello'];

class Gen {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  guid(): string {
    const hex = () => this.int(16).toString(16);
    return [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, hex).join('')).join('-');
  }
  /** A hostile string: path tricks, unicode (emoji, RTL override, NUL, lone surrogates), markup, now and then huge. */
  string(): string {
    const r = this.next();
    if (r < 0.45) return this.pick(HOSTILE);
    if (r < 0.75) {
      const length = this.int(40);
      let s = '';
      for (let i = 0; i < length; i++)
        s += String.fromCodePoint(this.pick([0x20, 0x30, 0x61, 0x5d0, 0x1f600, 0x202a, 0]) + this.int(26));
      return s;
    }
    if (r < 0.99) return `${this.pick(HOSTILE)}${this.pick(HOSTILE)}${this.guid()}`;
    // Huge, in UTF-8 bytes: over the text limit, sometimes past the 1 MB body limit.
    const unit = this.pick(['x', '😀', '\u202E', '../']);
    return unit.repeat(Math.ceil(this.pick([5_000, 60_000, 300_000, 1_100_000]) / Buffer.byteLength(unit)));
  }
  /** Any JSON value, nested a little. */
  json(depth = 0): unknown {
    const r = this.next();
    if (r < 0.1) return null;
    if (r < 0.2) return this.chance(0.5);
    if (r < 0.35) return this.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, 42]);
    if (r < 0.7 || depth > 2) return this.string();
    if (r < 0.85) return Array.from({ length: this.int(4) }, () => this.json(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = this.int(4); i > 0; i--)
      o[this.pick([...HOSTILE, 'id', 'verb', 'data', 'type'])] = this.json(depth + 1);
    return o;
  }
}

/** Deletes, or replaces with anything, one to three fields at random depth of a copy of `value`. */
function mutate(g: Gen, value: Record<string, unknown>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  for (let n = 1 + g.int(3); n > 0; n--) {
    const paths: [Record<string, unknown>, string][] = [];
    const walk = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        paths.push([node as Record<string, unknown>, k]);
        walk(v);
      }
    };
    walk(copy);
    if (!paths.length) break;
    const [parent, key] = g.pick(paths);
    if (g.chance(0.35)) delete parent[key];
    else parent[key] = g.json();
  }
  return copy;
}

/** A review and the people in it that one card would show. */
interface Page {
  inst: Instance;
  items: Item[];
}

interface Sample {
  kind: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

describe('fuzzing the front door', () => {
  const bot = useBot();
  beforeAll(async () => {
    // Alex reviews every seeded review; Megan alone reviews this one, so its ids are someone else's to decide on.
    const admin = await graphAs(bot().lt, 'admin@contoso.com', ['AccessReview.ReadWrite.All']);
    await admin.api(DEFS).post(
      reviewBody(CONTOSO.salesAndMarketing, {
        displayName: 'Sales and Marketing, reviewed by Megan',
        reviewers: [{ query: `/users/${CONTOSO.megan}`, queryType: 'MicrosoftGraph' }],
      }),
    );
  });

  /** Card data for a review, as the bot's own cards carry it, built from the local tenant's records. */
  function reviewOf(inst: Instance) {
    return {
      definitionId: inst.definition.id,
      instanceId: inst.id,
      name: inst.definition.displayName,
      resourceName: inst.group.displayName,
      status: 'InProgress',
      endDateTime: new Date(inst.endMs).toISOString(),
      justificationRequired: false,
      guestsOnly: false,
      total: 10,
      remaining: 10,
      recommendedDeny: 0,
    };
  }
  function itemOf(item: Item) {
    return {
      id: item.id,
      principalId: item.principal.id,
      principalName: item.principal.displayName,
      principalUpn: item.principal.userPrincipalName,
      principalKind: item.principal.userType,
      resourceId: item.instance.group.id,
      resourceName: item.instance.group.displayName,
      decision: 'NotReviewed',
      recommendation: 'Approve',
      justification: '',
      reviewedByName: '',
    };
  }

  it(`answers ${TOTAL} generated activities and invokes below 500 and stays healthy`, async () => {
    const { url, lt } = bot();
    const g = new Gen(seededRandom(SEED));
    console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);

    const reviews = lt.tenant.reviews;
    const instances = [...reviews.instances.values()];
    const allItems = [...reviews.items.values()];
    const pages = (mineOnly: boolean): Page[] =>
      instances
        .map((inst) => ({
          inst,
          items: allItems.filter(
            (it) => it.instance === inst && it.reviewerIds.includes(ALEX.aadObjectId) === mineOnly,
          ),
        }))
        .filter((p) => p.items.length > 0);
    const theirs = pages(false);
    const mine = pages(true);
    expect(theirs.length).toBeGreaterThan(0);
    expect(mine.length).toBeGreaterThan(0);
    const conversations = Array.from({ length: 12 }, () => `a:${g.guid()}`);

    const teams = (extra: Record<string, unknown> = {}) => {
      const user = g.chance(0.85) ? ALEX : g.chance(0.5) ? ALLAN : { aadObjectId: g.guid(), name: 'Nobody' };
      return {
        type: 'message',
        id: g.guid(),
        channelId: 'msteams',
        serviceUrl: `${lt.url}/`,
        timestamp: new Date().toISOString(),
        from: { id: `29:${user.aadObjectId}`, aadObjectId: user.aadObjectId, name: user.name },
        recipient: { id: '28:attest', name: 'Attest' },
        conversation: { id: g.pick(conversations), conversationType: 'personal', tenantId: lt.tenantId },
        channelData: { tenant: { id: lt.tenantId } },
        ...extra,
      };
    };
    const invoke = (action: unknown, extra: Record<string, unknown> = {}) =>
      teams({
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: g.guid(),
        value: { action, trigger: 'manual', ...extra },
      });
    const execute = (verb: unknown, data: unknown) => invoke({ type: 'Action.Execute', verb, data });

    /** Data a real card of the bot would send for this verb and review. */
    const cardData = (verb: string, { inst, items }: Page): Record<string, unknown> => {
      const review = reviewOf(inst);
      const filter = g.pick(['all', 'notReviewed', 'recommendedDeny']);
      const start = g.int(items.length);
      const page = items.slice(start, start + 1 + g.int(10)).map(itemOf);
      const from = { filter, skip: 0, ids: page.map((i) => i.id) };
      const data: Record<string, unknown> = { verb, review, filter, skip: g.pick([0, 0, 10]) };
      if (verb === 'submit') Object.assign(data, { count: page.length, more: false, items: page });
      if (verb === 'openReview' || verb === 'acceptRecommendations' || verb === 'approveRest') data.from = from;
      if (verb !== 'openReview') data.justification = g.pick(['', 'Still on the team', g.string()]);
      page.forEach((_p, i) => {
        if (g.chance(0.6)) data[`choice_${i}`] = g.pick(['Approve', 'Deny', 'DontKnow', 'Leave']);
      });
      if (verb === 'reviews' || verb === 'help') return { verb };
      return data;
    };

    const json = (kind: string, activity: unknown): Sample => ({ kind, body: JSON.stringify(activity) });
    const generators: [number, () => Sample][] = [
      [5, () => json('command', teams({ text: g.pick(COMMANDS) }))],
      [6, () => json('text', teams({ text: g.string() }))],
      [
        14,
        () => {
          const base = g.pick([
            () => teams({ text: g.pick(COMMANDS) }),
            () => execute(g.pick(VERBS), cardData(g.pick(VERBS), g.pick(mine))),
            () => teams({ type: 'conversationUpdate', membersAdded: [{ id: '28:attest' }] }),
            () => teams({ type: 'installationUpdate', action: g.pick(['add', 'remove']) }),
          ])();
          return json('mutated activity', mutate(g, base));
        },
      ],
      [
        5,
        () => {
          const a: Record<string, unknown> = teams({ text: g.pick(COMMANDS) });
          if (g.chance(0.2)) delete a.type;
          else a.type = g.chance(0.5) ? g.pick(ACTIVITY_TYPES) : g.json();
          if (g.chance(0.5)) a.value = g.json();
          if (g.chance(0.3)) a.name = g.string();
          return json('type', a);
        },
      ],
      [
        5,
        () => {
          const a = teams({ text: g.pick(COMMANDS) });
          const field = g.pick([
            'id',
            'replyToId',
            'from.id',
            'from.aadObjectId',
            'conversation.id',
            'recipient.id',
            'channelId',
          ]);
          const [outer, inner] = field.split('.');
          const parent = (inner ? a[outer as keyof typeof a] : a) as Record<string, unknown>;
          parent[inner ?? outer] = g.string();
          return json('hostile ids', a);
        },
      ],
      [
        6,
        () => {
          const action = g.pick<() => unknown>([
            () => ({ type: 'Action.Execute', verb: g.string(), data: {} }),
            () => ({ type: 'Action.Execute', data: cardData('openReview', g.pick(mine)) }),
            () => ({ type: 'Action.Execute', verb: g.json(), data: g.json() }),
            () => ({ type: 'Action.Submit', data: { verb: g.pick(VERBS), ...cardData(g.pick(VERBS), g.pick(mine)) } }),
            () => ({ type: 'Action.Submit', data: { msteams: { type: 'messageBack', text: 'reviews' } } }),
            () => ({ type: g.string(), verb: g.pick(VERBS), data: {} }),
            () => undefined,
            () => g.json(),
          ])();
          return json('unknown action', invoke(action));
        },
      ],
      [
        14,
        () => {
          const verb = g.pick(VERBS);
          const data = g.chance(0.3) ? g.json() : mutate(g, cardData(verb, g.pick([...mine, ...theirs])));
          return json(`random ${verb}`, execute(verb, data));
        },
      ],
      [
        12,
        () => {
          const verb = g.pick(VERBS.slice(2));
          // Real ids of reviews someone else reviews, and now and then items of theirs in a review of Alex's.
          const data = cardData(verb, g.pick(theirs));
          if (g.chance(0.3)) data.review = reviewOf(g.pick(mine).inst);
          return json(`others' ${verb}`, execute(verb, data));
        },
      ],
      [4, () => json('own review', execute(g.pick(VERBS), cardData(g.pick(VERBS), g.pick(mine))))],
      [
        1,
        () => {
          // A serviceUrl that is a URL but no Bot Connector: it answers 400, or (rarely: the SDK retries for seconds)
          // nothing listens there.
          const serviceUrl = g.chance(0.05) ? 'http://127.0.0.1:1/' : `${lt.url}/elsewhere/`;
          const activity = g.chance(0.7)
            ? teams({ text: g.pick(COMMANDS) })
            : execute(g.pick(VERBS), cardData(g.pick(VERBS), g.pick(mine)));
          return json('unreachable channel', { ...activity, serviceUrl });
        },
      ],
      [
        2,
        () => {
          // An Action.Submit button comes as a message with the card's data as its value and no text.
          const verb = g.pick(VERBS);
          const value = g.chance(0.7) ? { verb, ...cardData(verb, g.pick(mine)) } : g.json();
          return json('Action.Submit message', teams({ value }));
        },
      ],
      [
        3,
        () => {
          const verb = g.pick(VERBS);
          // Teams resends an action with the user's SSO token. (Not with a magic code: the bot would take that to the
          // Bot Framework token service on the internet, which a test must not call.)
          const extra = { authentication: { token: g.string() } };
          return json(
            'action with sign-in',
            invoke({ type: 'Action.Execute', verb, data: cardData(verb, g.pick(mine)) }, extra),
          );
        },
      ],
      [
        4,
        () => {
          const name = g.pick([
            'signin/tokenExchange',
            'composeExtension/query',
            'task/fetch',
            'config/fetch',
            'actionableMessage/executeAction',
            g.string(),
          ]);
          const value =
            name === 'signin/tokenExchange'
              ? { id: g.string(), connectionName: 'attest-sso', token: g.string() }
              : g.json();
          return json('other invoke', teams({ type: 'invoke', name, value }));
        },
      ],
      [
        1,
        // Without a magic code, for the same reason as above.
        () =>
          json(
            'verify state',
            teams({ type: 'invoke', name: 'signin/verifyState', value: g.pick([{ state: '' }, {}, null, 'x']) }),
          ),
      ],
      [
        3,
        () =>
          json(
            'membership',
            teams({
              type: g.pick(['conversationUpdate', 'installationUpdate']),
              action: g.pick(['add', 'remove', 'add-upgrade', g.string()]),
              membersAdded: g.chance(0.5) ? [{ id: g.pick(['28:attest', g.string()]) }] : g.json(),
              membersRemoved: g.chance(0.5) ? [{ id: '28:attest' }] : undefined,
            }),
          ),
      ],
      [
        1,
        () => {
          const body = Buffer.from(JSON.stringify(teams({ text: 'help' })));
          return g.pick<() => Sample>([
            () => ({ kind: 'raw', body: gzipSync(body), headers: { 'content-encoding': 'gzip' } }),
            () => ({ kind: 'raw', body: body.subarray(0, g.int(body.length)) }),
            () => ({ kind: 'raw', body, headers: { 'content-type': g.pick(['text/plain', 'application/xml', '']) } }),
            () => ({ kind: 'raw', body: g.string() }),
          ])();
        },
      ],
    ];
    const weightSum = generators.reduce((s, [w]) => s + w, 0);
    const sample = (): Sample => {
      let r = g.int(weightSum);
      for (const [w, make] of generators) {
        if (r < w) return make();
        r -= w;
      }
      throw new Error('unreachable');
    };

    const statuses: Record<string, number> = {};
    const kinds: Record<string, { n: number; ms: number; statuses: Record<string, number> }> = {};
    const failures: { kind: string; status: number | string; body: string; answer: string }[] = [];
    const unhealthy: number[] = [];
    const badGraphPaths = new Set<string>();
    let idSegmentsChecked = 0;
    let graphRequests = 0;

    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const post = async (s: Sample) => {
      let status: number | string;
      let answer = '';
      const t0 = Date.now();
      try {
        const res = await keepAlivePost(
          agent,
          `${url}/api/messages`,
          s.body,
          { 'content-type': 'application/json', ...s.headers },
          ANSWER_TIMEOUT_MS,
        );
        status = res.status;
        answer = res.text;
      } catch (err) {
        // Errors from Node's own modules are not instances of this test's Error (jest runs tests in their own realm).
        status = `no answer (${String((err as { code?: string; message?: string })?.code ?? (err as Error)?.message ?? err)})`;
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      const k = (kinds[s.kind] ??= { n: 0, ms: 0, statuses: {} });
      k.n++;
      k.ms += Date.now() - t0;
      k.statuses[status] = (k.statuses[status] ?? 0) + 1;
      if (typeof status !== 'number' || status >= 500)
        failures.push({ kind: s.kind, status, body: String(s.body).slice(0, 600), answer: answer.slice(0, 300) });
    };

    /** Where Graph takes an id the bot must have sent a GUID (or a function of the collection). */
    const ID_AFTER = new Set([
      'definitions',
      'instances',
      'decisions',
      'stages',
      'users',
      'groups',
      'servicePrincipals',
    ]);
    const NOT_AN_ID = /^(filterByCurrentUser\(on='[a-zA-Z]+'\)|\$count)$/;
    const checkGraphLog = () => {
      const log = lt.log.summary(true);
      lt.log.reset();
      // The log keeps the latest 10,000 entries: a round must not make more, or some would go unchecked.
      expect(log.dropped).toBe(0);
      for (const e of log.entries) {
        if (!/^\/(v1\.0|beta)\//.test(e.path)) continue;
        graphRequests++;
        if (e.route.endsWith('(no route)')) badGraphPaths.add(`${e.method} ${e.path} (no route)`);
        const segments = e.path.split('/').slice(2);
        segments.forEach((seg, i) => {
          let decoded: string;
          try {
            decoded = decodeURIComponent(seg);
          } catch {
            decoded = '%invalid%';
          }
          const pathTrick = decoded === '..' || decoded === '.' || /[/\\\0]/.test(decoded) || decoded === '%invalid%';
          const idExpected = i > 0 && ID_AFTER.has(segments[i - 1]);
          if (idExpected && isGuid(decoded)) idSegmentsChecked++;
          if (pathTrick || (idExpected && !isGuid(decoded) && !NOT_AN_ID.test(decoded)))
            badGraphPaths.add(`${e.method} ${e.path}${e.inBatch ? ' (in $batch)' : ''}`);
        });
      }
    };

    const started = Date.now();
    const cpu0 = process.cpuUsage();
    lt.log.reset();
    try {
      for (let done = 0; done < TOTAL; done += ROUND) {
        const round = Array.from({ length: Math.min(ROUND, TOTAL - done) }, sample);
        let nextIndex = 0;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (nextIndex < round.length) await post(round[nextIndex++]);
          }),
        );
        const health = await fetch(`${url}/healthz`).then(
          (r) => r.status,
          () => 0,
        );
        if (health !== 200) unhealthy.push(done + round.length);
        checkGraphLog();
      }
    } finally {
      agent.destroy();
    }
    const seconds = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);

    console.log(
      [
        `fuzz: ${TOTAL} requests in ${seconds.toFixed(1)} s, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU ` +
          `in this process (seed ${SEED}, ${CONCURRENCY} at a time)`,
        `answers per status: ${JSON.stringify(statuses)}`,
        ...Object.entries(kinds)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([kind, k]) => `  ${kind}: ${k.n}, ${Math.round(k.ms / k.n)} ms each, ${JSON.stringify(k.statuses)}`),
        `Graph requests checked: ${graphRequests}, id segments that were GUIDs: ${idSegmentsChecked}`,
        ...failures.slice(0, 20).map((f) => `5xx: ${f.status} for ${f.kind}: ${f.body}\n  answer: ${f.answer}`),
      ].join('\n'),
    );

    // Alex reviews nobody in these reviews: nothing may have been recorded there in his name.
    const recordedForOthers = [...reviews.items.values()].filter(
      (item) => !item.reviewerIds.includes(ALEX.aadObjectId) && item.reviewedBy.id === ALEX.aadObjectId,
    );

    expect(failures.map((f) => `${f.status} ${f.kind}`)).toEqual([]);
    expect(unhealthy).toEqual([]);
    expect([...badGraphPaths]).toEqual([]);
    expect(recordedForOthers.map((i) => i.id)).toEqual([]);
    // The bot did reach Graph with real ids, so the checks above looked at something.
    expect(idSegmentsChecked).toBeGreaterThan(100);
  });
});
