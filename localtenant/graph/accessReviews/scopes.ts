import { Directory } from '../../directory';
import type { Governance } from '../../governance';
import { Group } from '../../model';
import { sameId } from '../../objectIds';
import { fail } from '../errors';
import { DAY_MS, parseDuration } from './recurrence';
import { GroupEnumeration, PrincipalFilter, PrincipalQuery, QueryScope, ResourceScope, ScopeTarget } from './types';

/**
 * The scope queries this tenant accepts: the forms the scope concept page documents (Microsoft Graph docs,
 * concepts/accessreviews-scope-concept.md: groups, inactive users, access package assignments, directory roles,
 * principalResourceMembershipsScope) and the application form of the create-definitions page's example 3 (a
 * servicePrincipal in resourceScopes). Docs are silent on /servicePrincipals/{id}/appRoleAssignedTo as a scope: neither
 * page shows it (the versions read: concept page of June 2022, v1.0 create page); it is accepted here as the review of
 * one app's assignments that the project's contract names. The service answers any other query with 400 and a list of the queries it
 * accepts; the wording follows the message the service gives, as reported in microsoftgraph/microsoft-graph-docs
 * issue 19810. The list names the forms implemented here.
 */
export const ACCEPTED_SCOPE_QUERIES = [
  '/groups/{groupId}/transitiveMembers',
  '/groups/{groupId}/transitiveMembers/microsoft.graph.user',
  '/groups/{groupId}/members',
  "/groups/{groupId}/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')",
  "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest') (with an instanceEnumerationScope over groups)",
  '/servicePrincipals/{servicePrincipalId}/appRoleAssignedTo',
  "/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=(accessPackageId eq '{accessPackageId}' and assignmentPolicyId eq '{assignmentPolicyId}')",
  '/roleManagement/directory/roleDefinitions/{roleDefinitionId}',
  "/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal&$filter=(isof(principal,'microsoft.graph.user') and roleDefinitionId eq '{roleDefinitionId}')",
  "/roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal&$filter=(assignmentType eq 'Assigned' and isof(principal,'microsoft.graph.user') and roleDefinitionId eq '{roleDefinitionId}')",
  "/roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal&$filter=(isof(principal,'microsoft.graph.servicePrincipal') and roleDefinitionId eq '{roleDefinitionId}')",
  'a #microsoft.graph.principalResourceMembershipsScope of /users queries over /groups, /groups/{groupId}/transitiveMembers, /servicePrincipals/{servicePrincipalId} or /roleManagement/directory/roleDefinitions/{roleDefinitionId}',
];

export const ACCEPTED_ENUMERATION_QUERIES = [
  '/groups/{groupId}',
  "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true",
];

const GUID = '[0-9a-fA-F-]{36}';
const GUEST_FILTER = String.raw`(?:/?\?(?:\$count=true&)?\$filter=\(userType eq 'Guest'\)(?:&\$count=true)?)`;
const PRINCIPALS_RE = new RegExp(
  `^(?:/groups/(?<g>${GUID})|(?<rel>\\.))/(?<rel2>transitiveMembers|members)(?<user>/microsoft\\.graph\\.user)?(?<guest>${GUEST_FILTER})?$`,
);
const ONE_GROUP_RE = new RegExp(`^/groups/(?<g>${GUID})$`);
const UNIFIED_RE = /^\/groups\?\$filter=\(groupTypes\/any\(c:c eq 'Unified'\)\)(?:&\$count=true)?$/;
const APP_RE = new RegExp(`^/servicePrincipals/(?<sp>${GUID})/appRoleAssignedTo$`);
const APP_RESOURCE_RE = new RegExp(`^/servicePrincipals/(?<sp>${GUID})$`);
const PACKAGE_RE = new RegExp(
  String.raw`^/identityGovernance/entitlementManagement/accessPackageAssignments\?\$filter=\(accessPackageId eq '(?<ap>${GUID})' and assignmentPolicyId eq '(?<policy>${GUID})'(?: and catalogId eq '[^']*')?\)$`,
);
const ROLE_RE = new RegExp(`^/roleManagement/directory/roleDefinitions/(?<role>${GUID})$`);
const ROLE_INSTANCES_RE =
  /^\/roleManagement\/directory\/(?<set>roleAssignmentScheduleInstances|roleEligibilityScheduleInstances)\?\$expand=principal&\$filter=\((?<clauses>.*)\)$/;
