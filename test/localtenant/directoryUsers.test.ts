import { PageIterator, PageCollection } from '@microsoft/microsoft-graph-client';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { graphAs, userGraphToken } from '../support/graph';
import { jsonOf } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { confidentialClient } from '../support/tokens';

const DEFAULT_USER_KEYS = [
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
/** The tutorial's invitation request (m365 groups guests tutorial, step 1). */
const TUTORIAL_INVITATION = {
  invitedUserDisplayName: 'John Doe (Tailspin Toys)',
  invitedUserEmailAddress: 'john.doe@outlook.com',
  sendInvitationMessage: false,
  inviteRedirectUrl: 'https://myapps.microsoft.com',
};

describe('Graph directory: users, /me, invitations', () => {
  const lt = useLocalTenant();
  const get = async (user: string, scopes: string[], path: string, headers: Record<string, string> = {}) =>
    fetch(`${lt().graphV1}${path}`, {
      headers: { authorization: `Bearer ${await userGraphToken(lt(), user, scopes)}`, ...headers },
    });

  it('answers /me with the default user properties and the entity context', async () => {
    const res = await get('AlexW@contoso.com', ['User.Read'], '/me');
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(Object.keys(body).sort()).toEqual(['@odata.context', ...DEFAULT_USER_KEYS].sort());
    expect(body['@odata.context']).toBe(`${lt().graphV1}/$metadata#users/$entity`);
    expect(body).toMatchObject({ id: CONTOSO.alex, displayName: 'Alex Wilber', jobTitle: 'Marketing Assistant' });
  });

  it('pages through every user with the SDK PageIterator following @odata.nextLink', async () => {
    const client = await graphAs(lt(), 'AlexW@contoso.com', ['User.ReadBasic.All']);
    const first: PageCollection = await client.api('/users').top(10).get();
    expect(first.value).toHaveLength(10);
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${lt().graphV1}/users\\?.*\\$skiptoken=`));
    const ids: string[] = [];
    await new PageIterator(client, first, (u: { id: string }) => {
      ids.push(u.id);
      return true;
    }).iterate();
    expect(new Set(ids).size).toBe(lt().tenant.directory.users.size);
  });

  it('applies $select, $filter on userType, userPrincipalName and mail, and $count with ConsistencyLevel', async () => {
    const selected = await jsonOf(
      await get('AlexW@contoso.com', ['User.Read.All'], '/users?$select=id,displayName&$top=3'),
    );
    expect(selected['@odata.context']).toBe(`${lt().graphV1}/$metadata#users(id,displayName)`);
    expect(Object.keys(selected.value[0]).sort()).toEqual(['displayName', 'id']);

    const guests = await jsonOf(
      await get('AlexW@contoso.com', ['User.Read.All'], "/users?$filter=userType eq 'Guest'&$select=id,userType"),
    );
    expect(guests.value.length).toBeGreaterThan(0);
    expect(guests.value.every((u: { userType: string }) => u.userType === 'Guest')).toBe(true);
    expect(guests.value.map((u: { id: string }) => u.id)).toContain(CONTOSO.johnDoeGuest);

    const byUpn = await jsonOf(
      await get('AlexW@contoso.com', ['User.Read.All'], "/users?$filter=userPrincipalName eq 'meganb@contoso.com'"),
    );
    expect(byUpn.value.map((u: { id: string }) => u.id)).toEqual([CONTOSO.megan]);
    const byMail = await jsonOf(
      await get('AlexW@contoso.com', ['User.Read.All'], "/users?$filter=mail eq 'john.doe@outlook.com'"),
    );
    expect(byMail.value.map((u: { id: string }) => u.id)).toEqual([CONTOSO.johnDoeGuest]);

    const counted = await jsonOf(
      await get('AlexW@contoso.com', ['User.Read.All'], "/users?$count=true&$filter=userType eq 'Guest'", {
        ConsistencyLevel: 'eventual',
      }),
    );
    expect(counted['@odata.count']).toBe(guests.value.length);
    const uncounted = await jsonOf(await get('AlexW@contoso.com', ['User.Read.All'], '/users?$count=true'));
    expect(uncounted['@odata.count']).toBeUndefined();
  });

  it('finds people by the start of their name or UPN with startswith (User.ReadBasic.All is enough)', async () => {
    const found = async (filter: string) => {
      const url = `/users?$filter=${encodeURIComponent(filter)}&$select=id,displayName`;
      const res = await get('MeganB@contoso.com', ['User.ReadBasic.All'], url);
      expect(res.status).toBe(200);
      return (await jsonOf(res)).value.map((u: { id: string }) => u.id);
    };
    expect(await found("startswith(displayName,'alex w')")).toEqual([CONTOSO.alex]);
    expect(await found("startswith(userPrincipalName,'DiegoS@')")).toEqual([CONTOSO.diego]);
    expect(await found("startswith(displayName,'Megan') and userType eq 'Guest'")).toEqual([]);
    const res = await get(
      'MeganB@contoso.com',
      ['User.ReadBasic.All'],
      `/users?$filter=${encodeURIComponent("startswith(accountEnabled,'t')")}`,
    );
    expect([res.status, (await jsonOf(res)).error.code]).toEqual([400, 'Request_UnsupportedQuery']);
  });

  it('refuses what Graph refuses on users: $skip, a page over 999, an unknown property, a filter it cannot run', async () => {
    const cases: [string, number, string][] = [
      ['/users?$skip=5', 400, 'Request_BadRequest'],
      ['/users?$top=1000', 400, 'Request_UnsupportedQuery'],
      ['/users?$select=shoeSize', 400, 'BadRequest'],
      ["/users?$filter=city eq 'Paris'", 400, 'Request_UnsupportedQuery'],
    ];
    for (const [path, status, code] of cases) {
      const res = await get('AlexW@contoso.com', ['User.Read.All'], path);
      expect([path, res.status, (await jsonOf(res)).error.code]).toEqual([path, status, code]);
    }
  });

  it('sorts users by displayName or userPrincipalName, and with $filter only as an advanced query', async () => {
    const list = async (path: string, headers: Record<string, string> = {}) => {
      const res = await get('AlexW@contoso.com', ['User.Read.All'], path, headers);
      return { status: res.status, body: await jsonOf(res) };
    };
    const ordered = (values: string[], desc = false) => {
      const sorted = [...values].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
      expect(values).toEqual(desc ? sorted.reverse() : sorted);
    };
    const byName = await list('/users?$orderby=displayName&$top=999&$select=id,displayName');
    expect(byName.body.value).toHaveLength(lt().tenant.directory.users.size);
    ordered(byName.body.value.map((u: { displayName: string }) => u.displayName));
    const firstPage = await list('/users?$orderby=displayName&$top=10&$select=id,displayName');
    expect(firstPage.body.value).toEqual(byName.body.value.slice(0, 10));
    expect(firstPage.body['@odata.nextLink']).toContain('$orderby=displayName');
    const byUpn = await list('/users?$orderby=userPrincipalName desc&$top=999&$select=userPrincipalName');
    ordered(
      byUpn.body.value.map((u: { userPrincipalName: string }) => u.userPrincipalName),
      true,
    );

    const guests = "/users?$filter=userType eq 'Guest'&$orderby=displayName&$select=displayName,userType";
    const refused = await list(guests);
    expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([
      400,
      'Request_UnsupportedQuery',
      'Sorting not supported for current query.',
    ]);
    const advanced = await list(`${guests}&$count=true`, { ConsistencyLevel: 'eventual' });
    expect(advanced.status).toBe(200);
    expect(advanced.body.value.every((u: { userType: string }) => u.userType === 'Guest')).toBe(true);
    ordered(advanced.body.value.map((u: { displayName: string }) => u.displayName));

    for (const path of ['/users?$orderby=jobTitle', '/users?$orderby=displayName up']) {
      const res = await list(path);
      expect([path, res.status, res.body.error.code]).toEqual([path, 400, 'Request_UnsupportedQuery']);
    }
  });

  it('gets a user by id or userPrincipalName and answers unknown ones with the 404 envelope', async () => {
    const byId = await jsonOf(await get('AlexW@contoso.com', ['User.ReadBasic.All'], `/users/${CONTOSO.megan}`));
    expect(byId.userPrincipalName).toBe('MeganB@contoso.com');
    const byUpn = await jsonOf(await get('AlexW@contoso.com', ['User.ReadBasic.All'], '/users/MeganB@contoso.com'));
    expect(byUpn.id).toBe(CONTOSO.megan);

    const missing = '5e1f0c3a-0000-4000-8000-000000000000';
    const res = await get('AlexW@contoso.com', ['User.ReadBasic.All'], `/users/${missing}`);
    expect(res.status).toBe(404);
    const body = await jsonOf(res);
    expect(body.error.code).toBe('Request_ResourceNotFound');
    expect(body.error.message).toBe(
      `Resource '${missing}' does not exist or one of its queried reference-property objects are not present.`,
    );
    expect(body.error.innerError['request-id']).toEqual(expect.any(String));
  });

  it('lets User.Read reach the signed-in user only', async () => {
    expect((await get('AlexW@contoso.com', ['User.Read'], `/users/${CONTOSO.alex}`)).status).toBe(200);
    const other = await get('AlexW@contoso.com', ['User.Read'], `/users/${CONTOSO.megan}`);
    expect(other.status).toBe(403);
    expect((await jsonOf(other)).error.code).toBe('Authorization_RequestDenied');
    expect((await get('AlexW@contoso.com', ['User.Read'], '/users')).status).toBe(403);
  });

  it('runs the tutorial setup and cleanup: invites a guest, then deletes the user', async () => {
    const admin = await graphAs(lt(), 'admin@contoso.com', ['User.Invite.All', 'User.ReadWrite.All'], 'beta');
    const again = await admin.api('/invitations').post(TUTORIAL_INVITATION);
    // John Doe is already a guest of Contoso (the tutorial's id): inviting him again answers with that user.
    expect(again.invitedUser).toEqual({ id: CONTOSO.johnDoeGuest });

    const invitation = await admin.api('/invitations').post({
      ...TUTORIAL_INVITATION,
      invitedUserDisplayName: 'Jane Roe (Tailspin Toys)',
      invitedUserEmailAddress: 'jane.roe@outlook.com',
    });
    expect(Object.keys(invitation).sort()).toEqual(
      [
        '@odata.context',
        'id',
        'inviteRedeemUrl',
        'invitedUserDisplayName',
        'invitedUserType',
        'invitedUserEmailAddress',
        'sendInvitationMessage',
        'resetRedemption',
        'inviteRedirectUrl',
        'status',
        'invitedUserMessageInfo',
        'invitedUser',
      ].sort(),
    );
    expect(invitation).toMatchObject({
      '@odata.context': `${lt().graphBeta}/$metadata#invitations/$entity`,
      invitedUserType: 'Guest',
      invitedUserEmailAddress: 'jane.roe@outlook.com',
      inviteRedirectUrl: 'https://myapps.microsoft.com/',
      status: 'PendingAcceptance',
      invitedUserMessageInfo: { messageLanguage: null, customizedMessageBody: null },
    });
    const guest = await admin.api(`/users/${invitation.invitedUser.id}`).select('userType,mail,displayName').get();
    expect(guest).toMatchObject({
      userType: 'Guest',
      mail: 'jane.roe@outlook.com',
      displayName: 'Jane Roe (Tailspin Toys)',
    });

    await admin.api(`/users/${invitation.invitedUser.id}`).delete();
    await expect(admin.api(`/users/${invitation.invitedUser.id}`).get()).rejects.toMatchObject({
      statusCode: 404,
      code: 'Request_ResourceNotFound',
    });
  });

  it('deletes users only for administrators', async () => {
    const alex = await graphAs(lt(), 'AlexW@contoso.com', ['User.ReadWrite.All']);
    await expect(alex.api(`/users/${CONTOSO.johnDoeGuest}`).delete()).rejects.toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
    });
    const admin = await graphAs(lt(), 'admin@contoso.com', ['User.ReadWrite.All']);
    await admin.api(`/users/${CONTOSO.johnDoeGuest}`).delete();
    expect(lt().tenant.directory.users.has(CONTOSO.johnDoeGuest)).toBe(false);
    // A delegated call needs the permission as well as the role.
    const adminWithoutScope = await graphAs(lt(), 'admin@contoso.com', ['User.Read.All']);
    await expect(adminWithoutScope.api(`/users/${CONTOSO.diego}`).delete()).rejects.toMatchObject({ statusCode: 403 });
  });

  it('requires a signed-in user for /me', async () => {
    const app = await confidentialClient(lt()).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const res = await fetch(`${lt().graphV1}/me`, { headers: { authorization: `Bearer ${app!.accessToken}` } });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error.code).toBe('BadRequest');
  });
});
