import { timingSafeEqual } from 'node:crypto';
import { json, Req, Res, route, Route } from '../http';
import { AppRegistration, GRAPH_APP_ID, User } from '../model';
import type { Tenant } from '../tenant';
import { grantDelegatedScopes, resourceNotFound } from './delegatedScopes';
import {
  ACCESS_TOKEN_SECONDS,
  clientInfo,
  graphAppToken,
  GRAPH_RESOURCE,
  graphUserToken,
  idToken,
} from './issueTokens';
import { answeringOAuthErrors, missingParameter, OAuthError, userNotInDirectory } from './oauthErrors';
import { RefreshTokens } from './refreshTokens';
import { checkTenantSegment } from './tenantSegment';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Clock skew Entra tolerates on an assertion's not-before. */
const SKEW_SECONDS = 300;

type Form = Record<string, string | undefined>;

/**
 * POST /{tenant}/oauth2/v2.0/token (form-encoded) with the grants a confidential client uses: client_credentials,
 * on-behalf-of (jwt-bearer) and refresh_token. Interactive grants (authorization_code, device code) are not served:
 * the local tenant has no sign-in pages.
 */
export function tokenEndpoint(tenant: Tenant, refreshTokens: RefreshTokens): Route {
  return route(
    'POST',
    /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/,
    'POST /{tenant}/oauth2/v2.0/token',
    answeringOAuthErrors(tenant.clock, (req) => {
      checkTenantSegment(tenant, req.params.tenant);
      const form = formOf(req);
      const grantType = form.grant_type;
      if (!grantType) throw missingParameter('grant_type');
      if (grantType === 'client_credentials') return clientCredentials(tenant, form);
      if (grantType === JWT_BEARER) return onBehalfOf(tenant, refreshTokens, form);
      if (grantType === 'refresh_token') return refresh(tenant, refreshTokens, form);
      throw new OAuthError(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grantType}'.`,
      );
    }),
  );
}

