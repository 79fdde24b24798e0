import { randomBytes } from 'node:crypto';
import { open, seal } from '../../src/auth/cacheCrypto';

/** Token caches at rest: AES-256-GCM, bound to the user's object id. */

const KEY = randomBytes(32);
const ALEX = '43b12b0c-ee2c-4257-96fe-505d823e06ab';
const ALLAN = '859924d0-7115-422a-9ee8-ea8c0c014707';
const CACHE = JSON.stringify({
  RefreshToken: { secret: 'refresh-token-of-alex-0.AXYAmvH1RTM' },
  AccessToken: { secret: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.access-token-of-alex' },
});

/** The sealed cache with one byte changed. */
function flipped(sealed: string, at: number): string {
  const raw = Buffer.from(sealed, 'base64');
  raw[at] ^= 0x01;
  return raw.toString('base64');
}

describe('a sealed token cache', () => {
  it('opens with the same key for the same user', () => {
    expect(open(KEY, ALEX, seal(KEY, ALEX, CACHE))).toBe(CACHE);
    expect(open(KEY, ALEX, seal(KEY, ALEX, ''))).toBe('');
  });

  it('does not open with another key', () => {
    expect(() => open(randomBytes(32), ALEX, seal(KEY, ALEX, CACHE))).toThrow();
  });

  it("does not open as another user's cache", () => {
    expect(() => open(KEY, ALLAN, seal(KEY, ALEX, CACHE))).toThrow();
  });

  it('does not open when any byte was changed: nonce, tag or ciphertext', () => {
    const sealed = seal(KEY, ALEX, CACHE);
    const length = Buffer.from(sealed, 'base64').length;
    for (const at of [0, 11, 12, 27, 28, length - 1]) {
      expect(() => open(KEY, ALEX, flipped(sealed, at))).toThrow();
    }
  });

  it('does not open when cut short', () => {
    const raw = Buffer.from(seal(KEY, ALEX, CACHE), 'base64');
    expect(() => open(KEY, ALEX, raw.subarray(0, raw.length - 1).toString('base64'))).toThrow();
    expect(() => open(KEY, ALEX, raw.subarray(0, 20).toString('base64'))).toThrow();
  });

  it('shows nothing of the tokens, in base64 or in its bytes', () => {
    const sealed = seal(KEY, ALEX, CACHE);
    const raw = Buffer.from(sealed, 'base64');
    for (const secret of ['refresh-token-of-alex', 'access-token-of-alex', 'RefreshToken', 'secret']) {
      expect(sealed).not.toContain(secret);
      expect(raw.includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('uses a new nonce each time, so the same cache never seals the same way twice', () => {
    const sealings = Array.from({ length: 20 }, () => Buffer.from(seal(KEY, ALEX, CACHE), 'base64'));
    const nonces = new Set(sealings.map((raw) => raw.subarray(0, 12).toString('hex')));
    expect(nonces.size).toBe(20);
    expect(new Set(sealings.map((raw) => raw.toString('hex'))).size).toBe(20);
    for (const raw of sealings) expect(open(KEY, ALEX, raw.toString('base64'))).toBe(CACHE);
  });
});
