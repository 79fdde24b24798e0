import type { AssignmentDetail } from './model';

/**
 * What one row's role or PIM-for-Groups assignment is, from the schedule instances Graph lists for its principal on
 * its role (or group). Pure. A decision item does not say which instance it stands for, so this says only what all
 * the principal's instances agree on, and nothing (undefined) where they would leave a doubt: a card never says
 * something false of an assignment.
 *
 * Sources: Graph resources/unifiedroleeligibilityscheduleinstance.md, unifiedroleassignmentscheduleinstance.md
 * (assignmentType Assigned or Activated; endDateTime null for a permanent one), privilegedaccessgroupeligibilityscheduleinstance.md
 * and privilegedaccessgroupassignmentscheduleinstance.md (accessId member or owner; assignmentType assigned or
 * activated, written "Assigned" in the list example, so compared without regard to case).
 */

/** One schedule instance, as src/graph/assignmentDetails.ts reads it off the wire. */
export interface ScheduleInstance {
  kind: 'eligible' | 'active';
  /** null: permanent. */
  endDateTime: string | null;
  activated: boolean;
  /** PIM for Groups only. */
  access?: 'member' | 'owner';
  /** memberType Direct: held by the principal itself, not through a group (Group) or a parent scope (Inherited). */
  direct: boolean;
  /** Roles only: assigned at the tenant (directoryScopeId "/"), not at an administrative unit or an object. */
  tenantWide: boolean;
}

/** Of several instances, the ones to judge by when there are any; else all of them. */
function preferred(list: ScheduleInstance[], keep: (i: ScheduleInstance) => boolean): ScheduleInstance[] {
  const kept = list.filter(keep);
  return kept.length ? kept : list;
}

/**
 * The assignment of a row: active before eligible (an activated eligibility is what the principal holds now),
 * permanent before time-bound, and of time-bound ones the one that lasts longest. The docs are silent on whether a
 * role review's item covers assignments at an administrative unit or held through a group, so direct tenant-wide
 * instances are preferred when there are any. Of a PIM group, a principal both member and owner has an item for each
 * that do not say which is which: then the row says nothing.
 */
export function assignmentDetailOf(instances: ScheduleInstance[]): AssignmentDetail | undefined {
  if (instances.length === 0) return undefined;
  const held = preferred(
    preferred(instances, (i) => i.direct),
    (i) => i.tenantWide,
  );
  const accesses = new Set(held.map((i) => i.access));
  if (accesses.size > 1) return undefined;
  const access = held[0].access;
  const active = held.filter((i) => i.kind === 'active');
  const group = active.length ? active : held;
  const kind = group[0].kind;
  const withAccess = access ? { access } : {};
  if (group.some((i) => i.endDateTime === null)) return { kind, permanent: true, ...withAccess };
  const ends = group.filter((i) => !Number.isNaN(Date.parse(i.endDateTime ?? '')));
  if (ends.length !== group.length) return undefined;
  const last = ends.reduce((a, b) => (Date.parse(b.endDateTime!) > Date.parse(a.endDateTime!) ? b : a));
  return {
    kind,
    permanent: false,
    endDateTime: last.endDateTime!,
    ...(last.activated ? { activated: true } : {}),
    ...withAccess,
  };
}
