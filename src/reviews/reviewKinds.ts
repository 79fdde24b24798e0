import type { GroupFacts } from './model';

/**
 * What an access review is of, and what one decision item is about, from what Graph says of them: the instance's
 * scope (what the review takes) and each item's resource (what this principal has). Pure: plain data in, plain data
 * out; the wire shapes are read in src/graph/shapes.ts.
 *
 * Sources: Graph `concepts/accessreviews-scope-concept.md` (the scope queries of each kind) and the resource pages of
 * accessReviewInstanceDecisionItemResource and its derived types (v1.0 and beta): `type` is one of Group,
 * ServicePrincipal, DirectoryRole, AzureRole, AccessPackageAssignmentPolicy (the response examples write `group` and
 * `azureRole`, so types are compared without regard to case).
 */

/** What the whole review is of. */
export const REVIEW_KINDS = [
  'group',
  'application',
  'accessPackage',
  'directoryRole',
  'azureRole',
  'pimGroup',
  'inactiveUsers',
  'multiResource',
] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** Which assignments a role or PIM-for-Groups review takes, when its scope says. */
export const ASSIGNMENT_KINDS = ['eligible', 'active', 'any'] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];

export interface ReviewScope {
  /** The scope's @odata.type, e.g. `#microsoft.graph.principalResourceMembershipsScope`. */
  odataType: string;
  /** An accessReviewQueryScope's query ('' for other scopes). */
  query: string;
  /** queryType: `MicrosoftGraph`, or `ARM` for Azure resource roles. */
  queryType: string;
  /** Of a principalResourceMembershipsScope. */
  principalScopes: { odataType: string; query: string }[];
  resourceScopes: { odataType: string; query: string }[];
  /** Of an accessReviewInactiveUsersQueryScope (or a principal scope of that type), e.g. `P30D`. */
  inactiveDuration?: string;
}

export interface ReviewKindInfo {
  kind: ReviewKind;
  assignment?: AssignmentKind;
  /** Days of inactivity an inactive-users scope looks for (from inactiveDuration), when it says. */
  inactiveDays?: number;
}

const INACTIVE = /accessReviewInactiveUsersQueryScope$/i;
const MEMBERSHIPS = /principalResourceMembershipsScope$/i;

/** Whole days of an ISO 8601 duration such as P30D or P1M (a month is taken as 30 days); undefined otherwise. */
export function durationDays(iso: string | undefined): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/i.exec(iso ?? '');
  if (!m || !m.slice(1).some(Boolean)) return undefined;
  const [y, mo, w, d] = m.slice(1).map((v) => Number(v ?? 0));
  return y * 365 + mo * 30 + w * 7 + d;
}

function assignmentOf(query: string): AssignmentKind {
  if (/eligibilityScheduleInstances/i.test(query)) return 'eligible';
  if (/assignmentScheduleInstances/i.test(query)) return 'active';
  return 'any';
}

/** The kind of a review whose scope is one query. */
function kindOfQuery(query: string, queryType: string): ReviewKindInfo {
  if (/^ARM$/i.test(queryType) || /\/providers\/Microsoft\.Authorization\//i.test(query)) return { kind: 'azureRole' };
  if (/privilegedAccess\/group\//i.test(query)) return { kind: 'pimGroup', assignment: assignmentOf(query) };
  if (/\/roleManagement\/directory\//i.test(query)) return { kind: 'directoryRole', assignment: assignmentOf(query) };
  if (/\/entitlementManagement\/accessPackageAssignments/i.test(query)) return { kind: 'accessPackage' };
  if (/^\/servicePrincipals\//i.test(query)) return { kind: 'application' };
  return { kind: 'group' };
}

/** What a review is of, from its instance's scope. Unknown shapes are taken as a group review, as before. */
export function reviewKindOf(scope: ReviewScope | undefined): ReviewKindInfo {
  if (!scope) return { kind: 'group' };
  if (INACTIVE.test(scope.odataType)) {
    return { kind: 'inactiveUsers', inactiveDays: durationDays(scope.inactiveDuration) };
  }
  if (MEMBERSHIPS.test(scope.odataType)) {
    const inactive = scope.principalScopes.some((p) => INACTIVE.test(p.odataType));
    const resources = scope.resourceScopes.map((r) => kindOfQuery(r.query, ''));
    // One resource scope of one resource (an app, a role): a review of that, with its principals filtered.
    const single =
      scope.resourceScopes.length === 1 &&
      /^\/(servicePrincipals|roleManagement\/directory\/roleDefinitions)\/[^/?]+$/i.test(scope.resourceScopes[0].query);
    if (single && !inactive) return resources[0];
    return inactive
      ? { kind: 'inactiveUsers', inactiveDays: durationDays(scope.inactiveDuration) }
      : { kind: 'multiResource' };
  }
  return kindOfQuery(scope.query, scope.queryType);
}

/** What one item's resource is, from its `type` (and @odata.type). */
export const RESOURCE_KINDS = ['group', 'application', 'accessPackage', 'directoryRole', 'azureRole', 'other'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export function resourceKindOf(type: string | undefined, odataType: string | undefined): ResourceKind {
  const t = (type ?? '').toLowerCase();
  const o = (odataType ?? '').toLowerCase();
  if (t === 'group') return 'group';
  if (t === 'serviceprincipal' || o.endsWith('serviceprincipalresource')) return 'application';
  if (t === 'accesspackageassignmentpolicy' || t === 'accesspackage' || o.includes('accesspackage')) {
    return 'accessPackage';
  }
  if (t === 'directoryrole') return 'directoryRole';
  if (t === 'azurerole' || o.endsWith('azureroleresource')) return 'azureRole';
  return 'other';
}

/**
 * Whether a decision on this item can be recorded through Graph. Azure resource roles are listed by Graph's
 * filterByCurrentUser (v1.0 api/accessreviewinstance-list-decisions.md, example 2), but Graph documents no way to
 * record them: Azure Resource Manager does (`Microsoft.Authorization/accessReviewScheduleDefinitions/{id}/instances/
 * {id}/decisions/{id}`, 2021-12-01-preview). Attest shows them with where to decide and never offers a choice it
 * cannot record.
 */
export function recordableInGraph(resource: ResourceKind): boolean {
  return resource !== 'azureRole';
}

/**
 * Why a deny of this item will not remove the access, before the reviewer decides; undefined when it will (when the
 * review's decisions are applied). From Microsoft Entra's access reviews FAQ: access through a nested group, or
 * through a group assigned to an app, stays; groups synced from on-premises and mail-enabled groups cannot be changed
 * by a review.
 */
export type DenyLimit = 'indirect' | 'onPremisesGroup' | 'mailEnabledGroup' | 'dynamicGroup';

export function denyLimitOf(item: {
  access?: 'direct' | 'indirect';
  resourceKind: ResourceKind;
  resourceGroup?: GroupFacts;
}): DenyLimit | undefined {
  if (item.access === 'indirect') return 'indirect';
  const g = item.resourceKind === 'group' ? item.resourceGroup : undefined;
  if (g?.onPremisesSynced) return 'onPremisesGroup';
  // A mail-enabled security group or a distribution list; Microsoft 365 groups are mail-enabled and can be changed.
  if (g?.mailEnabled && !g.unified) return 'mailEnabledGroup';
  if (g?.dynamic) return 'dynamicGroup';
  return undefined;
}
