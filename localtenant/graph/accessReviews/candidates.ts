import { Directory } from '../../directory';
import { Governance, inForce, RoleScheduleInstance } from '../../governance';
import { AppRoleAssignment, Group, ServicePrincipal, User } from '../../model';
import type { Tenant } from '../../tenant';
import { enumerateGroups, instanceScope } from './scopes';
import {
  Candidate,
  Definition,
  ItemResource,
  PrincipalFilter,
  PrincipalQuery,
  QueryScope,
  ResourceScope,
  ReviewedPrincipal,
} from './types';

/**
 * Who has access to what, when an instance starts: the candidates its decision items are made of, per kind of review.
 * Each candidate carries the item's resource as the decision item docs show it (resource pages
 * api-reference/v1.0/resources/accessreviewinstancedecisionitem*resource.md), whether the access is direct, and what
 * applying a Deny removes.
 */

/** One instance to make for an occurrence: what it reviews and who is reviewed in it. */
export interface ReviewUnit {
  /** Instance id key (the group id for group reviews, else the definition id). */
  key: string;
  group: Group;
  reviewsGroup: boolean;
  scope: QueryScope;
  candidates: Candidate[];
}

const SP_RESOURCE = '#microsoft.graph.accessReviewInstanceDecisionItemServicePrincipalResource';
const POLICY_RESOURCE = '#microsoft.graph.accessReviewInstanceDecisionItemAccessPackageAssignmentPolicyResource';
const AZURE_RESOURCE = '#microsoft.graph.accessReviewInstanceDecisionItemAzureRoleResource';

/** A group stand-in naming a resource that is not a group (no members, no owners). */
function standIn(id: string, displayName: string): Group {
  return {
    id,
    displayName,
    description: null,
    groupTypes: [],
    mailEnabled: false,
    mailNickname: '',
    securityEnabled: false,
    visibility: null,
    createdDateTime: new Date(0).toISOString(),
    members: new Set(),
    owners: new Set(),
  };
}

/** Tutorial responses write a group item's resource type in lower case ("group"). */
export function groupResource(group: Group): ItemResource {
  return { id: group.id, displayName: group.displayName, type: 'group', link: `/v1.0/groups/${group.id}` };
}

function inactive(user: User, inactiveMs: number, atMs: number): boolean {
  const last = user.lastSignInDateTime ? Date.parse(user.lastSignInDateTime) : -Infinity;
  return atMs - last >= inactiveMs;
}

/**
 * The members reviewed in one group: direct members (users, and nested groups unless the query casts to users) or
 * every user below it. A user reached only through a nested group is an indirect member; applying a Deny removes a
 * direct membership only (entra-docs access-reviews-faqs: access through a nested group stays).
 */
export function groupCandidates(q: PrincipalQuery, group: Group, directory: Directory, atMs: number): Candidate[] {
  const resource = groupResource(group);
  const objects: (User | Group)[] = q.transitive
    ? directory.transitiveMemberUsers(group.id)
    : [...group.members]
        .map((id) => directory.users.get(id) ?? (q.usersOnly ? undefined : directory.groups.get(id)))
        .filter((o): o is User | Group => !!o);
  const out: Candidate[] = [];
  for (const o of objects) {
    const user = 'userPrincipalName' in o ? o : undefined;
    if (q.guestsOnly && user?.userType !== 'Guest') continue;
    if (q.inactiveMs !== undefined && (!user || !inactive(user, q.inactiveMs, atMs))) continue;
    const direct = group.members.has(o.id);
    out.push({
      principal: new ReviewedPrincipal(o),
      resource,
      membershipType: direct ? 'direct' : 'indirect',
      revoke: direct ? () => directory.groups.get(group.id)?.members.delete(o.id) ?? false : undefined,
    });
  }
  return out;
}

/**
 * An application's assignments: users assigned an app role directly, and the users of a group assigned one
 * (indirect: a Deny cannot take away what the group gives). One item per principal and app role; the item's
 * resource is the documented service principal resource with the appId and the app role's id and name
 * (v1.0 resources/accessreviewinstancedecisionitemserviceprincipalresource.md).
 */
