import { randomUUID } from 'node:crypto';
import { hasAnyRole } from '../directory';
import { json, noContent, Req, route, Route } from '../http';
import { Group, GUID_RE } from '../model';
import type { Tenant } from '../tenant';
import { authenticate, Caller, requirePermission, requireUser } from './auth';
import { fail } from './errors';
import {
  contextOf,
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
import { denied, notFoundObject, USER_TYPE } from './directoryUsers';
import {
  servicePrincipalProperties,
  servicePrincipalPropertyNames,
  SP_FILTERABLE,
  SP_STARTS_WITH,
  SP_TYPE,
} from './applications';
import { sortByKeys } from './odata';

/** Permissions the Graph docs list for get group and list groups. */
export const READ_GROUPS = {
  delegated: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
    'Directory.AccessAsUser.All',
  ],
  application: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
};
/** List members, owners, transitiveMembers; and what reads a group object in a directoryObject relationship. */
export const READ_MEMBERS = {
  delegated: [...READ_GROUPS.delegated, 'GroupMember.ReadWrite.All'],
  application: [...READ_GROUPS.application, 'GroupMember.ReadWrite.All'],
};
const CREATE_GROUPS = {
  delegated: ['Group.Create', 'Group.ReadWrite.All', 'Directory.ReadWrite.All', 'Directory.AccessAsUser.All'],
  application: ['Group.Create', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
};
const DELETE_GROUPS = {
  delegated: ['Group.ReadWrite.All', 'Directory.AccessAsUser.All'],
  application: ['Group.ReadWrite.All'],
};
/** /me/ownedObjects: User.Read is the least privileged permission (delegated only). */
const READ_OWNED = {
  delegated: [
    'User.Read',
    'User.Read.All',
    'User.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
    'Directory.AccessAsUser.All',
  ],
};
/** Roles that manage every (non role-assignable) group; anyone else must own the group to delete it. */
const GROUP_MANAGERS = ['Global Administrator', 'Groups Administrator', 'User Administrator'];
/** Group creation binds at most 20 owners and members (group-post-groups docs). */
const MAX_BINDS = 20;

export const GROUP_TYPE = 'microsoft.graph.group';
export const GROUP_FILTERABLE = [
  'id',
  'displayName',
  'groupTypes',
  'mail',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
];
/** Docs: of the group properties this tenant keeps, these support startsWith in $filter. */
const GROUP_STARTS_WITH = ['displayName', 'mail', 'mailNickname'];
/** Docs: of the group properties this tenant keeps, displayName supports $orderby. */
const GROUP_SORTABLE = ['displayName'];
const MEMBER_FILTERABLE = [
  ...new Set([
    ...GROUP_FILTERABLE,
    'userPrincipalName',
    'userType',
    'accountEnabled',
    'givenName',
    'surname',
    'jobTitle',
    'department',
  ]),
];

const V = String.raw`^\/(?<v>v1\.0|beta)`;

type Relation = 'members' | 'owners' | 'transitiveMembers';

export function groupRoutes(tenant: Tenant, notes: CreationNotes): Route[] {
  const d = tenant.directory;
  const version = (req: Req) => req.params.v as Version;
  const full = (g: Group, req: Req) => groupProperties(g, tenant, version(req), notes);
  const groupSelect = (req: Req) => selectOf(req, groupPropertyNames(tenant, version(req)), GROUP_TYPE);

  /** The group of a URL: 400 for an id that is not a GUID, 404 for an unknown one. */
  const groupOf = (id: string): Group => {
    if (!GUID_RE.test(id)) fail(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`);
    return d.groups.get(id) ?? notFoundObject(id);
  };

  const relationIds = (group: Group, relation: Relation): string[] => {
    if (relation === 'owners') return [...group.owners];
    if (relation === 'members') return [...group.members];
    // Members of nested groups, and the nested groups themselves, once each.
    const seen = new Set<string>([group.id]);
    const out: string[] = [];
    const walk = (g: Group) => {
      for (const m of g.members) {
        if (seen.has(m)) continue;
        seen.add(m);
        out.push(m);
        const nested = d.groups.get(m);
        if (nested) walk(nested);
      }
    };
    walk(group);
    return out;
  };

  const listRelation = (relation: Relation) => (req: Req) => {
    const caller = authenticate(req, tenant);
    requirePermission(caller, READ_MEMBERS);
    const group = groupOf(req.params.id);
    // An OData cast (/members/microsoft.graph.user) keeps one type and names the collection after it.
    const cast = req.params.cast ? `microsoft.graph.${req.params.cast}` : undefined;
    const userKeys = userPropertyNames();
    const groupKeys = groupPropertyNames(tenant, version(req));
    const known = cast === USER_TYPE ? userKeys : cast === GROUP_TYPE ? groupKeys : [...userKeys, ...groupKeys];
    const select = selectOf(req, known, cast ?? 'microsoft.graph.directoryObject');
    const filter = filterOf(req, MEMBER_FILTERABLE, cast === GROUP_TYPE ? 'Group' : cast ? 'User' : 'DirectoryObject');
    // Docs are silent on $orderby over members, owners and transitiveMembers; refused here rather than ignored.
    orderOf(req, []);
    const items = relationIds(group, relation)
      .flatMap((id): { type: string; props: Record<string, unknown>; defaults?: string[] }[] => {
        const user = d.users.get(id);
        if (user) return [{ type: USER_TYPE, props: userProperties(user, notes), defaults: USER_DEFAULT_PROPERTIES }];
        const nested = d.groups.get(id);
        return nested ? [{ type: GROUP_TYPE, props: full(nested, req), defaults: undefined }] : [];
      })
      .filter((o) => (!cast || o.type === cast) && matches(o.props, filter))
      .map((o) => {
        const props = shaped(o.props, select, o.defaults);
        // Items of a directoryObject collection say their type; a cast collection is typed by its context.
        return cast ? props : { '@odata.type': `#${o.type}`, ...props };
      });
    const set = cast === USER_TYPE ? 'users' : cast === GROUP_TYPE ? 'groups' : 'directoryObjects';
    return json(200, directoryPage(req, items, contextOf(req, set, select)));
  };

  return [
    route('GET', new RegExp(`${V}/groups$`), 'GET /groups', (req) => {
      const caller = authenticate(req, tenant);
      requirePermission(caller, READ_GROUPS);
      const select = groupSelect(req);
      const filter = filterOf(req, GROUP_FILTERABLE, 'Group', GROUP_STARTS_WITH);
      const order = orderOf(req, GROUP_SORTABLE);
      const found = [...d.groups.values()].map((g) => full(g, req)).filter((g) => matches(g, filter));
      const groups = sortByKeys(found, order, (g) => g);
      return json(
        200,
        directoryPage(
          req,
          groups.map((g) => shaped(g, select)),
          contextOf(req, 'groups', select),
        ),
      );
    }),

    route('GET', new RegExp(`${V}/groups/\\$count$`), 'GET /groups/$count', (req) => {
      const caller = authenticate(req, tenant);
      requirePermission(caller, READ_GROUPS);
      requireEventualConsistency(req);
      const filter = filterOf(req, GROUP_FILTERABLE, 'Group', GROUP_STARTS_WITH);
      const count = [...d.groups.values()].filter((g) => matches(full(g, req), filter)).length;
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: String(count) };
    }),

    route('POST', new RegExp(`${V}/groups$`), 'POST /groups', (req) => {
      const caller = authenticate(req, tenant);
      requirePermission(caller, CREATE_GROUPS);
      // Guests cannot create groups under the default guest restrictions.
      if (caller.kind === 'user' && caller.user.userType === 'Guest') denied();
      const group = createGroup(req, tenant, caller);
      notes.groupCreatedByApp.set(group.id, caller.appId);
      return json(201, {
        '@odata.context': contextOf(req, 'groups', [], true),
        ...full(group, req),
      });
    }),

    route('GET', new RegExp(`${V}/groups/(?<id>[^/]+)$`), 'GET /groups/{id}', (req) => {
      const caller = authenticate(req, tenant);
      requirePermission(caller, READ_GROUPS);
      const group = groupOf(req.params.id);
      const select = groupSelect(req);
      return json(200, {
        '@odata.context': contextOf(req, 'groups', select, true),
        ...shaped(full(group, req), select),
      });
    }),

    route('DELETE', new RegExp(`${V}/groups/(?<id>[^/]+)$`), 'DELETE /groups/{id}', (req) => {
      const caller = authenticate(req, tenant);
      requirePermission(caller, DELETE_GROUPS);
      const group = groupOf(req.params.id);
      if (caller.kind === 'user' && !group.owners.has(caller.user.id) && !hasAnyRole(caller.user, GROUP_MANAGERS)) {
        denied();
      }
      d.removeGroup(group.id);
      notes.groupCreatedByApp.delete(group.id);
      return noContent();
    }),

    ...(['members', 'owners', 'transitiveMembers'] as const).map((relation) =>
      route(
        'GET',
        new RegExp(`${V}/groups/(?<id>[^/]+)/${relation}(?:/microsoft\\.graph\\.(?<cast>user|group))?$`),
        `GET /groups/{id}/${relation}`,
        listRelation(relation),
      ),
    ),

    route(
      'GET',
      new RegExp(`${V}/me/ownedObjects(?:/microsoft\\.graph\\.(?<cast>group|servicePrincipal))?$`),
      'GET /me/ownedObjects',
      (req) => {
        const caller = authenticate(req, tenant);
        const me = requireUser(caller);
        requirePermission(caller, READ_OWNED);
        const cast = req.params.cast;
        // Docs are silent on $orderby over ownedObjects; refused here rather than ignored.
        if (cast === 'servicePrincipal') {
          // The enterprise applications the user owns (user-list-ownedobjects: every kind of directory object).
          const select = selectOf(req, servicePrincipalPropertyNames(), SP_TYPE);
          const filter = filterOf(req, SP_FILTERABLE, 'ServicePrincipal', SP_STARTS_WITH);
          orderOf(req, []);
          const owned = d
            .servicePrincipalsOwnedBy(me.id)
            .map(servicePrincipalProperties)
            .filter((p) => matches(p, filter))
            .map((p) => shaped(p, select));
          return json(200, directoryPage(req, owned, contextOf(req, 'servicePrincipals', select)));
        }
        const typeName = cast ? GROUP_TYPE : 'microsoft.graph.directoryObject';
        const select = selectOf(req, groupPropertyNames(tenant, version(req)), typeName);
        const filter = filterOf(req, GROUP_FILTERABLE, 'Group', GROUP_STARTS_WITH);
        orderOf(req, []);
        const owned = d
          .groupsOwnedBy(me.id)
          .map((g) => full(g, req))
          .filter((g) => matches(g, filter))
          .map((g) => (cast ? shaped(g, select) : { '@odata.type': `#${GROUP_TYPE}`, ...shaped(g, select) }));
        if (!cast) {
          const apps = d
            .servicePrincipalsOwnedBy(me.id)
            .map(servicePrincipalProperties)
            .filter((p) => matches(p, filter))
            .map((p) => ({ '@odata.type': `#${SP_TYPE}`, ...shaped(p, select) }));
          owned.push(...apps);
        }
        return json(200, directoryPage(req, owned, contextOf(req, cast ? 'groups' : 'directoryObjects', select)));
      },
    ),
  ];
}

