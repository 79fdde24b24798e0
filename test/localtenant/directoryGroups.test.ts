import { PageCollection, PageIterator } from '@microsoft/microsoft-graph-client';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { graphAs, userGraphToken } from '../support/graph';
import { jsonOf } from '../support/http';
import { useLocalTenant } from '../support/localTenant';

/** The properties of the tutorials' POST /beta/groups responses, in their order. */
const TUTORIAL_GROUP_KEYS = [
  '@odata.context',
  'id',
  'deletedDateTime',
  'classification',
  'createdDateTime',
  'createdByAppId',
  'description',
  'displayName',
  'expirationDateTime',
  'groupTypes',
  'infoCatalogs',
  'isAssignableToRole',
  'isManagementRestricted',
  'mail',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'onPremisesDomainName',
  'onPremisesLastSyncDateTime',
  'onPremisesNetBiosName',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'preferredDataLocation',
  'preferredLanguage',
  'proxyAddresses',
  'renewedDateTime',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'securityEnabled',
  'securityIdentifier',
  'theme',
  'visibility',
  'writebackConfiguration',
  'onPremisesProvisioningErrors',
];

/** Step 1 of the security group self-review tutorial. */
const TUTORIAL_SECURITY_GROUP = {
  description: 'Building security group',
  displayName: 'Building security group',
  groupTypes: [],
  mailEnabled: false,
  mailNickname: 'buildingsecurity',
  securityEnabled: true,
  'owners@odata.bind': [
    'https://graph.microsoft.com/beta/users/010b2de0-0ed4-4ece-bfa2-22fff71d0497',
    'https://graph.microsoft.com/beta/users/b828cc0e-4240-46ed-bb25-888744487e2d',
  ],
  'members@odata.bind': [
    'https://graph.microsoft.com/beta/users/43b12b0c-ee2c-4257-96fe-505d823e06ab',
    'https://graph.microsoft.com/beta/users/859924d0-7115-422a-9ee8-ea8c0c014707',
  ],
};

/** Step 2 of the Microsoft 365 groups guests tutorial (its owner id is the tutorial author's, not a Contoso user). */
const TUTORIAL_M365_GROUP = {
  description: 'Feelgood Marketing Campaign with external partners and vendors.',
  displayName: 'Feelgood Marketing Campaign',
  groupTypes: ['Unified'],
  mailEnabled: true,
  mailNickname: 'FeelGoodCampaign',
  securityEnabled: true,
  'owners@odata.bind': ['https://graph.microsoft.com/beta/users/cdb555e3-b33e-4fd5-a427-17fadacbdfa7'],
  'members@odata.bind': ['https://graph.microsoft.com/beta/users/baf1b0a0-1f9a-4a56-9884-6a30824f8d20'],
};

const ids = (page: { value: { id: string }[] }) => page.value.map((o) => o.id).sort();