function appCandidates(sp: ServicePrincipal, directory: Directory): Candidate[] {
  const out: Candidate[] = [];
  const resourceFor = (a: AppRoleAssignment): ItemResource => {
    const role = sp.appRoles.find((r) => r.id === a.appRoleId);
    return {
      id: sp.id,
      displayName: sp.displayName,
      type: 'ServicePrincipal',
      odataType: SP_RESOURCE,
      fields: { appId: sp.appId, appRoleId: a.appRoleId, appRoleDisplayName: role?.displayName ?? null },
      link: `/v1.0/servicePrincipals/${sp.id}`,
    };
  };
  const assignments = [...directory.appRoleAssignments.values()].filter((a) => a.resourceId === sp.id);
  for (const a of assignments) {
    if (a.principalType === 'User') {
      const user = directory.users.get(a.principalId);
      if (!user) continue;
      out.push({
        principal: new ReviewedPrincipal(user),
        resource: resourceFor(a),
        membershipType: 'direct',
        revoke: () => directory.appRoleAssignments.delete(a.id),
      });
    } else if (a.principalType === 'Group') {
      for (const user of directory.transitiveMemberUsers(a.principalId)) {
        out.push({ principal: new ReviewedPrincipal(user), resource: resourceFor(a), membershipType: 'indirect' });
      }
    }
  }
  return out;
}

/**
 * The delivered assignments of one access package through one policy. The item's resource is the documented
 * access package assignment policy resource (v1.0 resources/
 * accessreviewinstancedecisionitemaccesspackageassignmentpolicyresource.md). Docs are silent on its resourceLink;
 * here the policy's entitlement management URL.
 */
function packageCandidates(
  accessPackageId: string,
  policyId: string,
  governance: Governance,
  directory: Directory,
  atMs: number,
): Candidate[] {
  const pkg = governance.accessPackages.get(accessPackageId);
  const policy = governance.policies.get(policyId);
  if (!pkg || !policy) return [];
  const resource: ItemResource = {
    id: policy.id,
    displayName: policy.displayName,
    type: 'AccessPackageAssignmentPolicy',
    odataType: POLICY_RESOURCE,
    fields: { accessPackageDisplayName: pkg.displayName, accessPackageId: pkg.id },
    link: `/v1.0/identityGovernance/entitlementManagement/assignmentPolicies/${policy.id}`,
  };
  const out: Candidate[] = [];
  for (const a of governance.packageAssignments.values()) {
    if (a.accessPackageId !== pkg.id || a.assignmentPolicyId !== policy.id || a.state !== 'delivered') continue;
    if (!inForce(a, atMs)) continue;
    const user = directory.users.get(a.targetId);
    if (!user) continue;
    out.push({
      principal: new ReviewedPrincipal(user),
      resource,
      membershipType: 'direct',
      revoke: () => governance.packageAssignments.delete(a.id),
    });
  }
  return out;
}

/**
 * The holders of a directory role. Docs: the whole role (roleDefinitions/{id}) covers active and eligible
 * assignments; the schedule instance queries cover one of them, for users or for service principals. A principal
 * who is both eligible and active is reviewed once. A role-assignable group that holds the role is reviewed as the
 * group. The resource is the base resource, type DirectoryRole (v1.0 resources/accessreviewinstancedecisionitemresource.md).
 * Docs are silent on its resourceLink; here the role definition's URL.
 */
