import { toItem, WireDecision } from '../../src/graph/shapes';
import { summarize } from '../../src/reviews/inbox';
import {
  denyLimitOf,
  durationDays,
  recordableInGraph,
  resourceKindOf,
  reviewKindOf,
  ReviewScope,
} from '../../src/reviews/reviewKinds';
import { submissionPlan } from '../../src/reviews/submissionPlan';
import { reviewView } from '../../src/views/cardViews';
import { item, review } from './fixtures';

/** The scopes of concepts/accessreviews-scope-concept.md, as the instance carries them. */
const q = (query: string, queryType = 'MicrosoftGraph'): ReviewScope => ({
  odataType: '#microsoft.graph.accessReviewQueryScope',
  query,
  queryType,
  principalScopes: [],
  resourceScopes: [],
});
const ROLE = '62e90394-69f5-4237-9190-012177145e10';
const SP = 'e1b4e7fb-e310-469e-82d5-bc6cd1dbedfb';

describe('what a review is of, from its scope', () => {
  it('tells each documented scope apart', () => {
    expect(reviewKindOf(q('/groups/825f1b5e-6fb2-4d9a-b393-d491101acc0c/transitiveMembers'))).toEqual({
      kind: 'group',
    });
    expect(reviewKindOf(q(`/servicePrincipals/${SP}/appRoleAssignedTo`))).toEqual({ kind: 'application' });
    expect(
      reviewKindOf(
        q(
          "/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=(accessPackageId eq 'a' and assignmentPolicyId eq 'b')",
        ),
      ),
    ).toEqual({ kind: 'accessPackage' });
    expect(reviewKindOf(q(`/roleManagement/directory/roleDefinitions/${ROLE}`))).toEqual({
      kind: 'directoryRole',
      assignment: 'any',
    });
    expect(
      reviewKindOf(
        q(
          `/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal&$filter=(isof(principal,'microsoft.graph.user') and roleDefinitionId eq '${ROLE}')`,
        ),
      ),
    ).toEqual({ kind: 'directoryRole', assignment: 'eligible' });
    expect(
      reviewKindOf(
        q(
          `/roleManagement/directory/roleAssignmentScheduleInstances?$expand=principal&$filter=(assignmentType eq 'Assigned' and roleDefinitionId eq '${ROLE}')`,
        ),
      ),
    ).toEqual({ kind: 'directoryRole', assignment: 'active' });
    expect(reviewKindOf(q('/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/r', 'ARM'))).toEqual({
      kind: 'azureRole',
    });
    expect(
      reviewKindOf(
        q("/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances?$filter=(groupId eq 'g')"),
      ),
    ).toEqual({ kind: 'pimGroup', assignment: 'eligible' });
  });

  it('reads inactive-user and several-resource scopes, and one resource with filtered principals as that resource', () => {
    expect(
      reviewKindOf({
        ...q('/users'),
        odataType: '#microsoft.graph.accessReviewInactiveUsersQueryScope',
        inactiveDuration: 'P30D',
      }),
    ).toEqual({ kind: 'inactiveUsers', inactiveDays: 30 });
    const memberships = (resources: string[], inactive = false): ReviewScope => ({
      odataType: '#microsoft.graph.principalResourceMembershipsScope',
      query: '',
      queryType: '',
      principalScopes: [
        {
          odataType: inactive
            ? '#microsoft.graph.accessReviewInactiveUsersQueryScope'
            : '#microsoft.graph.accessReviewQueryScope',
          query: '/users',
        },
      ],
      resourceScopes: resources.map((r) => ({ odataType: '#microsoft.graph.accessReviewQueryScope', query: r })),
      ...(inactive ? { inactiveDuration: 'P90D' } : {}),
    });
    expect(reviewKindOf(memberships(['/groups']))).toEqual({ kind: 'multiResource' });
    expect(reviewKindOf(memberships(['/groups', '/groups/g/transitiveMembers'], true))).toEqual({
      kind: 'inactiveUsers',
      inactiveDays: 90,
    });
    expect(reviewKindOf(memberships([`/servicePrincipals/${SP}`]))).toEqual({ kind: 'application' });
    expect(reviewKindOf(memberships([`/roleManagement/directory/roleDefinitions/${ROLE}`]))).toEqual({
      kind: 'directoryRole',
      assignment: 'any',
    });
    expect(reviewKindOf(undefined)).toEqual({ kind: 'group' });
  });

  it('reads ISO 8601 durations in whole days', () => {
    expect(durationDays('P30D')).toBe(30);
    expect(durationDays('P1M')).toBe(30);
    expect(durationDays('P2W')).toBe(14);
    expect(durationDays('PT5H')).toBeUndefined();
    expect(durationDays('P')).toBeUndefined();
    expect(durationDays(undefined)).toBeUndefined();
  });
});

