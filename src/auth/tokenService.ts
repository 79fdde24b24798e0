import {
  AuthError,
  ConfidentialClientApplication,
  DistributedCachePlugin,
  InteractionRequiredAuthError,
  LogLevel,
} from '@azure/msal-node';
import { TokenCacheStore } from './tokenCacheStore';

/** Why a user has to sign in (again): never signed in, the session expired or was revoked, or consent is missing. */
export type SignInReason = 'notSignedIn' | 'expired' | 'consent';

export class SignInRequired extends Error {
  constructor(
    readonly reason: SignInReason,
    message: string,
  ) {
    super(message);
  }
}

export interface TokenServiceOptions {
  clientId: string;
  clientSecret: string;
  authority: string;
  knownAuthorities: string[];
  /** The delegated Graph scopes to ask for (graphScopes(); default GRAPH_SCOPES). */
  scopes?: string[];
}

/**
 * Delegated Graph permissions the bot acts with, on the user's behalf. Owners creating a quick review need the last
 * two: finding a group by name (GroupMember.Read.All) and the people they name as reviewers (User.ReadBasic.All).
 */
export const GRAPH_SCOPES = [
  'https://graph.microsoft.com/AccessReview.ReadWrite.All',
  'https://graph.microsoft.com/User.Read',
  'https://graph.microsoft.com/User.ReadBasic.All',
  'https://graph.microsoft.com/GroupMember.Read.All',
];

/**
 * Reviews of applications (APP_REVIEWS_ENABLED, on by default: delegated and read-only): finding an application by
 * name, and the names of the apps reviews cover (Application.Read.All, the least privileged permission of
 * serviceprincipal-list and serviceprincipal-get). Off, the bot asks for nothing it needs, so a tenant that has not
 * consented to it still works; owners are told that reviews of applications are off.
 */
export const APP_REVIEW_SCOPES = ['https://graph.microsoft.com/Application.Read.All'];

/**
 * What a row of a role or PIM-for-Groups review says of the assignment (ASSIGNMENT_DETAILS_ENABLED): the least
 * privileged delegated permission of each list the bot reads (Graph api/rbacapplication-list-roleeligibilityscheduleinstances,
 * rbacapplication-list-roleassignmentscheduleinstances, privilegedaccessgroup-list-eligibilityscheduleinstances,
 * privilegedaccessgroup-list-assignmentscheduleinstances). All four need an administrator's consent, and the reviewer
 * still needs a role that may read them (else Graph answers 403 and the rows say nothing of it).
 */
export const ASSIGNMENT_DETAIL_SCOPES = [
  'https://graph.microsoft.com/RoleEligibilitySchedule.Read.Directory',
  'https://graph.microsoft.com/RoleAssignmentSchedule.Read.Directory',
  'https://graph.microsoft.com/PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'https://graph.microsoft.com/PrivilegedAssignmentSchedule.Read.AzureADGroup',
];

/**
 * The admin's `reach` view by role (REACH_ADMINS_BY_ROLE): the user's own directory roles with their template ids
 * (user-list-transitivememberof returns a role's properties only to a caller that may read roles; with User.Read
 * alone they come back null, "limited information returned for inaccessible member objects").
 */
export const REACH_ROLE_SCOPES = ['https://graph.microsoft.com/RoleManagement.Read.Directory'];

/** The scopes the bot asks for with this configuration: the extra ones only when the feature that needs them is on. */
export function graphScopes(opts: {
  assignmentDetails: boolean;
  appReviews?: boolean;
  reachRoles?: boolean;
}): string[] {
  return [
    ...GRAPH_SCOPES,
    ...(opts.appReviews === false ? [] : APP_REVIEW_SCOPES),
    ...(opts.assignmentDetails ? ASSIGNMENT_DETAIL_SCOPES : []),
    ...(opts.reachRoles ? REACH_ROLE_SCOPES : []),
  ];
}

/**
 * Graph tokens on behalf of each user: the Teams SSO token is exchanged once (on-behalf-of), then msal-node keeps
 * the user's refresh token in their sealed cache partition and renews access silently, for card actions and for
 * background polling alike. One msal client per call, bound to that user's partition.
 */
/** How long an access token is reused in memory before the sealed cache is read again. */
const HOLD_MS = 60_000;
const MAX_HELD = 10_000;

export class TokenService {
  private readonly recent = new Map<string, { token: string; until: number }>();

  private readonly signedIn: ((userId: string) => Promise<unknown>)[] = [];
  /**
   * @param ssoTokenSource where a user's Teams SSO token can be had without the user, when there is such a place
   * (local mode: the local tenant stands in for the Teams client). In Teams, only the client has it.
   */
  constructor(
    private readonly opts: TokenServiceOptions,
    private readonly store: TokenCacheStore,
    private readonly ssoTokenSource?: (userId: string) => Promise<string>,
  ) {}

  private get scopes(): string[] {
    return this.opts.scopes ?? graphScopes({ assignmentDetails: false });
  }

  /** Runs after every successful sign-in (reminders enrol the reviewer); its failure never fails the sign-in. */
  whenSignedIn(listener: (userId: string) => Promise<unknown>): void {
    this.signedIn.push(listener);
  }

