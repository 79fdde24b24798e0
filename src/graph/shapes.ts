import { MyDecisionRow } from '../reviews/inbox';
import { Decision, PrincipalKind, Recommendation, ReviewItem } from '../reviews/model';
import { resourceKindOf, reviewKindOf, ReviewScope } from '../reviews/reviewKinds';

/** Graph's wire shapes (only the fields the bot reads) and their mapping to the reviewer's model. */

export interface WireIdentity {
  '@odata.type'?: string;
  id?: string;
  displayName?: string;
  userPrincipalName?: string;
}

export interface WireDefinition {
  id: string;
  displayName?: string;
  settings?: { justificationRequiredOnApproval?: boolean } | null;
  /** Present (non-empty) on multi-stage reviews. */
  stageSettings?: unknown[] | null;
}

/** An access review scope: a query scope, an inactive-users scope, or a principalResourceMembershipsScope. */
export interface WireScope {
  '@odata.type'?: string;
  query?: string;
  queryType?: string;
  inactiveDuration?: string;
  principalScopes?: WireScope[] | null;
  resourceScopes?: WireScope[] | null;
}

export interface WireInstance {
  id: string;
  status?: string;
  startDateTime?: string;
  endDateTime?: string;
  scope?: WireScope | null;
  definition?: WireDefinition;
}

/** The item's resource: the base type's fields and those of the derived types the bot reads. */
export interface WireResource {
  '@odata.type'?: string;
  id?: string;
  displayName?: string;
  type?: string;
  /** accessReviewInstanceDecisionItemServicePrincipalResource */
  appRoleDisplayName?: string | null;
  /** accessReviewInstanceDecisionItemAccessPackageAssignmentPolicyResource */
  accessPackageDisplayName?: string | null;
  /** accessReviewInstanceDecisionItemAzureRoleResource */
  scope?: { id?: string; displayName?: string; type?: string } | null;
}

export interface WireInsight {
  '@odata.type'?: string;
  lastSignInDateTime?: string | null;
}

export interface WireDecision {
  id: string;
  accessReviewId?: string;
  decision?: string;
  recommendation?: string;
  justification?: string | null;
  reviewedBy?: WireIdentity | null;
  principal?: WireIdentity | null;
  resource?: WireResource | null;
  /** beta: whether the principal has the access directly or through a group ("direct", "indirect", or both). */
  principalResourceMembership?: { membershipType?: string | null } | null;
  target?: { userId?: string; userDisplayName?: string; userPrincipalName?: string } | null;
  insights?: WireInsight[];
  instance?: WireInstance;
}

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

const asDecision = (d: string | undefined): Decision =>
  d === 'Approve' || d === 'Deny' || d === 'DontKnow' ? d : 'NotReviewed';
const asRecommendation = (r: string | undefined): Recommendation =>
  r === 'Approve' || r === 'Deny' ? r : 'NoInfoAvailable';

/** True when the review's scope only takes guests (the documented guest-review query filters on userType). */
export function isGuestScope(query: string | undefined): boolean {
  return !!query && /userType\s+eq\s+'Guest'/i.test(query);
}

/** Guests only: the guest filter on the scope's query, or on its principal scopes (an app's guests, say). */
export function guestsOnlyScope(
  scope: { query?: string | null; principalScopes?: ({ query?: string | null } | null)[] | null } | null | undefined,
): boolean {
  return [scope?.query, ...(scope?.principalScopes ?? []).map((p) => p?.query)].some((q) => isGuestScope(q ?? ''));
}

/** The scope as the domain reads it (src/reviews/reviewKinds.ts). */
export function scopeOf(w: WireScope | null | undefined): ReviewScope | undefined {
  if (!w) return undefined;
  const part = (p: WireScope) => ({ odataType: p['@odata.type'] ?? '', query: p.query ?? '' });
  const inactive = [w, ...(w.principalScopes ?? [])].find((p) => p.inactiveDuration)?.inactiveDuration;
  return {
    odataType: w['@odata.type'] ?? '',
    query: w.query ?? '',
    queryType: w.queryType ?? '',
    principalScopes: (w.principalScopes ?? []).map(part),
    resourceScopes: (w.resourceScopes ?? []).map(part),
    ...(inactive ? { inactiveDuration: inactive } : {}),
  };
}

/**
 * The principal's kind from its @odata.type: servicePrincipalIdentity (an app), a group identity (a group that holds
 * the access, e.g. a role-assignable group in a role), else a user. Decision items do not carry userType; guests
 * show as such by their #EXT# UPN or by a guests-only scope.
 */
