import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { OAuthError } from './oauthErrors';

/** Refresh tokens expire after 90 days without use; each use hands out a new one with a fresh 90 days. */
export const REFRESH_TOKEN_DAYS = 90;
const DAY_MS = 86_400_000;

export interface RefreshGrant {
  userId: string;
  clientId: string;
  issuedAtMs: number;
  /** Order of issue, so a revocation in the same millisecond still cuts off every earlier grant. */
  seq: number;
}

/** .NET writes instants with seven fractional digits, as Entra's messages show: 2021-10-29T17:06:26.4084709Z. */
function entraInstant(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '0000Z');
}

/**
 * The opaque refresh tokens the token endpoint hands out, kept in memory with their user and client, and the
 * per-user "tokens valid from" mark that revoking a user's sessions sets.
 */
export class RefreshTokens {
  private readonly grants = new Map<string, RefreshGrant>();
  private readonly revokedUpTo = new Map<string, { seq: number; atMs: number }>();
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  issue(userId: string, clientId: string): string {
    const token = `0.A${randomBytes(96).toString('base64url')}`;
    this.grants.set(token, { userId, clientId, issuedAtMs: this.clock.nowMs(), seq: ++this.seq });
    return token;
  }

  /** Checks a refresh token for a client and consumes it (the caller issues the rotated one). */
  redeem(token: string, clientId: string): RefreshGrant {
    const grant = this.grants.get(token);
    if (!grant) {
      throw new OAuthError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
    }
    if (grant.clientId !== clientId) {
      // Docs are silent on the exact text for a refresh token of another client; Entra answers invalid_grant.
      throw new OAuthError(
        400,
        'invalid_grant',
        70000,
        'Provided grant is invalid or malformed. The refresh token was issued to a different client.',
      );
    }
    const revoked = this.revokedUpTo.get(grant.userId);
    if (revoked && grant.seq <= revoked.seq) {
      throw new OAuthError(
        400,
        'invalid_grant',
        50173,
        'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have ' +
          `changed or reset their password. The grant was issued on '${entraInstant(grant.issuedAtMs)}' and the ` +
          `TokensValidFrom date (before which tokens are not valid) for this user is '${entraInstant(revoked.atMs)}'.`,
        'bad_token',
      );
    }
    if (this.clock.nowMs() >= grant.issuedAtMs + REFRESH_TOKEN_DAYS * DAY_MS) {
      throw new OAuthError(
        400,
        'invalid_grant',
        700082,
        `The refresh token has expired due to inactivity. The token was issued on ${entraInstant(grant.issuedAtMs)} ` +
          `and was inactive for ${REFRESH_TOKEN_DAYS}.00:00:00.`,
        'bad_token',
      );
    }
    this.grants.delete(token);
    return grant;
  }

  /** Every refresh token of the user issued so far stops working (AADSTS50173), as after revokeSignInSessions. */
  revokeUser(userId: string): void {
    this.revokedUpTo.set(userId, { seq: this.seq, atMs: this.clock.nowMs() });
  }
}