function formOf(req: Req): Form {
  const body = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const out: Form = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

function tokenResponse(body: Record<string, unknown>): Res {
  return json(200, body, { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' });
}

/** client_id + client_secret of a registered app (AADSTS700016 for an unknown app, AADSTS7000215 for a bad secret). */
function authenticateClient(tenant: Tenant, form: Form): AppRegistration {
  const clientId = form.client_id;
  if (!clientId) throw missingParameter('client_id');
  const app = tenant.apps.get(clientId);
  if (!app) {
    throw new OAuthError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.domain}'. This can happen ` +
        'if the application has not been installed by the administrator of the tenant or consented to by any user ' +
        'in the tenant. You may have sent your authentication request to the wrong tenant.',
    );
  }
  const secret = form.client_secret;
  if (!secret) {
    throw new OAuthError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const a = Buffer.from(secret);
  const b = Buffer.from(app.clientSecret);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new OAuthError(
      401,
      'invalid_client',
      7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not ' +
        `the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  return app;
}

function clientCredentials(tenant: Tenant, form: Form): Res {
  const app = authenticateClient(tenant, form);
  const scope = form.scope?.trim();
  if (!scope) throw missingParameter('scope');
  if (scope.split(/\s+/).length !== 1 || !scope.endsWith('/.default')) {
    throw new OAuthError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with ` +
        '/.default suffixed to the resource identifier (application ID URI).',
    );
  }
  const resource = scope.slice(0, -'/.default'.length);
  if (resource.toLowerCase() !== GRAPH_RESOURCE && resource.toLowerCase() !== GRAPH_APP_ID) {
    throw resourceNotFound(tenant, resource);
  }
  return tokenResponse({
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_SECONDS,
    ext_expires_in: ACCESS_TOKEN_SECONDS,
    access_token: graphAppToken(tenant, app),
  });
}

function invalidAssertion(description: string): OAuthError {
  return new OAuthError(400, 'invalid_grant', 50013, description);
}

/** The user of an assertion or refresh token must still exist and be enabled. */
function signInUser(tenant: Tenant, userId: string): User {
  const user = tenant.directory.users.get(userId);
  if (!user) {
    throw userNotInDirectory(400, 'invalid_grant', userId, tenant.id);
  }
  if (!user.accountEnabled) {
    throw new OAuthError(
      400,
      'invalid_grant',
      50057,
      'The user account is disabled. The account has been disabled by an administrator.',
    );
  }
  return user;
}

/**
 * The on-behalf-of exchange: the assertion (the user's token for this app's API, e.g. a Teams SSO token) must be
 * signed by this tenant, addressed to this app (api://botid-{id}, another of its identifier URIs, or its client id),
 * issued for this tenant and within its lifetime by the tenant clock.
 */
function onBehalfOf(tenant: Tenant, refreshTokens: RefreshTokens, form: Form): Res {
  const app = authenticateClient(tenant, form);
  if (!form.requested_token_use) throw missingParameter('requested_token_use');
  if (form.requested_token_use !== 'on_behalf_of') {
    // Docs are silent on the code for a jwt-bearer request that is not on_behalf_of; answered as an unsupported grant.
    throw new OAuthError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${JWT_BEARER}' with requested_token_use '${form.requested_token_use}'.`,
    );
  }
  const assertion = form.assertion;
  if (!assertion) throw missingParameter('assertion');
  const audiences = [...new Set([app.clientId, `api://botid-${app.clientId}`, ...app.identifierUris])];
  const nowMs = tenant.clock.nowMs();
  const checked = tenant.keys.verify(assertion, { audience: audiences, nowMs });
  if (!checked.ok) {
    if (checked.reason === 'malformed') {
      throw new OAuthError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
    }
    if (checked.reason === 'signature') {
      throw invalidAssertion('Assertion failed signature validation. [Reason - The key was not found.]');
    }
    if (checked.reason === 'audience') {
      const aud = String(decodeClaims(assertion).aud ?? '');
      throw invalidAssertion(
        `Assertion audience claim does not match the required value. The audience in the assertion was '${aud}' ` +
          `and the expected audience is '${audiences[0]}' or one of the Application Ids of this application.`,
      );
    }
    const exp = Number(decodeClaims(assertion).exp ?? 0);
    throw new OAuthError(
      400,
      'invalid_grant',
      500133,
      'Assertion is not within its valid time range. Ensure that the access token is not expired before using it ' +
        `for user assertion, or request a new token. Current time: ${new Date(nowMs).toISOString()}, expiry time ` +
        `of assertion ${new Date(exp * 1000).toISOString()}.`,
    );
  }
  const claims = checked.claims;
  if (typeof claims.nbf === 'number' && claims.nbf - SKEW_SECONDS > nowMs / 1000) {
    throw new OAuthError(
      400,
      'invalid_grant',
      500133,
      `Assertion is not within its valid time range. Current time: ${new Date(nowMs).toISOString()}, ` +
        `not-before time of assertion ${new Date(claims.nbf * 1000).toISOString()}.`,
    );
  }
  // Docs are silent on the texts for an assertion of another tenant or without a user; both are invalid assertions.
  if (claims.tid !== tenant.id) throw invalidAssertion('Assertion was not issued for this tenant.');
  if (typeof claims.oid !== 'string' || typeof claims.scp !== 'string') {
    throw invalidAssertion('Assertion is not a user token: the on-behalf-of flow works for user principals only.');
  }
  const user = signInUser(tenant, claims.oid);
  return delegatedTokens(tenant, refreshTokens, app, user, form);
}

function refresh(tenant: Tenant, refreshTokens: RefreshTokens, form: Form): Res {
  const app = authenticateClient(tenant, form);
  const token = form.refresh_token;
  if (!token) throw missingParameter('refresh_token');
  const grant = refreshTokens.redeem(token, app.clientId);
  const user = signInUser(tenant, grant.userId);
  // A refreshed grant always carries on with a new refresh token (rotation), so offline_access is implied.
  return delegatedTokens(tenant, refreshTokens, app, user, form, true);
}

function delegatedTokens(
  tenant: Tenant,
  refreshTokens: RefreshTokens,
  app: AppRegistration,
  user: User,
  form: Form,
  keepsRefreshToken = false,
): Res {
  const granted = grantDelegatedScopes(tenant, app, form.scope);
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: granted.responseScope,
    expires_in: ACCESS_TOKEN_SECONDS,
    ext_expires_in: ACCESS_TOKEN_SECONDS,
    access_token: graphUserToken(tenant, user, app, granted.graphScopes),
  };
  if (granted.offlineAccess || keepsRefreshToken) body.refresh_token = refreshTokens.issue(user.id, app.clientId);
  if (granted.openid) body.id_token = idToken(tenant, user, app);
  if (form.client_info === '1') body.client_info = clientInfo(tenant, user);
  return tokenResponse(body);
}

function decodeClaims(token: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}
