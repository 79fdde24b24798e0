import { json, Req, route, Route } from '../http';
import { AppRoleAssignment, GUID_RE, ServicePrincipal } from '../model';
import type { Tenant } from '../tenant';
import { authenticate, requirePermission } from './auth';
import { fail } from './errors';
import { contextOf, directoryPage, filterOf, matches, orderOf, selectOf, shaped } from './directoryQuery';
import { notFoundObject } from './directoryUsers';

/**
 * Enterprise applications: service principals with their app roles (resources/serviceprincipal.md, approle.md) and
 * app role assignments (resources/approleassignment.md), listed from the resource (servicePrincipals/{id}/
 * appRoleAssignedTo) and from the principal (users/{id}/appRoleAssignments, groups/{id}/appRoleAssignments).
 */

/** Docs (serviceprincipal-list, serviceprincipal-get, serviceprincipal-list-approleassignedto): least privileged first. */
const READ_APPS = {
  delegated: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  application: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
};
/**
 * A user's or group's appRoleAssignments (user-list-approleassignments, group-list-approleassignments). Docs are
 * silent on which of their permissions reach only the signed-in user's own list; User.Read does here.
 */
const READ_ASSIGNMENTS = {
  delegated: ['Directory.Read.All', 'AppRoleAssignment.ReadWrite.All', 'Directory.ReadWrite.All', 'User.Read.All'],
  application: ['Directory.Read.All', 'AppRoleAssignment.ReadWrite.All', 'Directory.ReadWrite.All', 'User.Read.All'],
};
const READ_GROUP_ASSIGNMENTS = {
  delegated: ['Group.Read.All', 'Directory.Read.All', 'AppRoleAssignment.ReadWrite.All', 'Directory.ReadWrite.All'],
  application: ['Group.Read.All', 'Directory.Read.All', 'AppRoleAssignment.ReadWrite.All', 'Directory.ReadWrite.All'],
};

export const SP_TYPE = 'microsoft.graph.servicePrincipal';
/** Docs: of the properties kept here, appId, displayName, servicePrincipalType, accountEnabled and tags filter (eq). */
export const SP_FILTERABLE = ['id', 'appId', 'displayName', 'servicePrincipalType', 'accountEnabled'];
export const SP_STARTS_WITH = ['displayName'];
const SP_SORTABLE = ['displayName'];
/** Docs: appRoleAssignment supports $filter (eq) on principalId, resourceId and appRoleId. */
const ASSIGNMENT_FILTERABLE = ['id', 'principalId', 'principalType', 'resourceId', 'appRoleId'];

const V = String.raw`^\/(?<v>v1\.0|beta)`;

export function servicePrincipalProperties(sp: ServicePrincipal): Record<string, unknown> {
  return {
    id: sp.id,
    deletedDateTime: null,
    accountEnabled: sp.accountEnabled,
    appDisplayName: sp.displayName,
    appId: sp.appId,
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
    appRoles: sp.appRoles.map((r) => ({
      allowedMemberTypes: [...r.allowedMemberTypes],
      description: r.description,
      displayName: r.displayName,
      id: r.id,
      isEnabled: r.isEnabled,
      origin: 'Application',
      value: r.value,
    })),
    displayName: sp.displayName,
    servicePrincipalNames: [sp.appId],
    servicePrincipalType: sp.servicePrincipalType,
    tags: [...sp.tags],
  };
}

const SAMPLE: ServicePrincipal = {
  id: '',
  appId: '',
  displayName: '',
  servicePrincipalType: 'Application',
  accountEnabled: true,
  appRoleAssignmentRequired: false,
  appRoles: [],
  tags: [],
  createdDateTime: '',
  lastSignInDateTime: null,
  owners: new Set(),
};

/** The properties a servicePrincipal answers with, for $select (ownedObjects casts to it too). */
export function servicePrincipalPropertyNames(): string[] {
  return Object.keys(servicePrincipalProperties(SAMPLE));
}

export function assignmentJson(a: AppRoleAssignment, tenant: Tenant): Record<string, unknown> {
  const d = tenant.directory;
  return {
    id: a.id,
    deletedDateTime: null,
    appRoleId: a.appRoleId,
    createdDateTime: a.createdDateTime.replace(/\.\d+Z$/, 'Z'),
    principalDisplayName: d.findObject(a.principalId)?.displayName ?? null,
    principalId: a.principalId,
    principalType: a.principalType,
    resourceDisplayName: d.servicePrincipals.get(a.resourceId)?.displayName ?? null,
    resourceId: a.resourceId,
  };
}

