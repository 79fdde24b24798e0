import { randomBytes, randomUUID } from 'node:crypto';
import { json, noContent, Req, route, Route } from '../http';
import { hasAnyRole } from '../directory';
import { User } from '../model';
import type { Tenant } from '../tenant';
import { authenticate, requirePermission, requireUser } from './auth';
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
import { CreationNotes, USER_DEFAULT_PROPERTIES, userProperties, userPropertyNames } from './directoryShapes';
import { sortByKeys } from './odata';

/** Permissions the Graph docs list for reading users (list users, get user). */
const READ_USERS = {
  delegated: [
    'User.ReadBasic.All',
    'User.Read.All',
    'User.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
    'Directory.AccessAsUser.All',
  ],
  application: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
};
/** User.Read (and User.ReadWrite) reach the signed-in user only. */
const READ_ME = { delegated: ['User.Read', 'User.ReadWrite', ...READ_USERS.delegated] };
const DELETE_USERS = {
  delegated: ['User.ReadWrite.All', 'User.DeleteRestore.All', 'Directory.AccessAsUser.All'],
  application: ['User.ReadWrite.All', 'User.DeleteRestore.All'],
};
const INVITE = {
  delegated: ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  application: ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
};
/** Roles the delete-user docs require of a delegated caller; deleting an administrator takes a higher one. */
const USER_DELETERS = ['User Administrator', 'Privileged Authentication Administrator', 'Global Administrator'];
const ADMIN_DELETERS = ['Privileged Authentication Administrator', 'Global Administrator'];

export const USER_TYPE = 'microsoft.graph.user';
const USER_FILTERABLE = [
  'id',
  'accountEnabled',
  'creationType',
  'department',
  'displayName',
  'externalUserState',
  'givenName',
  'jobTitle',
  'mail',
  'mailNickname',
  'surname',
  'userPrincipalName',
  'userType',
];

/** Docs: of the user properties this tenant keeps, these support startsWith in $filter. */
const USER_STARTS_WITH = [
  'displayName',
  'givenName',
  'surname',
  'mail',
  'mailNickname',
  'userPrincipalName',
  'jobTitle',
];

/** Docs: of the user properties this tenant keeps, displayName and userPrincipalName support $orderby. */
const USER_SORTABLE = ['displayName', 'userPrincipalName'];

const V = String.raw`^\/(?<v>v1\.0|beta)`;