describe('Graph directory: groups, members, owners, ownedObjects, the access review policy', () => {
  const lt = useLocalTenant();
  const get = async (user: string, scopes: string[], url: string, headers: Record<string, string> = {}) =>
    fetch(url, { headers: { authorization: `Bearer ${await userGraphToken(lt(), user, scopes)}`, ...headers } });

  it('returns the seeded tutorial groups in the tutorial response shape, security identifiers included', async () => {
    const client = await graphAs(lt(), 'AlexW@contoso.com', ['GroupMember.Read.All'], 'beta');
    const building = await client.api(`/groups/${CONTOSO.buildingSecurity}`).get();
    expect(Object.keys(building)).toEqual(TUTORIAL_GROUP_KEYS);
    expect(building).toMatchObject({
      '@odata.context': `${lt().graphBeta}/$metadata#groups/$entity`,
      displayName: 'Building security group',
      mail: null,
      mailEnabled: false,
      mailNickname: 'buildingsecurity',
      proxyAddresses: [],
      securityIdentifier: 'S-1-12-1-2187271006-1301966770-2446627763-214702608',
      visibility: null,
    });
    expect(building.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const feelgood = await client.api(`/groups/${CONTOSO.feelgoodMarketing}`).get();
    expect(feelgood).toMatchObject({
      mail: 'FeelGoodCampaign@contoso.com',
      proxyAddresses: ['SMTP:FeelGoodCampaign@contoso.com'],
      securityIdentifier: 'S-1-12-1-1504404522-1311909750-4154419355-1786739620',
      visibility: 'Public',
    });
  });

  it('leaves the beta-only group properties out of v1.0', async () => {
    const client = await graphAs(lt(), 'AlexW@contoso.com', ['GroupMember.Read.All']);
    const group = await client.api(`/groups/${CONTOSO.buildingSecurity}`).get();
    for (const betaOnly of ['createdByAppId', 'infoCatalogs', 'isManagementRestricted', 'writebackConfiguration']) {
      expect(group).not.toHaveProperty(betaOnly);
    }
    expect(group.securityIdentifier).toBe('S-1-12-1-2187271006-1301966770-2446627763-214702608');
  });

  it('answers a malformed group id with 400 and an unknown one with 404', async () => {
    const bad = await get('AlexW@contoso.com', ['GroupMember.Read.All'], `${lt().graphV1}/groups/not-a-group`);
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).error).toMatchObject({
      code: 'Request_BadRequest',
      message: "Invalid object identifier 'not-a-group'.",
    });
    const unknown = 'a1b2c3d4-0000-4000-8000-000000000000';
    const missing = await get(
      'AlexW@contoso.com',
      ['GroupMember.Read.All'],
      `${lt().graphV1}/groups/${unknown}/members`,
    );
    expect(missing.status).toBe(404);
    expect((await jsonOf(missing)).error.code).toBe('Request_ResourceNotFound');
  });

  it('lists members, owners and transitive members as typed directory objects', async () => {
    const scopes = ['GroupMember.Read.All'];
    const members = await jsonOf(
      await get('AlexW@contoso.com', scopes, `${lt().graphV1}/groups/${CONTOSO.buildingSecurity}/members`),
    );
    expect(members['@odata.context']).toBe(`${lt().graphV1}/$metadata#directoryObjects`);
    expect(ids(members)).toEqual([CONTOSO.alex, CONTOSO.allan].sort());
    expect(members.value[0]['@odata.type']).toBe('#microsoft.graph.user');
    const owners = await jsonOf(
      await get('AlexW@contoso.com', scopes, `${lt().graphV1}/groups/${CONTOSO.buildingSecurity}/owners`),
    );
    expect(ids(owners)).toEqual([CONTOSO.megan, CONTOSO.admin].sort());

    // A nested group: its members count as transitive members of the outer group, and so does the group itself.
    lt().tenant.directory.groups.get(CONTOSO.buildingSecurity)!.members.add(CONTOSO.projectFalcon);
    const transitive = await jsonOf(
      await get('AlexW@contoso.com', scopes, `${lt().graphV1}/groups/${CONTOSO.buildingSecurity}/transitiveMembers`),
    );
    const falcon = lt().tenant.directory.groups.get(CONTOSO.projectFalcon)!;
    expect(ids(transitive)).toEqual([CONTOSO.alex, CONTOSO.allan, CONTOSO.projectFalcon, ...falcon.members].sort());
    expect(transitive.value.find((o: { id: string }) => o.id === CONTOSO.projectFalcon)['@odata.type']).toBe(
      '#microsoft.graph.group',
    );
    lt().tenant.directory.groups.get(CONTOSO.buildingSecurity)!.members.delete(CONTOSO.projectFalcon);
  });

  it('filters guests among members through the user cast, counting them with ConsistencyLevel', async () => {
    const url = `${lt().graphV1}/groups/${CONTOSO.feelgoodMarketing}/members/microsoft.graph.user?$count=true&$filter=(userType eq 'Guest')`;
    const body = await jsonOf(
      await get('AlexW@contoso.com', ['GroupMember.Read.All'], url, { ConsistencyLevel: 'eventual' }),
    );
    expect(body['@odata.context']).toBe(`${lt().graphV1}/$metadata#users`);
    expect(ids(body)).toContain(CONTOSO.johnDoeGuest);
    expect(ids(body)).not.toContain(CONTOSO.alex);
    expect(body['@odata.count']).toBe(body.value.length);
  });

  it('pages through a large group membership with the PageIterator', async () => {
    const client = await graphAs(lt(), 'AlexW@contoso.com', ['GroupMember.Read.All']);
    const first: PageCollection = await client.api(`/groups/${CONTOSO.salesAndMarketing}/members`).top(20).get();
    expect(first.value).toHaveLength(20);
    const seen: string[] = [];
    await new PageIterator(client, first, (m: { id: string }) => {
      seen.push(m.id);
      return true;
    }).iterate();
    expect(seen.sort()).toEqual([...lt().tenant.directory.groups.get(CONTOSO.salesAndMarketing)!.members].sort());
  });

  it('lists groups with $filter on groupTypes, $select and $count', async () => {
    const url = `${lt().graphV1}/groups?$filter=groupTypes/any(c:c+eq+'Unified')&$select=id,displayName,groupTypes&$count=true`;
    const body = await jsonOf(
      await get('AlexW@contoso.com', ['Group.Read.All'], url, { ConsistencyLevel: 'eventual' }),
    );
    expect(body['@odata.context']).toBe(`${lt().graphV1}/$metadata#groups(id,displayName,groupTypes)`);
    expect(body.value.every((g: { groupTypes: string[] }) => g.groupTypes.includes('Unified'))).toBe(true);
    expect(ids(body)).toContain(CONTOSO.feelgoodMarketing);
    expect(ids(body)).not.toContain(CONTOSO.buildingSecurity);
    expect(body['@odata.count']).toBe(body.value.length);
    expect(Object.keys(body.value[0]).sort()).toEqual(['displayName', 'groupTypes', 'id']);
  });

  it('sorts groups by displayName, and refuses $orderby it cannot apply with 400', async () => {
    const names = async (url: string) => {
      const body = await jsonOf(await get('AlexW@contoso.com', ['Group.Read.All'], url));
      return body.value.map((g: { displayName: string }) => g.displayName);
    };
    const desc = await names(`${lt().graphV1}/groups?$orderby=displayName desc&$select=displayName`);
    expect(desc).toHaveLength(lt().tenant.directory.groups.size);
    expect(desc).toEqual([...desc].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? 1 : -1)));
    for (const url of [
      `${lt().graphV1}/groups?$orderby=createdDateTime`,
      `${lt().graphV1}/groups/${CONTOSO.salesAndMarketing}/members?$orderby=displayName`,
      `${lt().graphV1}/me/ownedObjects?$orderby=displayName`,
    ]) {
      const res = await get('AlexW@contoso.com', ['Group.Read.All', 'User.Read'], url);
      expect([url, res.status, (await jsonOf(res)).error.code]).toEqual([url, 400, 'Request_UnsupportedQuery']);
    }
  });

  it('finds groups by the start of their name with startswith, ignoring case, and refuses it elsewhere', async () => {
    const names = async (filter: string) => {
      const url = `${lt().graphV1}/groups?$filter=${encodeURIComponent(filter)}&$select=id,displayName`;
      const body = await jsonOf(await get('AlexW@contoso.com', ['GroupMember.Read.All'], url));
      return body.value.map((g: { displayName: string }) => g.displayName).sort();
    };
    expect(await names("startswith(displayName,'building')")).toEqual(['Building security group']);
    expect(await names("startsWith(displayName,'F') or startswith(displayName,'Pro')")).toEqual([
      'Feelgood Marketing Campaign',
      'Finance Approvers',
      'Finance file share',
      'Project Falcon',
    ]);
    expect(await names("startswith(displayName,'Nothing like this')")).toEqual([]);
    const res = await get(
      'AlexW@contoso.com',
      ['GroupMember.Read.All'],
      `${lt().graphV1}/groups?$filter=${encodeURIComponent("startswith(securityIdentifier,'S-1')")}`,
    );
    expect([res.status, (await jsonOf(res)).error.code]).toEqual([400, 'Request_UnsupportedQuery']);
  });

  it("lists the signed-in user's groups through ownedObjects with User.Read", async () => {
    const url = `${lt().graphV1}/me/ownedObjects/microsoft.graph.group?$select=id,displayName,groupTypes`;
    const body = await jsonOf(await get('AlexW@contoso.com', ['User.Read'], url));
    expect(body['@odata.context']).toBe(`${lt().graphV1}/$metadata#groups(id,displayName,groupTypes)`);
    expect(ids(body)).toEqual(
      lt()
        .tenant.directory.groupsOwnedBy(CONTOSO.alex)
        .map((g) => g.id)
        .sort(),
    );
    const plain = await jsonOf(await get('AlexW@contoso.com', ['User.Read'], `${lt().graphV1}/me/ownedObjects`));
    expect(plain.value[0]['@odata.type']).toBe('#microsoft.graph.group');
  });

  it('runs the security group tutorial setup and cleanup: POST /groups then DELETE', async () => {
    const admin = await graphAs(lt(), 'admin@contoso.com', ['Group.ReadWrite.All'], 'beta');
    const created = await admin.api('/groups').post(TUTORIAL_SECURITY_GROUP);
    expect(Object.keys(created)).toEqual(TUTORIAL_GROUP_KEYS);
    expect(created.id).not.toBe(CONTOSO.buildingSecurity);
    expect(created).toMatchObject({
      displayName: 'Building security group',
      createdByAppId: lt().apps[0].clientId,
      mail: null,
      securityIdentifier: expect.stringMatching(/^S-1-12-1-\d+-\d+-\d+-\d+$/),
    });
    const members = await admin.api(`/groups/${created.id}/members`).get();
    expect(ids(members)).toEqual([CONTOSO.alex, CONTOSO.allan].sort());
    const owners = await admin.api(`/groups/${created.id}/owners`).get();
    expect(ids(owners)).toEqual([CONTOSO.megan, CONTOSO.admin].sort());

    await admin.api(`/groups/${created.id}`).delete();
    await expect(admin.api(`/groups/${created.id}`).get()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses the M365 tutorial body as written here: its owner is not a Contoso user, its alias is taken', async () => {
    const admin = await graphAs(lt(), 'admin@contoso.com', ['Group.ReadWrite.All'], 'beta');
    await expect(admin.api('/groups').post(TUTORIAL_M365_GROUP)).rejects.toMatchObject({
      statusCode: 404,
      code: 'Request_ResourceNotFound',
    });
    const owned = {
      ...TUTORIAL_M365_GROUP,
      'owners@odata.bind': [`https://graph.microsoft.com/beta/users/${CONTOSO.admin}`],
    };
    await expect(admin.api('/groups').post(owned)).rejects.toMatchObject({ statusCode: 400 });
    const created = await admin.api('/groups').post({ ...owned, mailNickname: 'FeelGoodCampaign2' });
    expect(created).toMatchObject({ mail: 'FeelGoodCampaign2@contoso.com', visibility: 'Public' });
    await admin.api(`/groups/${created.id}`).delete();
  });

  it('checks group permissions: read scopes cannot write, and only owners or admins delete', async () => {
    const reader = await graphAs(lt(), 'AlexW@contoso.com', ['GroupMember.Read.All']);
    await expect(reader.api('/groups').post(TUTORIAL_SECURITY_GROUP)).rejects.toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
    });
    const diego = await graphAs(lt(), 'DiegoS@contoso.com', ['Group.ReadWrite.All']);
    await expect(diego.api(`/groups/${CONTOSO.financeApprovers}`).delete()).rejects.toMatchObject({ statusCode: 403 });
    const alex = await graphAs(lt(), 'AlexW@contoso.com', ['Group.ReadWrite.All']);
    await alex.api(`/groups/${CONTOSO.financeApprovers}`).delete();
    expect(lt().tenant.directory.groups.has(CONTOSO.financeApprovers)).toBe(false);
  });

  it('serves the access review policy in beta, and not in v1.0', async () => {
    const res = await get('admin@contoso.com', ['Policy.Read.All'], `${lt().graphBeta}/policies/accessReviewPolicy`);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({
      '@odata.context': `${lt().graphBeta}/$metadata#policies/accessReviewPolicy/$entity`,
      id: 'accessReviewPolicy',
      displayName: 'Access Review Policy',
      description: 'Policy contains directory-level access review settings.',
      isGroupOwnerManagementEnabled: true,
    });
    const noScope = await get('admin@contoso.com', ['User.Read'], `${lt().graphBeta}/policies/accessReviewPolicy`);
    expect(noScope.status).toBe(403);
    const v1 = await get('admin@contoso.com', ['Policy.Read.All'], `${lt().graphV1}/policies/accessReviewPolicy`);
    expect(v1.status).toBe(400);
  });
});
