/** The directory objects of the local tenant, as stored. Graph shapes are produced from them by the route modules. */

export interface User {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  department: string | null;
  userType: 'Member' | 'Guest';
  accountEnabled: boolean;
  createdDateTime: string;
  /** Last interactive sign-in; null = never. Drives access review recommendations. */
  lastSignInDateTime: string | null;
  managerId: string | null;
  /** Directory role names, e.g. "Global Administrator", "User Administrator", "Identity Governance Administrator". */
  directoryRoles: string[];
}

export interface Group {
  id: string;
  displayName: string;
  description: string | null;
  groupTypes: string[];
  mailEnabled: boolean;
  mailNickname: string;
  securityEnabled: boolean;
  visibility: string | null;
  createdDateTime: string;
  /** Direct members: user ids or group ids (nested groups). */
  members: Set<string>;
  owners: Set<string>;
  /** Role-assignable group (isAssignableToRole): may hold a directory role. Absent: not set (null in Graph). */
  isAssignableToRole?: boolean;
  /** Synced from on-premises Active Directory (onPremisesSyncEnabled true); absent: a cloud group (null in Graph). */
  onPremisesSyncEnabled?: boolean;
}

/** An app registration the token endpoint accepts (confidential client). */
export interface AppRegistration {
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** Audiences this app's own API accepts tokens for, e.g. api://botid-{clientId}. */
  identifierUris: string[];
  /** Application permissions granted with admin consent (client_credentials tokens carry them as roles). */
  applicationPermissions: string[];
  /**
   * Delegated Graph permissions consented for this app (short names, e.g. "User.Read"). When set, on-behalf-of and
   * refresh requests for any other Graph scope fail with AADSTS65001 (consent_required), and "/.default" grants exactly
   * these. When absent, every Graph scope the app asks for counts as consented.
   */
  consentedScopes?: string[];
}

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An app role an application defines (appRole resource type): assignable to users and groups, or to apps. */
export interface AppRole {
  id: string;
  displayName: string;
  value: string;
  description: string;
  allowedMemberTypes: ('User' | 'Application')[];
  isEnabled: boolean;
}

/** An enterprise application's service principal (servicePrincipal resource type), with the app roles it exposes. */
export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: 'Application' | 'ManagedIdentity';
  accountEnabled: boolean;
  appRoleAssignmentRequired: boolean;
  appRoles: AppRole[];
  tags: string[];
  createdDateTime: string;
  /** Last sign-in of the app itself, when it is the principal reviewed (a role held by an app). */
  lastSignInDateTime: string | null;
  /** Owners of the enterprise application: user ids (servicePrincipal owners, the reviewers of an app review). */
  owners: Set<string>;
}

/** appRoleAssignment: a user, group or service principal granted an app role of a resource service principal. */
export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  resourceId: string;
  createdDateTime: string;
}
