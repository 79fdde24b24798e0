import { defaultBotApp } from '../../localtenant';
import { AppRegistration } from '../../localtenant/model';
import { CONTOSO } from '../../localtenant/seed/contosoDirectory';
import { CONTOSO_GOVERNANCE, ROLE_IDS } from '../../localtenant/seed/contosoGovernance';
import { stableGuid } from '../../localtenant/seed/ids';
import { userGraphToken } from '../support/graph';
import { graphFetch, jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { appToken } from '../support/tokens';

/**
 * A user's memberships (user-list-transitivememberof) and manager (user-list-manager): the groups a user belongs to
 * directly or through nested groups, the directory roles they hold (actively, directly or through a role-assignable
 * group), and the limited information Graph gives for objects the caller may not read.
 */
const app = (clientId: string, applicationPermissions: string[]): AppRegistration => ({
  clientId,
  clientSecret: `${clientId}-secret`,
  displayName: 'Membership reader (local)',
  identifierUris: [],
  applicationPermissions,
});
const directoryReader = app('3b4c5d6e-7f80-4912-a3b4-c5d6e7f80912', ['User.Read.All', 'Directory.Read.All']);
const userReader = app('4c5d6e7f-8091-4a23-b4c5-d6e7f8091a23', ['User.Read.All']);
const nothing = app('5d6e7f80-91a2-4b34-85d6-e7f8091a2b34', []);

const lt = useLocalTenant({ apps: [defaultBotApp(), directoryReader, userReader, nothing] });

const G = CONTOSO_GOVERNANCE;
const staffId = (i: number) => stableGuid(`contoso:user:${i}`);
const guestId = (i: number) => stableGuid(`contoso:guest:${i}`);
const ALLAN_GROUPS = [
  CONTOSO.buildingSecurity,
  CONTOSO.financeApprovers,
  G.tierZeroOperators,
  G.payrollAdmins,
  G.financeShare,
];

const get = (token: string, path: string, headers: Record<string, string> = {}, v: 'v1.0' | 'beta' = 'v1.0') =>
  fetch(`${lt().url}/${v}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
const asUser = (upn: string, scopes: string[]) => userGraphToken(lt(), upn, scopes);
const eventual = { consistencylevel: 'eventual' };

interface DirectoryObject {
  '@odata.type'?: string;
  id: string;
  displayName?: string | null;
  roleTemplateId?: string | null;
  [k: string]: unknown;
}
const ids = (value: DirectoryObject[]) => value.map((o) => o.id).sort();
const ofType = (value: DirectoryObject[], type: string) => value.filter((o) => o['@odata.type'] === `#${type}`);

describe('GET /me/transitiveMemberOf and /users/{id | upn}/transitiveMemberOf', () => {
  it("lists the signed-in user's groups and the directory roles they hold, each with its @odata.type", async () => {
    const res = await get(await asUser('AllanD@contoso.com', ['Directory.Read.All']), '/me/transitiveMemberOf');
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body['@odata.context']).toBe(`${lt().graphV1}/$metadata#directoryObjects`);
    const groups = ofType(body.value, 'microsoft.graph.group');
    expect(ids(groups)).toEqual([...ALLAN_GROUPS].sort());
    expect(groups.find((g) => g.id === G.tierZeroOperators)).toMatchObject({
      displayName: 'Tier 0 Operators',
      isAssignableToRole: true,
      securityEnabled: true,
    });
    // Exchange Administrator is assigned to Allan; Global Administrator comes through Tier 0 Operators, a
    // role-assignable group; his eligible Global Administrator assignment gives no membership of its own.
    const roles = ofType(body.value, 'microsoft.graph.directoryRole');
    expect(roles.map((r) => r.roleTemplateId).sort()).toEqual(
      [ROLE_IDS.exchangeAdministrator, ROLE_IDS.globalAdministrator].sort(),
    );
    expect(body.value).toHaveLength(groups.length + roles.length);
    const ga = roles.find((r) => r.roleTemplateId === ROLE_IDS.globalAdministrator)!;
    expect(Object.keys(ga).sort()).toEqual(
      ['@odata.type', 'id', 'deletedDateTime', 'description', 'displayName', 'roleTemplateId'].sort(),
    );
    expect(ga).toMatchObject({
      displayName: 'Global Administrator',
      description: 'Can manage all aspects of Microsoft Entra ID.',
      deletedDateTime: null,
    });
    // The directory role object of the tenant has an id of its own, not the template's (directoryrole-get).
    expect(ga.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ga.id).not.toBe(ROLE_IDS.globalAdministrator);
  });

  it('gives each directory role one object id in the tenant, whoever holds it and however', async () => {
    const token = await appToken(lt(), directoryReader);
    const cast = '/transitiveMemberOf/microsoft.graph.directoryRole';
    const admin = (await jsonOf(await get(token, `/users/${CONTOSO.admin}${cast}`))).value;
    const allan = (await jsonOf(await get(token, `/users/${CONTOSO.allan}${cast}`))).value;
    // The administrator is given Global Administrator by name and holds an active assignment of it: listed once.
    expect(admin.map((r: DirectoryObject) => r.roleTemplateId)).toEqual([ROLE_IDS.globalAdministrator]);
    expect(allan.find((r: DirectoryObject) => r.roleTemplateId === ROLE_IDS.globalAdministrator).id).toBe(admin[0].id);
  });

  it('casts to microsoft.graph.directoryRole and microsoft.graph.group, with $select and the cast context', async () => {
    const token = await asUser('AllanD@contoso.com', ['RoleManagement.Read.Directory', 'GroupMember.Read.All']);
    const roles = await jsonOf(
      await get(token, '/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=displayName,roleTemplateId'),
    );
    expect(roles['@odata.context']).toBe(`${lt().graphV1}/$metadata#directoryRoles(displayName,roleTemplateId)`);
    expect(roles.value).toEqual(
      expect.arrayContaining([
        { displayName: 'Global Administrator', roleTemplateId: ROLE_IDS.globalAdministrator },
        { displayName: 'Exchange Administrator', roleTemplateId: ROLE_IDS.exchangeAdministrator },
      ]),
    );
    expect(roles.value).toHaveLength(2);

    const groups = await jsonOf(
      await get(token, '/me/transitiveMemberOf/microsoft.graph.group?$select=id,displayName'),
    );
    expect(groups['@odata.context']).toBe(`${lt().graphV1}/$metadata#groups(id,displayName)`);
    expect(groups.value.every((g: DirectoryObject) => Object.keys(g).join() === 'id,displayName')).toBe(true);
    expect(ids(groups.value)).toEqual([...ALLAN_GROUPS].sort());

    // A property the type does not have is refused, as Graph refuses it.
    const bad = await get(token, '/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=mail');
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).error.code).toBe('BadRequest');
  });

  it('finds groups through nested groups, for a user addressed by id or by userPrincipalName', async () => {
    const token = await appToken(lt(), directoryReader);
    // A partner guest of Retail Partners, which is nested in Partner Program.
    const nested = await jsonOf(await get(token, `/users/${guestId(2)}/transitiveMemberOf/microsoft.graph.group`));
    expect(ids(nested.value)).toEqual([CONTOSO.retailPartners, G.partnerProgram].sort());
    const byUpn = await get(token, '/users/allanD@CONTOSO.com/transitiveMemberOf?$select=id');
    expect(byUpn.status).toBe(200);
    expect((await jsonOf(byUpn)).value).toHaveLength(ALLAN_GROUPS.length + 2);
    // Someone who belongs to nothing and holds no role.
    const none = await jsonOf(await get(token, `/users/${staffId(69)}/transitiveMemberOf`));
    expect(none.value).toEqual([]);
  });

  it('answers beta too, with the beta group properties', async () => {
    const token = await appToken(lt(), directoryReader);
    const res = await get(token, `/users/${CONTOSO.allan}/transitiveMemberOf`, {}, 'beta');
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body['@odata.context']).toBe(`${lt().graphBeta}/$metadata#directoryObjects`);
    expect(ofType(body.value, 'microsoft.graph.group')[0]).toHaveProperty('isManagementRestricted');
    expect(ofType(body.value, 'microsoft.graph.directoryRole')).toHaveLength(2);
  });

  it('lists a role given to the user by name, and an activation only while it lasts', async () => {
    const token = await appToken(lt(), directoryReader);
    const roles = async (userId: string) =>
      (await jsonOf(await get(token, `/users/${userId}/transitiveMemberOf/microsoft.graph.directoryRole`))).value.map(
        (r: DirectoryObject) => r.displayName,
      );
    expect(await roles(G.governanceAdmin)).toEqual(['Identity Governance Administrator']);
    // Megan is only eligible for Exchange Administrator.
    expect(await roles(CONTOSO.megan)).toEqual([]);
    const megan = lt().tenant.directory.users.get(CONTOSO.megan)!;
    megan.directoryRoles = ['User Administrator'];
    try {
      const [held] = (
        await jsonOf(await get(token, `/users/${CONTOSO.megan}/transitiveMemberOf/microsoft.graph.directoryRole`))
      ).value;
      expect(held).toMatchObject({ displayName: 'User Administrator', roleTemplateId: ROLE_IDS.userAdministrator });
    } finally {
      megan.directoryRoles = [];
    }
  });

  it('gives @odata.type and id only, other properties null, for objects the permissions do not read', async () => {
    // User.Read reaches the signed-in user's memberships, not the groups and roles themselves (permissions-overview).
    const res = await get(await asUser('AllanD@contoso.com', ['User.Read']), '/me/transitiveMemberOf');
    expect(res.status).toBe(200);
    const { value } = await jsonOf(res);
    expect(value).toHaveLength(ALLAN_GROUPS.length + 2);
    for (const o of value as DirectoryObject[]) {
      expect(o.id).toMatch(/^[0-9a-f-]{36}$/);
      for (const [k, v] of Object.entries(o)) if (k !== 'id' && k !== '@odata.type') expect(v).toBeNull();
    }
    expect(ids(ofType(value, 'microsoft.graph.group'))).toEqual([...ALLAN_GROUPS].sort());
    // An app with User.Read.All alone reads another user's memberships the same way.
    const app = await jsonOf(
      await get(
        await appToken(lt(), userReader),
        `/users/${CONTOSO.allan}/transitiveMemberOf/microsoft.graph.directoryRole`,
      ),
    );
    expect(app.value).toHaveLength(2);
    expect(app.value.every((r: DirectoryObject) => r.roleTemplateId === null && r.displayName === null)).toBe(true);
    // Groups are read with a group permission and roles with a role management one.
    const groupsOnly = await jsonOf(
      await get(await asUser('AllanD@contoso.com', ['GroupMember.Read.All']), '/me/transitiveMemberOf'),
    );
    expect(ofType(groupsOnly.value, 'microsoft.graph.group').every((g) => typeof g.displayName === 'string')).toBe(
      true,
    );
    expect(ofType(groupsOnly.value, 'microsoft.graph.directoryRole').every((r) => r.displayName === null)).toBe(true);
  });

  it('takes the documented permissions: /me delegated only, another user with User.Read.All or higher', async () => {
    const refused = async (res: Response, status = 403, code = 'Authorization_RequestDenied') => {
      expect(res.status).toBe(status);
      expect((await jsonOf(res)).error.code).toBe(code);
    };
    // Application permissions are not supported on /me: there is no signed-in user.
    await refused(await get(await appToken(lt(), directoryReader), '/me/transitiveMemberOf'), 400, 'BadRequest');
    const userRead = await asUser('AllanD@contoso.com', ['User.Read']);
    // User.Read reaches the signed-in user's own memberships by either path, and no one else's.
    expect((await get(userRead, `/users/${CONTOSO.allan}/transitiveMemberOf`)).status).toBe(200);
    await refused(await get(userRead, `/users/${CONTOSO.alex}/transitiveMemberOf`));
    await refused(await get(await asUser('AllanD@contoso.com', ['Mail.Read']), '/me/transitiveMemberOf'));
    expect(
      (await get(await asUser('AllanD@contoso.com', ['User.Read.All']), `/users/${CONTOSO.alex}/transitiveMemberOf`))
        .status,
    ).toBe(200);
    await refused(await get(await appToken(lt(), nothing), `/users/${CONTOSO.alex}/transitiveMemberOf`));
    expect((await get(await appToken(lt(), userReader), `/users/${CONTOSO.alex}/transitiveMemberOf`)).status).toBe(200);
    const unknown = await get(await appToken(lt(), userReader), '/users/nobody@contoso.com/transitiveMemberOf');
    await refused(unknown, 404, 'Request_ResourceNotFound');
  });

  it('pages with $top and @odata.nextLink ($skiptoken), as the other directory collections do', async () => {
    const token = await appToken(lt(), directoryReader);
    const first = await jsonOf(await get(token, `/users/${CONTOSO.allan}/transitiveMemberOf?$top=3&$select=id`));
    expect(first.value).toHaveLength(3);
    expect(first['@odata.nextLink']).toMatch(
      new RegExp(`^${lt().graphV1}/users/${CONTOSO.allan}/transitiveMemberOf\\?.*\\$skiptoken=`),
    );
    const seen = first.value.map((o: DirectoryObject) => o.id);
    let next: string | undefined = first['@odata.nextLink'];
    while (next) {
      const page = await jsonOf(await graphFetch(next, token, 'GET'));
      expect(page.value.length).toBeLessThanOrEqual(3);
      seen.push(...page.value.map((o: DirectoryObject) => o.id));
      next = page['@odata.nextLink'];
    }
    expect(seen).toHaveLength(ALLAN_GROUPS.length + 2);
    expect(new Set(seen).size).toBe(seen.length);
    for (const bad of ['?$top=0', '?$top=1000', '?$skip=1']) {
      expect((await get(token, `/users/${CONTOSO.allan}/transitiveMemberOf${bad}`)).status).toBe(400);
    }
  });

  it('takes $filter, $orderby and $count as advanced queries only (ConsistencyLevel: eventual, $count=true)', async () => {
    const token = await appToken(lt(), directoryReader);
    const path = `/users/${CONTOSO.allan}/transitiveMemberOf/microsoft.graph.group`;
    const plain = await get(token, `${path}?$filter=startswith(displayName,'Finance')`);
    expect(plain.status).toBe(400);
    expect((await jsonOf(plain)).error.code).toBe('Request_UnsupportedQuery');
    expect((await get(token, `${path}?$orderby=displayName`)).status).toBe(400);
    const advanced = await jsonOf(
      await get(token, `${path}?$count=true&$filter=startswith(displayName,'Finance')&$orderby=displayName`, eventual),
    );
    expect(advanced['@odata.count']).toBe(2);
    expect(advanced.value.map((g: DirectoryObject) => g.displayName)).toEqual([
      'Finance Approvers',
      'Finance file share',
    ]);

    const count = await get(token, `${path}/$count`, eventual);
    expect(count.status).toBe(200);
    expect(await count.text()).toBe(String(ALLAN_GROUPS.length));
    expect(await (await get(token, `/users/${CONTOSO.allan}/transitiveMemberOf/$count`, eventual)).text()).toBe(
      String(ALLAN_GROUPS.length + 2),
    );
    expect((await get(token, `${path}/$count`)).status).toBe(400);
  });

  it('answers inside $batch', async () => {
    const token = await appToken(lt(), directoryReader);
    const res = await postJson(
      `${lt().graphV1}/$batch`,
      {
        requests: [
          {
            id: '1',
            method: 'GET',
            url: `/users/${CONTOSO.allan}/transitiveMemberOf/microsoft.graph.directoryRole?$select=id,roleTemplateId`,
          },
          { id: '2', method: 'GET', url: `/users/${CONTOSO.alex}/manager?$select=id` },
        ],
      },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(200);
    const byId = Object.fromEntries((await jsonOf(res)).responses.map((r: { id: string }) => [r.id, r]));
    expect(byId['1'].status).toBe(200);
    expect(byId['1'].body.value.map((r: DirectoryObject) => r.roleTemplateId).sort()).toEqual(
      [ROLE_IDS.exchangeAdministrator, ROLE_IDS.globalAdministrator].sort(),
    );
    expect(byId['2'].body).toMatchObject({ id: CONTOSO.megan });
  });

  it('drops an activated role once the activation ends (the tenant clock)', async () => {
    const token = await appToken(lt(), directoryReader);
    const path = `/users/${CONTOSO.diego}/transitiveMemberOf/microsoft.graph.directoryRole?$select=roleTemplateId`;
    expect((await jsonOf(await get(token, path))).value).toEqual([{ roleTemplateId: ROLE_IDS.globalAdministrator }]);
    // Diego's activation of Global Administrator ends within four hours; his eligibility stays.
    expect((await postJson(`${lt().url}/_localtenant/clock/advance`, { hours: 4 })).status).toBe(200);
    expect((await jsonOf(await get(await appToken(lt(), directoryReader), path))).value).toEqual([]);
  });
});

