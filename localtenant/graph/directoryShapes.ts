import { Group, User } from '../model';
import type { Tenant } from '../tenant';

/** Users and groups as Graph returns them: every property this tenant knows, and the default set of each. */

export type Version = 'v1.0' | 'beta';

/** The properties GET /users and GET /users/{id} return without $select (the Graph docs' default set). */
export const USER_DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

/** Extra facts about objects created through Graph that the directory model does not keep. */
export interface CreationNotes {
  /** Users created by an invitation that has not been redeemed (externalUserState PendingAcceptance). */
  invitedUserIds: Set<string>;
  /** The app that created a group through POST /groups (createdByAppId). */
  groupCreatedByApp: Map<string, string>;
}

/** Graph writes directory timestamps without fractions: 2021-02-10T15:00:05Z. */
export function directoryTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}

/** Every user property this tenant can answer with $select, in Graph's names. */
export function userProperties(user: User, notes: CreationNotes): Record<string, unknown> {
  const guest = user.userType === 'Guest';
  return {
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    id: user.id,
    accountEnabled: user.accountEnabled,
    createdDateTime: directoryTime(user.createdDateTime),
    creationType: notes.invitedUserIds.has(user.id) ? 'Invitation' : null,
    department: user.department,
    externalUserState: guest ? (notes.invitedUserIds.has(user.id) ? 'PendingAcceptance' : 'Accepted') : null,
    mailNickname: user.userPrincipalName.split('@')[0],
    userType: user.userType,
  };
}

/**
 * The security identifier Entra derives from a group's object id: S-1-12-1 followed by the four 32-bit words of the
 * GUID's bytes in .NET order (the tutorials' groups show it: 825f1b5e-... gives S-1-12-1-2187271006-...).
 */
export function securityIdentifier(id: string): string {
  const hex = id.replace(/-/g, '');
  const bytes = Buffer.from(hex, 'hex');
  const net = Buffer.concat([
    Buffer.from(bytes.subarray(0, 4)).reverse(),
    Buffer.from(bytes.subarray(4, 6)).reverse(),
    Buffer.from(bytes.subarray(6, 8)).reverse(),
    bytes.subarray(8, 16),
  ]);
  const words = [0, 4, 8, 12].map((o) => net.readUInt32LE(o));
  return `S-1-12-1-${words.join('-')}`;
}

/**
 * A group with the properties of the tutorials' POST /beta/groups response, in their order. v1.0 leaves out the
 * beta-only ones (createdByAppId, infoCatalogs, isManagementRestricted, writebackConfiguration), as the v1.0 docs show.
 */
export function groupProperties(
  group: Group,
  tenant: Tenant,
  version: Version,
  notes: CreationNotes,
): Record<string, unknown> {
  const created = directoryTime(group.createdDateTime);
  const mail = group.mailEnabled ? `${group.mailNickname}@${tenant.domain}` : null;
  const beta = version === 'beta';
  const out: Record<string, unknown> = {
    id: group.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: created,
    ...(beta ? { createdByAppId: notes.groupCreatedByApp.get(group.id) ?? null } : {}),
    description: group.description,
    displayName: group.displayName,
    expirationDateTime: null,
    groupTypes: [...group.groupTypes],
    ...(beta ? { infoCatalogs: [] } : {}),
    isAssignableToRole: group.isAssignableToRole ?? null,
    ...(beta ? { isManagementRestricted: null } : {}),
    mail,
    mailEnabled: group.mailEnabled,
    mailNickname: group.mailNickname,
    membershipRule: null,
    membershipRuleProcessingState: null,
    onPremisesDomainName: null,
    onPremisesLastSyncDateTime: null,
    onPremisesNetBiosName: null,
    onPremisesSamAccountName: null,
    onPremisesSecurityIdentifier: null,
    onPremisesSyncEnabled: group.onPremisesSyncEnabled ?? null,
    preferredDataLocation: null,
    preferredLanguage: null,
    proxyAddresses: mail ? [`SMTP:${mail}`] : [],
    renewedDateTime: created,
    resourceBehaviorOptions: [],
    resourceProvisioningOptions: [],
    securityEnabled: group.securityEnabled,
    securityIdentifier: securityIdentifier(group.id),
    theme: null,
    visibility: group.visibility,
    ...(beta ? { writebackConfiguration: { isEnabled: null, onPremisesGroupType: null } } : {}),
    onPremisesProvisioningErrors: [],
  };
  return out;
}

export function defaultUser(user: User, notes: CreationNotes): Record<string, unknown> {
  const all = userProperties(user, notes);
  return Object.fromEntries(USER_DEFAULT_PROPERTIES.map((p) => [p, all[p]]));
}

const SAMPLE_USER: User = {
  id: '',
  displayName: '',
  userPrincipalName: '@',
  mail: null,
  givenName: null,
  surname: null,
  jobTitle: null,
  department: null,
  userType: 'Member',
  accountEnabled: true,
  createdDateTime: '',
  lastSignInDateTime: null,
  managerId: null,
  directoryRoles: [],
};

const SAMPLE_GROUP: Group = {
  id: '00000000-0000-0000-0000-000000000000',
  displayName: '',
  description: null,
  groupTypes: [],
  mailEnabled: false,
  mailNickname: '',
  securityEnabled: true,
  visibility: null,
  createdDateTime: '',
  members: new Set(),
  owners: new Set(),
};

const NO_NOTES: CreationNotes = { invitedUserIds: new Set(), groupCreatedByApp: new Map() };

/** The user properties $select may name. */
export function userPropertyNames(): string[] {
  return Object.keys(userProperties(SAMPLE_USER, NO_NOTES));
}

/** The group properties $select may name in a version. */
export function groupPropertyNames(tenant: Tenant, version: Version): string[] {
  return Object.keys(groupProperties(SAMPLE_GROUP, tenant, version, NO_NOTES));
}