function roleCandidates(
  roleId: string,
  which: 'all' | 'active' | 'eligible',
  principalType: 'any' | 'user' | 'servicePrincipal',
  assignedOnly: boolean,
  governance: Governance,
  directory: Directory,
  atMs: number,
): Candidate[] {
  const role = governance.roleDefinitions.get(roleId);
  if (!role) return [];
  const resource: ItemResource = {
    id: role.id,
    displayName: role.displayName,
    type: 'DirectoryRole',
    link: `/v1.0/roleManagement/directory/roleDefinitions/${role.id}`,
  };
  const byPrincipal = new Map<string, { object: User | Group | ServicePrincipal; held: RoleScheduleInstance[] }>();
  for (const r of governance.roleInstancesAt(atMs)) {
    if (r.roleDefinitionId !== roleId) continue;
    if (which !== 'all' && r.kind !== which) continue;
    if (assignedOnly && r.assignmentType !== 'Assigned') continue;
    const object = directory.findObject(r.principalId);
    if (!object) continue;
    const kind = new ReviewedPrincipal(object).kind;
    if (principalType !== 'any' && kind !== principalType) continue;
    if (principalType === 'any' && kind === 'servicePrincipal') continue;
    const entry = byPrincipal.get(object.id) ?? { object, held: [] };
    entry.held.push(r);
    byPrincipal.set(object.id, entry);
  }
  return [...byPrincipal.values()].map(({ object, held }) => ({
    principal: new ReviewedPrincipal(object),
    resource,
    membershipType: 'direct' as const,
    revoke: () => held.map((r) => governance.roleInstances.delete(r.id)).some(Boolean),
  }));
}

/** Eligible or active members and owners of a group in PIM for Groups. */
function pimGroupCandidates(
  group: Group,
  which: 'active' | 'eligible',
  governance: Governance,
  directory: Directory,
  atMs: number,
): Candidate[] {
  const resource = groupResource(group);
  const out: Candidate[] = [];
  for (const r of governance.pimGroupInstancesAt(atMs)) {
    if (r.groupId !== group.id || r.kind !== which) continue;
    const user = directory.users.get(r.principalId);
    if (!user) continue;
    out.push({
      principal: new ReviewedPrincipal(user),
      resource,
      membershipType: r.memberType === 'direct' ? 'direct' : 'indirect',
      revoke: () => governance.pimGroupInstances.delete(r.id),
    });
  }
  return out;
}

/**
 * Azure role assignments at one scope. The resource is the documented AzureRole resource with its scope; the
 * list-decisions example (v1.0 api/accessreviewinstance-list-decisions.md, example 2) writes its type "azureRole".
 * Azure Resource Manager holds these assignments: Graph has no resourceLink for them and applies nothing.
 */
function azureCandidates(scopeId: string, roleDefinitionId: string, governance: Governance, directory: Directory) {
  const out: Candidate[] = [];
  for (const a of governance.azureRoleAssignments.values()) {
    if (a.scope.id !== scopeId || a.roleDefinitionId !== roleDefinitionId) continue;
    const object = directory.findObject(a.principalId);
    if (!object) continue;
    out.push({
      principal: new ReviewedPrincipal(object),
      resource: {
        id: a.roleDefinitionId,
        displayName: a.roleDisplayName,
        type: 'azureRole',
        odataType: AZURE_RESOURCE,
        fields: { scope: { id: a.scope.id, displayName: a.scope.displayName, type: a.scope.type } },
        link: null,
      },
      membershipType: 'direct' as const,
    });
  }
  return out;
}

function matchesPrincipalScopes(c: Candidate, filters: PrincipalFilter[], atMs: number): boolean {
  const user = c.principal.user;
  if (!user) return false;
  return filters.some(
    (f) =>
      (!f.guestsOnly || user.userType === 'Guest') &&
      (f.inactiveMs === undefined || inactive(user, f.inactiveMs, atMs)),
  );
}

function resourceCandidates(r: ResourceScope, tenant: Tenant, atMs: number): Candidate[] {
  const { directory, governance } = tenant;
  const members = (transitive: boolean): PrincipalQuery => ({
    groupId: null,
    transitive,
    guestsOnly: false,
    usersOnly: true,
  });
  switch (r.kind) {
    case 'allGroups':
      return [...directory.groups.values()].flatMap((g) => groupCandidates(members(false), g, directory, atMs));
    case 'group': {
      const g = directory.groups.get(r.groupId);
      return g ? groupCandidates(members(r.transitive), g, directory, atMs) : [];
    }
    case 'app': {
      const sp = directory.servicePrincipals.get(r.servicePrincipalId);
      return sp ? appCandidates(sp, directory) : [];
    }
    case 'role':
      return roleCandidates(r.roleId, 'all', 'any', false, governance, directory, atMs);
  }
}

