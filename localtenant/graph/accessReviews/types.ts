import { Group, ServicePrincipal, User } from '../../model';

/** The stored access review objects. Graph JSON is produced from them by shapes.ts, per API version. */

/**
 * accessReviewQueryScope / accessReviewReviewerScope / accessReviewInactiveUsersQueryScope, as posted; or a
 * principalResourceMembershipsScope (query empty) with its principalScopes and resourceScopes.
 */
export interface QueryScope {
  '@odata.type'?: string;
  query: string;
  queryType?: string;
  queryRoot?: string | null;
  inactiveDuration?: string;
  principalScopes?: QueryScope[];
  resourceScopes?: QueryScope[];
}

/** userIdentity: who created, reviewed or applied. */
export interface Identity {
  id: string;
  displayName: string;
  userPrincipalName: string;
}

export interface RecurrencePattern {
  type: 'weekly' | 'absoluteMonthly' | string;
  interval: number;
  month: number;
  dayOfMonth: number;
  daysOfWeek: string[];
  firstDayOfWeek: string;
  index: string;
}

export interface RecurrenceRange {
  type: 'noEnd' | 'numbered' | 'endDate' | string;
  numberOfOccurrences: number;
  recurrenceTimeZone: string | null;
  startDate: string;
  endDate: string | null;
}

export interface Settings {
  mailNotificationsEnabled: boolean;
  reminderNotificationsEnabled: boolean;
  justificationRequiredOnApproval: boolean;
  defaultDecisionEnabled: boolean;
  defaultDecision: string;
  instanceDurationInDays: number;
  autoApplyDecisionsEnabled: boolean;
  recommendationsEnabled: boolean;
  recommendationLookBackDuration?: string;
  decisionHistoriesForReviewersEnabled?: boolean;
  recurrence: { pattern: RecurrencePattern | null; range: RecurrenceRange };
  applyActions: { '@odata.type': string }[];
}

export interface StageSettings {
  stageId: string;
  dependsOn: string[];
  durationInDays: number;
  decisionsThatWillMoveToNextStage?: string[];
  recommendationsEnabled?: boolean;
  reviewers: QueryScope[];
  fallbackReviewers: QueryScope[];
}

/** Who is reviewed: the parsed scope query. groupId null = relative to each enumerated group (./members...). */
export interface PrincipalQuery {
  groupId: string | null;
  transitive: boolean;
  guestsOnly: boolean;
  /** Users only (a microsoft.graph.user cast, or transitiveMembers); /members alone reviews nested groups too. */
  usersOnly: boolean;
  /** accessReviewInactiveUsersQueryScope: only users without a sign-in for this long before the instance starts. */
  inactiveMs?: number;
}

/** Which groups get an instance: one named group, or every Microsoft 365 (Unified) group. */
export type GroupEnumeration = { kind: 'group'; groupId: string } | { kind: 'unified' };

/** A principal scope of a principalResourceMembershipsScope: users, guests only, inactive only. */
export interface PrincipalFilter {
  guestsOnly: boolean;
  inactiveMs?: number;
}

/** A resource scope of a principalResourceMembershipsScope. */
export type ResourceScope =
  | { kind: 'allGroups' }
  | { kind: 'group'; groupId: string; transitive: boolean }
  | { kind: 'app'; servicePrincipalId: string }
  | { kind: 'role'; roleId: string };

/** What a definition reviews: the parsed scope (and instanceEnumerationScope). */
export type ScopeTarget =
  | { kind: 'groups'; principals: PrincipalQuery; groups: GroupEnumeration }
  | { kind: 'app'; servicePrincipalId: string }
  | { kind: 'accessPackage'; accessPackageId: string; policyId: string }
  | {
      kind: 'role';
      roleId: string;
      /** all: active and eligible; active and eligible alone as the scope's schedule instances say. */
      which: 'all' | 'active' | 'eligible';
      principalType: 'any' | 'user' | 'servicePrincipal';
      /** active only: assignmentType eq 'Assigned' (assigned active, not activated). */
      assignedOnly: boolean;
    }
  | { kind: 'pimGroup'; groupId: string; which: 'active' | 'eligible' }
  | { kind: 'memberships'; principals: PrincipalFilter[]; resources: ResourceScope[] }
  | { kind: 'azureRole'; scopeId: string; roleDefinitionId: string };

/** The kind of review, as the scope says it (what a reviewer's items are about). */
export type ReviewKind = ScopeTarget['kind'];

/** The identity reviewed: a user, a group (a role-assignable group holding a role, a nested group) or an app. */
export type DirectoryPrincipal = User | Group | ServicePrincipal;

/**
 * The principal of a decision item, over the live directory object (its sign-in and manager are read when needed).
 * For code written for user items it answers userPrincipalName and userType too (empty and null for others).
 */
export class ReviewedPrincipal {
  constructor(readonly object: DirectoryPrincipal) {}