interface GroupBody {
  displayName?: unknown;
  description?: unknown;
  groupTypes?: unknown;
  mailEnabled?: unknown;
  mailNickname?: unknown;
  securityEnabled?: unknown;
  visibility?: unknown;
  'owners@odata.bind'?: unknown;
  'members@odata.bind'?: unknown;
}

/** POST /groups: validates the body as the create-group docs describe and adds the group with its bound objects. */
function createGroup(req: Req, tenant: Tenant, caller: Caller): Group {
  const body = (req.body ?? {}) as GroupBody;
  const required = (name: keyof GroupBody, type: 'string' | 'boolean') => {
    if (typeof body[name] !== type) {
      fail(400, 'Request_BadRequest', `A value is required for property '${name}' of resource 'Group'.`);
    }
  };
  required('displayName', 'string');
  required('mailEnabled', 'boolean');
  required('mailNickname', 'string');
  required('securityEnabled', 'boolean');
  const nickname = body.mailNickname as string;
  // The docs: at most 64 ASCII characters, none of @ () \ [] " ; : . <> , or space.
  if (!nickname || nickname.length > 64 || /[^\x21-\x7e]|[@()\\[\]";:.<>,]/.test(nickname)) {
    fail(400, 'Request_BadRequest', "Invalid value specified for property 'mailNickname' of resource 'Group'.");
  }
  const groupTypes = body.groupTypes ?? [];
  if (!Array.isArray(groupTypes) || groupTypes.some((t) => t !== 'Unified' && t !== 'DynamicMembership')) {
    fail(400, 'Request_BadRequest', "Invalid value specified for property 'groupTypes' of resource 'Group'.");
  }
  const unified = groupTypes.includes('Unified');
  const d = tenant.directory;
  const owners = boundIds(body['owners@odata.bind'], 'owners', tenant);
  const members = boundIds(body['members@odata.bind'], 'members', tenant);
  if (owners.length + members.length > MAX_BINDS) {
    // Docs are silent on the message; the create-group docs set the limit of 20 relationships.
    fail(400, 'Request_BadRequest', `A maximum of ${MAX_BINDS} owners and members can be added when creating a group.`);
  }
  for (const id of owners) if (!d.users.has(id)) notFoundObject(id);
  for (const id of [...owners, ...members]) if (!d.users.has(id) && !d.groups.has(id)) notFoundObject(id);
  if (body.mailEnabled) {
    const clash = [...d.groups.values()].some(
      (g) => g.mailEnabled && g.mailNickname.toLowerCase() === nickname.toLowerCase(),
    );
    if (clash)
      fail(400, 'Request_BadRequest', 'Another object with the same value for property proxyAddresses already exists.');
  }
  // The docs: a Microsoft 365 group created on behalf of a user without owners gets that user as its owner.
  if (unified && owners.length === 0 && caller.kind === 'user') owners.push(caller.user.id);
  const visibility = typeof body.visibility === 'string' ? body.visibility : unified ? 'Public' : null;
  return d.addGroup({
    id: randomUUID(),
    displayName: body.displayName as string,
    description: typeof body.description === 'string' ? body.description : null,
    groupTypes: groupTypes as string[],
    mailEnabled: body.mailEnabled as boolean,
    mailNickname: nickname,
    securityEnabled: body.securityEnabled as boolean,
    visibility,
    createdDateTime: tenant.clock.now().toISOString(),
    members: new Set(members),
    owners: new Set(owners),
  });
}

/** Object ids of "owners@odata.bind" / "members@odata.bind": URLs ending in /users/{id}, /groups/{id} or /directoryObjects/{id}. */
function boundIds(value: unknown, relation: string, tenant: Tenant): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    fail(
      400,
      'Request_BadRequest',
      `Invalid value specified for property '${relation}@odata.bind' of resource 'Group'.`,
    );
  }
  return value.map((ref) => {
    const m = typeof ref === 'string' ? /\/(?:users|groups|directoryObjects)\/([^/?#]+)$/i.exec(ref) : null;
    if (!m) fail(400, 'Request_BadRequest', `Invalid URL format specified in @odata.bind for ${relation}.`);
    const id = decodeURIComponent(m[1]);
    // The stored id, whatever the case of the URL's: members and owners are kept by it.
    return tenant.directory.findUser(id)?.id ?? tenant.directory.groups.get(id)?.id ?? id;
  });
}
