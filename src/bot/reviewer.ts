import { Client } from '@microsoft/microsoft-graph-client';
import { TurnContext } from 'botbuilder';
import { ListMode } from '../config';
import type { GroupFactsReader } from '../graph/groupFacts';
import type { AssignmentDetailsReader } from '../graph/assignmentDetails';
import { Logger } from '../logging';
import { isGuid } from '../reviews/ids';
import type { SettingsDeps } from './settingsFlows';
import type { ReachDeps } from './reachFlows';

/** Small JSON documents written only if unchanged since read (src/storage/etagDocuments.ts); WriteConflict otherwise. */
export interface Documents {
  read<T>(key: string): Promise<{ value: T | undefined; etag: string | null }>;
  write<T>(key: string, value: T, etag: string | null): Promise<string>;
}

/** Who is acting in this turn, and how the review flows reach Graph for them. */
export interface Reviewer {
  /** Entra object id (Teams aadObjectId). */
  userId: string;
  name: string;
  graph: Client;
  /** The turn's logger (ids only; never what the person typed or chose). */
  log: Logger;
  /**
   * Runs long work after this turn has answered: `show` replaces the pressed card with progress (now and then), and
   * the card the work returns replaces it at the end. A failure ends with a card that says so and keeps the input.
   * The work logs through `log`, the job's own logger.
   */
  later(work: (show: (card: Record<string, unknown>) => void, log: Logger) => Promise<Record<string, unknown>>): void;
}

export interface FlowSettings {
  /** Owners may create reviews of applications (APP_REVIEWS_ENABLED; off, the bot lacks Application.Read.All). */
  appReviews?: boolean;
  /** Directory facts of the groups on a review page (what a deny can change; a group principal's members). */
  groupFacts?: GroupFactsReader;
  /** With ASSIGNMENT_DETAILS_ENABLED: the schedule instances of a role or PIM-for-Groups page's principals. */
  assignmentDetails?: AssignmentDetailsReader;
  listMode: ListMode;
  pageSize: number;
  maxRetries: number;
  now: () => Date;
  /** The reviewer's reminder settings (the settings card, Snooze and Mute on reminder cards). */
  reminderSettings?: SettingsDeps;
  /** First contact, when on: "Not me" and the admin's `reach` view. */
  reach?: ReachDeps;
  /**
   * Where each new-review form's create is recorded (src/reviews/createAttempt.ts), so a form creates one review
   * also across instances and lost answers: JSON documents written only if unchanged since read (eTags).
   */
  createAttempts?: Documents;
  /**
   * Attest's own reminder to the reviewers of an instance who have the app installed, once a reminder sender exists
   * (not yet wired): "Nudge reviewers" uses it besides Graph's sendReminder. Answers how many were reminded.
   */
  remindReviewers?: (review: { definitionId: string; instanceId: string }, byUserId: string) => Promise<number>;
}

/**
 * The Entra object id of the person in this turn, in lower case (as Entra writes it in tokens, and as every cache and
 * storage key uses it, so that one person is one key however the id was written), or undefined when Teams did not send
 * a valid one.
 */
export function userIdOf(context: TurnContext): string | undefined {
  const id = context.activity.from?.aadObjectId;
  return isGuid(id) ? id.toLowerCase() : undefined;
}
