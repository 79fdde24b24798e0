import { isGuid } from './ids';
import { Every } from './quickReview';

/**
 * The reviews an owner created, as the owner watches them: which instances are current, their progress, and what
 * can be done to each (stop, apply, nudge). Pure: Graph's answers in, plain data out.
 */

/** What a review's scope names: one group, every group (an instance each), one application, or something else. */
export type ReviewSubject =
  | { kind: 'group'; groupId: string }
  | { kind: 'everyGroup' }
  | { kind: 'app'; servicePrincipalId: string }
  | { kind: 'other' };

/** A scope as Graph lists it: a query scope, or a principalResourceMembershipsScope. */
export interface ListedScope {
  query?: string | null;
  principalScopes?: { query?: string | null }[] | null;
  resourceScopes?: { query?: string | null }[] | null;
}

/** One instance as listed (GET .../definitions/{d}/instances). */
export interface InstanceRow {
  instanceId: string;
  status: string;
  startDateTime: string;
  endDateTime: string;
  /** What the instance's scope names (an instance of an every-group review names its own group). */
  subject: ReviewSubject;
}

/** Decision counts of one instance, from Graph's @odata.count. */
export interface DecisionCounts {
  total: number;
  approved: number;
  denied: number;
  dontKnow: number;
  notReviewed: number;
}

export interface Contacted {
  /** The first few, as listed. */
  names: string[];
  /** How many were listed; with `more`, at least that many. */
  count: number;
  more: boolean;
}

/** One definition I created, as listed (GET /definitions with $select). */
export interface OwnedDefinition {
  definitionId: string;
  name: string;
  status: string;
  createdDateTime: string;
  autoApply: boolean;
  every: Every | 'other';
  /** What the definition's scope names. */
  subject: ReviewSubject;
  guestsOnly: boolean;
}

/** An instance with what was read about it; a part that could not be read is undefined, with why. */
export interface OwnedInstance extends InstanceRow {
  /** The name of the group or application it reviews; '' when it could not be read (or names neither). */
  resourceName: string;
  counts?: DecisionCounts;
  contacted?: Contacted;
  /** Why progress or reviewers could not be read. */
  unreadable?: string;
}

export interface OwnedReview extends OwnedDefinition {
  instances: OwnedInstance[];
  /** Current instances not shown (a review of many groups). */
  moreInstances: number;
  /** Why its instances could not be listed. */
  unreadable?: string;
}

export interface OwnedReviewsPage {
  reviews: OwnedReview[];
  skip: number;
  pageSize: number;
  /** There are more of my reviews after this page. */
  more: boolean;
  /** Graph lists more definitions than were looked through (only the newest ones were). */
  cutShort: boolean;
}

/** Statuses of an instance that is not over yet. */
const OPEN = ['NotStarted', 'Initializing', 'Starting', 'InProgress', 'Completing', 'AutoReviewing'];
/** Statuses of an instance that is over but whose decisions may still be applied. */
const ENDED_NOT_APPLIED = ['Completed', 'AutoReviewed'];

/** The group a scope query names: /groups/{id}/transitiveMembers... (undefined for a relative ./members query). */
export function groupIdOfScope(query: string | null | undefined): string | undefined {
  const m = /^\/(?:v1\.0\/|beta\/)?groups\/([0-9a-fA-F-]{36})(?:[/?]|$)/.exec(query ?? '');
  return m && isGuid(m[1]) ? m[1] : undefined;
}

/**
 * The application a query names: /servicePrincipals/{id} (a resource scope, create-definitions example 3), or
 * /servicePrincipals/{id}/appRoleAssignedTo (as some reviews of an app's assignments are written).
 */
export function servicePrincipalIdOfScope(query: string | null | undefined): string | undefined {
  const m = /^\/(?:v1\.0\/|beta\/)?servicePrincipals\/([0-9a-fA-F-]{36})(?:\/appRoleAssignedTo)?$/.exec(query ?? '');
  return m && isGuid(m[1]) ? m[1] : undefined;
}

/**
 * What a scope names, without assuming a group: the one group or app of its query, or of the only resource scope of
 * a principalResourceMembershipsScope; every group for a relative query (./members, with an enumeration over
 * groups); anything else (roles, access packages, several resources) is another kind of review.
 */
export function subjectOfScope(scope: ListedScope | null | undefined): ReviewSubject {
  const resources = scope?.resourceScopes ?? [];
  const query = scope?.query ?? (resources.length === 1 ? resources[0]?.query : undefined);
  const groupId = groupIdOfScope(query);
  if (groupId) return { kind: 'group', groupId };
  const servicePrincipalId = servicePrincipalIdOfScope(query);
  if (servicePrincipalId) return { kind: 'app', servicePrincipalId };
  if (scope?.query?.trim().startsWith('./')) return { kind: 'everyGroup' };
  return { kind: 'other' };
}

/** The recurrence of a definition's settings, as the form names it. */
export function everyOf(pattern: { type?: string; interval?: number } | null | undefined): Every | 'other' {
  if (!pattern) return 'once';
  if (pattern.type === 'weekly' && (pattern.interval ?? 1) === 1) return 'weekly';
  if (pattern.type === 'absoluteMonthly') {
    const byInterval: Record<number, Every> = { 1: 'monthly', 3: 'quarterly', 6: 'semiannually', 12: 'annually' };
    return byInterval[pattern.interval ?? 1] ?? 'other';
  }
  return 'other';
}

const byStartDesc = (a: InstanceRow, b: InstanceRow) => Date.parse(b.startDateTime) - Date.parse(a.startDateTime);

/**
 * The instances an owner cares about now: those not over, and those over whose decisions wait to be applied (when
 * auto-apply is off); if there are none, the latest one, so the last result shows. In progress first, newest first;
 * at most `max`, with how many more there are.
 */
export function currentInstances(
  rows: InstanceRow[],
  autoApply: boolean,
  max: number,
): { shown: InstanceRow[]; more: number } {
  const current = rows.filter((r) => OPEN.includes(r.status) || (!autoApply && ENDED_NOT_APPLIED.includes(r.status)));
  const pick = current.length ? current : [...rows].sort(byStartDesc).slice(0, 1);
  const sorted = [...pick].sort(
    (a, b) => Number(b.status === 'InProgress') - Number(a.status === 'InProgress') || byStartDesc(a, b),
  );
  return { shown: sorted.slice(0, max), more: Math.max(0, sorted.length - max) };
}

/** What the owner can do to an instance now (the service refuses the rest). */
export function ownerActions(status: string, autoApply: boolean): { stop: boolean; apply: boolean; nudge: boolean } {
  return {
    stop: status === 'InProgress',
    // Docs: applyDecisions only when autoApplyDecisionsEnabled is false and the instance is Completed.
    apply: !autoApply && ENDED_NOT_APPLIED.includes(status),
    nudge: status === 'InProgress',
  };
}

/** People reviewed so far (everyone not NotReviewed). */
export function reviewedCount(c: DecisionCounts): number {
  return c.total - c.notReviewed;
}

/** Counts from the four counted reads (total, approved, denied, don't know); NotReviewed is what is left. */
export function countsOf(total: number, approved: number, denied: number, dontKnow: number): DecisionCounts {
  return { total, approved, denied, dontKnow, notReviewed: Math.max(0, total - approved - denied - dontKnow) };
}