export function notFoundObject(id: string): never {
  return fail(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function denied(): never {
  return fail(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

/** A user by $select (validated) or with the default properties. */
function userShape(user: User, notes: CreationNotes, select: string[]): Record<string, unknown> {
  return shaped(userProperties(user, notes), select, USER_DEFAULT_PROPERTIES);
}

function userSelect(req: Req): string[] {
  return selectOf(req, userPropertyNames(), USER_TYPE);
}

export function userRoutes(tenant: Tenant, notes: CreationNotes): Route[] {
  const d = tenant.directory;

  const getUser = (req: Req, user: User) => {
    const select = userSelect(req);
    return json(200, {
      '@odata.context': contextOf(req, 'users', select, true),
      ...userShape(user, notes, select),
    });
  };

  return [
    route('GET', new RegExp(`${V}/me$`), 'GET /me', (req) => {
      const caller = authenticate(req, tenant);
      const me = requireUser(caller);
      requirePermission(caller, READ_ME);
      return getUser(req, me);
    }),

    route('GET', new RegExp(`${V}/users$`), 'GET /users', (req) => {
      const caller = authenticate(req, tenant);
      requirePermission(caller, READ_USERS);
      // The list-users docs: guest users cannot call this API.
      if (caller.kind === 'user' && caller.user.userType === 'Guest') denied();
      const select = userSelect(req);
      const filter = filterOf(req, USER_FILTERABLE, 'User', USER_STARTS_WITH);
      const order = orderOf(req, USER_SORTABLE);
      const found = [...d.users.values()].filter((u) => matches(userProperties(u, notes), filter));
      const users = sortByKeys(found, order, (u) => userProperties(u, notes));
      return json(
        200,
        directoryPage(
          req,
          users.map((u) => userShape(u, notes, select)),
          contextOf(req, 'users', select),
        ),
      );
    }),

    route('GET', new RegExp(`${V}/users/\\$count$`), 'GET /users/$count', (req) => {
      const caller = authenticate(req, tenant);
      requirePermission(caller, READ_USERS);
      requireEventualConsistency(req);
      const filter = filterOf(req, USER_FILTERABLE, 'User', USER_STARTS_WITH);
      const count = [...d.users.values()].filter((u) => matches(userProperties(u, notes), filter)).length;
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: String(count) };
    }),

    route('GET', new RegExp(`${V}/users/(?<id>[^/]+)$`), 'GET /users/{id}', (req) => {
      const caller = authenticate(req, tenant);
      const user = d.findUser(req.params.id);
      const self = caller.kind === 'user' && user?.id === caller.user.id;
      requirePermission(caller, self ? READ_ME : READ_USERS);
      if (!user) return notFoundObject(req.params.id);
      return getUser(req, user);
    }),

    route('DELETE', new RegExp(`${V}/users/(?<id>[^/]+)$`), 'DELETE /users/{id}', (req) => {
      const caller = authenticate(req, tenant);
      requirePermission(caller, DELETE_USERS);
      const user = d.findUser(req.params.id) ?? notFoundObject(req.params.id);
      const targetIsAdmin = user.directoryRoles.length > 0;
      if (caller.kind === 'user') {
        if (!hasAnyRole(caller.user, targetIsAdmin ? ADMIN_DELETERS : USER_DELETERS)) denied();
      } else if (targetIsAdmin) {
        // The docs: User.ReadWrite.All alone is not enough for an app to delete an administrator.
        denied();
      }
      d.removeUser(user.id);
      notes.invitedUserIds.delete(user.id);
      return noContent();
    }),

    route('POST', new RegExp(`${V}/invitations$`), 'POST /invitations', (req) => {
      const caller = authenticate(req, tenant);
      requirePermission(caller, INVITE);
      return invite(req, tenant, notes);
    }),
  ];
}

interface InvitationBody {
  invitedUserEmailAddress?: unknown;
  inviteRedirectUrl?: unknown;
  invitedUserDisplayName?: unknown;
  sendInvitationMessage?: unknown;
  invitedUserType?: unknown;
  resetRedemption?: unknown;
}

/**
 * POST /invitations: adds a B2B user (Guest unless invitedUserType says Member) for the address and returns the
 * invitation with its redeem URL. Docs are silent on inviting an address that already belongs to a guest: answered
 * with that guest, status Completed once they have redeemed.
 */
function invite(req: Req, tenant: Tenant, notes: CreationNotes) {
  const body = (req.body ?? {}) as InvitationBody;
  const email = body.invitedUserEmailAddress;
  // Docs are silent on the messages for missing or malformed required properties; Graph answers 400 BadRequest.
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    fail(400, 'BadRequest', "The property 'invitedUserEmailAddress' is required and must be an email address.");
  }
  let redirect: string;
  try {
    redirect = new URL(String(body.inviteRedirectUrl)).href;
  } catch {
    return fail(400, 'BadRequest', "The property 'inviteRedirectUrl' is required and must be an absolute URL.");
  }
  const displayName = typeof body.invitedUserDisplayName === 'string' ? body.invitedUserDisplayName : null;
  const d = tenant.directory;
  const existing = [...d.users.values()].find(
    (u) => u.mail?.toLowerCase() === email.toLowerCase() || u.userPrincipalName.toLowerCase() === email.toLowerCase(),
  );
  if (existing && existing.userType !== 'Guest') {
    // Docs are silent on inviting the address of a member of the tenant; refused here rather than turned into a guest.
    fail(400, 'BadRequest', `The invited user already exists in the directory as a member: ${existing.id}.`);
  }
  const userType = body.invitedUserType === 'Member' ? 'Member' : 'Guest';
  const user =
    existing ??
    d.addUser({
      id: randomUUID(),
      displayName: displayName ?? email.split('@')[0],
      userPrincipalName: `${email.replace('@', '_')}#EXT#@${tenant.domain}`,
      mail: email,
      givenName: null,
      surname: null,
      jobTitle: null,
      department: null,
      userType,
      accountEnabled: true,
      createdDateTime: tenant.clock.now().toISOString(),
      lastSignInDateTime: null,
      managerId: null,
      directoryRoles: [],
    });
  if (!existing) notes.invitedUserIds.add(user.id);
  const invitationId = randomUUID();
  const ticket = randomBytes(24).toString('base64');
  const redeem =
    `https://invitations.microsoft.com/redeem/?tenant=${tenant.id}&user=${invitationId}` +
    `&ticket=${encodeURIComponent(ticket)}&ver=2.0`;
  return json(201, {
    '@odata.context': `${req.baseUrl}/${req.params.v}/$metadata#invitations/$entity`,
    id: invitationId,
    inviteRedeemUrl: `${tenant.baseUrl}/redeem?rd=${encodeURIComponent(redeem)}`,
    invitedUserDisplayName: displayName,
    invitedUserType: userType,
    invitedUserEmailAddress: email,
    sendInvitationMessage: body.sendInvitationMessage === true,
    resetRedemption: body.resetRedemption === true,
    inviteRedirectUrl: redirect,
    status: notes.invitedUserIds.has(user.id) ? 'PendingAcceptance' : 'Completed',
    invitedUserMessageInfo: {
      messageLanguage: null,
      customizedMessageBody: null,
      ccRecipients: [{ emailAddress: { name: null, address: null } }],
    },
    invitedUser: { id: user.id },
  });
}
