import { json, route, Route } from '../http';
import type { Tenant } from '../tenant';
import { answeringOAuthErrors } from './oauthErrors';
import { checkTenantSegment, MULTI_TENANT_ALIASES } from './tenantSegment';

const CACHED = { 'Cache-Control': 'max-age=86400, private', 'Access-Control-Allow-Origin': '*' };

/**
 * The OpenID Connect discovery document, as Entra publishes it for a tenant. msal-node reads it from
 * {authority}/v2.0/.well-known/openid-configuration (with knownAuthorities it skips instance discovery).
 * Endpoints always name the tenant by id, as Entra's do, even when the document was asked for by domain.
 */
export function openIdConfiguration(tenant: Tenant, segment: string): Record<string, unknown> {
  const base = tenant.baseUrl;
  const multi = MULTI_TENANT_ALIASES.includes(segment.toLowerCase());
  const t = multi ? segment.toLowerCase() : tenant.id;
  return {
    token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    // Entra's multi-tenant documents carry a {tenantid} placeholder in the issuer.
    issuer: multi ? `${base}/{tenantid}/v2.0` : tenant.issuer,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${t}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/${t}/kerberos`,
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    // Graph of the local tenant is served by the same host.
    msgraph_host: new URL(base).host,
    rbac_url: 'https://pas.windows.net',
  };
}

export function metadataRoutes(tenant: Tenant): Route[] {
  return [
    route(
      'GET',
      /^\/(?<tenant>[^/]+)\/v2\.0\/\.well-known\/openid-configuration$/,
      'GET /{tenant}/v2.0/.well-known/openid-configuration',
      answeringOAuthErrors(tenant.clock, (req) => {
        checkTenantSegment(tenant, req.params.tenant, { multiTenant: true });
        return json(200, openIdConfiguration(tenant, req.params.tenant), CACHED);
      }),
    ),
    route(
      'GET',
      /^\/(?<tenant>[^/]+)\/discovery\/v2\.0\/keys$/,
      'GET /{tenant}/discovery/v2.0/keys',
      answeringOAuthErrors(tenant.clock, (req) => {
        checkTenantSegment(tenant, req.params.tenant, { multiTenant: true });
        const keys = tenant.keys.jwks().keys.map((k) => ({ ...k, x5t: k.kid, issuer: tenant.issuer }));
        return json(200, { keys }, CACHED);
      }),
    ),
  ];
}