describe('what one item is about, from its resource', () => {
  it('compares the documented types without regard to case (the examples write group and azureRole)', () => {
    expect(resourceKindOf('Group', undefined)).toBe('group');
    expect(resourceKindOf('group', undefined)).toBe('group');
    expect(resourceKindOf('ServicePrincipal', undefined)).toBe('application');
    expect(resourceKindOf('AccessPackageAssignmentPolicy', undefined)).toBe('accessPackage');
    expect(resourceKindOf('DirectoryRole', undefined)).toBe('directoryRole');
    expect(resourceKindOf('azureRole', undefined)).toBe('azureRole');
    expect(resourceKindOf(undefined, '#microsoft.graph.accessReviewInstanceDecisionItemAzureRoleResource')).toBe(
      'azureRole',
    );
    expect(resourceKindOf('Something new', undefined)).toBe('other');
  });

  const wire = (over: Partial<WireDecision>): WireDecision => ({
    id: '139166ec-d214-4835-95aa-3c1d89581e51',
    decision: 'NotReviewed',
    recommendation: 'NoInfoAvailable',
    principal: {
      '@odata.type': '#microsoft.graph.userIdentity',
      id: '1800bb2c-955d-4205-8471-3a6c3116435d',
      displayName: 'Christie Cline',
      userPrincipalName: 'ChristieC@contoso.com',
    },
    ...over,
  });

  it('takes the app role, the access package and the Azure scope from the documented derived resources', () => {
    const app = toItem(
      wire({
        resource: {
          '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemServicePrincipalResource',
          id: SP,
          displayName: 'Contoso Expenses',
          type: 'ServicePrincipal',
          appRoleDisplayName: 'Approver',
        },
      }),
      false,
    );
    expect(app).toMatchObject({
      resourceKind: 'application',
      resourceName: 'Contoso Expenses',
      resourceDetail: 'Approver',
    });
    const pkg = toItem(
      wire({
        resource: {
          '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemAccessPackageAssignmentPolicyResource',
          id: SP,
          displayName: 'Partner organizations',
          type: 'AccessPackageAssignmentPolicy',
          accessPackageDisplayName: 'Partner collaboration',
        },
      }),
      false,
    );
    expect(pkg).toMatchObject({ resourceKind: 'accessPackage', resourceDetail: 'Partner collaboration' });
    const azure = toItem(
      wire({
        resource: {
          '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemAzureRoleResource',
          id: ROLE,
          displayName: 'Owner',
          type: 'azureRole',
          scope: { id: '/subscriptions/s', displayName: 'Contoso Production', type: 'subscription' },
        },
      }),
      false,
    );
    expect(azure).toMatchObject({ resourceKind: 'azureRole', resourceDetail: 'Contoso Production' });
    expect(recordableInGraph(azure.resourceKind)).toBe(false);
  });

  it('knows a group or an app as the principal, and indirect access', () => {
    const group = toItem(
      wire({
        principal: { '@odata.type': '#microsoft.graph.groupIdentity', id: ROLE, displayName: 'Tier 0 Operators' },
      }),
      false,
    );
    expect(group.principalKind).toBe('Group');
    const app = toItem(
      wire({ principal: { '@odata.type': '#microsoft.graph.servicePrincipalIdentity', id: SP, displayName: 'Relay' } }),
      true,
    );
    expect(app.principalKind).toBe('ServicePrincipal');
    expect(toItem(wire({ principalResourceMembership: { membershipType: 'indirect' } }), false).access).toBe(
      'indirect',
    );
    expect(toItem(wire({ principalResourceMembership: { membershipType: 'direct, indirect' } }), false).access).toBe(
      'indirect',
    );
    expect(toItem(wire({ principalResourceMembership: { membershipType: 'direct' } }), false).access).toBe('direct');
    expect(toItem(wire({}), false).access).toBeUndefined();
  });
});

