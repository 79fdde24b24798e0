import { Decision, Recommendation, ReviewSummary } from './model';

/** One of my decision items with what the inbox needs of its review (from the list call, whatever its shape). */
export type MyDecisionRow = Omit<ReviewSummary, 'total' | 'remaining' | 'recommendedDeny' | 'resources' | 'stageId'> & {
  decision: Decision;
  recommendation: Recommendation;
  /** The item's own resource: one review can span several. */
  resourceId: string;
};

export interface InboxEntry extends ReviewSummary {
  urgent: boolean;
  timeLeft: string;
}

const URGENT_MS = 2 * 86_400_000;

/**
 * A review is urgent when it is open, this reviewer still has people left in it, and it ends within two days (or has
 * already passed its end without closing). The inbox and the review card both flag it.
 */
export function isUrgent(review: Pick<ReviewSummary, 'status' | 'remaining' | 'endDateTime'>, now: Date): boolean {
  const msLeft = Date.parse(review.endDateTime) - now.getTime();
  return review.status === 'InProgress' && review.remaining > 0 && msLeft <= URGENT_MS;
}

/**
 * Groups my decision items by review and counts what is left. A review's resource is named only when all its items
 * share it (a review of one group or app); one over several resources counts them instead.
 */
export function summarize(rows: MyDecisionRow[]): ReviewSummary[] {
  const byInstance = new Map<string, ReviewSummary>();
  const resourcesOf = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = r.instanceId;
    let s = byInstance.get(key);
    let resources = resourcesOf.get(key);
    if (!s || !resources) {
      s = {
        definitionId: r.definitionId,
        instanceId: r.instanceId,
        name: r.name,
        resourceName: r.resourceName,
        resourceDetail: r.resourceDetail,
        status: r.status,
        endDateTime: r.endDateTime,
        justificationRequired: r.justificationRequired,
        guestsOnly: r.guestsOnly,
        kind: r.kind,
        ...(r.assignment ? { assignment: r.assignment } : {}),
        resources: 0,
        multiStage: r.multiStage,
        total: 0,
        remaining: 0,
        recommendedDeny: 0,
      };
      resources = new Set();
      byInstance.set(key, s);
      resourcesOf.set(key, resources);
    }
    if (!resources.has(r.resourceId.toLowerCase())) {
      resources.add(r.resourceId.toLowerCase());
      s.resources = resources.size;
      if (resources.size > 1) {
        s.resourceName = '';
        s.resourceDetail = '';
      }
    }
    s.total++;
    if (r.decision === 'NotReviewed') {
      s.remaining++;
      if (r.recommendation === 'Deny') s.recommendedDeny++;
    }
  }
  return [...byInstance.values()];
}

/**
 * The reviews waiting for me: those in progress, the ones with people left to review first, the closest due date
 * first within each; reviews ending within two days are urgent.
 */
export function pendingInbox(reviews: ReviewSummary[], now: Date): InboxEntry[] {
  return reviews
    .filter((r) => r.status === 'InProgress')
    .map((r) => ({ ...r, urgent: isUrgent(r, now), timeLeft: timeLeft(r.endDateTime, now) }))
    .sort(
      (a, b) =>
        Number(b.remaining > 0) - Number(a.remaining > 0) || Date.parse(a.endDateTime) - Date.parse(b.endDateTime),
    );
}

/** "3 days left", "5 hours left", "less than an hour left", "ended". */
export function timeLeft(endDateTime: string, now: Date): string {
  const ms = Date.parse(endDateTime) - now.getTime();
  if (Number.isNaN(ms)) return 'no end date';
  if (ms <= 0) return 'ended';
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 1) return 'less than an hour left';
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} left`;
  const days = Math.floor(hours / 24);
  return `${days} days left`;
}
