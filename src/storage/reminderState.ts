import { isGuid } from '../reviews/ids';
import { LedgerEntries } from '../reviews/reminderLedger';
import { EtagDocuments } from './etagDocuments';

/** Whether a reviewer is polled, and which job is the live one (a job of another generation is a stale duplicate). */
export interface Enrolment {
  active: boolean;
  generation: string;
  /** Why polling stopped: the sign-in expired, or the chat cannot be reached (blocked, uninstalled). */
  stopped?: 'signIn' | 'unreachable';
  /** Last time a poll of this generation ran (refreshed at most hourly): a job lost to a crash shows here. */
  seenAt: string;
  /**
   * A settings change queued this generation's job, due at `dueAt`, and it has not run yet: further changes queue
   * nothing (the job reads the settings when it runs). Cleared by that job.
   */
  replan?: { generation: string; dueAt: string };
}

export interface Ledger {
  entries: LedgerEntries;
}

/**
 * Per reviewer, in the shared storage account, each written with eTags: the enrolment, the reminder ledger and the
 * reminder settings (as stored; `normalizeReminderSettings` reads them).
 */
export class ReminderState {
  constructor(readonly docs: EtagDocuments) {}

  private base(tenantId: string, userId: string): string {
    if (!isGuid(tenantId) || !isGuid(userId)) throw new Error('tenant and user must be GUIDs');
    return `reminders/${tenantId.toLowerCase()}/${userId.toLowerCase()}`;
  }

  enrolmentKey(tenantId: string, userId: string): string {
    return `${this.base(tenantId, userId)}/enrolment.json`;
  }

  ledgerKey(tenantId: string, userId: string): string {
    return `${this.base(tenantId, userId)}/ledger.json`;
  }

  settingsKey(tenantId: string, userId: string): string {
    return `${this.base(tenantId, userId)}/settings.json`;
  }
}