const USERS_RE = /^\/users(?:\/?\?\$filter=\(userType eq 'Guest'\))?$/;
const ALL_GROUPS_RE = /^\/groups$/;
const GROUP_MEMBERS_RE = new RegExp(
  `^/groups/(?<g>${GUID})(?:/(?<rel>transitiveMembers|members)(?:/microsoft\\.graph\\.user)?)?$`,
);
/**
 * Docs are silent: the scope concept page shows no query for PIM for Groups or for Azure resource roles (Azure RBAC
 * reviews are defined in Azure Resource Manager). These forms, in the shape of the documented role queries, are
 * accepted only from the seed (`undocumented`), never from POST /definitions.
 */
const PIM_GROUP_RE = new RegExp(
  String.raw`^/identityGovernance/privilegedAccess/group/(?<set>eligibilityScheduleInstances|assignmentScheduleInstances)\?\$expand=principal&\$filter=\(groupId eq '(?<g>${GUID})'\)$`,
);
const AZURE_RE =
  /^(?<scope>\/subscriptions\/[^/]+(?:\/resourceGroups\/[^/]+)?)\/providers\/Microsoft\.Authorization\/roleDefinitions\/(?<role>[0-9a-fA-F-]{36})$/;

const INACTIVE_TYPE = '#microsoft.graph.accessReviewInactiveUsersQueryScope';
const MEMBERSHIPS_TYPE = '#microsoft.graph.principalResourceMembershipsScope';

/** Queries arrive with '+' or %20 for spaces (the tutorial's enumeration scope uses '+'). */
function normalize(query: string): string {
  let q = query.trim().replace(/\+/g, ' ');
  try {
    q = decodeURIComponent(q);
  } catch {
    // keep the raw text; the patterns below reject it
  }
  return q;
}

function unsupported(query: string, accepted: string[]): never {
  fail(
    400,
    'BadRequest',
    `Query ${query} is not supported. Please pass in one of the following queries : ${accepted.slice(0, -1).join(', ')} or ${accepted[accepted.length - 1]}`,
  );
}

function requireGroup(directory: Directory, id: string): void {
  // Docs are silent: a group that does not exist is answered with 400 here.
  if (!directory.groups.has(id)) fail(400, 'BadRequest', `The group '${id}' in the scope query was not found.`);
}

export function parseEnumeration(scope: QueryScope | null | undefined, directory: Directory): GroupEnumeration | null {
  if (!scope) return null;
  if (typeof scope.query !== 'string') fail(400, 'BadRequest', 'instanceEnumerationScope.query is required.');
  const q = normalize(scope.query);
  const one = ONE_GROUP_RE.exec(q);
  if (one?.groups) {
    requireGroup(directory, one.groups.g);
    return { kind: 'group', groupId: one.groups.g };
  }
  if (UNIFIED_RE.test(q)) return { kind: 'unified' };
  unsupported(scope.query, ACCEPTED_ENUMERATION_QUERIES);
}

/** What a scope's ids must name; absent when the caller has only the directory (then only groups are checked). */
export interface ScopeContext {
  directory: Directory;
  governance?: Governance;
  /** The seed may use the forms the docs do not show (PIM for Groups, Azure roles); POST never may. */
  undocumented?: boolean;
}

function requireKnown(found: boolean, what: string, id: string): void {
  // Docs are silent: a scope naming an object that does not exist is answered with 400 here.
  if (!found) fail(400, 'BadRequest', `The ${what} '${id}' in the scope query was not found.`);
}

/** The group forms: members of one group, or of each enumerated group. */
function parseGroupScope(
  scope: QueryScope,
  enumerationScope: QueryScope | null | undefined,
  directory: Directory,
): ScopeTarget | undefined {
  const m = PRINCIPALS_RE.exec(normalize(scope.query));
  if (!m?.groups) return undefined;
  const { g, rel, rel2, user, guest } = m.groups;
  // The guest filter is only accepted on the microsoft.graph.user cast, as the docs write it.
  if (guest && !user) unsupported(scope.query, ACCEPTED_SCOPE_QUERIES);
  const enumeration = parseEnumeration(enumerationScope, directory);
  let groups: GroupEnumeration;
  if (rel) {
    if (!enumeration) {
      fail(400, 'BadRequest', `The relative query ${scope.query} needs an instanceEnumerationScope over groups.`);
    }
    groups = enumeration;
  } else {
    requireGroup(directory, g);
    if (enumeration && (enumeration.kind !== 'group' || !sameId(enumeration.groupId, g))) {
      fail(400, 'BadRequest', 'The instanceEnumerationScope does not match the group in the scope query.');
    }
    groups = { kind: 'group', groupId: g };
  }
  const principals: PrincipalQuery = {
    groupId: rel ? null : g,
    transitive: rel2 === 'transitiveMembers',
    guestsOnly: !!guest,
    usersOnly: !!user || rel2 === 'transitiveMembers',
  };
  if (scope['@odata.type'] === INACTIVE_TYPE) principals.inactiveMs = inactiveOf(scope);
  return { kind: 'groups', principals, groups };
}