/**
 * The instances one occurrence of a definition makes, each with the candidates reviewed in it: one item per
 * principal, resource and app role, the direct access first (a user assigned a role both directly and through a
 * group is reviewed once, as direct).
 */
export function reviewUnits(def: Definition, tenant: Tenant, atMs: number): ReviewUnit[] {
  return unitsOf(def, tenant, atMs).map((unit) => {
    const seen = new Set<string>();
    const direct = unit.candidates.filter((c) => c.membershipType === 'direct');
    const indirect = unit.candidates.filter((c) => c.membershipType !== 'direct');
    const candidates = [...direct, ...indirect].filter((c) => {
      const key = candidateKey(c);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    // Keep the directory's order for the people reviewed.
    const order = new Map(unit.candidates.map((c, i) => [c, i]));
    candidates.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    return { ...unit, candidates };
  });
}

function unitsOf(def: Definition, tenant: Tenant, atMs: number): ReviewUnit[] {
  const { directory, governance } = tenant;
  const t = def.target;
  const one = (group: Group, reviewsGroup: boolean, candidates: Candidate[]): ReviewUnit[] => [
    { key: def.id, group, reviewsGroup, scope: { ...def.scope }, candidates },
  ];
  switch (t.kind) {
    case 'groups':
      return enumerateGroups(t.groups, directory).map((group) => ({
        key: group.id,
        group,
        reviewsGroup: true,
        scope: instanceScope(def.scope, group.id),
        candidates: groupCandidates(t.principals, group, directory, atMs),
      }));
    case 'app': {
      const sp = directory.servicePrincipals.get(t.servicePrincipalId);
      return sp ? one(standIn(sp.id, sp.displayName), false, appCandidates(sp, directory)) : [];
    }
    case 'accessPackage': {
      const policy = governance.policies.get(t.policyId);
      const pkg = governance.accessPackages.get(t.accessPackageId);
      if (!policy || !pkg) return [];
      const candidates = packageCandidates(pkg.id, policy.id, governance, directory, atMs);
      return one(standIn(pkg.id, pkg.displayName), false, candidates);
    }
    case 'role': {
      const role = governance.roleDefinitions.get(t.roleId);
      if (!role) return [];
      const candidates = roleCandidates(
        t.roleId,
        t.which,
        t.principalType,
        t.assignedOnly,
        governance,
        directory,
        atMs,
      );
      return one(standIn(role.id, role.displayName), false, candidates);
    }
    case 'pimGroup': {
      const group = directory.groups.get(t.groupId);
      return group ? one(group, true, pimGroupCandidates(group, t.which, governance, directory, atMs)) : [];
    }
    case 'memberships': {
      const seen = new Set<string>();
      const candidates: Candidate[] = [];
      for (const r of t.resources) {
        for (const c of resourceCandidates(r, tenant, atMs)) {
          const key = candidateKey(c);
          if (seen.has(key) || !matchesPrincipalScopes(c, t.principals, atMs)) continue;
          seen.add(key);
          candidates.push(c);
        }
      }
      return one(standIn(def.id, def.displayName), false, candidates);
    }
    case 'azureRole': {
      const candidates = azureCandidates(t.scopeId, t.roleDefinitionId, governance, directory);
      const scope = [...governance.azureRoleAssignments.values()].find((a) => a.scope.id === t.scopeId)?.scope;
      return one(standIn(def.id, scope?.displayName ?? t.scopeId), false, candidates);
    }
  }
}

/** One item per principal, resource and app role. */
export function candidateKey(c: { principal: ReviewedPrincipal; resource: ItemResource }): string {
  return `${c.principal.id}:${c.resource.id}:${String(c.resource.fields?.appRoleId ?? '')}`;
}
