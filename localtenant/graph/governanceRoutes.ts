import { hasAnyRole } from '../directory';
import {
  AccessPackage,
  AccessPackageAssignment,
  AccessPackageAssignmentPolicy,
  AccessPackageCatalog,
  inForce,
  PimGroupInstance,
  ROLE_READER_ROLES,
  RoleDefinition,
  RoleScheduleInstance,
} from '../governance';
import { json, Req, route, Route } from '../http';
import { User } from '../model';
import type { Tenant } from '../tenant';
import { collection, entity, metadata } from './accessReviews/lookups';
import { servicePrincipalProperties } from './applications';
import { authenticate, Caller, requirePermission } from './auth';
import { userProperties } from './directoryShapes';
import { fail } from './errors';
import { parseExpand } from './odata';

/**
 * Read routes of identity governance that reviews are about, as the Graph docs describe them: entitlement management
 * (resources/accesspackagecatalog.md, accesspackage.md, accesspackageassignmentpolicy.md, accesspackageassignment.md),
 * directory role management (unifiedroledefinition.md, unifiedroleassignmentscheduleinstance.md,
 * unifiedroleeligibilityscheduleinstance.md) and PIM for Groups (privilegedaccessgroupeligibilityscheduleinstance.md,
 * privilegedaccessgroupassignmentscheduleinstance.md). These collections page with $top/$skip.
 */

const V = String.raw`^\/(?<v>v1\.0|beta)`;
const EM = String.raw`${V}/identityGovernance/entitlementManagement`;
const RM = String.raw`${V}/roleManagement/directory`;
const PIM = String.raw`${V}/identityGovernance/privilegedAccess/group`;

const both = (perms: string[]) => ({ delegated: perms, application: perms });
/** Docs: EntitlementManagement.Read.All is least privileged for the read calls, ReadWrite.All higher. */
const READ_EM = both(['EntitlementManagement.Read.All', 'EntitlementManagement.ReadWrite.All']);
/**
 * Docs (rbac-entitlement-management includes): a delegated caller also needs a role; of the directory roles, these
 * read everything. Docs are silent here on catalog roles (catalog owner, reader), which this tenant does not model.
 */
const EM_READERS = ['Global Administrator', 'Identity Governance Administrator', 'Global Reader', 'Security Reader'];
const READ_ROLE_DEFINITIONS = both([
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'Directory.Read.All',
]);
const READ_ASSIGNMENT_INSTANCES = both([
  'RoleAssignmentSchedule.Read.Directory',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'RoleManagement.ReadWrite.Directory',
]);
const READ_ELIGIBILITY_INSTANCES = both([
  'RoleEligibilitySchedule.Read.Directory',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'RoleManagement.ReadWrite.Directory',
]);
const READ_PIM_GROUP_ELIGIBILITY = both([
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup',
  'PrivilegedAccess.Read.AzureADGroup',
  'PrivilegedAccess.ReadWrite.AzureADGroup',
]);
const READ_PIM_GROUP_ASSIGNMENTS = both([
  'PrivilegedAssignmentSchedule.Read.AzureADGroup',
  'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
  'PrivilegedAccess.Read.AzureADGroup',
  'PrivilegedAccess.ReadWrite.AzureADGroup',
]);
/** PIM for Groups: roles that read every group's schedules (others read the groups they own or belong to). */
const PIM_GROUP_READERS = [...ROLE_READER_ROLES, 'Groups Administrator', 'Identity Governance Administrator'];

