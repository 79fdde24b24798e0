import { Client } from '@microsoft/microsoft-graph-client';
import { Person, ReviewerKind, ScannedReview } from '../reviews/reach';
import { seg } from './accessReviews';
import { batchGet, Read, ReadResult } from './batchReads';
import { failureOf, GraphCallError, GraphFailure } from './failures';
import { scopeOf, WireIdentity, WireScope } from './shapes';

/**
 * The tenant scan's Graph reads, with an app-only token (application AccessReview.Read.All), at a cost that grows
 * with the reviews and not with their reviewers or items:
 *   1. the definitions, 100 a page (`$select` of what the scan needs);
 *   2. one `$batch` of 20 definitions' instances that are in progress or not started (the latter only say when the
 *      scan should look again);
 *   3. per instance in progress, in `$batch`es: its contacted reviewers (100 a page) and three counts (`$count=true`,
 *      `$top=1`): all items, not reviewed, not reviewed and recommended Deny; a self-review also lists the principals
 *      of its items not reviewed, who are its reviewers with work.
 * Docs: accessreviewscheduledefinition-list, accessreviewscheduledefinition-list-instances,
 * accessreviewinstance-list-contactedreviewers, accessreviewinstance-list-decisions, json-batching.
 */

const AR = '/identityGovernance/accessReviews';
const PAGE = 100;

interface WireReviewerScope {
  query?: string;
  queryRoot?: string | null;
}
export interface WireDef {
  id: string;
  displayName?: string;
  createdBy?: WireIdentity | null;
  scope?: WireScope | null;
  instanceEnumerationScope?: WireScope | null;
  reviewers?: WireReviewerScope[] | null;
  fallbackReviewers?: WireReviewerScope[] | null;
  settings?: { justificationRequiredOnApproval?: boolean } | null;
}
interface WireInst {
  id: string;
  status?: string;
  startDateTime?: string;
  endDateTime?: string;
  scope?: WireScope | null;
}
interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
}

/** What one scan read: the reviews in progress, the instants at which a review starts or ends, the cost. */
export interface TenantScan {
  reviews: ScannedReview[];
  /** Start times of instances not started and end times of those in progress: the scan looks again then. */
  instants: string[];
  /** Instances whose reviewers or counts could not be read this time (they are left for the next scan). */
  unread: number;
  /** Graph requests made (each $batch counts once). */
  requests: number;
}

/** Graph refused the app (403: the application permission is not granted) or failed: the scan stops here. */
export class TenantScanFailed extends GraphCallError {}

const query = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');

/** How the definition's reviewers share the work (see ReviewerKind). */
export function reviewerKindOf(reviewers: WireReviewerScope[] | null | undefined): ReviewerKind {
  if (!reviewers?.length) return 'self';
  if (reviewers.some((r) => /manager$/i.test(r.query ?? '') && /decisions/i.test(r.queryRoot ?? ''))) return 'managers';
  return 'listed';
}

function person(w: WireIdentity | null | undefined): Person | undefined {
  if (!w?.id) return undefined;
  return {
    id: w.id,
    displayName: w.displayName ?? '',
    ...(w.userPrincipalName ? { userPrincipalName: w.userPrincipalName } : {}),
  };
}

export class TenantReviews {
  private requests = 0;

  constructor(private readonly client: Client) {}

  private async get<T>(url: string): Promise<T> {
    this.requests++;
    try {
      return (await this.client.api(url).get()) as T;
    } catch (err) {
      throw new TenantScanFailed(failureOf(err));
    }
  }

  /** Every page of a collection, the first one given (from a $batch) or read. */
  private async rest<T>(first: Page<T>): Promise<T[]> {
    const out = [...(first.value ?? [])];
    let next = first['@odata.nextLink'];
    while (next) {
      const page = await this.get<Page<T>>(next);
      out.push(...(page.value ?? []));
      next = page['@odata.nextLink'];
    }
    return out;
  }

  private async batch<T>(reads: Map<string, Read>): Promise<Map<string, ReadResult<T>>> {
    this.requests += Math.ceil(reads.size / 20);
    return batchGet<T>(this.client, reads);
  }

