import { MyDecisionRow } from '../reviews/inbox';
import { Decision, Recommendation, ReviewItem } from '../reviews/model';

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
}

export interface WireInstance {
  id: string;
  status?: string;
  startDateTime?: string;
  endDateTime?: string;
  scope?: { query?: string } | null;
  definition?: WireDefinition;
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
  resource?: { id?: string; displayName?: string; type?: string } | null;
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

export function toItem(w: WireDecision, guestsOnly: boolean): ReviewItem {
  const principal = w.principal ?? {};
  const upn = principal.userPrincipalName ?? w.target?.userPrincipalName ?? '';
  const isServicePrincipal = /servicePrincipal/i.test(principal['@odata.type'] ?? '');
  // Decision items do not carry userType; guests show as such by their #EXT# UPN or by a guests-only scope.
  const kind: ReviewItem['principalKind'] = isServicePrincipal
    ? 'ServicePrincipal'
    : guestsOnly || /#EXT#/i.test(upn)
      ? 'Guest'
      : 'Member';
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
    decision: asDecision(w.decision),
    recommendation: asRecommendation(w.recommendation),
    justification: w.justification ?? '',
    reviewedByName: reviewer && reviewer.id && reviewer.id !== ZERO_GUID ? (reviewer.displayName ?? '') : '',
    ...(signIn ? { lastSignIn: signIn.lastSignInDateTime ?? null } : {}),
  };
}

/** What an inbox row says of its review: the item's instance and definition, and the resource under review. */
export type InboxReview = Omit<MyDecisionRow, 'decision' | 'recommendation'>;

/** The review of a decision item that has its instance and definition expanded. */
export function inboxReview(w: WireDecision): InboxReview | undefined {
  const inst = w.instance;
  const def = inst?.definition;
  if (!inst || !def) return undefined;
  return {
    definitionId: def.id,
    instanceId: inst.id,
    name: def.displayName ?? 'Access review',
    resourceName: w.resource?.displayName ?? '',
    status: inst.status ?? 'Unknown',
    endDateTime: inst.endDateTime ?? '',
    justificationRequired: !!def.settings?.justificationRequiredOnApproval,
    guestsOnly: isGuestScope(inst.scope?.query),
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
    resourceName: review.resourceName,
    status: review.status,
    endDateTime: review.endDateTime,
    justificationRequired: review.justificationRequired,
    guestsOnly: review.guestsOnly,
    decision: asDecision(w.decision),
    recommendation: asRecommendation(w.recommendation),
  };
}
