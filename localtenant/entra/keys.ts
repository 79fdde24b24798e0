import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';

/**
 * The tenant's token-signing key (RS256), made fresh at every start. Tokens from an earlier run fail the signature
 * check, as tokens signed by a rolled-over Entra key would.
 */
export class SigningKeys {
  readonly kid = randomUUID().replace(/-/g, '');
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  /** Signs the claims as given: iat, nbf and exp come from the caller (the tenant clock), never from the machine clock. */
  sign(claims: Record<string, unknown>): string {
    return jwt.sign(claims, this.privateKey, {
      algorithm: 'RS256',
      keyid: this.kid,
      noTimestamp: claims.iat === undefined,
    });
  }

  /** Verifies signature (this key only), and optionally audience, issuer and expiry against the given time. */
  verify(
    token: string,
    opts: { audience?: string | string[]; issuer?: string; nowMs: number },
  ):
    | { ok: true; claims: jwt.JwtPayload }
    | { ok: false; reason: 'malformed' | 'signature' | 'audience' | 'issuer' | 'expired' } {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') return { ok: false, reason: 'malformed' };
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.publicKey, {
        algorithms: ['RS256'],
        ignoreExpiration: true,
        ignoreNotBefore: true,
      }) as jwt.JwtPayload;
    } catch {
      return { ok: false, reason: 'signature' };
    }
    if (decoded.header.kid !== this.kid) return { ok: false, reason: 'signature' };
    if (opts.audience !== undefined) {
      const wanted = Array.isArray(opts.audience) ? opts.audience : [opts.audience];
      const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!aud.some((a) => a !== undefined && wanted.includes(a))) return { ok: false, reason: 'audience' };
    }
    if (opts.issuer !== undefined && claims.iss !== opts.issuer) return { ok: false, reason: 'issuer' };
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= opts.nowMs) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256', kty: 'RSA' }] };
  }
}
