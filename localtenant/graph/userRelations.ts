import { rolesHeldBy, HeldRole } from '../governance';
import { json, Req, route, Route } from '../http';
import { User } from '../model';
import { stableGuid } from '../seed/ids';
import type { Tenant } from '../tenant';
import { authenticate, Caller, requirePermission, requireUser } from './auth';
import { fail } from './errors';
import {
  contextOf,
  countsAllowed,
  directoryPage,
  filterOf,
  matches,
  orderOf,
  requireEventualConsistency,
  selectOf,
  shaped,
} from './directoryQuery';
import {
  CreationNotes,
  groupProperties,
  groupPropertyNames,
  USER_DEFAULT_PROPERTIES,
  userProperties,
  userPropertyNames,
  Version,
} from './directoryShapes';
import { GROUP_FILTERABLE, GROUP_TYPE, READ_MEMBERS } from './directoryGroups';
import { notFoundObject, USER_TYPE } from './directoryUsers';
import { sortByKeys } from './odata';

/**
 * What a user belongs to and who manages them, as the Graph docs describe them:
 *   GET /me/transitiveMemberOf, /users/{id | userPrincipalName}/transitiveMemberOf[/microsoft.graph.group |
 *       /microsoft.graph.directoryRole][/$count]                         (user-list-transitivememberof)
 *   GET /me/manager, /users/{id | userPrincipalName}/manager            (user-list-manager)
 */

const V = String.raw`^\/(?<v>v1\.0|beta)`;
const CAST = String.raw`(?:\/microsoft\.graph\.(?<cast>group|directoryRole))?`;

