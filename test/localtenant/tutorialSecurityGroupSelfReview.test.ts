import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { useLocalTenant } from '../support/localTenant';
import { ADMIN, ALEX, clientFor, DEFS, hasFields } from './accessReviewsSupport';

/**
 * The public tutorial "Use the Access Reviews API to review access to your security groups" (shared/seeds), each
 * request sent as written with the ids of this tenant, answered with the documented status and the tutorial's fields.
 */
const TUTORIAL_SCOPES = ['AccessReview.ReadWrite.All', 'Group.ReadWrite.All'];

/** The fields the tutorial's responses show, which ours must all carry. */
const FIELDS = {
  definition: [
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
  ],
  settings: [
    'mailNotificationsEnabled',
    'reminderNotificationsEnabled',
    'justificationRequiredOnApproval',
    'defaultDecisionEnabled',
    'defaultDecision',
    'instanceDurationInDays',
    'autoApplyDecisionsEnabled',
    'recommendationsEnabled',
    'recurrence',
    'applyActions',
  ],
  instance: ['id', 'startDateTime', 'endDateTime', 'status', 'scope'],
  decision: [
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
  ],
  target: ['@odata.type', 'userId', 'userDisplayName', 'userPrincipalName'],
};

describe('tutorial: self-review of a security group (beta)', () => {
  const lt = useLocalTenant();
  const as = clientFor(lt);
  const admin = () => as(ADMIN, 'beta', TUTORIAL_SCOPES);
  let groupId = '';
  let definitionId = '';

  it('step 1: creates the Building security group with two owners and two members', async () => {
    const group = await (await admin()).api('/groups').post({
      description: 'Building security group',
      displayName: 'Building security group',
      groupTypes: [],
      mailEnabled: false,
      mailNickname: 'buildingsecurity',
      securityEnabled: true,
      'owners@odata.bind': [`${lt().graphBeta}/users/${CONTOSO.megan}`, `${lt().graphBeta}/users/${CONTOSO.admin}`],
      'members@odata.bind': [`${lt().graphBeta}/users/${CONTOSO.alex}`, `${lt().graphBeta}/users/${CONTOSO.allan}`],
    });
    expect(group).toMatchObject({ displayName: 'Building security group', groupTypes: [], securityEnabled: true });
    groupId = group.id;
  });

  it('step 2: creates a one-time self-review (201, status NotStarted, the tutorial fields)', async () => {
    const today = new Date(lt().tenant.clock.nowMs()).toISOString().slice(0, 10);
    const nextYear = new Date(lt().tenant.clock.nowMs() + 365 * 86_400_000).toISOString().slice(0, 10);
    const definition = await (await admin()).api(`${DEFS}`).post({
      displayName: 'One-time self-review for members of Building security group',
      descriptionForAdmins: 'One-time self-review for members of Building security group',
      descriptionForReviewers: 'One-time self-review for members of Building security group',
      scope: { query: `/groups/${groupId}/transitiveMembers`, queryType: 'MicrosoftGraph' },
      instanceEnumerationScope: { query: `/groups/${groupId}`, queryType: 'MicrosoftGraph' },
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
        recurrence: {
          pattern: null,
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
    hasFields(definition, FIELDS.definition);
    hasFields(definition.settings, FIELDS.settings);
    expect(definition['@odata.context']).toMatch(
      /\/beta\/\$metadata#identityGovernance\/accessReviews\/definitions\/\$entity$/,
    );
    expect(definition).toMatchObject({
      status: 'NotStarted',
      reviewers: [],
      backupReviewers: [],
      createdBy: { id: CONTOSO.admin, displayName: 'MOD Administrator', userPrincipalName: 'admin@contoso.com' },
      scope: { query: `/groups/${groupId}/transitiveMembers`, queryType: 'MicrosoftGraph' },
    });
    expect(definition.settings.recurrence).toEqual({
      pattern: null,
      range: {
        type: 'numbered',
        numberOfOccurrences: 0,
        recurrenceTimeZone: null,
        startDate: today,
        endDate: nextYear,
      },
    });
    definitionId = definition.id;
  });

  it('step 3: lists one instance whose id is the definition id, InProgress', async () => {
    const list = await (await admin()).api(`${DEFS}/${definitionId}/instances`).get();
    expect(list['@odata.context']).toContain(`definitions('${definitionId}')/instances`);
    expect(list.value).toHaveLength(1);
    hasFields(list.value[0], FIELDS.instance);
    expect(list.value[0]).toMatchObject({ id: definitionId, status: 'InProgress' });
    expect(Date.parse(list.value[0].endDateTime)).toBeGreaterThan(lt().tenant.clock.nowMs());
  });

  it('step 4: gets two NotReviewed decisions (Alex and Allan), nobody has reviewed them', async () => {
    const decisions = await (await admin()).api(`${DEFS}/${definitionId}/instances/${definitionId}/decisions`).get();
    expect(decisions['@odata.count']).toBe(2);
    for (const d of decisions.value) {
      hasFields(d, FIELDS.decision);
      hasFields(d.target, FIELDS.target);
      expect(d).toMatchObject({
        accessReviewId: definitionId,
        reviewedDateTime: null,
        decision: 'NotReviewed',
        applyResult: 'New',
        reviewedBy: { id: '00000000-0000-0000-0000-000000000000', displayName: '', userPrincipalName: '' },
      });
    }
    expect(decisions.value.map((d: { target: { userPrincipalName: string } }) => d.target.userPrincipalName)).toEqual([
      'AlexW@contoso.com',
      'AllanD@contoso.com',
    ]);
  });

  it('step 5: Alex sees the review pending, self-attests, and the admin sees Approve', async () => {
    const alex = await as(ALEX, 'beta');
    const pending = await alex.api('/me/pendingAccessReviewInstances').get();
    expect(pending['@odata.context']).toContain(`users('${CONTOSO.alex}')/pendingAccessReviewInstances`);
    const instance = pending.value.find((i: { id: string }) => i.id === definitionId);
    hasFields(instance, FIELDS.instance);
    expect(instance.status).toBe('InProgress');
    // My Access records the self-attestation; the API call behind it is the reviewer's batchRecordDecisions.
    await alex
      .api(`${DEFS}/${definitionId}/instances/${definitionId}/batchRecordDecisions`)
      .post({ decision: 'Approve', justification: 'I still need access to the building' });
    const decisions = await (await admin()).api(`${DEFS}/${definitionId}/instances/${definitionId}/decisions`).get();
    const byUser = Object.fromEntries(
      decisions.value.map((d: { target: { userId: string }; decision: string }) => [d.target.userId, d.decision]),
    );
    expect(byUser).toEqual({ [CONTOSO.alex]: 'Approve', [CONTOSO.allan]: 'NotReviewed' });
  });

  it('step 6: deletes the group and the definition (204 each)', async () => {
    const client = await admin();
    await client.api(`/groups/${groupId}`).delete();
    await client.api(`${DEFS}/${definitionId}`).delete();
    await expect(client.api(`${DEFS}/${definitionId}`).get()).rejects.toMatchObject({ statusCode: 404 });
  });
});