export function applicationRoutes(tenant: Tenant): Route[] {
  const d = tenant.directory;
  const spOf = (id: string): ServicePrincipal => {
    if (!GUID_RE.test(id)) fail(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`);
    return d.servicePrincipals.get(id) ?? notFoundObject(id);
  };
  const select = (req: Req) => selectOf(req, servicePrincipalPropertyNames(), SP_TYPE);
  const assignments = (req: Req, list: AppRoleAssignment[], entitySet: string) => {
    const filter = filterOf(req, ASSIGNMENT_FILTERABLE, 'AppRoleAssignment');
    orderOf(req, []);
    const rows = list.map((a) => assignmentJson(a, tenant)).filter((a) => matches(a, filter));
    const sel = selectOf(
      req,
      Object.keys(rows[0] ?? assignmentJson(SAMPLE_ASSIGNMENT, tenant)),
      'microsoft.graph.appRoleAssignment',
    );
    return json(
      200,
      directoryPage(
        req,
        rows.map((r) => shaped(r, sel)),
        contextOf(req, entitySet, sel),
      ),
    );
  };

  return [
    route('GET', new RegExp(`${V}/servicePrincipals$`), 'GET /servicePrincipals', (req) => {
      requirePermission(authenticate(req, tenant), READ_APPS);
      const sel = select(req);
      const filter = filterOf(req, SP_FILTERABLE, 'ServicePrincipal', SP_STARTS_WITH);
      orderOf(req, SP_SORTABLE);
      const rows = [...d.servicePrincipals.values()].map(servicePrincipalProperties).filter((p) => matches(p, filter));
      return json(
        200,
        directoryPage(
          req,
          rows.map((r) => shaped(r, sel)),
          contextOf(req, 'servicePrincipals', sel),
        ),
      );
    }),

    route('GET', new RegExp(`${V}/servicePrincipals/(?<id>[^/(]+)$`), 'GET /servicePrincipals/{id}', (req) => {
      requirePermission(authenticate(req, tenant), READ_APPS);
      const sp = spOf(req.params.id);
      const sel = select(req);
      return json(200, {
        '@odata.context': contextOf(req, 'servicePrincipals', sel, true),
        ...shaped(servicePrincipalProperties(sp), sel),
      });
    }),

    route(
      'GET',
      new RegExp(`${V}/servicePrincipals/(?<id>[^/(]+)/appRoleAssignedTo$`),
      'GET /servicePrincipals/{id}/appRoleAssignedTo',
      (req) => {
        requirePermission(authenticate(req, tenant), READ_APPS);
        const sp = spOf(req.params.id);
        const list = [...d.appRoleAssignments.values()].filter((a) => a.resourceId === sp.id);
        return assignments(req, list, `servicePrincipals('${sp.id}')/appRoleAssignedTo`);
      },
    ),

    route(
      'GET',
      new RegExp(`${V}/(?<set>users|groups|me)(?:/(?<id>[^/]+))?/appRoleAssignments$`),
      'GET /users/{id}/appRoleAssignments',
      (req) => {
        const caller = authenticate(req, tenant);
        const set = req.params.set;
        if (set === 'me' && req.params.id) notFoundObject(req.params.id);
        if (set !== 'me' && !req.params.id) fail(400, 'BadRequest', 'An object id is required.');
        let principalId: string;
        if (set === 'groups') {
          requirePermission(caller, READ_GROUP_ASSIGNMENTS);
          principalId = (d.groups.get(req.params.id) ?? notFoundObject(req.params.id)).id;
        } else {
          const user = set === 'me' ? (caller.kind === 'user' ? caller.user : undefined) : d.findUser(req.params.id);
          if (!user) {
            if (set === 'me') fail(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
            notFoundObject(req.params.id);
          }
          const self = caller.kind === 'user' && caller.user.id === user.id;
          requirePermission(
            caller,
            self ? { delegated: ['User.Read', ...READ_ASSIGNMENTS.delegated] } : READ_ASSIGNMENTS,
          );
          principalId = user.id;
        }
        const list = [...d.appRoleAssignments.values()].filter((a) => a.principalId === principalId);
        return assignments(req, list, `${set === 'groups' ? 'groups' : 'users'}('${principalId}')/appRoleAssignments`);
      },
    ),
  ];
}

const SAMPLE_ASSIGNMENT: AppRoleAssignment = {
  id: '',
  appRoleId: '',
  principalId: '',
  principalType: 'User',
  resourceId: '',
  createdDateTime: '',
};
