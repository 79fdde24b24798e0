/**
 * What identity governance holds besides users, groups and apps: entitlement management (catalogs, access packages,
 * assignment policies, assignments), Microsoft Entra role management (role definitions, active and eligible schedule
 * instances), PIM for Groups (eligible and active membership and ownership), and the Azure role assignments that Azure
 * RBAC access reviews look at. Stored as the Graph docs describe them; the routes shape them.
 */

/** accessPackageCatalog. */
export interface AccessPackageCatalog {
  id: string;
  displayName: string;
  description: string;
  catalogType: 'userManaged' | 'serviceDefault' | 'serviceManaged';
  state: 'published' | 'unpublished';
  isExternallyVisible: boolean;
  createdDateTime: string;
  modifiedDateTime: string;
}

/** accessPackage. */
export interface AccessPackage {
  id: string;
  catalogId: string;
  displayName: string;
  description: string;
  isHidden: boolean;
  createdDateTime: string;
  modifiedDateTime: string;
}

/** accessPackageAssignmentPolicy: who may request the package and on what terms. */
export interface AccessPackageAssignmentPolicy {
  id: string;
  accessPackageId: string;
  displayName: string;
  description: string;
  allowedTargetScope: 'specificDirectoryUsers' | 'allExternalSubjects' | 'allMemberUsers' | 'allDirectoryUsers';
  createdDateTime: string;
  modifiedDateTime: string;
}

/** accessPackageAssignment: one subject's delivered access through one policy. */
export interface AccessPackageAssignment {
  id: string;
  accessPackageId: string;
  assignmentPolicyId: string;
  /** The subject (accessPackageSubject.objectId): a user of this directory. */
  targetId: string;
  state: 'delivering' | 'partiallyDelivered' | 'delivered' | 'suspended' | 'expired';
  status: string;
  startDateTime: string;
  /** null: no end (expiration type noExpiration). */
  endDateTime: string | null;
}

/** unifiedRoleDefinition of the directory provider (built-in roles: id = templateId). */
export interface RoleDefinition {
  id: string;
  displayName: string;
  description: string;
  isBuiltIn: boolean;
  isEnabled: boolean;
  isPrivileged: boolean;
}

/**
 * unifiedRoleAssignmentScheduleInstance (kind 'active') or unifiedRoleEligibilityScheduleInstance (kind 'eligible'):
 * a principal's role, permanent (endDateTime null) or time-bound.
 */
export interface RoleScheduleInstance {
  id: string;
  kind: 'active' | 'eligible';
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  startDateTime: string;
  endDateTime: string | null;
  /** Direct, Group (through a role-assignable group) or Inherited. */
  memberType: 'Direct' | 'Group' | 'Inherited';
  /** Active only: Assigned (assigned active) or Activated (an eligible assignment activated). */
  assignmentType?: 'Assigned' | 'Activated';
}

/** privilegedAccessGroupEligibilityScheduleInstance / privilegedAccessGroupAssignmentScheduleInstance. */
export interface PimGroupInstance {
  id: string;
  kind: 'active' | 'eligible';
  groupId: string;
  principalId: string;
  accessId: 'member' | 'owner';
  startDateTime: string;
  endDateTime: string | null;
  memberType: 'direct' | 'group';
  /** Active only: assigned or activated. */
  assignmentType?: 'assigned' | 'activated';
}

/** An Azure scope an Azure role is assigned at (as the AzureRole resource's scope shows it). */
export interface AzureScope {
  id: string;
  displayName: string;
  type: 'subscription' | 'resourceGroup';
}

/** An Azure role assignment (Azure RBAC), held by Azure Resource Manager, not by Graph. */
export interface AzureRoleAssignment {
  id: string;
  roleDefinitionId: string;
  roleDisplayName: string;
  principalId: string;
  scope: AzureScope;
}

export class Governance {
  readonly catalogs = new Map<string, AccessPackageCatalog>();
  readonly accessPackages = new Map<string, AccessPackage>();
  readonly policies = new Map<string, AccessPackageAssignmentPolicy>();
  readonly packageAssignments = new Map<string, AccessPackageAssignment>();
  readonly roleDefinitions = new Map<string, RoleDefinition>();
  readonly roleInstances = new Map<string, RoleScheduleInstance>();
  readonly pimGroupInstances = new Map<string, PimGroupInstance>();
  readonly azureRoleAssignments = new Map<string, AzureRoleAssignment>();

  add<T extends { id: string }>(map: Map<string, T>, item: T): T {
    map.set(item.id, item);
    return item;
  }

  /** Role schedule instances in force at a time (started, not ended). */
  roleInstancesAt(atMs: number): RoleScheduleInstance[] {
    return [...this.roleInstances.values()].filter((r) => inForce(r, atMs));
  }

  pimGroupInstancesAt(atMs: number): PimGroupInstance[] {
    return [...this.pimGroupInstances.values()].filter((r) => inForce(r, atMs));
  }
}

export function inForce(r: { startDateTime: string; endDateTime: string | null }, atMs: number): boolean {
  return Date.parse(r.startDateTime) <= atMs && (r.endDateTime === null || Date.parse(r.endDateTime) > atMs);
}

/** Directory roles that read and manage role assignments in PIM (the role management docs' least-privileged roles). */
export const ROLE_READER_ROLES = [
  'Global Administrator',
  'Privileged Role Administrator',
  'Global Reader',
  'Security Reader',
  'Security Administrator',
  'Security Operator',
];
