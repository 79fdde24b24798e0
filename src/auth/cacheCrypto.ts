import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Token caches at rest are sealed with AES-256-GCM. The partition key (the user's object id) is bound in as
 * additional data, so one user's sealed cache cannot be replayed as another's.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function seal(key: Buffer, partition: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(partition, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Throws when the data was altered, sealed for another partition, or sealed with another key. */
export function open(key: Buffer, partition: string, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed token cache is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(partition, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
