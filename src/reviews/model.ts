/** The reviewer's view of access reviews: plain data, independent of Graph's wire shapes and of Teams. */
import type { AssignmentKind, ResourceKind, ReviewKind } from './reviewKinds';

export type Decision = 'Approve' | 'Deny' | 'DontKnow' | 'NotReviewed';
export type Recommendation = 'Approve' | 'Deny' | 'NoInfoAvailable';
/** What a reviewer can choose on a card: one of the decisions, or leave the item as it is. */
export type Choice = 'Approve' | 'Deny' | 'DontKnow' | '';

/** One review (an instance of a definition) waiting for the signed-in reviewer. */
export interface ReviewSummary {
  definitionId: string;
  instanceId: string;
  name: string;
  /** The group, app, access package or role under review; '' when the review spans several (see `resources`). */
  resourceName: string;
  /** What more of that one resource: the access package of a policy, the Azure role's scope; '' otherwise. */
  resourceDetail: string;
  /** What the review is of (src/reviews/reviewKinds.ts), from its scope. */
  kind: ReviewKind;
  /** Of role and PIM-for-Groups reviews: which assignments it takes. */
  assignment?: AssignmentKind;
  /** Different resources among this reviewer's items (1 for a review of one group or app). */
  resources: number;
  /** A multi-stage review: decisions go to its current stage (`stageId`, found when a page is read). */
  multiStage: boolean;
  stageId?: string;
  status: string;
  endDateTime: string;
  justificationRequired: boolean;
  /** The scope only takes guests, so everyone reviewed is a guest. */
  guestsOnly: boolean;
  /** Items this reviewer reviews in this instance. */
  total: number;
  /** Of those, not reviewed yet. */
  remaining: number;
  /** Of the remaining ones, how many the service recommends denying. */
  recommendedDeny: number;
}

/** 'Member' or 'Guest' for users; 'ServicePrincipal' for apps; 'Group' for a group that holds the access. */
export type PrincipalKind = 'Member' | 'Guest' | 'ServicePrincipal' | 'Group' | 'Unknown';

/** What the directory says of a group on a review page (src/graph/groupFacts.ts); absent where it was not read. */
export interface GroupFacts {
  onPremisesSynced?: boolean;
  mailEnabled?: boolean;
  securityEnabled?: boolean;
  /** Dynamic membership: members come from a rule, not from decisions. */
  dynamic?: boolean;
  /** A Microsoft 365 group (groupTypes Unified): mail-enabled, and changeable by a review. */
  unified?: boolean;
  /** Members of a group that holds the access itself. */
  memberCount?: number;
}

/**
 * What a role or PIM-for-Groups assignment is, as its schedule instances say (src/reviews/assignmentDetails.ts):
 * eligible or active, permanent or until when, activated, and of a group, membership or ownership. Absent where it
 * was not read or could not be told.
 */
export interface AssignmentDetail {
  kind: 'eligible' | 'active';
  permanent: boolean;
  /** When it ends (Graph's instant); absent when permanent. */
  endDateTime?: string;
  /** An eligible assignment activated for a while (assignmentType Activated). */
  activated?: boolean;
  /** PIM for Groups: membership or ownership of the group. */
  access?: 'member' | 'owner';
}

/** One person, app or group (principal x resource) to review. */
export interface ReviewItem {
  id: string;
  principalId: string;
  principalName: string;
  principalUpn: string;
  principalKind: PrincipalKind;
  resourceId: string;
  resourceName: string;
  resourceKind: ResourceKind;
  /** What on the resource: the app role, the access package of a policy, the Azure scope; '' when nothing more. */
  resourceDetail: string;
  /** 'indirect': the access comes through a group (beta principalResourceMembership); undefined when Graph does not say. */
  access?: 'direct' | 'indirect';
  /** Of a group under review: whether the review can change it. */
  resourceGroup?: GroupFacts;
  /** Of a group that is the principal: how many members it has. */
  memberCount?: number;
  /** Of a role or PIM-for-Groups review, with ASSIGNMENT_DETAILS_ENABLED: what the assignment is. */
  assignment?: AssignmentDetail;
  decision: Decision;
  recommendation: Recommendation;
  justification: string;
  reviewedByName: string;
  /** Last sign-in from the userSignInInsight; null = never signed in; undefined = no insight. */
  lastSignIn?: string | null;
}

export type ItemFilter = 'all' | 'notReviewed' | 'recommendedDeny';

/** One page of a review's items as the card shows it. */
export interface ReviewPage {
  review: ReviewSummary;
  filter: ItemFilter;
  skip: number;
  top: number;
  /** Items matching the filter (all pages); a lower bound when `more` says Graph has further pages it did not count. */
  count: number;
  /** Graph did not send @odata.count (the docs do not promise it here) but has a next page. */
  more?: boolean;
  items: ReviewItem[];
}
