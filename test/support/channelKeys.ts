import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer } from 'node:https';
import { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { DEFAULT_CA_DIR } from '../../localtenant';
import { loadOrMakeCa, makeServerCert } from '../../localtenant/tls';

/** The issuer of the tokens the Bot Framework channel sends to bots (public cloud). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

export interface ChannelKeys {
  /** The OpenID metadata document to give the bot as BOT_OPENID_METADATA_URL. */
  metadataUrl: string;
  /**
   * A token as the channel signs it: the published key, RS256, the channel's issuer, five minutes of life; `claims`
   * adds to or replaces the claims, `key` signs with another private key.
   */
  mint(claims: Record<string, unknown>, options?: { key?: KeyObject; kid?: string }): string;
  stop(): Promise<void>;
}

/** A private key nobody published. */
export function unknownKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/**
 * Stands in for the Bot Framework's token signing keys: an HTTPS server (certificate from the local tenant's CA, which
 * the test process trusts) that publishes the OpenID metadata and one RSA key this test minted, endorsed for Teams as
 * the real keys are.
 */
export async function startChannelKeys(): Promise<ChannelKeys> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'attest-test-channel-key';
  const jwk = publicKey.export({ format: 'jwk' });
  let base = '';
  const documents: Partial<Record<string, () => unknown>> = {
    '/v1/.well-known/openidconfiguration': () => ({
      issuer: CHANNEL_ISSUER,
      jwks_uri: `${base}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    }),
    '/v1/.well-known/keys': () => ({
      keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }],
    }),
  };
  const server = createServer(await makeServerCert(await loadOrMakeCa(DEFAULT_CA_DIR)), (req, res) => {
    const document = documents[req.url ?? ''];
    res.writeHead(document ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(document ? document() : { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    mint: (claims, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return jwt.sign({ iss: CHANNEL_ISSUER, nbf: now - 5, exp: now + 300, ...claims }, options.key ?? privateKey, {
        algorithm: 'RS256',
        keyid: options.kid ?? kid,
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
