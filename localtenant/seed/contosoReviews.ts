import { parseDefinitionInput } from '../graph/accessReviews/definitions';
import { DAY_MS } from '../graph/accessReviews/recurrence';
import type { Tenant } from '../tenant';
import { CONTOSO } from './contosoDirectory';
import { stableGuid } from './ids';

/**
 * Contoso's access reviews. The first two are the public tutorials' reviews with their ids; the others give Alex
 * several groups to review, as a reviewer in a real tenant would have. All times are relative to the tenant clock.
 */
export const CONTOSO_REVIEWS = {
  /** Tutorial 1: one-time self-review of the Building security group (Alex and Allan review themselves). */
  buildingSelfReview: 'd7286a17-3a01-406a-b872-986b6b40317c',
  /** Tutorial 2: quarterly review of guests in every Microsoft 365 group, by the group owners. */
  guestsQuarterly: 'c22ae540-b89a-4d24-bac0-4ef35e6591ea',
  /** Tutorial 2's instance for Feelgood Marketing Campaign (John Doe and a partner; Alex owns the group). */
  feelgoodGuestsInstance: '6392b1a7-9c25-4844-83e5-34e23c88e16a',
  /** Sales and Marketing, 65 members, reviewed by its owners Alex and Megan. One-time: instance id = definition id. */
  salesAndMarketing: stableGuid('contoso:review:sales-and-marketing'),
  /** Finance Approvers: justification required on approval, several stale sign-ins; reviewer Alex. */
  financeApprovers: stableGuid('contoso:review:finance-approvers'),
  /** Project Falcon: two stages (owners, then Megan and the MOD Administrator). */
  projectFalcon: stableGuid('contoso:review:project-falcon'),
  /** Retail Partners guests, closing within two days; reviewer Alex. */
  retailPartners: stableGuid('contoso:review:retail-partners'),
} as const;

const ADMIN_IDENTITY = { id: CONTOSO.admin, displayName: 'MOD Administrator', userPrincipalName: 'admin@contoso.com' };

