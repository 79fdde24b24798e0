import { Client } from '@microsoft/microsoft-graph-client';
import { LRUCache } from 'lru-cache';
import { isGuid } from '../reviews/ids';
import { ScheduleInstance } from '../reviews/assignmentDetails';
import type { AssignmentKind } from '../reviews/reviewKinds';
import { seg } from './accessReviews';
import { batchGet, Read } from './batchReads';

/**
 * The schedule instances of a page's principals on the role (or PIM group) under review, read as the reviewer with
 * ASSIGNMENT_DETAILS_ENABLED: one $batch for the page, one read per principal and list (eligible, active), each
 * filtered to that principal on that role or group, so an answer is a handful of rows however many hold the role.
 *
 * Filters, as the docs allow them: role schedule instances support $filter (eq) on roleDefinitionId and principalId
 * (resources/unifiedroleeligibilityscheduleinstance.md, unifiedroleassignmentscheduleinstance.md); the PIM for
 * Groups lists require $filter (eq) on groupId or principalId (api/privilegedaccessgroup-list-*scheduleinstances.md).
 * Those pages show each alone; they are silent on groupId and principalId joined with `and`, which is plain OData eq
 * and what is sent here.
 *
 * A read Graph refuses (403: the reviewer holds no role that may read PIM, which the docs say delegated callers
 * need) or that fails leaves the rows as they are; a refusal is kept a while per reviewer and list, so the next pages
 * do not ask again. Answers are kept per reviewer: what one may read is never shown to another.
 */

/** Schedules change when someone activates a role or an assignment ends; a review page is read again within minutes. */
const KEEP_MS = 5 * 60_000;

export type ScheduleList = 'roleEligible' | 'roleActive' | 'groupEligible' | 'groupActive';

const LISTS: Record<ScheduleList, { path: string; by: string; select: string }> = {
  roleEligible: {
    path: '/roleManagement/directory/roleEligibilityScheduleInstances',
    by: 'roleDefinitionId',
    select: 'id,principalId,roleDefinitionId,directoryScopeId,endDateTime,memberType',
  },
  roleActive: {
    path: '/roleManagement/directory/roleAssignmentScheduleInstances',
    by: 'roleDefinitionId',
    select: 'id,principalId,roleDefinitionId,directoryScopeId,endDateTime,memberType,assignmentType',
  },
  groupEligible: {
    path: '/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances',
    by: 'groupId',
    select: 'id,principalId,groupId,accessId,endDateTime,memberType',
  },
  groupActive: {
    path: '/identityGovernance/privilegedAccess/group/assignmentScheduleInstances',
    by: 'groupId',
    select: 'id,principalId,groupId,accessId,endDateTime,memberType,assignmentType',
  },
};

/** The lists a review's rows need: what its scope takes (both when it takes every assignment). */
export function listsFor(kind: 'directoryRole' | 'pimGroup', assignment: AssignmentKind | undefined): ScheduleList[] {
  const which = assignment ?? 'any';
  const [eligible, active]: ScheduleList[] =
    kind === 'directoryRole' ? ['roleEligible', 'roleActive'] : ['groupEligible', 'groupActive'];
  return which === 'eligible' ? [eligible] : which === 'active' ? [active] : [eligible, active];
}

interface WireInstance {
  principalId?: string;
  directoryScopeId?: string | null;
  endDateTime?: string | null;
  memberType?: string | null;
  assignmentType?: string | null;
  accessId?: string | null;
}

/** One wire instance as the pure rules take it; undefined for a shape they cannot judge. */
export function instanceOf(list: ScheduleList, w: WireInstance): ScheduleInstance | undefined {
  const group = list === 'groupEligible' || list === 'groupActive';
  const access = (w.accessId ?? '').toLowerCase();
  if (group && access !== 'member' && access !== 'owner') return undefined;
  if (w.endDateTime !== null && typeof w.endDateTime !== 'string') return undefined;
  return {
    kind: list === 'roleActive' || list === 'groupActive' ? 'active' : 'eligible',
    endDateTime: w.endDateTime,
    activated: (w.assignmentType ?? '').toLowerCase() === 'activated',
    ...(group ? { access: access as 'member' | 'owner' } : {}),
    direct: (w.memberType ?? 'direct').toLowerCase() === 'direct',
    // PIM for Groups has no directory scope: the group is the scope.
    tenantWide: group || (w.directoryScopeId ?? '/') === '/',
  };
}

export class AssignmentDetailsReader {
  // Keyed by reviewer, list, role or group, and principal, in lower case.
  private readonly kept = new LRUCache<string, ScheduleInstance[]>({ max: 5_000, ttl: KEEP_MS });
  // Keyed by reviewer and list: Graph refused this reviewer that list.
  private readonly refused = new LRUCache<string, true>({ max: 5_000, ttl: KEEP_MS });

  /**
   * The instances of each principal on `resourceId` (the role definition or the group), keyed by principal id in
   * lower case; a principal is left out unless every list it needs was read whole.
   */
  async read(
    client: Client,
    reviewerId: string,
    lists: ScheduleList[],
    resourceId: string,
    principals: string[],
  ): Promise<Map<string, ScheduleInstance[]>> {
    const out = new Map<string, ScheduleInstance[]>();
    if (!isGuid(resourceId)) return out;
    const resource = resourceId.toLowerCase();
    const reviewer = reviewerId.toLowerCase();
    const ids = [...new Set(principals.filter(isGuid).map((p) => p.toLowerCase()))];
    const usable = lists.filter((l) => !this.refused.has(`${reviewer}:${l}`));
    if (usable.length < lists.length) return out;
    const key = (list: ScheduleList, principal: string) => `${reviewer}:${list}:${resource}:${principal}`;
    const found = new Map<string, ScheduleInstance[]>();
    const reads = new Map<string, Read>();
    for (const list of lists) {
      for (const p of ids) {
        const held = this.kept.get(key(list, p));
        if (held) {
          found.set(key(list, p), held);
          continue;
        }
        const { path, by, select } = LISTS[list];
        const filter = encodeURIComponent(
          `${by} eq '${seg(resource, 'role or group id')}' and principalId eq '${seg(p, 'principal id')}'`,
        );
        reads.set(key(list, p), `${path}?$filter=${filter}&$select=${select}`);
      }
    }
    if (reads.size) {
      const results = await batchGet<{ value?: WireInstance[]; '@odata.nextLink'?: string }>(client, reads);
      for (const [k, result] of results) {
        const list = k.split(':')[1] as ScheduleList;
        if (!result.ok) {
          if (result.failure.status === 403) this.refused.set(`${reviewer}:${list}`, true);
          continue;
        }
        // A principal with more instances than one answer holds: not judged on part of them.
        if (result.body['@odata.nextLink'] || !Array.isArray(result.body.value)) continue;
        const instances: ScheduleInstance[] = [];
        let whole = true;
        for (const w of result.body.value) {
          if ((w.principalId ?? '').toLowerCase() !== k.split(':')[3]) continue;
          const i = instanceOf(list, w);
          if (i) instances.push(i);
          else whole = false;
        }
        if (!whole) continue;
        this.kept.set(k, instances);
        found.set(k, instances);
      }
    }
    for (const p of ids) {
      const each = lists.map((l) => found.get(key(l, p)));
      if (each.every((e) => e !== undefined)) out.set(p, each.flat() as ScheduleInstance[]);
    }
    return out;
  }
}
