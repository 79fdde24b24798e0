import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';

/** How the app proves who it is to Entra: its client secret, or a certificate (PEM private key and SHA-256 thumbprint). */
export type AppCredential =
  { clientSecret: string } | { certificate: { privateKey: string; thumbprintSha256: string } };

export interface AppTokenOptions {
  clientId: string;
  authority: string;
  knownAuthorities: string[];
  credential: AppCredential;
}

/** Graph's application permissions are asked for all at once: the ones an administrator granted the app. */
const GRAPH_DEFAULT_SCOPE = ['https://graph.microsoft.com/.default'];

/**
 * The application permissions the tenant-wide path needs (FIRST_CONTACT_ENABLED), each the least privileged one for
 * its call: reading every review in progress and its reviewers (accessreviewscheduledefinition-list,
 * accessreviewinstance-list-contactedreviewers, accessreviewinstance-list-decisions), and adding Attest for a
 * reviewer who lacks it (userteamwork-post-installedapps: TeamsAppInstallation.ReadWriteSelfForUser.All installs
 * only this app). ESCALATE_TO_MANAGERS adds User.Read.All (user-list-manager).
 */
export const FIRST_CONTACT_APP_PERMISSIONS = ['AccessReview.Read.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All'];
export const MANAGER_APP_PERMISSIONS = ['User.Read.All'];

/** Entra refused the app a token, or Graph refused the token for lack of an application permission. */
export class AppAccessRefused extends Error {}

/**
 * App-only Graph tokens (client credentials) with msal-node. The token is kept in msal's in-memory cache, in this
 * process only and never written or logged; msal renews it before it expires.
 */
export class AppTokens {
  private readonly cca: ConfidentialClientApplication;

  constructor(opts: AppTokenOptions) {
    this.cca = new ConfidentialClientApplication({
      auth: {
        clientId: opts.clientId,
        authority: opts.authority,
        knownAuthorities: opts.knownAuthorities,
        ...('clientSecret' in opts.credential
          ? { clientSecret: opts.credential.clientSecret }
          : { clientCertificate: opts.credential.certificate }),
      },
      system: {
        loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
      },
    });
  }

  /**
   * A Graph token carrying the application permissions the tenant's administrator granted (its `roles` claim);
   * `forceRefresh` after Graph refused the one held (401: revoked, or issued before a change), so a new one is had.
   */
  async graphToken(forceRefresh = false): Promise<string> {
    let result;
    try {
      result = await this.cca.acquireTokenByClientCredential({ scopes: GRAPH_DEFAULT_SCOPE, skipCache: forceRefresh });
    } catch (err) {
      const e = err as { errorCode?: string; errorMessage?: string };
      // unauthorized_client / invalid_client: the app or its credential is not accepted; say so without the details.
      throw new AppAccessRefused(`Entra refused the app a token (${e.errorCode ?? 'error'}).`);
    }
    if (!result?.accessToken) throw new AppAccessRefused('Entra returned no app token.');
    return result.accessToken;
  }
}
