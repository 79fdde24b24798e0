import { createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LocalTenant } from '../../localtenant';
import { SigningKeys } from '../../localtenant/entra/keys';
import { jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { claimsOf, teamsSsoToken } from '../support/tokens';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function postForm(lt: LocalTenant, form: Record<string, string>, tenant = lt.tenantId): Promise<Response> {
  return fetch(`${lt.url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

function obo(lt: LocalTenant, assertion: string, scope: string, extra: Record<string, string> = {}) {
  const app = lt.apps[0];
  return postForm(lt, {
    grant_type: JWT_BEARER,
    client_id: app.clientId,
    client_secret: app.clientSecret,
    assertion,
    scope,
    requested_token_use: 'on_behalf_of',
    ...extra,
  });
}

describe('the local Entra token service over HTTP', () => {
  const lt = useLocalTenant();

  it('publishes OpenID metadata for the tenant id and for its domain, with endpoints named by tenant id', async () => {
    const byId = await jsonOf(await fetch(`${lt().authority}/v2.0/.well-known/openid-configuration`));
    expect(byId.issuer).toBe(`${lt().url}/${lt().tenantId}/v2.0`);
    expect(byId.token_endpoint).toBe(`${lt().url}/${lt().tenantId}/oauth2/v2.0/token`);
    expect(byId.jwks_uri).toBe(`${lt().url}/${lt().tenantId}/discovery/v2.0/keys`);
    expect(byId.authorization_endpoint).toBe(`${lt().url}/${lt().tenantId}/oauth2/v2.0/authorize`);
    expect(byId.end_session_endpoint).toBe(`${lt().url}/${lt().tenantId}/oauth2/v2.0/logout`);
    const byDomain = await jsonOf(await fetch(`${lt().url}/contoso.com/v2.0/.well-known/openid-configuration`));
    expect(byDomain.token_endpoint).toBe(byId.token_endpoint);
    const common = await jsonOf(await fetch(`${lt().url}/organizations/v2.0/.well-known/openid-configuration`));
    expect(common.issuer).toBe(`${lt().url}/{tenantid}/v2.0`);
  });

  it('answers metadata of an unknown tenant with AADSTS90002', async () => {
    const res = await fetch(`${lt().url}/fabrikam.com/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.error).toBe('invalid_tenant');
    expect(body.error_codes).toEqual([90002]);
  });

  it('signs tokens with a key the JWKS publishes', async () => {
    const sso = await teamsSsoToken(lt(), 'AlexW@contoso.com');
    const { keys } = await jsonOf(await fetch(`${lt().url}/${lt().tenantId}/discovery/v2.0/keys`));
    const kid = jwt.decode(sso, { complete: true })!.header.kid;
    const jwk = keys.find((k: { kid: string }) => k.kid === kid);
    expect(jwk).toBeDefined();
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    expect(() => jwt.verify(sso, key, { algorithms: ['RS256'], ignoreExpiration: true })).not.toThrow();
  });

  it('mints the Teams SSO token for the bot: api://botid audience, access_as_user, the Teams client as azp', async () => {
    const claims = claimsOf(await teamsSsoToken(lt(), 'AlexW@contoso.com'));
    expect(claims.aud).toBe(`api://botid-${lt().apps[0].clientId}`);
    expect(claims.scp).toBe('access_as_user');
    expect(claims.azp).toBe('1fec8e78-bce4-4aaf-ab1b-5451cc387264');
    expect(claims.iss).toBe(lt().tenant.issuer);
    expect(claims.tid).toBe(lt().tenantId);
    expect(claims.upn).toBe('AlexW@contoso.com');
    expect(claims.exp - claims.iat).toBe(3600);
  });

  it('answers the dev SSO endpoint for an unknown user with 404', async () => {
    const res = await postJson(`${lt().url}/_localtenant/dev/teams-sso-token`, { user: 'nobody@contoso.com' });
    expect(res.status).toBe(404);
    expect((await jsonOf(res)).error_description).toMatch(/^AADSTS50034: /);
  });

  it('returns the on-behalf-of tokens Entra returns: access, refresh and id token, and client_info', async () => {
    const sso = await teamsSsoToken(lt(), 'AlexW@contoso.com');
    const res = await obo(lt(), sso, 'https://graph.microsoft.com/User.Read openid profile offline_access', {
      client_info: '1',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const body = await jsonOf(res);
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3600);
    expect(body.scope.split(' ')).toEqual(['https://graph.microsoft.com/User.Read', 'openid', 'profile']);
    expect(body.refresh_token).toEqual(expect.any(String));
    const alex = lt().tenant.directory.findUser('AlexW@contoso.com')!;
    const id = claimsOf(body.id_token);
    expect(id).toMatchObject({
      aud: lt().apps[0].clientId,
      oid: alex.id,
      tid: lt().tenantId,
      preferred_username: 'AlexW@contoso.com',
      name: 'Alex Wilber',
    });
    expect(id.sub).toEqual(expect.any(String));
    expect(JSON.parse(Buffer.from(body.client_info, 'base64url').toString())).toEqual({
      uid: alex.id,
      utid: lt().tenantId,
    });
    const access = claimsOf(body.access_token);
    expect(access).toMatchObject({ aud: 'https://graph.microsoft.com', scp: 'User.Read', oid: alex.id });
    expect(access.exp - access.iat).toBe(3600);
  });

  it('gives no refresh token without offline_access and no id token without openid', async () => {
    const body = await jsonOf(await obo(lt(), await teamsSsoToken(lt(), 'AlexW@contoso.com'), 'User.Read'));
    expect(body.access_token).toEqual(expect.any(String));
    expect(body.refresh_token).toBeUndefined();
    expect(body.id_token).toBeUndefined();
    expect(body.scope).toBe('User.Read');
  });

  it('rotates refresh tokens: the used one stops working', async () => {
    const app = lt().apps[0];
    const first = await jsonOf(
      await obo(lt(), await teamsSsoToken(lt(), 'AlexW@contoso.com'), 'User.Read offline_access'),
    );
    const refresh = (token: string) =>
      postForm(lt(), {
        grant_type: 'refresh_token',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        refresh_token: token,
        scope: 'User.Read offline_access',
      });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    const next = await jsonOf(second);
    expect(next.refresh_token).not.toBe(first.refresh_token);
    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(await jsonOf(reused)).toMatchObject({ error: 'invalid_grant', error_codes: [9002313] });
  });

  it('answers errors in the Entra format, echoing the correlation id', async () => {
    const res = await postForm(lt(), {
      grant_type: 'password',
      client_id: lt().apps[0].clientId,
      'client-request-id': '0b7b3f1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.error).toBe('unsupported_grant_type');
    expect(body.error_codes).toEqual([70003]);
    expect(body.error_description).toMatch(/^AADSTS70003: .*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: /s);
    expect(body.correlation_id).toBe('0b7b3f1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b');
    expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
    expect(body.error_uri).toBe('https://login.microsoftonline.com/error?code=70003');
  });

  it('answers a request without grant_type with invalid_request (AADSTS900144)', async () => {
    const body = await jsonOf(await postForm(lt(), { client_id: lt().apps[0].clientId }));
    expect(body).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
  });

  it('refuses assertions addressed to someone else or signed by another key (AADSTS50013)', async () => {
    const graphToken = (await jsonOf(await obo(lt(), await teamsSsoToken(lt(), 'AlexW@contoso.com'), 'User.Read')))
      .access_token;
    const wrongAudience = await jsonOf(await obo(lt(), graphToken, 'User.Read'));
    expect(wrongAudience).toMatchObject({ error: 'invalid_grant', error_codes: [50013] });
    expect(wrongAudience.error_description).toContain(
      "The audience in the assertion was 'https://graph.microsoft.com'",
    );

    const forged = new SigningKeys().sign(claimsOf(await teamsSsoToken(lt(), 'AlexW@contoso.com')));
    const wrongKey = await jsonOf(await obo(lt(), forged, 'User.Read'));
    expect(wrongKey).toMatchObject({ error: 'invalid_grant', error_codes: [50013] });
    expect(wrongKey.error_description).toContain('signature validation');
  });

  it('refuses scopes of resources this tenant does not have (AADSTS500011)', async () => {
    const body = await jsonOf(
      await obo(lt(), await teamsSsoToken(lt(), 'AlexW@contoso.com'), 'https://outlook.office.com/Mail.Read'),
    );
    expect(body).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
  });

  it('requires /.default for client credentials (AADSTS1002012)', async () => {
    const app = lt().apps[0];
    const res = await postForm(lt(), {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      scope: 'https://graph.microsoft.com/User.Read.All',
    });
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
  });

  it('answers a missing client secret with 401 invalid_client (AADSTS7000218)', async () => {
    const res = await postForm(lt(), {
      grant_type: 'client_credentials',
      client_id: lt().apps[0].clientId,
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(res.status).toBe(401);
    expect(await jsonOf(res)).toMatchObject({ error: 'invalid_client', error_codes: [7000218] });
  });

  it('issues tokens only under its own tenant', async () => {
    const res = await postForm(
      lt(),
      { grant_type: 'client_credentials', client_id: lt().apps[0].clientId },
      'ffffffff-ffff-4fff-8fff-ffffffffffff',
    );
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
  });
});