function denied(): never {
  fail(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

function requireRole(caller: Caller, roles: string[]): void {
  if (caller.kind === 'user' && !hasAnyRole(caller.user, roles)) denied();
}

const directoryTime = (iso: string | null) => (iso === null ? null : iso.replace(/\.\d+Z$/, 'Z'));

type EmObject = AccessPackageCatalog | AccessPackage | AccessPackageAssignmentPolicy;

/** The properties that open every entitlement management object: its id, name and description. */
const emNamed = (o: EmObject) => ({ id: o.id, displayName: o.displayName, description: o.description });

/** When an entitlement management object was created and last changed, as the directory writes times. */
const emTimes = (o: EmObject) => ({
  createdDateTime: directoryTime(o.createdDateTime),
  modifiedDateTime: directoryTime(o.modifiedDateTime),
});

function catalogJson(c: AccessPackageCatalog) {
  return {
    ...emNamed(c),
    catalogType: c.catalogType,
    state: c.state,
    isExternallyVisible: c.isExternallyVisible,
    ...emTimes(c),
  };
}

function packageJson(p: AccessPackage) {
  return { ...emNamed(p), isHidden: p.isHidden, ...emTimes(p) };
}

function policyJson(p: AccessPackageAssignmentPolicy) {
  return {
    ...emNamed(p),
    allowedTargetScope: p.allowedTargetScope,
    ...emTimes(p),
    expiration: { endDateTime: null, duration: null, type: 'noExpiration' },
  };
}

/** accessPackageSubject of a user of this directory. */
function subjectJson(user: User | undefined, id: string) {
  return {
    id,
    objectId: id,
    displayName: user?.displayName ?? null,
    email: user?.mail ?? null,
    principalName: user?.userPrincipalName ?? null,
    subjectType: 'user',
  };
}

function roleDefinitionJson(r: RoleDefinition) {
  return {
    id: r.id,
    description: r.description,
    displayName: r.displayName,
    isBuiltIn: r.isBuiltIn,
    isEnabled: r.isEnabled,
    resourceScopes: ['/'],
    templateId: r.id,
    version: '1',
    rolePermissions: [],
  };
}

export function governanceRoutes(tenant: Tenant): Route[] {
  const g = tenant.governance;
  const d = tenant.directory;
  const expanded = (req: Req) => new Set(parseExpand(req.query.get('$expand')).map((e) => e.name));
  const now = () => tenant.clock.nowMs();

  /** A directory object as $expand=principal shows it, with its @odata.type. */
  const principalJson = (id: string) => {
    const user = d.users.get(id);
    if (user) return { '@odata.type': '#microsoft.graph.user', ...userProperties(user, NO_NOTES) };
    const group = d.groups.get(id);
    if (group) return { '@odata.type': '#microsoft.graph.group', id: group.id, displayName: group.displayName };
    const sp = d.servicePrincipals.get(id);
    if (sp) return { '@odata.type': '#microsoft.graph.servicePrincipal', ...servicePrincipalProperties(sp) };
    return null;
  };

  const assignmentJson = (req: Req, a: AccessPackageAssignment) => {
    const x = expanded(req);
    const beta = req.params.v === 'beta';
    const out: Record<string, unknown> = {
      id: a.id,
      ...(beta
        ? { accessPackageId: a.accessPackageId, assignmentPolicyId: a.assignmentPolicyId, targetId: a.targetId }
        : {}),
      state: a.state,
      status: a.status,
      expiredDateTime: null,
      schedule: {
        startDateTime: directoryTime(a.startDateTime),
        recurrence: null,
        expiration: {
          endDateTime: directoryTime(a.endDateTime),
          duration: null,
          type: a.endDateTime ? 'afterDateTime' : 'noExpiration',
        },
      },
    };
    if (x.has('target')) out.target = subjectJson(d.users.get(a.targetId), a.targetId);
    const pkg = g.accessPackages.get(a.accessPackageId);
    if (x.has('accessPackage') && pkg) out.accessPackage = packageJson(pkg);
    const policy = g.policies.get(a.assignmentPolicyId);
    if (x.has('assignmentPolicy') && policy) out.assignmentPolicy = policyJson(policy);
    return out;
  };

  const roleInstanceJson = (req: Req, r: RoleScheduleInstance) => {
    const x = expanded(req);
    const out: Record<string, unknown> = {
      id: r.id,
      principalId: r.principalId,
      roleDefinitionId: r.roleDefinitionId,
      directoryScopeId: r.directoryScopeId,
      appScopeId: null,
      startDateTime: directoryTime(r.startDateTime),
      endDateTime: directoryTime(r.endDateTime),
      memberType: r.memberType,
    };
    if (r.kind === 'active') {
      out.assignmentType = r.assignmentType ?? 'Assigned';
      out.roleAssignmentOriginId = r.id;
      out.roleAssignmentScheduleId = r.id;
    } else {
      out.roleEligibilityScheduleId = r.id;
    }
    if (x.has('principal')) out.principal = principalJson(r.principalId);
    const role = g.roleDefinitions.get(r.roleDefinitionId);
    if (x.has('roleDefinition') && role) out.roleDefinition = roleDefinitionJson(role);
    return out;
  };

  const pimJson = (req: Req, r: PimGroupInstance) => {
    const x = expanded(req);
    const out: Record<string, unknown> = {
      id: r.id,
      accessId: r.accessId,
      groupId: r.groupId,
      principalId: r.principalId,
      memberType: r.memberType,
      startDateTime: directoryTime(r.startDateTime),
      endDateTime: directoryTime(r.endDateTime),
    };
    if (r.kind === 'active') {
      out.assignmentType = r.assignmentType ?? 'assigned';
      out.assignmentScheduleId = r.id;
      out.activatedUsing = null;
    } else out.eligibilityScheduleId = r.id;
    if (x.has('principal')) out.principal = principalJson(r.principalId);
    const group = d.groups.get(r.groupId);
    if (x.has('group') && group) out.group = { id: group.id, displayName: group.displayName };
    return out;
  };

  const emCaller = (req: Req) => {
    const caller = authenticate(req, tenant);
    requirePermission(caller, READ_EM);
    requireRole(caller, EM_READERS);
    return caller;
  };
  const one = <T>(map: Map<string, T>, id: string, what: string): T => {
    const found = map.get(id);
    // Docs are silent on the message; the code is Graph's for an unknown id.
    if (!found) fail(404, 'ResourceNotFound', `The ${what} '${id}' was not found.`);
    return found;
  };
  const list = <T>(
    req: Req,
    items: T[],
    set: string,
    shape: (t: T) => Record<string, unknown>,
    filterFields: string[],
    view?: (t: T) => unknown,
  ) => json(200, collection(req, items, { context: metadata(req, set), shape, filterFields, queryView: view }));
  /** A collection and its items by id (GET {set} and {set}/{id}), behind one access check. */
  const collectionRoutes = <T>(o: {
    /** The path before the set, as a pattern, its route name and its @odata.context. */
    base: { pattern: string; name: string; context: string };
    set: string;
    check: (req: Req) => unknown;
    items: Map<string, T>;
    /** What an item is called when its id is unknown. */
    what: string;
    shape: (req: Req, t: T) => Record<string, unknown>;
    filterFields: string[];
    view?: (t: T) => unknown;
  }) =>
    [o.set, `${o.set}/(?<id>[^/]+)`].map((path) =>
      route(
        'GET',
        new RegExp(`${o.base.pattern}/${path}$`),
        `GET ${o.base.name}/${path.replace(/\(.*\)/, '{id}')}`,
        (req) => {
          o.check(req);
          const shape = (t: T) => o.shape(req, t);
          if (req.params.id) {
            const found = one(o.items, req.params.id, o.what);
            return json(200, entity(req, metadata(req, `${o.base.context}/${o.set}/$entity`), shape(found)));
          }
          const set = `${o.base.context}/${o.set}`;
          return list(req, [...o.items.values()], set, shape, o.filterFields, o.view);
        },
      ),
    );
  const em = {
    pattern: EM,
    name: 'entitlementManagement',
    context: 'identityGovernance/entitlementManagement',
  };

  return [
    // ---- entitlement management ----
    ...collectionRoutes({
      base: em,
      set: 'catalogs',
      check: emCaller,
      items: g.catalogs,
      what: 'catalog',
      shape: (_req, c) => catalogJson(c),
      filterFields: ['id', 'displayName', 'catalogType', 'state'],
    }),
    ...collectionRoutes({
      base: em,
      set: 'accessPackages',
      check: emCaller,
      items: g.accessPackages,
      what: 'access package',
      shape: (req, p) => {
        const out: Record<string, unknown> = packageJson(p);
        const x = expanded(req);
        const catalog = g.catalogs.get(p.catalogId);
        if (x.has('catalog') && catalog) out.catalog = catalogJson(catalog);
        if (x.has('assignmentPolicies')) {
          out.assignmentPolicies = [...g.policies.values()].filter((q) => q.accessPackageId === p.id).map(policyJson);
        }
        return out;
      },
      filterFields: ['id', 'displayName', 'catalog/id'],
      view: (p) => ({ ...packageJson(p), catalog: { id: p.catalogId } }),
    }),
    ...collectionRoutes({
      base: em,
      set: 'assignmentPolicies',
      check: emCaller,
      items: g.policies,
      what: 'assignment policy',
      shape: (req, p) => {
        const out: Record<string, unknown> = policyJson(p);
        const pkg = g.accessPackages.get(p.accessPackageId);
        if (expanded(req).has('accessPackage') && pkg) out.accessPackage = packageJson(pkg);
        return out;
      },
      filterFields: ['id', 'displayName', 'accessPackage/id'],
      view: (p) => ({ ...policyJson(p), accessPackage: { id: p.accessPackageId } }),
    }),
    // v1.0 lists assignments at /assignments (filter accessPackage/id, target/objectId); the scope query and beta
    // name the older collection accessPackageAssignments, whose items carry accessPackageId and assignmentPolicyId.
    route(
      'GET',
      new RegExp(`${EM}/(?<set>assignments|accessPackageAssignments)$`),
      'GET entitlementManagement/assignments',
      (req) => {
        emCaller(req);
        if (req.params.set === 'accessPackageAssignments' && req.params.v !== 'beta') {
          fail(400, 'BadRequest', "Resource not found for the segment 'accessPackageAssignments'.");
        }
        const view = (a: AccessPackageAssignment) => ({
          id: a.id,
          state: a.state,
          accessPackageId: a.accessPackageId,
          assignmentPolicyId: a.assignmentPolicyId,
          accessPackage: { id: a.accessPackageId },
          assignmentPolicy: { id: a.assignmentPolicyId },
          target: { objectId: a.targetId },
        });
        const fields =
          req.params.v === 'beta'
            ? ['id', 'state', 'accessPackageId', 'assignmentPolicyId', 'accessPackage/id', 'target/objectId']
            : ['id', 'state', 'accessPackage/id', 'assignmentPolicy/id', 'target/objectId'];
        return list(
          req,
          [...g.packageAssignments.values()],
          `identityGovernance/entitlementManagement/${req.params.set}`,
          (a) => assignmentJson(req, a),
          fields,
          view,
        );
      },
    ),

    // ---- directory role management ----
    ...collectionRoutes({
      base: { pattern: RM, name: 'roleManagement/directory', context: 'roleManagement/directory' },
      set: 'roleDefinitions',
      check: (req) => requirePermission(authenticate(req, tenant), READ_ROLE_DEFINITIONS),
      items: g.roleDefinitions,
      what: 'role definition',
      shape: (_req, r) => roleDefinitionJson(r),
      filterFields: ['id', 'displayName', 'isBuiltIn', 'templateId'],
    }),
    ...(
      [
        ['roleAssignmentScheduleInstances', 'active', READ_ASSIGNMENT_INSTANCES],
        ['roleEligibilityScheduleInstances', 'eligible', READ_ELIGIBILITY_INSTANCES],
      ] as const
    ).map(([set, kind, perms]) =>
      route('GET', new RegExp(`${RM}/${set}$`), `GET roleManagement/directory/${set}`, (req) => {
        const caller = authenticate(req, tenant);
        requirePermission(caller, perms);
        // Docs: a delegated caller needs a role that reads PIM (or reads only their own through filterByCurrentUser).
        requireRole(caller, ROLE_READER_ROLES);
        const rows = g.roleInstancesAt(now()).filter((r) => r.kind === kind);
        const fields = ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'memberType'];
        return list(
          req,
          rows,
          `roleManagement/directory/${set}`,
          (r) => roleInstanceJson(req, r),
          kind === 'active' ? [...fields, 'assignmentType'] : fields,
          (r) => ({ ...r, assignmentType: r.assignmentType }),
        );
      }),
    ),

    // ---- PIM for Groups ----
    ...(
      [
        ['eligibilityScheduleInstances', 'eligible', READ_PIM_GROUP_ELIGIBILITY],
        ['assignmentScheduleInstances', 'active', READ_PIM_GROUP_ASSIGNMENTS],
      ] as const
    ).map(([set, kind, perms]) =>
      route('GET', new RegExp(`${PIM}/${set}$`), `GET privilegedAccess/group/${set}`, (req) => {
        const caller = authenticate(req, tenant);
        requirePermission(caller, perms);
        // Docs: the list needs $filter on groupId or principalId.
        const filter = req.query.get('$filter') ?? '';
        if (!/\b(groupId|principalId)\s+eq\s+'/.test(filter)) {
          fail(400, 'BadRequest', 'The $filter query option must include groupId or principalId.');
        }
        // Docs: a delegated caller must own or belong to the group, or hold a supported role.
        const sees = (r: PimGroupInstance) => {
          if (caller.kind !== 'user' || hasAnyRole(caller.user, PIM_GROUP_READERS)) return true;
          const group = d.groups.get(r.groupId);
          return (
            !!group &&
            (group.owners.has(caller.user.id) || group.members.has(caller.user.id) || r.principalId === caller.user.id)
          );
        };
        const rows = [...g.pimGroupInstances.values()].filter((r) => r.kind === kind && inForce(r, now()) && sees(r));
        return list(req, rows, `identityGovernance/privilegedAccess/group/${set}`, (r) => pimJson(req, r), [
          'id',
          'groupId',
          'principalId',
          'accessId',
          'memberType',
          ...(kind === 'active' ? ['assignmentType'] : []),
        ]);
      }),
    ),
  ];
}

const NO_NOTES = { invitedUserIds: new Set<string>(), groupCreatedByApp: new Map<string, string>() };