/** user-list-transitivememberof, "Permissions for the signed-in user's memberships" (application: not supported). */
const MEMBERSHIPS_OF_ME = {
  delegated: [
    'User.Read',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
    'Group.Read.All',
    'GroupMember.Read.All',
    'User.Read.All',
  ],
};
/** user-list-transitivememberof, "Permissions for another user's memberships". */
const MEMBERSHIPS_OF_OTHERS = {
  delegated: [
    'User.Read.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
    'Group.Read.All',
    'GroupMember.Read.All',
  ],
  application: [
    'User.Read.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
    'Group.Read.All',
    'GroupMember.Read.All',
  ],
};
/** user-list-manager: User.Read.All is the least privileged permission, delegated and application. */
const READ_MANAGER = {
  delegated: [
    'User.Read.All',
    'User.ReadWrite.All',
    'AgentIdUser.ReadWrite.All',
    'AgentIdUser.ReadWrite.IdentityParentedBy',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  application: [
    'User.Read.All',
    'User.ReadWrite.All',
    'AgentIdUser.ReadWrite.All',
    'AgentIdUser.ReadWrite.IdentityParentedBy',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
};

/**
 * Limited information returned for inaccessible member objects (permissions-overview; the "Important" note of
 * user-list-transitivememberof): in a directoryObject relationship, objects of a type the caller has no permission to
 * read come with their @odata.type and id only, every other property null. Groups are read with the group
 * permissions (group-list), directory roles with the role management ones (directoryrole-list).
 */
const READ_GROUP_OBJECTS = READ_MEMBERS;
const READ_ROLE_OBJECTS = {
  delegated: [
    'RoleManagement.Read.Directory',
    'RoleManagement.ReadWrite.Directory',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  application: [
    'RoleManagement.Read.Directory',
    'RoleManagement.ReadWrite.Directory',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
};

export const DIRECTORY_ROLE_TYPE = 'microsoft.graph.directoryRole';
const DIRECTORY_ROLE_PROPERTIES = ['id', 'deletedDateTime', 'description', 'displayName', 'roleTemplateId'];
/**
 * $filter on transitiveMemberOf is an advanced query (docs). Docs are silent on which directoryRole properties it
 * takes: these here; on a directoryObject collection (no cast), id and displayName, which both types have.
 */
const ROLE_FILTERABLE = ['id', 'displayName', 'roleTemplateId'];

function holds(caller: Caller, perms: { delegated: string[]; application: string[] }): boolean {
  const granted = caller.kind === 'user' ? caller.scopes : caller.roles;
  return (caller.kind === 'user' ? perms.delegated : perms.application).some((p) => granted.has(p));
}

/**
 * A directory role the user is a member of, as the directoryRole resource (directoryrole.md): the role activated in
 * this tenant, whose roleTemplateId is the role definition's template id. Docs (directoryrole-get): a role's object
 * id and its template id are two ids; docs are silent on how the object id is made: derived here from the tenant and
 * the template, so it is the same on every run and differs from roleTemplateId, as in Graph.
 */
export function directoryRoleProperties(tenant: Tenant, role: HeldRole): Record<string, unknown> {
  return {
    id: stableGuid(`directoryrole:${tenant.id}:${role.templateId.toLowerCase()}`),
    deletedDateTime: null,
    description: role.description,
    displayName: role.displayName,
    roleTemplateId: role.templateId,
  };
}

interface Membership {
  type: typeof GROUP_TYPE | typeof DIRECTORY_ROLE_TYPE;
  props: Record<string, unknown>;
  /** False when the caller may not read objects of this type: only @odata.type and id are shown. */
  readable: boolean;
}

export function userRelationRoutes(tenant: Tenant, notes: CreationNotes): Route[] {
  const d = tenant.directory;

  /** The user of the URL (/me or /users/{id | upn}) after the permission check for it. */
  const subject = (req: Req, mine: { delegated: string[] }, others: typeof MEMBERSHIPS_OF_OTHERS) => {
    const caller = authenticate(req, tenant);
    if (!req.params.id) {
      const me = requireUser(caller);
      requirePermission(caller, mine);
      return { caller, user: me };
    }
    const user = d.findUser(req.params.id);
    // The signed-in user's own memberships are the /me ones, by whichever path they are asked for.
    const self = caller.kind === 'user' && user?.id === caller.user.id;
    requirePermission(caller, self ? mine : others);
    return { caller, user: user ?? notFoundObject(req.params.id) };
  };

  /** The groups (transitively) and directory roles of the user, as the cast keeps them. */
  const memberships = (req: Req, caller: Caller, user: User): Membership[] => {
    const cast = req.params.cast ? `microsoft.graph.${req.params.cast}` : undefined;
    const out: Membership[] = [];
    if (!cast || cast === GROUP_TYPE) {
      const readable = holds(caller, READ_GROUP_OBJECTS);
      for (const g of d.transitiveGroupsOf(user.id)) {
        out.push({ type: GROUP_TYPE, props: groupProperties(g, tenant, req.params.v as Version, notes), readable });
      }
    }
    if (!cast || cast === DIRECTORY_ROLE_TYPE) {
      const readable = holds(caller, READ_ROLE_OBJECTS);
      for (const role of rolesHeldBy(tenant.governance, d, user, tenant.clock.nowMs())) {
        out.push({ type: DIRECTORY_ROLE_TYPE, props: directoryRoleProperties(tenant, role), readable });
      }
    }
    return out;
  };

  const listMemberships = (req: Req) => {
    const { caller, user } = subject(req, MEMBERSHIPS_OF_ME, MEMBERSHIPS_OF_OTHERS);
    const cast = req.params.cast ? `microsoft.graph.${req.params.cast}` : undefined;
    const groupKeys = groupPropertyNames(tenant, req.params.v as Version);
    const known =
      cast === GROUP_TYPE
        ? groupKeys
        : cast === DIRECTORY_ROLE_TYPE
          ? DIRECTORY_ROLE_PROPERTIES
          : [...new Set([...groupKeys, ...DIRECTORY_ROLE_PROPERTIES])];
    const select = selectOf(req, known, cast ?? 'microsoft.graph.directoryObject');
    // Docs: query parameters on this API other than $select and $top are advanced queries (ConsistencyLevel: eventual
    // and $count=true); Graph answers 400 Request_UnsupportedQuery without them (microsoft-graph-docs issue 11242).
    if (req.query.has('$search')) {
      // This tenant keeps no search index: refused rather than ignored.
      fail(400, 'Request_UnsupportedQuery', 'The local tenant does not support $search on transitiveMemberOf.');
    }
    if (req.query.has('$filter') && !countsAllowed(req)) {
      fail(
        400,
        'Request_UnsupportedQuery',
        'The specified filter to the reference property query is currently not supported.',
      );
    }
    if (req.query.has('$orderby') && !countsAllowed(req)) {
      fail(400, 'Request_UnsupportedQuery', 'Sorting not supported for current query.');
    }
    const filterable =
      cast === GROUP_TYPE ? GROUP_FILTERABLE : cast === DIRECTORY_ROLE_TYPE ? ROLE_FILTERABLE : ['id', 'displayName'];
    const filter = filterOf(
      req,
      filterable,
      cast === DIRECTORY_ROLE_TYPE ? 'DirectoryRole' : cast ? 'Group' : 'DirectoryObject',
      ['displayName'],
    );
    const order = orderOf(req, ['displayName']);
    // Limited information: the id, and every other property null. Docs are silent on $filter and $orderby over such
    // objects: they see what the caller is shown.
    const shown = memberships(req, caller, user).map((m) => ({
      type: m.type,
      props: m.readable
        ? m.props
        : Object.fromEntries(Object.keys(m.props).map((k) => [k, k === 'id' ? m.props.id : null])),
    }));
    const found = shown.filter((m) => matches(m.props, filter));
    const items = sortByKeys(found, order, (m) => m.props).map((m) => {
      const props = shaped(m.props, select);
      // Items of a directoryObject collection say their type; a cast collection is typed by its context.
      return cast ? props : { '@odata.type': `#${m.type}`, ...props };
    });
    const set = cast === GROUP_TYPE ? 'groups' : cast === DIRECTORY_ROLE_TYPE ? 'directoryRoles' : 'directoryObjects';
    return json(200, directoryPage(req, items, contextOf(req, set, select)));
  };

  const countMemberships = (req: Req) => {
    const { caller, user } = subject(req, MEMBERSHIPS_OF_ME, MEMBERSHIPS_OF_OTHERS);
    // Docs (examples 2 and 3): the /$count segment needs ConsistencyLevel: eventual.
    requireEventualConsistency(req);
    const count = memberships(req, caller, user).length;
    return { status: 200, headers: { 'content-type': 'text/plain' }, body: String(count) };
  };

  const getManager = (req: Req) => {
    const { user } = subject(req, READ_MANAGER, READ_MANAGER);
    const manager = user.managerId ? d.users.get(user.managerId) : undefined;
    // Graph's answer for a user without a manager: 404 Request_ResourceNotFound, naming the 'manager' reference.
    if (!manager) return notFoundObject('manager');
    const select = selectOf(req, userPropertyNames(), USER_TYPE);
    return json(200, {
      '@odata.context': contextOf(req, 'directoryObjects', select, true),
      '@odata.type': `#${USER_TYPE}`,
      ...shaped(userProperties(manager, notes), select, USER_DEFAULT_PROPERTIES),
    });
  };

  return [
    route('GET', new RegExp(`${V}/me/transitiveMemberOf${CAST}$`), 'GET /me/transitiveMemberOf', listMemberships),
    route(
      'GET',
      new RegExp(`${V}/me/transitiveMemberOf${CAST}/\\$count$`),
      'GET /me/transitiveMemberOf/$count',
      countMemberships,
    ),
    route(
      'GET',
      new RegExp(`${V}/users/(?<id>[^/]+)/transitiveMemberOf${CAST}$`),
      'GET /users/{id}/transitiveMemberOf',
      listMemberships,
    ),
    route(
      'GET',
      new RegExp(`${V}/users/(?<id>[^/]+)/transitiveMemberOf${CAST}/\\$count$`),
      'GET /users/{id}/transitiveMemberOf/$count',
      countMemberships,
    ),
    route('GET', new RegExp(`${V}/me/manager$`), 'GET /me/manager', getManager),
    route('GET', new RegExp(`${V}/users/(?<id>[^/]+)/manager$`), 'GET /users/{id}/manager', getManager),
  ];
}