function principalKindOf(w: WireDecision, upn: string, guestsOnly: boolean): PrincipalKind {
  const type = w.principal?.['@odata.type'] ?? '';
  if (/servicePrincipal/i.test(type)) return 'ServicePrincipal';
  if (/groupIdentity$/i.test(type)) return 'Group';
  return guestsOnly || /#EXT#/i.test(upn) ? 'Guest' : 'Member';
}

/** What on the resource: the app role, the access package of a policy, the Azure role's scope. */
function resourceDetailOf(r: WireResource | null | undefined): string {
  return r?.appRoleDisplayName ?? r?.accessPackageDisplayName ?? r?.scope?.displayName ?? '';
}

function accessOf(w: WireDecision): ReviewItem['access'] {
  const m = (w.principalResourceMembership?.membershipType ?? '').toLowerCase();
  if (/indirect/.test(m)) return 'indirect';
  return /direct/.test(m) ? 'direct' : undefined;
}

export function toItem(w: WireDecision, guestsOnly: boolean): ReviewItem {
  const principal = w.principal ?? {};
  const upn = principal.userPrincipalName ?? w.target?.userPrincipalName ?? '';
  const kind = principalKindOf(w, upn, guestsOnly);
  const access = accessOf(w);
  const signIn = (w.insights ?? []).find((i) => /userSignInInsight/i.test(i['@odata.type'] ?? ''));
  const reviewer = w.reviewedBy;
  return {
    id: w.id,
    principalId: principal.id ?? w.target?.userId ?? ZERO_GUID,
    principalName: principal.displayName ?? w.target?.userDisplayName ?? upn,
    principalUpn: upn,
    principalKind: kind,
    resourceId: w.resource?.id ?? ZERO_GUID,
    resourceName: w.resource?.displayName ?? '',
    resourceKind: resourceKindOf(w.resource?.type, w.resource?.['@odata.type']),
    resourceDetail: resourceDetailOf(w.resource),
    ...(access ? { access } : {}),
    decision: asDecision(w.decision),
    recommendation: asRecommendation(w.recommendation),
    justification: w.justification ?? '',
    reviewedByName: reviewer && reviewer.id && reviewer.id !== ZERO_GUID ? (reviewer.displayName ?? '') : '',
    ...(signIn ? { lastSignIn: signIn.lastSignInDateTime ?? null } : {}),
  };
}

/** What an inbox row says of its review: the item's instance and definition (the resource is each row's own). */
export type InboxReview = Omit<
  MyDecisionRow,
  'decision' | 'recommendation' | 'resourceId' | 'resourceName' | 'resourceDetail'
>;

/** The review of a decision item that has its instance and definition expanded. */
export function inboxReview(w: WireDecision): InboxReview | undefined {
  const inst = w.instance;
  const def = inst?.definition;
  if (!inst || !def) return undefined;
  const kind = reviewKindOf(scopeOf(inst.scope));
  return {
    definitionId: def.id,
    instanceId: inst.id,
    name: def.displayName ?? 'Access review',
    status: inst.status ?? 'Unknown',
    endDateTime: inst.endDateTime ?? '',
    justificationRequired: !!def.settings?.justificationRequiredOnApproval,
    guestsOnly: guestsOnlyScope(inst.scope),
    kind: kind.kind,
    ...(kind.assignment ? { assignment: kind.assignment } : {}),
    multiStage: Array.isArray(def.stageSettings) && def.stageSettings.length > 0,
  };
}

/** A row of the inbox: one decision item with its review (by default, from the item's own expansion). */
export function toRow(w: WireDecision, review = inboxReview(w)): MyDecisionRow | undefined {
  if (!review) return undefined;
  // Spelled out: in V8 a spread with more properties after it is several times slower, and an inbox can have
  // thousands of rows.
  return {
    definitionId: review.definitionId,
    instanceId: review.instanceId,
    name: review.name,
    resourceId: w.resource?.id ?? ZERO_GUID,
    resourceName: w.resource?.displayName ?? '',
    resourceDetail: resourceDetailOf(w.resource),
    status: review.status,
    endDateTime: review.endDateTime,
    justificationRequired: review.justificationRequired,
    guestsOnly: review.guestsOnly,
    kind: review.kind,
    ...(review.assignment ? { assignment: review.assignment } : {}),
    multiStage: review.multiStage,
    decision: asDecision(w.decision),
    recommendation: asRecommendation(w.recommendation),
  };
}
