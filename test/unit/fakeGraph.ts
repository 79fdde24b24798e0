import { Client, Context, Middleware } from '@microsoft/microsoft-graph-client';

/**
 * An in-process stand-in for the few Graph calls recordDecisions makes ($batch of batchRecordDecisions, and the
 * read-back through filterByCurrentUser or per-item GET), reached through the real Graph SDK client, on a virtual
 * clock. Just enough of the documented behaviour for the engine's unit tests: batchRecordDecisions answers 204 even
 * when no item matches, a failed dependency fails its dependants with 424, and faults can be scripted.
 */

export interface FakeItem {
  id: string;
  principalId: string;
  resourceId: string;
  reviewerIds: string[];
  decision: string;
  justification: string;
  reviewedBy: { id: string; displayName: string };
}

interface Inner {
  id: string;
  method: string;
  url: string;
  body?: { decision: string; justification: string; principalId: string; resourceId: string };
  dependsOn?: string[];
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface Fault {
  /** Tested against "METHOD url" of an inner request, or "POST /$batch" for the whole batch. */
  match: RegExp;
  status: number;
  retryAfter?: number;
  /** How many matching requests get it (default: all). */
  times?: number;
  /** For the whole batch: Graph runs the requests, then answers with the fault (the answer is lost). */
  afterActing?: boolean;
}

const NOBODY = { id: '00000000-0000-0000-0000-000000000000', displayName: '' };

export const hex = (n: number, prefix: string) => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export class FakeGraph {
  /** Virtual time in ms; sleep() moves it forward. */
  t = 0;
  readonly waits: number[] = [];
  /** Every $batch as received, with the virtual time it arrived. */
  readonly batches: { at: number; requests: Inner[] }[] = [];
  readonly faults: Fault[] = [];
  orFilter = true;
  readonly items: FakeItem[] = [];

  constructor(readonly me: { id: string; displayName: string }) {}

  /** Adds n items reviewed by `reviewerId` (default: me), numbered from `from`. */
  addItems(n: number, reviewerId = this.me.id, from = this.items.length): FakeItem[] {
    const added = Array.from({ length: n }, (_, k) => ({
      id: hex(from + k, 'aaaaaaaa'),
      principalId: hex(from + k, 'bbbbbbbb'),
      resourceId: 'cccccccc-0000-4000-8000-000000000001',
      reviewerIds: [reviewerId],
      decision: 'NotReviewed',
      justification: '',
      reviewedBy: NOBODY,
    }));
    this.items.push(...added);
    return added;
  }

  readonly sleep = async (ms: number): Promise<void> => {
    this.waits.push(ms);
    const until = this.t + ms;
    await Promise.resolve();
    this.t = Math.max(this.t, until);
  };
  readonly now = (): number => this.t;

  client(): Client {
    const middleware: Middleware = {
      execute: async (context: Context) => {
        const requests = JSON.parse(String(context.options?.body)).requests as Inner[];
        this.batches.push({ at: this.t, requests });
        const acted = this.faults.some(
          (x) => x.afterActing && x.match.test('POST /$batch') && (x.times === undefined || x.times > 0),
        );
        const outer = this.fault('POST /$batch');
        if (outer && acted) this.run(requests);
        const answer = outer ?? { status: 200, body: { responses: this.run(requests) } };
        context.response = new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
          status: answer.status,
          headers: { 'content-type': 'application/json', ...answer.headers },
        });
      },
    };
    return Client.initWithMiddleware({ middleware });
  }

  private fault(key: string): Answer | undefined {
    const f = this.faults.find((x) => x.match.test(key) && (x.times === undefined || x.times > 0));
    if (!f) return undefined;
    if (f.times !== undefined) f.times--;
    return {
      status: f.status,
      headers: f.retryAfter === undefined ? {} : { 'Retry-After': String(f.retryAfter) },
      body: { error: { code: f.status === 429 ? 'TooManyRequests' : 'Injected', message: 'injected' } },
    };
  }

  /** Inner requests in order (dependants after what they depend on, as the engine sends them). */
  private run(requests: Inner[]): ({ id: string } & Answer)[] {
    const done = new Map<string, Answer>();
    for (const r of requests) {
      const failedDependency = (r.dependsOn ?? []).some((d) => (done.get(d)?.status ?? 500) >= 400);
      const answer = failedDependency
        ? { status: 424, body: { error: { code: 'FailedDependency', message: '' } } }
        : (this.fault(`${r.method} ${r.url}`) ?? this.handle(r));
      done.set(r.id, answer);
    }
    return requests.map((r) => ({ id: r.id, ...done.get(r.id)! }));
  }

  private wire(it: FakeItem) {
    return {
      id: it.id,
      decision: it.decision,
      justification: it.justification,
      reviewedBy: it.reviewedBy,
      principal: { id: it.principalId, displayName: `Person ${it.principalId.slice(-4)}` },
      resource: { id: it.resourceId, displayName: 'Finance Approvers' },
      insights: [],
    };
  }

  private handle(r: Inner): Answer {
    const mine = (it: FakeItem) => it.reviewerIds.includes(this.me.id);
    if (r.method === 'POST' && r.url.endsWith('/batchRecordDecisions')) {
      const b = r.body!;
      for (const it of this.items.filter(mine)) {
        if (it.principalId !== b.principalId || it.resourceId !== b.resourceId) continue;
        Object.assign(it, { decision: b.decision, justification: b.justification, reviewedBy: this.me });
      }
      return { status: 204 };
    }
    const query = new URLSearchParams(r.url.split('?')[1] ?? '');
    if (r.method === 'GET' && r.url.includes('/filterByCurrentUser(')) {
      const filter = query.get('$filter') ?? '';
      if (!this.orFilter && / or /.test(filter))
        return { status: 400, body: { error: { code: 'BadRequest', message: 'Invalid filter clause' } } };
      const ids = [...filter.matchAll(/id eq '([^']+)'/g)].map((m) => m[1]);
      return {
        status: 200,
        body: { value: this.items.filter((it) => mine(it) && ids.includes(it.id)).map((it) => this.wire(it)) },
      };
    }
    const one = /\/decisions\/([^/?]+)/.exec(r.url);
    if (r.method === 'GET' && one) {
      const it = this.items.find((x) => x.id === one[1]);
      if (!it) return { status: 404, body: { error: { code: 'ResourceNotFound', message: '' } } };
      if (!mine(it)) return { status: 403, body: { error: { code: 'Forbidden', message: '' } } };
      return { status: 200, body: this.wire(it) };
    }
    return { status: 400, body: { error: { code: 'BadRequest', message: `no route for ${r.method} ${r.url}` } } };
  }
}
