import { AppRegistration, GRAPH_APP_ID } from '../model';
import type { Tenant } from '../tenant';
import { GRAPH_RESOURCE } from './issueTokens';
import { missingParameter, OAuthError } from './oauthErrors';

const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];
const GRAPH_PREFIXES = [`${GRAPH_RESOURCE}/`, `${GRAPH_APP_ID}/`];

/** What a delegated token request (on-behalf-of or refresh) is granted. */
export interface DelegatedGrant {
  /** Graph permissions for the token's scp, by short name. */
  graphScopes: string[];
  /** The "scope" of the token response: the Graph scopes as the client wrote them, then the OpenID scopes. */
  responseScope: string;
  openid: boolean;
  offlineAccess: boolean;
}

export function resourceNotFound(tenant: Tenant, resource: string): OAuthError {
  return new OAuthError(
    400,
    'invalid_resource',
    500011,
    `The resource principal named ${resource} was not found in the tenant named ${tenant.domain}. This can happen if ` +
      'the application has not been installed by the administrator of the tenant or consented to by any user in the ' +
      'tenant. You might have sent your authentication request to the wrong tenant.',
  );
}

function consentMissing(app: AppRegistration): OAuthError {
  return new OAuthError(
    400,
    'invalid_grant',
    65001,
    `The user or administrator has not consented to use the application with ID '${app.clientId}' named ` +
      `'${app.displayName}'. Send an interactive authorization request for this user and resource.`,
    'consent_required',
  );
}

/**
 * Reads the space-separated scope parameter of a delegated request. Graph scopes may be written as
 * https://graph.microsoft.com/X, {Graph app id}/X or, Graph being the default resource, as the bare name X.
 * Scopes of any other resource answer AADSTS500011 (this tenant has no other APIs).
 */
export function grantDelegatedScopes(tenant: Tenant, app: AppRegistration, scopeParam: unknown): DelegatedGrant {
  if (typeof scopeParam !== 'string' || !scopeParam.trim()) throw missingParameter('scope');
  const requested = scopeParam.split(/\s+/).filter(Boolean);
  const oidc = requested.filter((s) => OIDC_SCOPES.includes(s.toLowerCase())).map((s) => s.toLowerCase());
  const graph: { name: string; written: string }[] = [];
  let wantsDefault = false;
  for (const scope of requested) {
    if (OIDC_SCOPES.includes(scope.toLowerCase())) continue;
    const prefix = GRAPH_PREFIXES.find((p) => scope.toLowerCase().startsWith(p.toLowerCase()));
    if (prefix) {
      const name = scope.slice(prefix.length);
      if (name === '.default') wantsDefault = true;
      else graph.push({ name, written: scope });
    } else if (scope.includes('/')) {
      throw resourceNotFound(tenant, scope.slice(0, scope.lastIndexOf('/')));
    } else graph.push({ name: scope, written: scope });
  }
  if (wantsDefault && graph.length > 0) {
    // Docs are silent on the exact AADSTS text for mixing /.default with named scopes; Entra refuses the mix.
    throw new OAuthError(
      400,
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope '${scopeParam}' is not valid: ` +
        "'/.default' cannot be combined with other scopes of the same resource.",
    );
  }

  const consented = app.consentedScopes;
  let graphScopes: string[];
  let written: string[];
  if (wantsDefault) {
    // Docs are silent on /.default for an app whose consents the local tenant does not list: treated as no consent.
    if (!consented || consented.length === 0) throw consentMissing(app);
    graphScopes = [...consented];
    written = consented.map((s) => `${GRAPH_RESOURCE}/${s}`);
  } else if (consented) {
    graphScopes = graph.map(({ name }) => {
      const match = consented.find((c) => c.toLowerCase() === name.toLowerCase());
      if (!match) throw consentMissing(app);
      return match;
    });
    written = graph.map((g) => g.written);
  } else {
    graphScopes = graph.map((g) => g.name);
    written = graph.map((g) => g.written);
  }

  return {
    graphScopes: [...new Set(graphScopes)],
    responseScope: [...new Set([...written, ...oidc.filter((s) => s !== 'offline_access')])].join(' '),
    openid: oidc.includes('openid'),
    offlineAccess: oidc.includes('offline_access'),
  };
}
