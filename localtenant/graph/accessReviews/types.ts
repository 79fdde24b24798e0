import { Group, User } from '../../model';

/** The stored access review objects. Graph JSON is produced from them by shapes.ts, per API version. */

/** accessReviewQueryScope / accessReviewReviewerScope / accessReviewInactiveUsersQueryScope, as posted. */
export interface QueryScope {
  '@odata.type'?: string;
  query: string;
  queryType?: string;
  queryRoot?: string | null;
  inactiveDuration?: string;
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
  /** accessReviewInactiveUsersQueryScope: only users without a sign-in for this long before the instance starts. */
  inactiveMs?: number;
}

/** Which groups get an instance: one named group, or every Microsoft 365 (Unified) group. */
export type GroupEnumeration = { kind: 'group'; groupId: string } | { kind: 'unified' };

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

  principals: PrincipalQuery;
  groups: GroupEnumeration;
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
  group: Group;
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
  principal: User;
  reviewerIds: string[];
  decision: Decision;
  justification: string;
  reviewedDateTime: string | null;
  reviewedBy: Identity;
  appliedDateTime: string | null;
  appliedBy: Identity;
  applyResult: string;
}