describe('what a deny will do, said before the reviewer decides', () => {
  it('warns for indirect access and for groups a review cannot change', () => {
    expect(denyLimitOf({ access: 'indirect', resourceKind: 'group' })).toBe('indirect');
    expect(denyLimitOf({ access: 'direct', resourceKind: 'group' })).toBeUndefined();
    expect(denyLimitOf({ resourceKind: 'group', resourceGroup: { onPremisesSynced: true } })).toBe('onPremisesGroup');
    expect(denyLimitOf({ resourceKind: 'group', resourceGroup: { mailEnabled: true, securityEnabled: true } })).toBe(
      'mailEnabledGroup',
    );
  });

  it('shows the warning on the row, and no choice at all for an Azure role', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const items = [
      item(1, { access: 'indirect' }),
      item(2, { resourceKind: 'azureRole', resourceName: 'Owner', resourceDetail: 'Contoso Production' }),
    ];
    const view = reviewView({ review: review(), filter: 'all', skip: 0, top: 10, count: 2, items }, now);
    expect(view.rows[0].warningLine).toContain('a deny here does not remove it');
    expect(view.rows[0].editable).toBe(true);
    expect(view.rows[1].editable).toBe(false);
    expect(view.rows[1].warningLine).toContain('Decide on Azure roles in the Azure portal');
    expect(view.rows[1].accessLine).toBe('Azure role Owner on Contoso Production');
    const azureOnly = reviewView(
      { review: review(), filter: 'all', skip: 0, top: 10, count: 1, items: [items[1]] },
      now,
    );
    expect(azureOnly.editable).toBe(false);
  });

  it('never sends a choice on an Azure role', () => {
    const plan = submissionPlan(review(), [item(1, { resourceKind: 'azureRole' }), item(2)], ['Deny', 'Deny'], 'x');
    expect(plan.calls.map((c) => c.itemIndex)).toEqual([1]);
    expect(plan.problems[0].message).toContain('cannot record decisions on Azure roles');
  });
});

describe('the inbox over several resources', () => {
  const row = (resourceId: string, resourceName: string) => ({
    definitionId: 'd',
    instanceId: 'i',
    name: 'Inactive guests',
    resourceId,
    resourceName,
    resourceDetail: '',
    status: 'InProgress',
    endDateTime: '2026-12-01T00:00:00Z',
    justificationRequired: false,
    guestsOnly: false,
    kind: 'inactiveUsers' as const,
    multiStage: false,
    decision: 'NotReviewed' as const,
    recommendation: 'Deny' as const,
  });

  it('counts the resources and names none when they differ, one when they are the same', () => {
    const [several] = summarize([row('a', 'Sales'), row('b', 'Marketing'), row('a', 'Sales')]);
    expect(several).toMatchObject({ resources: 2, resourceName: '', total: 3 });
    const [one] = summarize([row('a', 'Sales'), row('A', 'Sales')]);
    expect(one).toMatchObject({ resources: 1, resourceName: 'Sales' });
  });
});