describe('GET /users/{id | upn}/manager and /me/manager', () => {
  it("answers the manager as a user, with @odata.type, the default properties, or $select's", async () => {
    const token = await appToken(lt(), userReader);
    const res = await get(token, `/users/${CONTOSO.alex}/manager`);
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body).toMatchObject({
      '@odata.context': `${lt().graphV1}/$metadata#directoryObjects/$entity`,
      '@odata.type': '#microsoft.graph.user',
      id: CONTOSO.megan,
      displayName: 'Megan Bowen',
      jobTitle: 'Marketing Manager',
      userPrincipalName: 'MeganB@contoso.com',
    });
    expect(body).toHaveProperty('businessPhones');
    expect(body).not.toHaveProperty('department');

    const selected = await jsonOf(
      await get(token, '/users/MeganB@contoso.com/manager?$select=id,displayName,userPrincipalName'),
    );
    expect(selected).toEqual({
      '@odata.context': `${lt().graphV1}/$metadata#directoryObjects(id,displayName,userPrincipalName)/$entity`,
      '@odata.type': '#microsoft.graph.user',
      id: CONTOSO.admin,
      displayName: 'MOD Administrator',
      userPrincipalName: 'admin@contoso.com',
    });
    expect((await get(token, `/users/${CONTOSO.alex}/manager?$select=nope`)).status).toBe(400);
  });

  it('answers 404 Request_ResourceNotFound for a user without a manager, and for an unknown user', async () => {
    const token = await appToken(lt(), userReader);
    const none = await get(token, `/users/${CONTOSO.admin}/manager`);
    expect(none.status).toBe(404);
    const error = (await jsonOf(none)).error;
    expect(error.code).toBe('Request_ResourceNotFound');
    expect(error.message).toContain("'manager'");
    const unknown = await get(token, '/users/00000000-0000-0000-0000-0000000000ab/manager');
    expect(unknown.status).toBe(404);
    expect((await jsonOf(unknown)).error.code).toBe('Request_ResourceNotFound');
  });

  it('takes User.Read.All or higher, delegated or application (user-list-manager)', async () => {
    expect((await get(await appToken(lt(), nothing), `/users/${CONTOSO.alex}/manager`)).status).toBe(403);
    const userRead = await asUser('AlexW@contoso.com', ['User.Read']);
    expect((await get(userRead, '/me/manager')).status).toBe(403);
    expect((await get(userRead, `/users/${CONTOSO.alex}/manager`)).status).toBe(403);
    const readAll = await asUser('AlexW@contoso.com', ['User.Read.All']);
    expect((await jsonOf(await get(readAll, '/me/manager'))).id).toBe(CONTOSO.megan);
    expect((await get(await appToken(lt(), directoryReader), '/me/manager')).status).toBe(400);
  });

  it('knows the managers of the seeded staff and of a generated tenant', async () => {
    const token = await appToken(lt(), userReader);
    expect((await jsonOf(await get(token, `/users/${staffId(3)}/manager?$select=id`))).id).toBe(CONTOSO.megan);
    const generated = await jsonOf(
      await postJson(`${lt().url}/_localtenant/generate`, { seed: 41, reviewers: 8, reviews: 1, itemsPerInstance: 12 }),
    );
    for (const upn of generated.reviewerUpns as string[]) {
      const manager = await get(token, `/users/${upn}/manager?$select=id,userPrincipalName`);
      expect(manager.status).toBe(200);
      const { userPrincipalName } = await jsonOf(manager);
      expect(userPrincipalName).toMatch(/^user\d+\.s41@contoso\.com$/);
    }
  });
});