  get kind(): 'user' | 'group' | 'servicePrincipal' {
    if ('appId' in this.object) return 'servicePrincipal';
    if ('members' in this.object) return 'group';
    return 'user';
  }
  get id(): string {
    return this.object.id;
  }
  get displayName(): string {
    return this.object.displayName;
  }
  get userPrincipalName(): string {
    return 'userPrincipalName' in this.object ? this.object.userPrincipalName : '';
  }
  get userType(): 'Member' | 'Guest' | null {
    return 'userType' in this.object ? this.object.userType : null;
  }
  get lastSignInDateTime(): string | null {
    return 'lastSignInDateTime' in this.object ? this.object.lastSignInDateTime : null;
  }
  get managerId(): string | null {
    return 'managerId' in this.object ? this.object.managerId : null;
  }
  get appId(): string | undefined {
    return 'appId' in this.object ? this.object.appId : undefined;
  }
  get user(): User | undefined {
    return this.kind === 'user' ? (this.object as User) : undefined;
  }
}

/** The resource of a decision item: the base fields, the derived type's @odata.type and fields, and its link. */
export interface ItemResource {
  id: string;
  displayName: string;
  type: string;
  /** The derived accessReviewInstanceDecisionItemResource type; absent for the base type (groups, roles). */
  odataType?: string;
  /** The derived type's own fields (appId, appRoleId, accessPackageId, scope, ...), in the docs' order. */
  fields?: Record<string, unknown>;
  /** Path of resourceLink under the Graph base URL (e.g. /v1.0/groups/{id}); null where Graph has no object. */
  link: string | null;
}

/** One principal's access to one resource, as an instance's items are made from it. */
export interface Candidate {
  principal: ReviewedPrincipal;
  resource: ItemResource;
  /** beta principalResourceMembership: direct, or indirect (through a nested group, or a group's assignment). */
  membershipType: 'direct' | 'indirect';
  /** What applying a Deny removes; true when something was removed. Absent: applying is not supported. */
  revoke?: () => boolean;
}

export interface Definition {
  id: string;
  displayName: string;
  descriptionForAdmins: string;
  descriptionForReviewers: string;
  createdBy: Identity;
  createdDateTime: string;
  lastModifiedDateTime: string;
  scope: QueryScope;
  instanceEnumerationScope: QueryScope | null;
  reviewers: QueryScope[];
  fallbackReviewers: QueryScope[];
  settings: Settings;
  stageSettings: StageSettings[];
  additionalNotificationRecipients: unknown[];

  target: ScopeTarget;
  /** settings.recommendationLookBackDuration in milliseconds (30 days unless set). */
  lookBackMs: number;
  /** Start of the first occurrence as an instant (recurrence.range.startDate is shown as a date). */
  startMs: number;
  createdMs: number;
  /** Occurrences materialized so far, and when the next one is due (Infinity: none left). */
  occurrences: number;
  nextDueMs: number;
  instances: Instance[];
  /** Fixed instance ids for the first occurrence, by group id (seeded data keeps the tutorials' ids). */
  firstInstanceIds: Record<string, string>;
}

export interface Instance {
  id: string;
  definition: Definition;
  /**
   * The group reviewed. For reviews of other resources (apps, access packages, roles, several resources) a stand-in
   * with the id and name of what is reviewed and no members or owners, so code that names an instance by its
   * group keeps working; `reviewsGroup` says which.
   */
  group: Group;
  reviewsGroup: boolean;
  occurrence: number;
  startMs: number;
  endMs: number;
  stoppedMs: number | null;
  /** When completion ran (default decisions, auto-apply). */
  completedMs: number | null;
  appliedMs: number | null;
  scope: QueryScope;
  /**
   * The definition's recommendation settings when the instance was made. Docs: updates to a definition apply only to
   * future instances, so a later PUT leaves this instance's recommendations as they were.
   */
  recommendationsEnabled: boolean;
  /** settings.recommendationLookBackDuration in milliseconds, counted back from startMs. */
  lookBackMs: number;
  /** One stage for a single-stage review (not listed under /stages); one per stageSettings entry otherwise. */
  stages: Stage[];
  multiStage: boolean;
}

export interface Stage {
  id: string;
  index: number;
  settings: StageSettings | null;
  startMs: number;
  endMs: number;
  /** Decision items are made when the stage starts (later stages hold only principals moved on to them). */
  materialized: boolean;
  items: Item[];
  reviewers: QueryScope[];
  fallbackReviewers: QueryScope[];
}

export type Decision = 'Approve' | 'Deny' | 'NotReviewed' | 'DontKnow';

export interface Item {
  id: string;
  instance: Instance;
  stage: Stage;
  principal: ReviewedPrincipal;
  resource: ItemResource;
  membershipType: 'direct' | 'indirect';
  revoke?: () => boolean;
  reviewerIds: string[];
  decision: Decision;
  justification: string;
  reviewedDateTime: string | null;
  reviewedBy: Identity;
  appliedDateTime: string | null;
  appliedBy: Identity;
  applyResult: string;
}