export function seedContosoReviews(tenant: Tenant): void {
  const now = tenant.clock.nowMs();
  const at = (days: number) => new Date(now + days * DAY_MS).toISOString();
  const date = (days: number) => at(days).slice(0, 10);
  const add = (id: string, body: Record<string, unknown>, createdDaysAgo: number, firstInstanceIds = {}) => {
    const input = parseDefinitionInput(body, tenant.directory, now);
    tenant.reviews.create(input, ADMIN_IDENTITY, { id, createdMs: now - createdDaysAgo * DAY_MS, firstInstanceIds });
  };
  const oneTime = (startDaysAgo: number, endDate: string | null = null) => ({
    pattern: null,
    range: {
      type: 'numbered',
      numberOfOccurrences: 0,
      recurrenceTimeZone: null,
      startDate: at(-startDaysAgo),
      endDate,
    },
  });
  const members = (groupId: string) => ({ query: `/groups/${groupId}/transitiveMembers`, queryType: 'MicrosoftGraph' });
  const user = (id: string) => ({ query: `/users/${id}`, queryType: 'MicrosoftGraph', queryRoot: null });
  const removeAccess = [{ '@odata.type': '#microsoft.graph.removeAccessApplyAction' }];

  add(
    CONTOSO_REVIEWS.buildingSelfReview,
    {
      displayName: 'One-time self-review for members of Building security group',
      descriptionForAdmins: 'One-time self-review for members of Building security group',
      descriptionForReviewers: 'One-time self-review for members of Building security group',
      scope: members(CONTOSO.buildingSecurity),
      instanceEnumerationScope: { query: `/groups/${CONTOSO.buildingSecurity}`, queryType: 'MicrosoftGraph' },
      reviewers: [],
      settings: {
        mailNotificationsEnabled: true,
        reminderNotificationsEnabled: true,
        justificationRequiredOnApproval: true,
        defaultDecisionEnabled: false,
        defaultDecision: 'Deny',
        instanceDurationInDays: 0,
        autoApplyDecisionsEnabled: true,
        recommendationsEnabled: true,
        recurrence: oneTime(1, date(365)),
        applyActions: removeAccess,
      },
    },
    1,
  );

  add(
    CONTOSO_REVIEWS.guestsQuarterly,
    {
      displayName: 'Group owners review guest across Microsoft 365 groups in the tenant (Quarterly)',
      descriptionForAdmins: '',
      descriptionForReviewers: '',
      scope: {
        query: "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')",
        queryType: 'MicrosoftGraph',
      },
      instanceEnumerationScope: {
        query: "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true",
        queryType: 'MicrosoftGraph',
      },
      reviewers: [{ query: './owners', queryType: 'MicrosoftGraph', queryRoot: null }],
      backupReviewers: [user(CONTOSO.diego)],
      settings: {
        mailNotificationsEnabled: true,
        reminderNotificationsEnabled: true,
        justificationRequiredOnApproval: true,
        defaultDecisionEnabled: true,
        defaultDecision: 'Approve',
        // Each quarter's review runs three weeks (the tutorial's 0 would run until the next quarter).
        instanceDurationInDays: 21,
        autoApplyDecisionsEnabled: true,
        recommendationsEnabled: true,
        recurrence: {
          pattern: {
            type: 'absoluteMonthly',
            interval: 3,
            month: 0,
            dayOfMonth: 0,
            daysOfWeek: [],
            firstDayOfWeek: 'sunday',
            index: 'first',
          },
          range: {
            type: 'numbered',
            numberOfOccurrences: 0,
            recurrenceTimeZone: null,
            startDate: at(-10),
            endDate: date(365),
          },
        },
        applyActions: removeAccess,
      },
    },
    10,
    { [CONTOSO.feelgoodMarketing]: CONTOSO_REVIEWS.feelgoodGuestsInstance },
  );

  add(
    CONTOSO_REVIEWS.salesAndMarketing,
    {
      displayName: 'Sales and Marketing membership review',
      descriptionForAdmins: 'Owners review everyone in Sales and Marketing.',
      descriptionForReviewers: 'Please confirm who still needs to be in Sales and Marketing.',
      scope: members(CONTOSO.salesAndMarketing),
      instanceEnumerationScope: { query: `/groups/${CONTOSO.salesAndMarketing}`, queryType: 'MicrosoftGraph' },
      reviewers: [{ query: `/groups/${CONTOSO.salesAndMarketing}/owners`, queryType: 'MicrosoftGraph' }],
      settings: {
        justificationRequiredOnApproval: false,
        instanceDurationInDays: 21,
        autoApplyDecisionsEnabled: false,
        recommendationsEnabled: true,
        recurrence: oneTime(3),
      },
    },
    3,
  );

  add(
    CONTOSO_REVIEWS.financeApprovers,
    {
      displayName: 'Finance Approvers quarterly attestation',
      descriptionForAdmins: 'Alex attests who may approve finance requests.',
      descriptionForReviewers: 'Approvers move money: a justification is required to keep anyone.',
      scope: members(CONTOSO.financeApprovers),
      reviewers: [user(CONTOSO.alex)],
      settings: {
        justificationRequiredOnApproval: true,
        instanceDurationInDays: 14,
        autoApplyDecisionsEnabled: false,
        recommendationsEnabled: true,
        recommendationLookBackDuration: 'P30D',
        recurrence: oneTime(2),
      },
    },
    2,
  );

  add(
    CONTOSO_REVIEWS.projectFalcon,
    {
      displayName: 'Project Falcon two-stage review',
      descriptionForAdmins: 'Owners first, then Megan and the MOD Administrator confirm.',
      descriptionForReviewers: 'Project Falcon is confidential: confirm each member.',
      scope: members(CONTOSO.projectFalcon),
      stageSettings: [
        {
          stageId: '1',
          durationInDays: 3,
          recommendationsEnabled: true,
          decisionsThatWillMoveToNextStage: ['NotReviewed', 'Approve'],
          reviewers: [{ query: `/groups/${CONTOSO.projectFalcon}/owners`, queryType: 'MicrosoftGraph' }],
        },
        {
          stageId: '2',
          dependsOn: ['1'],
          durationInDays: 3,
          recommendationsEnabled: true,
          reviewers: [user(CONTOSO.megan), user(CONTOSO.admin)],
        },
      ],
      settings: { recurrence: oneTime(1), decisionHistoriesForReviewersEnabled: true },
    },
    1,
  );

  add(
    CONTOSO_REVIEWS.retailPartners,
    {
      displayName: 'Retail Partners guest access',
      descriptionForAdmins: 'Guests in Retail Partners, reviewed by Alex.',
      descriptionForReviewers: 'Do these partners still need access to Retail Partners?',
      scope: {
        '@odata.type': '#microsoft.graph.accessReviewQueryScope',
        query: `/groups/${CONTOSO.retailPartners}/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')`,
        queryType: 'MicrosoftGraph',
      },
      reviewers: [user(CONTOSO.alex)],
      settings: {
        instanceDurationInDays: 14,
        autoApplyDecisionsEnabled: true,
        defaultDecisionEnabled: true,
        defaultDecision: 'Recommendation',
        recurrence: oneTime(12.5),
        applyActions: removeAccess,
      },
    },
    12.5,
  );
}