function inactiveOf(scope: QueryScope): number {
  if (!scope.inactiveDuration) fail(400, 'BadRequest', 'inactiveDuration is required for an inactive users scope.');
  return parseDuration(scope.inactiveDuration, 30 * DAY_MS);
}

/**
 * The clauses of a role schedule instance query, in any order: isof(principal,'microsoft.graph.user' |
 * 'microsoft.graph.servicePrincipal'), roleDefinitionId eq '{id}', and on active assignments assignmentType eq
 * 'Assigned' (concept page, example 8 and 9).
 */
function parseRoleInstances(set: string, clauses: string, query: string): ScopeTarget {
  let roleId: string | undefined;
  let principalType: 'any' | 'user' | 'servicePrincipal' = 'any';
  let assignedOnly = false;
  for (const clause of clauses.split(/\s+and\s+/)) {
    const c = clause.trim();
    let m: RegExpExecArray | null;
    if ((m = /^isof\(principal,\s*'microsoft\.graph\.(user|servicePrincipal)'\)$/.exec(c))) {
      principalType = m[1] as 'user' | 'servicePrincipal';
    } else if ((m = new RegExp(`^roleDefinitionId eq '(${GUID})'$`).exec(c))) {
      roleId = m[1];
    } else if (c === "assignmentType eq 'Assigned'" && set === 'roleAssignmentScheduleInstances') {
      assignedOnly = true;
    } else unsupported(query, ACCEPTED_SCOPE_QUERIES);
  }
  if (!roleId || principalType === 'any') unsupported(query, ACCEPTED_SCOPE_QUERIES);
  return {
    kind: 'role',
    roleId,
    which: set === 'roleEligibilityScheduleInstances' ? 'eligible' : 'active',
    principalType,
    assignedOnly,
  };
}

/** principalResourceMembershipsScope: who (principalScopes over /users) has access to what (resourceScopes). */
function parseMemberships(scope: QueryScope, ctx: ScopeContext): ScopeTarget {
  const described = `principalResourceMembershipsScope`;
  if (!Array.isArray(scope.principalScopes) || scope.principalScopes.length === 0) {
    fail(400, 'BadRequest', `A ${described} needs at least one principalScopes entry.`);
  }
  if (!Array.isArray(scope.resourceScopes) || scope.resourceScopes.length === 0) {
    fail(400, 'BadRequest', `A ${described} needs at least one resourceScopes entry.`);
  }
  const principals: PrincipalFilter[] = scope.principalScopes.map((p) => {
    const q = normalize(String(p?.query ?? ''));
    if (!USERS_RE.test(q)) unsupported(String(p?.query ?? ''), ACCEPTED_SCOPE_QUERIES);
    const filter: PrincipalFilter = { guestsOnly: q.includes('Guest') };
    if (p['@odata.type'] === INACTIVE_TYPE) filter.inactiveMs = inactiveOf(p);
    return filter;
  });
  const resources: ResourceScope[] = scope.resourceScopes.map((r) => {
    const raw = String(r?.query ?? '');
    const q = normalize(raw);
    let m: RegExpExecArray | null;
    if (ALL_GROUPS_RE.test(q)) return { kind: 'allGroups' };
    if ((m = GROUP_MEMBERS_RE.exec(q))?.groups) {
      requireGroup(ctx.directory, m.groups.g);
      return { kind: 'group', groupId: m.groups.g, transitive: m.groups.rel === 'transitiveMembers' };
    }
    if ((m = APP_RESOURCE_RE.exec(q))?.groups) {
      requireKnown(ctx.directory.servicePrincipals.has(m.groups.sp), 'service principal', m.groups.sp);
      return { kind: 'app', servicePrincipalId: m.groups.sp };
    }
    if ((m = ROLE_RE.exec(q))?.groups) {
      if (ctx.governance) requireKnown(ctx.governance.roleDefinitions.has(m.groups.role), 'role', m.groups.role);
      return { kind: 'role', roleId: m.groups.role };
    }
    return unsupported(raw, ACCEPTED_SCOPE_QUERIES);
  });
  return { kind: 'memberships', principals, resources };
}

