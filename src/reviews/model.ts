/** The reviewer's view of access reviews: plain data, independent of Graph's wire shapes and of Teams. */

export type Decision = 'Approve' | 'Deny' | 'DontKnow' | 'NotReviewed';
export type Recommendation = 'Approve' | 'Deny' | 'NoInfoAvailable';
/** What a reviewer can choose on a card: one of the decisions, or leave the item as it is. */
export type Choice = 'Approve' | 'Deny' | 'DontKnow' | '';

/** One review (an instance of a definition) waiting for the signed-in reviewer. */
export interface ReviewSummary {
  definitionId: string;
  instanceId: string;
  name: string;
  /** The group (or other resource) under review. */
  resourceName: string;
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

/** One person (principal x resource) to review. */
export interface ReviewItem {
  id: string;
  principalId: string;
  principalName: string;
  principalUpn: string;
  /** 'Member' or 'Guest' for users; 'ServicePrincipal' for apps. */
  principalKind: 'Member' | 'Guest' | 'ServicePrincipal' | 'Unknown';
  resourceId: string;
  resourceName: string;
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