  private clientFor(userId: string): ConfidentialClientApplication {
    const { client, partitions } = this.store.forUser(userId);
    return new ConfidentialClientApplication({
      auth: {
        clientId: this.opts.clientId,
        clientSecret: this.opts.clientSecret,
        authority: this.opts.authority,
        knownAuthorities: this.opts.knownAuthorities,
      },
      cache: { cachePlugin: new DistributedCachePlugin(client, partitions) },
      system: {
        loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
      },
    });
  }

  /** Exchanges the user's Teams SSO token for Graph access and keeps the session. */
  async signIn(userId: string, ssoToken: string): Promise<void> {
    this.recent.delete(userId);
    try {
      const result = await this.clientFor(userId).acquireTokenOnBehalfOf({
        oboAssertion: ssoToken,
        scopes: this.scopes,
      });
      if (!result?.accessToken) throw new SignInRequired('expired', 'The sign-in did not return a token.');
      if (result.uniqueId && result.uniqueId !== userId) {
        await this.store.remove(userId);
        throw new SignInRequired('notSignedIn', 'The sign-in token belongs to someone else.');
      }
    } catch (err) {
      throw asSignInRequired(err);
    }
    await Promise.all(this.signedIn.map((listener) => listener(userId).catch(() => undefined)));
  }

  /**
   * A Graph access token for the user, silently (cache, then refresh token, then the SSO token source if there is
   * one); SignInRequired when that is not possible.
   */
  async graphToken(userId: string): Promise<string> {
    try {
      return await this.silentToken(userId);
    } catch (err) {
      if (!(err instanceof SignInRequired) || err.reason === 'consent' || !this.ssoTokenSource) throw err;
      await this.signIn(userId, await this.ssoTokenSource(userId));
      return this.silentToken(userId);
    }
  }

  /**
   * Graph refused a token it had issued (revoked, or expired early): the session is forgotten. True when a new one
   * can be had without the user (there is an SSO token source), so the call is worth one more try.
   */
  async refused(userId: string): Promise<boolean> {
    await this.signOut(userId);
    return !!this.ssoTokenSource;
  }

  private async silentToken(userId: string): Promise<string> {
    const held = this.recent.get(userId);
    if (held && held.until > Date.now()) return held.token;
    const cca = this.clientFor(userId);
    const account = await accountOf(cca, userId);
    if (!account) throw new SignInRequired('notSignedIn', 'You are not signed in yet.');
    try {
      const result = await cca.acquireTokenSilent({ account, scopes: this.scopes });
      if (!result?.accessToken) throw new SignInRequired('expired', 'Your sign-in has expired.');
      this.hold(userId, result.accessToken, result.expiresOn);
      return result.accessToken;
    } catch (err) {
      throw asSignInRequired(err);
    }
  }

  /**
   * Keeps the access token in this process for a short while: reading and opening the sealed cache is half of a
   * turn's time. Never past five minutes before it expires, never longer than HOLD_MS, so that a sign-out on another
   * instance takes effect here within that time.
   */
  private hold(userId: string, token: string, expiresOn: Date | null) {
    const until = Math.min(Date.now() + HOLD_MS, (expiresOn?.getTime() ?? 0) - 5 * 60_000);
    if (until <= Date.now()) return;
    this.recent.delete(userId);
    this.recent.set(userId, { token, until });
    // Oldest first (insertion order): drop what has lapsed, and the oldest past MAX_HELD; the blob is always the
    // truth. Without this, a poll of thousands of reviewers would keep every token it ever used.
    for (const [held, { until: heldUntil }] of this.recent) {
      if (heldUntil > Date.now() && this.recent.size <= MAX_HELD) break;
      this.recent.delete(held);
    }
  }

  /** Whether the user has a session here (their account in the sealed cache), without using it. */
  async hasSession(userId: string): Promise<boolean> {
    return !!(await accountOf(this.clientFor(userId), userId));
  }

  /** Forgets the user's session (their sealed cache partition). */
  async signOut(userId: string): Promise<void> {
    this.recent.delete(userId);
    await this.store.remove(userId);
  }
}

function asSignInRequired(err: unknown): Error {
  if (err instanceof SignInRequired) return err;
  if (err instanceof InteractionRequiredAuthError || err instanceof AuthError) {
    const text = `${err.errorCode} ${err.errorMessage} ${(err as { subError?: string }).subError ?? ''}`;
    if (/consent_required|AADSTS65001/i.test(text))
      return new SignInRequired('consent', 'Attest needs your consent to read and record your access reviews.');
    if (
      /invalid_grant|interaction_required|AADSTS50173|AADSTS700082|AADSTS500133|no_tokens_found|login_required/i.test(
        text,
      )
    ) {
      return new SignInRequired('expired', 'Your sign-in has expired.');
    }
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** The user's account in their cache partition, if they signed in. */
async function accountOf(cca: ConfidentialClientApplication, userId: string) {
  const accounts = await cca.getTokenCache().getAllAccounts();
  return accounts.find((a) => a.localAccountId === userId || a.homeAccountId.startsWith(`${userId}.`));
}
