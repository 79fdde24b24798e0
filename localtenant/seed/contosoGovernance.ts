import { parseDefinitionInput } from '../graph/accessReviews/definitions';
import { DAY_MS } from '../graph/accessReviews/recurrence';
import type { Tenant } from '../tenant';
import { addSeedGroup, CONTOSO } from './contosoDirectory';
import { stableGuid } from './ids';

/**
 * Contoso's applications, access packages, directory roles, PIM for Groups, Azure role assignments, and an
 * in-progress review of each kind for Alex Wilber. Everything is added beside the tutorials' seed; nothing there
 * changes. The reviews are created by Isabella Simonsen, Contoso's Identity Governance Administrator.
 */

/** Built-in role template ids (unifiedRoleDefinition ids), as Microsoft Entra publishes them. */
export const ROLE_IDS = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  exchangeAdministrator: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  identityGovernanceAdministrator: '45d8d3c5-c802-45c6-b32a-1d70b5e1e86e',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  groupsAdministrator: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
} as const;

/** The Azure built-in Owner role definition id. */
export const AZURE_OWNER_ROLE = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

const SUBSCRIPTION = stableGuid('contoso:azure:subscription:production');

export const CONTOSO_GOVERNANCE = {
  /** Isabella Simonsen, Identity Governance Administrator: creates the reviews below. */
  governanceAdmin: stableGuid('contoso:user:governance-admin'),
  expensesApp: stableGuid('contoso:sp:expenses'),
  expensesAppId: stableGuid('contoso:app:expenses'),
  approverRole: stableGuid('contoso:approle:expenses:approver'),
  submitterRole: stableGuid('contoso:approle:expenses:submitter'),
  /** A daemon app that holds Exchange Administrator (a service principal in a role). */
  mailRelayApp: stableGuid('contoso:sp:mail-relay'),
  mailRelayAppId: stableGuid('contoso:app:mail-relay'),
  partnerCatalog: stableGuid('contoso:catalog:partners'),
  partnerPackage: stableGuid('contoso:accesspackage:partner-collaboration'),
  partnerOrgsPolicy: stableGuid('contoso:policy:partner-organizations'),
  sponsorsPolicy: stableGuid('contoso:policy:contoso-sponsors'),
  /** Role-assignable group that holds Global Administrator. */
  tierZeroOperators: stableGuid('contoso:group:tier-zero-operators'),
  /** A group whose members and owners are governed by PIM for Groups. */
  payrollAdmins: stableGuid('contoso:group:payroll-administrators'),
  /** Holds Retail Partners as a nested group (its guests are indirect members). */
  partnerProgram: stableGuid('contoso:group:partner-program'),
  /** A security group synced from on-premises Active Directory: an access review cannot change its members. */
  financeShare: stableGuid('contoso:group:finance-share'),
  subscription: SUBSCRIPTION,
  resourceGroup: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-expenses-prod`,
} as const;

export const CONTOSO_KIND_REVIEWS = {
  /** Contoso Expenses: every app role assignment (users directly, and Finance Approvers as a group). */
  expensesApp: stableGuid('contoso:review:expenses-app'),
  /** Partner collaboration, policy "Partner organizations". */
  partnerOrganizations: stableGuid('contoso:review:partner-organizations'),
  /** Partner collaboration, policy "Contoso sponsors": two stages (Alex, then Megan). */
  contosoSponsors: stableGuid('contoso:review:contoso-sponsors'),
  /** Global Administrator: all assignments, active and eligible (a role-assignable group among them). */
  globalAdministrator: stableGuid('contoso:review:global-administrator'),
  /** Exchange Administrator: eligible users. */
  exchangeEligible: stableGuid('contoso:review:exchange-eligible'),
  /** Exchange Administrator: assigned active users. */
  exchangeActive: stableGuid('contoso:review:exchange-active'),
  /** Exchange Administrator: service principals. */
  exchangeApps: stableGuid('contoso:review:exchange-apps'),
  /** Azure Owner on the Contoso Production subscription. */
  azureSubscriptionOwners: stableGuid('contoso:review:azure-subscription-owners'),
  /** Azure Owner on resource group rg-expenses-prod. */
  azureResourceGroupOwners: stableGuid('contoso:review:azure-rg-owners'),
  /** Inactive guests in every group, and below Partner Program (principalResourceMembershipsScope). */
  inactiveGuests: stableGuid('contoso:review:inactive-guests'),
  /** Payroll Administrators (PIM for Groups): eligible members and owners. */
  payrollEligible: stableGuid('contoso:review:payroll-eligible'),
  /** Payroll Administrators (PIM for Groups): active members and owners. */
  payrollActive: stableGuid('contoso:review:payroll-active'),
  /** Finance file share: a group synced from on-premises, which the review cannot change. */
  financeShare: stableGuid('contoso:review:finance-share'),
} as const;

const G = CONTOSO_GOVERNANCE;
const staffId = (i: number) => stableGuid(`contoso:user:${i}`);
const guestId = (i: number) => stableGuid(`contoso:guest:${i}`);

export function seedContosoGovernance(tenant: Tenant): void {
  const d = tenant.directory;
  const gov = tenant.governance;
  const now = tenant.clock.nowMs();
  const at = (days: number) => new Date(now + days * DAY_MS).toISOString();
  const created = at(-300);

  d.addUser({
    id: G.governanceAdmin,
    displayName: 'Isabella Simonsen',
    userPrincipalName: 'IsabellaS@contoso.com',
    mail: 'IsabellaS@contoso.com',
    givenName: 'Isabella',
    surname: 'Simonsen',
    jobTitle: 'Identity Governance Lead',
    department: 'IT',
    userType: 'Member',
    accountEnabled: true,
    createdDateTime: created,
    lastSignInDateTime: at(-1),
    managerId: CONTOSO.admin,
    directoryRoles: ['Identity Governance Administrator'],
  });

  const group = (id: string, displayName: string, members: string[], extra = {}) =>
    addSeedGroup(d, created, id, displayName, extra, [CONTOSO.admin], members);
  group(G.tierZeroOperators, 'Tier 0 Operators', [CONTOSO.allan, staffId(13)], { isAssignableToRole: true });
  group(G.payrollAdmins, 'Payroll Administrators', [CONTOSO.allan]);
  group(G.partnerProgram, 'Partner Program', [CONTOSO.retailPartners, guestId(0)]);
  group(G.financeShare, 'Finance file share', [CONTOSO.allan, staffId(14), staffId(15)], {
    onPremisesSyncEnabled: true,
  });

  // ---- applications ----
  d.addServicePrincipal({
    id: G.expensesApp,
    appId: G.expensesAppId,
    displayName: 'Contoso Expenses',
    servicePrincipalType: 'Application',
    accountEnabled: true,
    appRoleAssignmentRequired: true,
    appRoles: [
      {
        id: G.approverRole,
        displayName: 'Approver',
        value: 'Expenses.Approve',
        description: 'Approves expense reports of their team.',
        allowedMemberTypes: ['User'],
        isEnabled: true,
      },
      {
        id: G.submitterRole,
        displayName: 'Submitter',
        value: 'Expenses.Submit',
        description: 'Submits expense reports.',
        allowedMemberTypes: ['User'],
        isEnabled: true,
      },
    ],
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    createdDateTime: created,
    lastSignInDateTime: null,
    // Megan Bowen (no directory role) owns the enterprise app: its owners are the reviewers of an app review.
    owners: new Set([CONTOSO.megan]),
  });
  d.addServicePrincipal({
    id: G.mailRelayApp,
    appId: G.mailRelayAppId,
    displayName: 'Contoso Mail Relay',
    servicePrincipalType: 'Application',
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    appRoles: [],
    tags: [],
    createdDateTime: created,
    lastSignInDateTime: at(-2),
    owners: new Set(),
  });
  const assign = (principalId: string, principalType: 'User' | 'Group', appRoleId: string) =>
    d.addAppRoleAssignment({
      id: stableGuid(`contoso:approleassignment:${principalId}:${appRoleId}`),
      appRoleId,
      principalId,
      principalType,
      resourceId: G.expensesApp,
      createdDateTime: created,
    });
  assign(CONTOSO.allan, 'User', G.approverRole);
  assign(CONTOSO.diego, 'User', G.approverRole);
  assign(CONTOSO.megan, 'User', G.submitterRole);
  assign(CONTOSO.diego, 'User', G.submitterRole);
  assign(staffId(19), 'User', G.submitterRole);
  assign(CONTOSO.financeApprovers, 'Group', G.approverRole);

  // ---- entitlement management ----
  gov.add(gov.catalogs, {
    id: G.partnerCatalog,
    displayName: 'External partners',
    description: 'Resources shared with partner organizations.',
    catalogType: 'userManaged',
    state: 'published',
    isExternallyVisible: true,
    createdDateTime: created,
    modifiedDateTime: created,
  });
  gov.add(gov.accessPackages, {
    id: G.partnerPackage,
    catalogId: G.partnerCatalog,
    displayName: 'Partner collaboration',
    description: 'Retail Partners team, the partner SharePoint site and Contoso Expenses (Submitter).',
    isHidden: false,
    createdDateTime: created,
    modifiedDateTime: created,
  });
  gov.add(gov.policies, {
    id: G.partnerOrgsPolicy,
    accessPackageId: G.partnerPackage,
    displayName: 'Partner organizations',
    description: 'Guests from connected partner organizations request access; their sponsor approves.',
    allowedTargetScope: 'allExternalSubjects',
    createdDateTime: created,
    modifiedDateTime: created,
  });
  gov.add(gov.policies, {
    id: G.sponsorsPolicy,
    accessPackageId: G.partnerPackage,
    displayName: 'Contoso sponsors',
    description: 'Contoso staff who sponsor partners are assigned directly.',
    allowedTargetScope: 'specificDirectoryUsers',
    createdDateTime: created,
    modifiedDateTime: created,
  });
  const packageAssignment = (targetId: string, policyId: string, endDays: number | null) =>
    gov.add(gov.packageAssignments, {
      id: stableGuid(`contoso:packageassignment:${targetId}:${policyId}`),
      accessPackageId: G.partnerPackage,
      assignmentPolicyId: policyId,
      targetId,
      state: 'delivered',
      status: 'Delivered',
      startDateTime: at(-120),
      endDateTime: endDays === null ? null : at(endDays),
    });
  packageAssignment(guestId(1), G.partnerOrgsPolicy, 45);
  packageAssignment(guestId(2), G.partnerOrgsPolicy, null);
  packageAssignment(CONTOSO.johnDoeGuest, G.partnerOrgsPolicy, 10);
  packageAssignment(CONTOSO.megan, G.sponsorsPolicy, null);
  packageAssignment(staffId(7), G.sponsorsPolicy, null);

  // ---- directory roles ----
  const roles: [string, string, string, boolean][] = [
    [ROLE_IDS.globalAdministrator, 'Global Administrator', 'Can manage all aspects of Microsoft Entra ID.', true],
    [ROLE_IDS.exchangeAdministrator, 'Exchange Administrator', 'Can manage all aspects of Exchange Online.', false],
    [ROLE_IDS.privilegedRoleAdministrator, 'Privileged Role Administrator', 'Can manage role assignments.', true],
    [ROLE_IDS.identityGovernanceAdministrator, 'Identity Governance Administrator', 'Manages access reviews.', false],
    [ROLE_IDS.userAdministrator, 'User Administrator', 'Can manage all aspects of users and groups.', true],
    [ROLE_IDS.globalReader, 'Global Reader', 'Can read everything a Global Administrator can.', false],
    [ROLE_IDS.securityReader, 'Security Reader', 'Can read security information and reports.', false],
    [ROLE_IDS.groupsAdministrator, 'Groups Administrator', 'Can manage all aspects of groups.', false],
  ];
  for (const [id, displayName, description, isPrivileged] of roles) {
    gov.add(gov.roleDefinitions, { id, displayName, description, isBuiltIn: true, isEnabled: true, isPrivileged });
  }
  const role = (
    kind: 'active' | 'eligible',
    roleDefinitionId: string,
    principalId: string,
    endDays: number | null,
    assignmentType?: 'Assigned' | 'Activated',
  ) =>
    gov.add(gov.roleInstances, {
      id: stableGuid(`contoso:role:${kind}:${roleDefinitionId}:${principalId}`),
      kind,
      principalId,
      roleDefinitionId,
      directoryScopeId: '/',
      startDateTime: at(assignmentType === 'Activated' ? -2 / 24 : -200),
      endDateTime: endDays === null ? null : at(endDays),
      memberType: 'Direct',
      ...(kind === 'active' ? { assignmentType: assignmentType ?? 'Assigned' } : {}),
    });
  // The directory roles the seed's users already hold, as active permanent assignments.
  role('active', ROLE_IDS.globalAdministrator, CONTOSO.admin, null);
  role('active', ROLE_IDS.identityGovernanceAdministrator, G.governanceAdmin, null);
  // Global Administrator: eligible permanent, eligible time-bound, an activation, and a role-assignable group.
  role('eligible', ROLE_IDS.globalAdministrator, CONTOSO.allan, null);
  role('eligible', ROLE_IDS.globalAdministrator, CONTOSO.diego, 30);
  role('active', ROLE_IDS.globalAdministrator, CONTOSO.diego, 0.15, 'Activated');
  role('active', ROLE_IDS.globalAdministrator, G.tierZeroOperators, null);
  // Exchange Administrator: active permanent and time-bound, eligible permanent and time-bound, and an app.
  role('active', ROLE_IDS.exchangeAdministrator, CONTOSO.allan, null);
  role('active', ROLE_IDS.exchangeAdministrator, staffId(11), 60);
  role('eligible', ROLE_IDS.exchangeAdministrator, CONTOSO.megan, null);
  role('eligible', ROLE_IDS.exchangeAdministrator, staffId(24), 90);
  role('active', ROLE_IDS.exchangeAdministrator, G.mailRelayApp, null);

  // ---- PIM for Groups ----
  const pim = (
    kind: 'active' | 'eligible',
    principalId: string,
    accessId: 'member' | 'owner',
    endDays: number | null,
    assignmentType?: 'assigned' | 'activated',
  ) =>
    gov.add(gov.pimGroupInstances, {
      id: stableGuid(`contoso:pimgroup:${kind}:${principalId}:${accessId}`),
      kind,
      groupId: G.payrollAdmins,
      principalId,
      accessId,
      startDateTime: at(assignmentType === 'activated' ? -2 / 24 : -90),
      endDateTime: endDays === null ? null : at(endDays),
      memberType: 'direct',
      ...(kind === 'active' ? { assignmentType: assignmentType ?? 'assigned' } : {}),
    });
  pim('eligible', CONTOSO.diego, 'member', null);
  pim('eligible', staffId(3), 'member', 20);
  pim('eligible', CONTOSO.megan, 'owner', null);
  pim('active', CONTOSO.allan, 'member', null);
  pim('active', staffId(3), 'member', 0.2, 'activated');

  // ---- Azure role assignments (held by Azure Resource Manager) ----
  const subscription = { id: G.subscription, displayName: 'Contoso Production', type: 'subscription' as const };
  const resourceGroup = { id: G.resourceGroup, displayName: 'rg-expenses-prod', type: 'resourceGroup' as const };
  const owner = (principalId: string, scope: typeof subscription | typeof resourceGroup) =>
    gov.add(gov.azureRoleAssignments, {
      id: stableGuid(`contoso:azure:owner:${scope.id}:${principalId}`),
      roleDefinitionId: AZURE_OWNER_ROLE,
      roleDisplayName: 'Owner',
      principalId,
      scope,
    });
  owner(CONTOSO.admin, subscription);
  owner(CONTOSO.allan, subscription);
  owner(CONTOSO.diego, resourceGroup);
  owner(staffId(30), resourceGroup);

  seedKindReviews(tenant);
}

function seedKindReviews(tenant: Tenant): void {
  const now = tenant.clock.nowMs();
  const at = (days: number) => new Date(now + days * DAY_MS).toISOString();
  const creator = {
    id: G.governanceAdmin,
    displayName: 'Isabella Simonsen',
    userPrincipalName: 'IsabellaS@contoso.com',
  };
  const alex = [{ query: `/users/${CONTOSO.alex}`, queryType: 'MicrosoftGraph', queryRoot: null }];
  const settings = (days: number, extra: Record<string, unknown> = {}) => ({
    mailNotificationsEnabled: true,
    reminderNotificationsEnabled: true,
    justificationRequiredOnApproval: false,
    defaultDecisionEnabled: false,
    defaultDecision: 'None',
    instanceDurationInDays: days,
    autoApplyDecisionsEnabled: false,
    recommendationsEnabled: true,
    recurrence: {
      pattern: null,
      range: {
        type: 'numbered',
        numberOfOccurrences: 0,
        recurrenceTimeZone: null,
        startDate: at(-1 / 24),
        endDate: null,
      },
    },
    ...extra,
  });
  const add = (id: string, displayName: string, forReviewers: string, scope: Record<string, unknown>, extra = {}) => {
    const body = {
      displayName,
      descriptionForAdmins: displayName,
      descriptionForReviewers: forReviewers,
      scope,
      reviewers: alex,
      settings: settings(14),
      ...extra,
    };
    const input = parseDefinitionInput(body, tenant.directory, now, {
      governance: tenant.governance,
      undocumented: true,
    });
    // Started an hour ago: the role and PIM activations of the last two hours are in the snapshot.
    tenant.reviews.create(input, creator, { id, createdMs: now - DAY_MS / 24 });
  };
  const query = (q: string, type = '#microsoft.graph.accessReviewQueryScope') => ({
    '@odata.type': type,
    query: q,
    queryType: 'MicrosoftGraph',
  });
  const R = CONTOSO_KIND_REVIEWS;
  const roleQuery = (set: string, filter: string) =>
    query(`/roleManagement/directory/${set}?$expand=principal&$filter=(${filter})`);

  add(
    R.expensesApp,
    'Contoso Expenses access review',
    'Who may still submit and approve expenses in Contoso Expenses?',
    query(`/servicePrincipals/${G.expensesApp}/appRoleAssignedTo`),
  );
  const packageQuery = (policy: string) =>
    query(
      `/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=(accessPackageId eq '${G.partnerPackage}' and assignmentPolicyId eq '${policy}')`,
    );
  add(
    R.partnerOrganizations,
    'Partner collaboration: partner organizations',
    'Do these partners still need the Partner collaboration access package?',
    packageQuery(G.partnerOrgsPolicy),
  );
  add(
    R.contosoSponsors,
    'Partner collaboration: Contoso sponsors (two stages)',
    'Do these sponsors still need the Partner collaboration access package?',
    packageQuery(G.sponsorsPolicy),
    {
      stageSettings: [
        { stageId: '1', durationInDays: 7, recommendationsEnabled: true, reviewers: alex },
        {
          stageId: '2',
          dependsOn: ['1'],
          durationInDays: 7,
          recommendationsEnabled: true,
          reviewers: [{ query: `/users/${CONTOSO.megan}`, queryType: 'MicrosoftGraph', queryRoot: null }],
        },
      ],
    },
  );
  add(
    R.globalAdministrator,
    'Global Administrator access review',
    'Review everyone who holds Global Administrator, eligible or active.',
    query(`/roleManagement/directory/roleDefinitions/${ROLE_IDS.globalAdministrator}`),
  );
  add(
    R.exchangeEligible,
    'Exchange Administrator: eligible assignments',
    'Who may still activate Exchange Administrator?',
    roleQuery(
      'roleEligibilityScheduleInstances',
      `isof(principal,'microsoft.graph.user') and roleDefinitionId eq '${ROLE_IDS.exchangeAdministrator}'`,
    ),
  );
  add(
    R.exchangeActive,
    'Exchange Administrator: active assignments',
    'Who should keep Exchange Administrator assigned?',
    roleQuery(
      'roleAssignmentScheduleInstances',
      `assignmentType eq 'Assigned' and isof(principal,'microsoft.graph.user') and roleDefinitionId eq '${ROLE_IDS.exchangeAdministrator}'`,
    ),
  );
  add(
    R.exchangeApps,
    'Exchange Administrator: applications',
    'Which apps should keep Exchange Administrator?',
    roleQuery(
      'roleAssignmentScheduleInstances',
      `isof(principal,'microsoft.graph.servicePrincipal') and roleDefinitionId eq '${ROLE_IDS.exchangeAdministrator}'`,
    ),
  );
  const azure = (scopeId: string) => ({
    '@odata.type': '#microsoft.graph.accessReviewQueryScope',
    query: `${scopeId}/providers/Microsoft.Authorization/roleDefinitions/${AZURE_OWNER_ROLE}`,
    queryType: 'ARM',
  });
  add(
    R.azureSubscriptionOwners,
    'Owners of the Contoso Production subscription',
    'Who should stay Owner of the Contoso Production subscription?',
    azure(`/subscriptions/${G.subscription}`),
  );
  add(
    R.azureResourceGroupOwners,
    'Owners of resource group rg-expenses-prod',
    'Who should stay Owner of rg-expenses-prod?',
    azure(G.resourceGroup),
  );
  add(
    R.inactiveGuests,
    'Inactive guests in every group',
    'These guests have not signed in for 30 days. Do they still need their groups?',
    {
      '@odata.type': '#microsoft.graph.principalResourceMembershipsScope',
      principalScopes: [
        {
          '@odata.type': '#microsoft.graph.accessReviewInactiveUsersQueryScope',
          query: "/users?$filter=(userType eq 'Guest')",
          queryType: 'MicrosoftGraph',
          inactiveDuration: 'P30D',
        },
      ],
      resourceScopes: [query('/groups'), query(`/groups/${G.partnerProgram}/transitiveMembers`)],
    },
  );
  add(
    R.financeShare,
    'Finance file share members',
    'Who should keep access to the finance file share?',
    query(`/groups/${G.financeShare}/transitiveMembers`),
  );
  const pimQuery = (set: string) =>
    query(
      `/identityGovernance/privilegedAccess/group/${set}?$expand=principal&$filter=(groupId eq '${G.payrollAdmins}')`,
    );
  add(
    R.payrollEligible,
    'Payroll Administrators: eligible members and owners',
    'Who may still activate membership or ownership of Payroll Administrators?',
    pimQuery('eligibilityScheduleInstances'),
  );
  add(
    R.payrollActive,
    'Payroll Administrators: active members and owners',
    'Who should stay an active member or owner of Payroll Administrators?',
    pimQuery('assignmentScheduleInstances'),
  );
}