  /** Reads the reviews in progress across the tenant. */
  async scan(): Promise<TenantScan> {
    this.requests = 0;
    const defs = await this.rest(
      await this.get<Page<WireDef>>(
        `${AR}/definitions?${query({
          $select: 'id,displayName,createdBy,scope,instanceEnumerationScope,reviewers,fallbackReviewers,settings',
          $top: String(PAGE),
        })}`,
      ),
    );
    const instanceReads = new Map<string, Read>();
    for (const d of defs) {
      instanceReads.set(
        d.id,
        `${AR}/definitions/${seg(d.id, 'definition id')}/instances?${query({
          $filter: "status eq 'InProgress' or status eq 'NotStarted'",
          $select: 'id,status,startDateTime,endDateTime,scope',
          $top: String(PAGE),
        })}`,
      );
    }
    const instancesOf = await this.batch<Page<WireInst>>(instanceReads);
    const instants: string[] = [];
    const live: { def: WireDef; inst: WireInst }[] = [];
    let unread = 0;
    for (const def of defs) {
      const got = instancesOf.get(def.id);
      if (!got?.ok) {
        if (got && isRefusal(got.failure)) throw new TenantScanFailed(got.failure);
        unread++;
        continue;
      }
      for (const inst of await this.rest(got.body)) {
        if (inst.status === 'NotStarted' && inst.startDateTime) instants.push(inst.startDateTime);
        if (inst.status === 'InProgress') {
          if (inst.endDateTime) instants.push(inst.endDateTime);
          live.push({ def, inst });
        }
      }
    }

    const reads = new Map<string, Read>();
    for (const { def, inst } of live) {
      const base = `${AR}/definitions/${seg(def.id, 'definition id')}/instances/${seg(inst.id, 'instance id')}`;
      const count = (filter?: string) =>
        `${base}/decisions?${query({ ...(filter ? { $filter: filter } : {}), $count: 'true', $top: '1', $select: 'id' })}`;
      reads.set(
        `${inst.id}|reviewers`,
        `${base}/contactedReviewers?${query({ $select: 'id,displayName,userPrincipalName', $top: String(PAGE) })}`,
      );
      reads.set(`${inst.id}|total`, count());
      reads.set(`${inst.id}|left`, count("decision eq 'NotReviewed'"));
      reads.set(`${inst.id}|deny`, count("decision eq 'NotReviewed' and recommendation eq 'Deny'"));
      if (reviewerKindOf(def.reviewers) === 'self')
        reads.set(
          `${inst.id}|pending`,
          `${base}/decisions?${query({ $filter: "decision eq 'NotReviewed'", $select: 'id,principal', $top: String(PAGE) })}`,
        );
    }
    const answers = await this.batch<Page<unknown>>(reads);
    const reviews: ScannedReview[] = [];
    for (const { def, inst } of live) {
      const at = (part: string) => answers.get(`${inst.id}|${part}`);
      const parts = ['reviewers', 'total', 'left', 'deny', ...(reads.has(`${inst.id}|pending`) ? ['pending'] : [])];
      const failed = parts.map(at).find((r) => !r?.ok);
      if (failed) {
        if (failed && !failed.ok && isRefusal(failed.failure)) throw new TenantScanFailed(failed.failure);
        unread++;
        continue;
      }
      const body = (part: string) => (at(part) as { ok: true; body: Page<unknown> }).body;
      const kind = reviewerKindOf(def.reviewers);
      const reviewers = reviewersOf(
        (await this.rest(body('reviewers') as Page<WireIdentity>)).map(person).filter((p): p is Person => !!p),
        kind,
        def,
      );
      const review: ScannedReview = {
        definitionId: def.id,
        instanceId: inst.id,
        name: def.displayName ?? '',
        scope: scopeOf(inst.scope ?? def.instanceEnumerationScope ?? def.scope),
        ...(person(def.createdBy) ? { createdBy: person(def.createdBy) } : {}),
        startDateTime: inst.startDateTime ?? '',
        endDateTime: inst.endDateTime ?? '',
        reviewerKind: kind,
        reviewers,
        total: body('total')['@odata.count'] ?? 0,
        remaining: body('left')['@odata.count'] ?? 0,
        recommendedDeny: body('deny')['@odata.count'] ?? 0,
        justificationRequired: !!def.settings?.justificationRequiredOnApproval,
      };
      if (kind === 'self') {
        const items = await this.rest(body('pending') as Page<{ principal?: WireIdentity }>);
        const counts = new Map<string, { person: Person; remaining: number }>();
        for (const item of items) {
          const p = person(item.principal);
          if (!p) continue;
          const entry = counts.get(p.id.toLowerCase());
          if (entry) entry.remaining++;
          else counts.set(p.id.toLowerCase(), { person: p, remaining: 1 });
        }
        review.pending = [...counts.values()];
      }
      reviews.push(review);
    }
    return { reviews, instants, unread, requests: this.requests };
  }

  /**
   * How many decisions each reviewer recorded in an instance (`reviewedBy` of its items decided), for escalation:
   * read only when a review reaches a threshold, 100 items a page.
   */
  async decidedBy(review: Pick<ScannedReview, 'definitionId' | 'instanceId'>): Promise<Map<string, number>> {
    const base = `${AR}/definitions/${seg(review.definitionId, 'definition id')}/instances/${seg(review.instanceId, 'instance id')}`;
    const items = await this.rest(
      await this.get<Page<{ decision?: string; reviewedBy?: WireIdentity | null }>>(
        `${base}/decisions?${query({ $select: 'id,decision,reviewedBy', $top: String(PAGE) })}`,
      ),
    );
    const out = new Map<string, number>();
    for (const item of items) {
      const id = item.reviewedBy?.id;
      if (!id || item.decision === 'NotReviewed') continue;
      out.set(id.toLowerCase(), (out.get(id.toLowerCase()) ?? 0) + 1);
    }
    return out;
  }

  get requestCount(): number {
    return this.requests;
  }
}

/**
 * An instance's reviewers: who Graph contacted. Docs are silent on when Graph fills contactedReviewers (it may lag the
 * start, or stay empty without mail): until it does, the users the definition names are its reviewers, or its
 * fallback reviewers when it names none.
 */
export function reviewersOf(
  contacted: Person[],
  kind: ReviewerKind,
  def: Pick<WireDef, 'reviewers' | 'fallbackReviewers'>,
): Person[] {
  if (contacted.length || kind !== 'listed') return contacted;
  const named = namedUsers(def.reviewers);
  return named.length ? named : namedUsers(def.fallbackReviewers);
}

/** The users a reviewers list names by id (`/users/{id}`); groups and owners need reads the scan does not make. */
function namedUsers(scopes: WireReviewerScope[] | null | undefined): Person[] {
  return (scopes ?? []).flatMap((r) => {
    const id = /^\/(?:v1\.0\/|beta\/)?users\/([0-9a-f-]{36})$/i.exec(r.query ?? '')?.[1];
    return id ? [{ id, displayName: '' }] : [];
  });
}

/** 401/403: the app lacks the permission (or its token was refused): no point going on with this scan. */
function isRefusal(f: GraphFailure): boolean {
  return f.status === 401 || f.status === 403;
}
