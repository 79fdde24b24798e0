import { isGuid } from '../reviews/ids';
import { EscalationKey } from '../reviews/reach';
import { EtagDocuments } from './etagDocuments';

/** The tenant scan's schedule: which job is the live one, and when it is due (a job lost to a crash shows here). */
export interface ScanSchedule {
  generation: string;
  dueAt: string;
}

/** One review's escalations to its creator: sent, or claimed by a scan now sending. */
export interface EscalationLedger {
  sent: EscalationKey[];
  claimed?: { key: EscalationKey; at: string };
}

/**
 * First contact's state in the shared storage account, each document written with eTags: per person what they were
 * told (`ReachRecord`), per review its escalations, the scan's schedule, and the last scan's report for `reach`.
 */
export class ReachState {
  constructor(readonly docs: EtagDocuments) {}

  private base(tenantId: string): string {
    if (!isGuid(tenantId)) throw new Error('tenant must be a GUID');
    return `reach/${tenantId.toLowerCase()}`;
  }

  personKey(tenantId: string, userId: string): string {
    if (!isGuid(userId)) throw new Error('user must be a GUID');
    return `${this.base(tenantId)}/people/${userId.toLowerCase()}.json`;
  }

  escalationKey(tenantId: string, instanceId: string): string {
    if (!isGuid(instanceId)) throw new Error('instance must be a GUID');
    return `${this.base(tenantId)}/escalations/${instanceId.toLowerCase()}.json`;
  }

  scheduleKey(tenantId: string): string {
    return `${this.base(tenantId)}/scan.json`;
  }

  reportKey(tenantId: string): string {
    return `${this.base(tenantId)}/report.json`;
  }
}
