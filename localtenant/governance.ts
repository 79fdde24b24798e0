/**
 * What identity governance holds besides users, groups and apps: entitlement management (catalogs, access packages,
 * assignment policies, assignments), Microsoft Entra role management (role definitions, active and eligible schedule
 * instances), PIM for Groups (eligible and active membership and ownership), and the Azure role assignments that Azure
 * RBAC access reviews look at. Stored as the Graph docs describe them; the routes shape them.
 */

import type { Directory } from './directory';
import { User } from './model';
import { sameId } from './objectIds';
import { stableGuid } from './seed/ids';

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

/**
 * Template ids of the built-in Microsoft Entra roles this tenant's code names (Microsoft Entra built-in roles, "Role
 * template IDs"), for the roles a user is given by name (User.directoryRoles) where the tenant keeps no role
 * definition of them.
 */
const BUILT_IN_ROLES: Record<string, { id: string; description: string }> = {
  'Global Administrator': {
    id: '62e90394-69f5-4237-9190-012177145e10',
    description: 'Can manage all aspects of Microsoft Entra ID.',
  },
  'Global Reader': {
    id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    description: 'Can read everything a Global Administrator can.',
  },
  'User Administrator': {
    id: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
    description: 'Can manage all aspects of users and groups.',
  },
  'Identity Governance Administrator': {
    id: '45d8d3c5-c802-45c6-b32a-1d70b5e1e86e',
    description: 'Manages access reviews.',
  },
  'Privileged Role Administrator': {
    id: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    description: 'Can manage role assignments.',
  },
  'Privileged Authentication Administrator': {
    id: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
    description: 'Can manage authentication methods of any user, administrators included.',
  },
  'Security Administrator': {
    id: '194ae4cb-b126-40b2-bd5b-6091b380977d',
    description: 'Can read security information and reports, and manage security configuration.',
  },
  'Security Reader': {
    id: '5d6b6bb7-de71-4623-b4af-96380a352509',
    description: 'Can read security information and reports.',
  },
  'Security Operator': {
    id: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
    description: 'Creates and manages security events.',
  },
  'Groups Administrator': {
    id: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
    description: 'Can manage all aspects of groups.',
  },
  'Exchange Administrator': {
    id: '29232cdf-9323-42fd-ade2-1d097af3e4de',
    description: 'Can manage all aspects of Exchange Online.',
  },
};

/** A directory role a user is a member of: the role's template (a built-in role's definition id) and names. */
export interface HeldRole {
  templateId: string;
  displayName: string;
  description: string;
}

/**
 * The directory roles a user holds at a time, once each: the roles the user is given by name, and the tenant-wide
 * role assignments in force that are active (assigned, or an eligible one activated) for the user or for a
 * role-assignable group the user is a member of. Eligible assignments that are not activated give no membership
 * (user-list-transitivememberof lists the directory roles the user is a member of). Docs are silent on a role given
 * by a name the tenant has no definition or built-in template for: its template id is derived from the name here.
 */
export function rolesHeldBy(gov: Governance, directory: Directory, user: User, atMs: number): HeldRole[] {
  const held = new Map<string, HeldRole>();
  const add = (role: HeldRole) => {
    if (!held.has(role.templateId.toLowerCase())) held.set(role.templateId.toLowerCase(), role);
  };
  const definitions = [...gov.roleDefinitions.values()];
  for (const name of user.directoryRoles) {
    const defined = definitions.find((r) => r.displayName === name);
    const builtIn = BUILT_IN_ROLES[name];
    add({
      templateId: defined?.id ?? builtIn?.id ?? stableGuid(`roletemplate:${name}`),
      displayName: name,
      description: defined?.description ?? builtIn?.description ?? '',
    });
  }
  const holders = [
    user.id,
    ...directory
      .transitiveGroupsOf(user.id)
      .filter((g) => g.isAssignableToRole)
      .map((g) => g.id),
  ];
  for (const r of gov.roleInstancesAt(atMs)) {
    if (r.kind !== 'active' || r.directoryScopeId !== '/' || !holders.some((h) => sameId(h, r.principalId))) continue;
    const def = gov.roleDefinitions.get(r.roleDefinitionId);
    if (def) add({ templateId: def.id, displayName: def.displayName, description: def.description });
  }
  return [...held.values()];
}
