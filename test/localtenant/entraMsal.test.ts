import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { defaultBotApp, LocalTenant } from '../../localtenant';
import { AppRegistration } from '../../localtenant/model';
import { jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { claimsOf, confidentialClient, graphScopes, teamsSsoToken } from '../support/tokens';

const daemon: AppRegistration = {
  clientId: '6b0d4c1e-2f3a-4b5c-8d7e-9f0a1b2c3d4e',
  clientSecret: 'daemon-secret-value',
  displayName: 'Attest reporting daemon',
  identifierUris: [],
  applicationPermissions: ['User.Read.All', 'GroupMember.Read.All'],
};
const consentLimited: AppRegistration = {
  clientId: '0c9e8d7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f',
  clientSecret: 'limited-secret-value',
  displayName: 'Attest (consent for User.Read only)',
  identifierUris: ['api://botid-0c9e8d7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f'],
  applicationPermissions: [],
  consentedScopes: ['User.Read'],
};

async function graphGet(lt: LocalTenant, path: string, token: string): Promise<Response> {
  return fetch(`${lt.graphV1}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

async function tokenRequests(lt: LocalTenant): Promise<number> {
  const log = await jsonOf(await fetch(`${lt.url}/_localtenant/requests`));
  return log.byRoute['POST /{tenant}/oauth2/v2.0/token'] ?? 0;
}

async function advanceClock(lt: LocalTenant, by: { hours?: number; days?: number }): Promise<void> {
  const res = await postJson(`${lt.url}/_localtenant/clock/advance`, by);
  expect(res.status).toBe(200);
}

describe('msal-node against the local Entra', () => {
  const lt = useLocalTenant({ apps: [defaultBotApp(), daemon, consentLimited] });

  it('exchanges a Teams SSO token on behalf of the user for a Graph token that Graph accepts', async () => {
    const sso = await teamsSsoToken(lt(), 'AlexW@contoso.com');
    const result = await confidentialClient(lt()).acquireTokenOnBehalfOf({
      oboAssertion: sso,
      scopes: graphScopes(['User.Read', 'GroupMember.Read.All']),
    });
    expect(result).not.toBeNull();
    const claims = claimsOf(result!.accessToken);
    expect(claims.aud).toBe('https://graph.microsoft.com');
    expect(claims.scp.split(' ').sort()).toEqual(['GroupMember.Read.All', 'User.Read']);
    expect(claims.appid).toBe(lt().apps[0].clientId);
    expect(claims.upn).toBe('AlexW@contoso.com');
    // client_info gives msal the account's home id as oid.tid.
    expect(result!.account?.homeAccountId).toBe(`${claims.oid}.${lt().tenantId}`);
    expect(result!.account?.username).toBe('AlexW@contoso.com');
    const me = await graphGet(lt(), '/me', result!.accessToken);
    expect(me.status).toBe(200);
    expect((await jsonOf(me)).displayName).toBe('Alex Wilber');
  });

  it('refreshes silently with the refresh token once the access token has expired by the tenant clock', async () => {
    const cca = confidentialClient(lt());
    const scopes = graphScopes(['User.Read']);
    const first = await cca.acquireTokenOnBehalfOf({
      oboAssertion: await teamsSsoToken(lt(), 'MeganB@contoso.com'),
      scopes,
    });
    const account = (await cca.getTokenCache().getAllAccounts())[0];
    expect(account.username).toBe('MeganB@contoso.com');

    await advanceClock(lt(), { hours: 2 });
    expect((await graphGet(lt(), '/me', first!.accessToken)).status).toBe(401);

    // msal judges its cached token by the machine clock, which the tenant clock does not move, so the test asks
    // for the refresh explicitly, as the bot does after Graph answers 401.
    const before = await tokenRequests(lt());
    const renewed = await cca.acquireTokenSilent({ account, scopes, forceRefresh: true });
    expect(await tokenRequests(lt())).toBe(before + 1);
    expect(renewed.accessToken).not.toBe(first!.accessToken);
    const me = await graphGet(lt(), '/me', renewed.accessToken);
    expect(me.status).toBe(200);
    expect((await jsonOf(me)).userPrincipalName).toBe('MeganB@contoso.com');
  });

  it('issues app tokens with the admin-consented application permissions for client credentials', async () => {
    const result = await confidentialClient(lt(), daemon).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const claims = claimsOf(result!.accessToken);
    expect(claims.roles).toEqual(['User.Read.All', 'GroupMember.Read.All']);
    expect(claims.scp).toBeUndefined();
    expect((await graphGet(lt(), '/users?$top=1', result!.accessToken)).status).toBe(200);
    expect((await graphGet(lt(), '/me', result!.accessToken)).status).toBe(400);
  });

  it('answers a wrong client secret with invalid_client (AADSTS7000215)', async () => {
    const cca = confidentialClient(lt(), { clientId: daemon.clientId, clientSecret: 'not-the-secret' });
    const err = await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }).then(
      () => undefined,
      (e) => e,
    );
    expect(err).toBeInstanceOf(ServerError);
    expect(err.errorCode).toBe('invalid_client');
    expect(err.errorMessage).toContain('AADSTS7000215');
  });

  it('answers an unknown app with unauthorized_client (AADSTS700016)', async () => {
    const cca = confidentialClient(lt(), { clientId: '11111111-2222-4333-8444-555555555555', clientSecret: 'x' });
    await expect(
      cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }),
    ).rejects.toMatchObject({
      errorCode: 'unauthorized_client',
      errorMessage: expect.stringContaining('AADSTS700016'),
    });
  });

  it('refuses an expired SSO token as the assertion with invalid_grant (AADSTS500133)', async () => {
    const sso = await teamsSsoToken(lt(), 'DiegoS@contoso.com');
    await advanceClock(lt(), { hours: 2 });
    const err = await confidentialClient(lt())
      .acquireTokenOnBehalfOf({ oboAssertion: sso, scopes: graphScopes(['User.Read']) })
      .then(
        () => undefined,
        (e) => e,
      );
    expect(err.errorCode).toBe('invalid_grant');
    expect(err.errorMessage).toContain('AADSTS500133');
  });

  it('fails the silent refresh after the user sessions are revoked, as interaction required', async () => {
    const cca = confidentialClient(lt());
    const scopes = graphScopes(['User.Read']);
    await cca.acquireTokenOnBehalfOf({ oboAssertion: await teamsSsoToken(lt(), 'AllanD@contoso.com'), scopes });
    const account = (await cca.getTokenCache().getAllAccounts())[0];
    const revoke = await postJson(`${lt().url}/_localtenant/dev/revoke-sessions`, { user: 'AllanD@contoso.com' });
    expect(revoke.status).toBe(204);

    const err = await cca.acquireTokenSilent({ account, scopes, forceRefresh: true }).then(
      () => undefined,
      (e) => e,
    );
    expect(err).toBeInstanceOf(InteractionRequiredAuthError);
    expect(err.errorCode).toBe('invalid_grant');
    expect(err.subError).toBe('bad_token');
    expect(err.errorMessage).toContain('AADSTS50173');

    // A new sign-in (a fresh SSO token) works again.
    const again = await confidentialClient(lt()).acquireTokenOnBehalfOf({
      oboAssertion: await teamsSsoToken(lt(), 'AllanD@contoso.com'),
      scopes,
    });
    expect(claimsOf(again!.accessToken).upn).toBe('AllanD@contoso.com');
  });

  it('lets an unused refresh token expire after 90 days', async () => {
    const cca = confidentialClient(lt());
    const scopes = graphScopes(['User.Read']);
    await cca.acquireTokenOnBehalfOf({ oboAssertion: await teamsSsoToken(lt(), 'AlexW@contoso.com'), scopes });
    const account = (await cca.getTokenCache().getAllAccounts())[0];
    await advanceClock(lt(), { days: 89 });
    const stillFine = await cca.acquireTokenSilent({ account, scopes, forceRefresh: true });
    expect(stillFine.accessToken).toBeTruthy();
    // Each use rotates the refresh token with a fresh 90 days; 91 idle days later it has expired.
    await advanceClock(lt(), { days: 91 });
    await expect(cca.acquireTokenSilent({ account, scopes, forceRefresh: true })).rejects.toMatchObject({
      name: 'InteractionRequiredAuthError',
      errorCode: 'invalid_grant',
      errorMessage: expect.stringContaining('AADSTS700082'),
    });
  });

  it('asks for consent (AADSTS65001) when the app has no consent for a requested scope', async () => {
    const sso = await teamsSsoToken(lt(), 'AlexW@contoso.com', consentLimited.clientId);
    const cca = confidentialClient(lt(), consentLimited);
    const err = await cca
      .acquireTokenOnBehalfOf({ oboAssertion: sso, scopes: graphScopes(['User.Read', 'GroupMember.Read.All']) })
      .then(
        () => undefined,
        (e) => e,
      );
    expect(err).toBeInstanceOf(InteractionRequiredAuthError);
    expect(err.subError).toBe('consent_required');
    expect(err.errorMessage).toContain('AADSTS65001');

    const allowed = await cca.acquireTokenOnBehalfOf({ oboAssertion: sso, scopes: graphScopes(['User.Read']) });
    expect(claimsOf(allowed!.accessToken).scp).toBe('User.Read');
  });
});