/** Parses the definition's scope (and instanceEnumerationScope) into what it reviews; 400 for anything else. */
export function parseScope(
  scope: QueryScope,
  enumerationScope: QueryScope | null | undefined,
  ctx: ScopeContext,
): ScopeTarget {
  if (!scope || (typeof scope.query !== 'string' && scope['@odata.type'] !== MEMBERSHIPS_TYPE)) {
    fail(400, 'BadRequest', "The property 'scope' is required.");
  }
  if (scope['@odata.type'] === MEMBERSHIPS_TYPE) return parseMemberships(scope, ctx);
  const groups = parseGroupScope(scope, enumerationScope, ctx.directory);
  if (groups) return groups;
  const target = parseOtherScope(scope, ctx);
  // Docs are silent: the enumeration scope is documented only over groups; with any other scope it is refused here.
  if (enumerationScope) {
    fail(400, 'BadRequest', 'An instanceEnumerationScope is supported only with a scope over groups.');
  }
  return target;
}

/** The forms that review something other than groups' members. */
function parseOtherScope(scope: QueryScope, ctx: ScopeContext): ScopeTarget {
  const q = normalize(scope.query);
  const governance = ctx.governance;
  let m: RegExpExecArray | null;
  if ((m = APP_RE.exec(q))?.groups) {
    requireKnown(ctx.directory.servicePrincipals.has(m.groups.sp), 'service principal', m.groups.sp);
    return { kind: 'app', servicePrincipalId: m.groups.sp };
  }
  if ((m = PACKAGE_RE.exec(q))?.groups) {
    const { ap, policy } = m.groups;
    if (governance) {
      requireKnown(governance.accessPackages.has(ap), 'access package', ap);
      requireKnown(governance.policies.get(policy)?.accessPackageId === ap, 'assignment policy', policy);
    }
    return { kind: 'accessPackage', accessPackageId: ap, policyId: policy };
  }
  if ((m = ROLE_RE.exec(q))?.groups) {
    if (governance) requireKnown(governance.roleDefinitions.has(m.groups.role), 'role', m.groups.role);
    return { kind: 'role', roleId: m.groups.role, which: 'all', principalType: 'any', assignedOnly: false };
  }
  if ((m = ROLE_INSTANCES_RE.exec(q))?.groups) {
    const target = parseRoleInstances(m.groups.set, m.groups.clauses, scope.query);
    if (governance && target.kind === 'role') {
      requireKnown(governance.roleDefinitions.has(target.roleId), 'role', target.roleId);
    }
    return target;
  }
  if (ctx.undocumented && (m = PIM_GROUP_RE.exec(q))?.groups) {
    requireGroup(ctx.directory, m.groups.g);
    return {
      kind: 'pimGroup',
      groupId: m.groups.g,
      which: m.groups.set === 'eligibilityScheduleInstances' ? 'eligible' : 'active',
    };
  }
  if (ctx.undocumented && (m = AZURE_RE.exec(scope.query.trim()))?.groups) {
    // A subscription scope is named by its id, as the AzureRole resource's scope shows it.
    const scopeId = m.groups.scope.replace(/^\/subscriptions\/([^/]+)$/, '$1');
    return { kind: 'azureRole', scopeId, roleDefinitionId: m.groups.role };
  }
  return unsupported(scope.query, ACCEPTED_SCOPE_QUERIES);
}

/** The groups that get an instance for one occurrence, in directory order. */
export function enumerateGroups(groups: GroupEnumeration, directory: Directory): Group[] {
  if (groups.kind === 'group') {
    const g = directory.groups.get(groups.groupId);
    return g ? [g] : [];
  }
  return [...directory.groups.values()].filter((g) => g.groupTypes.includes('Unified'));
}

/** The instance's own scope: the definition's, with a relative query made absolute for the group (tutorial 2). */
export function instanceScope(scope: QueryScope, groupId: string): QueryScope {
  if (typeof scope.query !== 'string' || !scope.query.trim().startsWith('./')) return { ...scope };
  return { ...scope, query: `/groups/${groupId}/${scope.query.trim().slice(2)}` };
}
