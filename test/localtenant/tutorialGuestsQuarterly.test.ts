import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { useLocalTenant } from '../support/localTenant';
import { ADMIN, clientFor, DEFS, hasFields } from './accessReviewsSupport';

/**
 * The public tutorial "Use the Access Reviews API to review access to all your M365 groups with external
 * identities" (shared/seeds), each request sent as written with this tenant's ids and dates.
 */
const TUTORIAL_SCOPES = [
  'User.Invite.All',
  'AccessReview.ReadWrite.All',
  'Group.ReadWrite.All',
  'Directory.AccessAsUser.All',
];
const GUESTS = "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')";
const UNIFIED_GROUPS = "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true";

describe('tutorial: quarterly review of guests in every Microsoft 365 group (beta)', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);
  const admin = () => as(ADMIN, 'beta', TUTORIAL_SCOPES);
  let guestId = '';
  let groupId = '';
  let definitionId = '';
  let instanceId = '';

  it('step 1: invites john.doe@outlook.com as a B2B guest', async () => {
    const invitation = await (await admin()).api('/invitations').post({
      invitedUserDisplayName: 'John Doe (Tailspin Toys)',
      invitedUserEmailAddress: 'john.doe@outlook.com',
      sendInvitationMessage: false,
      inviteRedirectUrl: 'https://myapps.microsoft.com',
    });
    expect(invitation.invitedUserType).toBe('Guest');
    guestId = invitation.invitedUser.id;
    // The seeded tenant already holds this guest with the tutorial's id.
    expect(guestId).toBe(CONTOSO.johnDoeGuest);
  });

  it('step 2: creates the Feelgood Marketing Campaign group with the guest as member', async () => {
    const group = await (await admin()).api('/groups').post({
      description: 'Feelgood Marketing Campaign with external partners and vendors.',
      displayName: 'Feelgood Marketing Campaign',
      groupTypes: ['Unified'],
      mailEnabled: true,
      // Adjusted: the seeded tenant already has the tutorial's group (and its mail nickname).
      mailNickname: 'FeelGoodCampaign2',
      securityEnabled: true,
      'owners@odata.bind': [`${lt().graphBeta}/users/${CONTOSO.admin}`],
      'members@odata.bind': [`${lt().graphBeta}/users/${guestId}`],
    });
    expect(group.groupTypes).toEqual(['Unified']);
    groupId = group.id;
  });

  it('step 3: creates the quarterly review of guests across Microsoft 365 groups (201, the tutorial fields)', async () => {
    const now = lt().tenant.clock.nowMs();
    const today = new Date(now).toISOString().slice(0, 10);
    const nextYear = new Date(now + 365 * 86_400_000).toISOString().slice(0, 10);
    const definition = await (await admin()).api(DEFS).post({
      displayName: 'Group owners review guest across Microsoft 365 groups in the tenant (Quarterly)',
      descriptionForAdmins: '',
      descriptionForReviewers: '',
      scope: { query: GUESTS, queryType: 'MicrosoftGraph' },
      instanceEnumerationScope: { query: UNIFIED_GROUPS, queryType: 'MicrosoftGraph' },
      reviewers: [{ query: './owners', queryType: 'MicrosoftGraph', queryRoot: null }],
      backupReviewers: [{ query: `/users/${CONTOSO.diego}`, queryType: 'MicrosoftGraph', queryRoot: null }],
      settings: {
        mailNotificationsEnabled: true,
        reminderNotificationsEnabled: true,
        justificationRequiredOnApproval: true,
        defaultDecisionEnabled: true,
        defaultDecision: 'Approve',
        instanceDurationInDays: 0,
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
            startDate: today,
            endDate: nextYear,
          },
        },
        applyActions: [{ '@odata.type': '#microsoft.graph.removeAccessApplyAction' }],
      },
    });
    hasFields(definition, [
      'id',
      'displayName',
      'createdDateTime',
      'lastModifiedDateTime',
      'status',
      'descriptionForAdmins',
      'descriptionForReviewers',
      'createdBy',
      'scope',
      'instanceEnumerationScope',
      'reviewers',
      'backupReviewers',
      'settings',
    ]);
    expect(definition).toMatchObject({
      status: 'NotStarted',
      scope: { query: GUESTS, queryType: 'MicrosoftGraph' },
      instanceEnumerationScope: { query: UNIFIED_GROUPS, queryType: 'MicrosoftGraph' },
      reviewers: [{ query: './owners', queryType: 'MicrosoftGraph', queryRoot: null }],
      backupReviewers: [{ query: `/users/${CONTOSO.diego}`, queryType: 'MicrosoftGraph', queryRoot: null }],
    });
    expect(definition.settings.recurrence.pattern).toEqual({
      type: 'absoluteMonthly',
      interval: 3,
      month: 0,
      dayOfMonth: 0,
      daysOfWeek: [],
      firstDayOfWeek: 'sunday',
      index: 'first',
    });
    definitionId = definition.id;
  });

  it('step 4: lists one instance per Microsoft 365 group with guests, the new group among them', async () => {
    const list = await (await admin()).api(`${DEFS}/${definitionId}/instances`).get();
    const scopes = list.value.map((i: { scope: { query: string } }) => i.scope.query);
    // The new group, and the seeded Feelgood Marketing Campaign and Retail Partners, have guests; the others not.
    expect(list.value).toHaveLength(3);
    const mine = list.value.find((i: { scope: { query: string } }) => i.scope.query.includes(groupId));
    hasFields(mine, ['id', 'startDateTime', 'endDateTime', 'status', 'scope']);
    expect(mine.scope).toEqual({
      query: `/groups/${groupId}/members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')`,
      queryType: 'MicrosoftGraph',
    });
    expect(scopes).toEqual(expect.arrayContaining([expect.stringContaining(CONTOSO.retailPartners)]));
    instanceId = mine.id;
    // The tutorial shows the cycle after it ended: stop it so the default decision is applied, as there.
    await (await admin()).api(`${DEFS}/${definitionId}/instances/${instanceId}/stop`).post({});
    const ended = await (await admin()).api(`${DEFS}/${definitionId}/instances/${instanceId}`).get();
    expect(ended.status).toBe('Applied');
  });

  it("step 5: gets the instance's decision: John Doe approved by default by the service", async () => {
    const decisions = await (await admin()).api(`${DEFS}/${definitionId}/instances/${instanceId}/decisions`).get();
    expect(decisions['@odata.count']).toBe(1);
    const [d] = decisions.value;
    hasFields(d, [
      'id',
      'accessReviewId',
      'reviewedDateTime',
      'decision',
      'justification',
      'appliedDateTime',
      'applyResult',
      'recommendation',
      'reviewedBy',
      'appliedBy',
      'target',
    ]);
    expect(d).toMatchObject({
      accessReviewId: instanceId,
      decision: 'Approve',
      recommendation: 'Deny',
      reviewedBy: { id: '00000000-0000-0000-0000-000000000000', displayName: 'AAD Access Reviews' },
      target: {
        '@odata.type': '#microsoft.graph.accessReviewInstanceDecisionItemUserTarget',
        userId: guestId,
        userDisplayName: 'John Doe (Tailspin Toys)',
        userPrincipalName: 'john.doe@outlook.com',
      },
    });
    expect(d.reviewedDateTime).toEqual(expect.any(String));
  });

  it('step 6: deletes the group, the definition and the guest (204 each)', async () => {
    const client = await admin();
    await client.api(`/groups/${groupId}`).delete();
    await client.api(`${DEFS}/${definitionId}`).delete();
    await client.api(`/users/${guestId}`).delete();
    await expect(client.api(`${DEFS}/${definitionId}/instances`).get()).rejects.toMatchObject({ statusCode: 404 });
  });
});
