import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

/**
 * TLS for the local tenant: a private CA kept in a folder (made once, reused), and a server certificate for
 * localhost / 127.0.0.1 signed by it at every start. Clients trust the CA file with NODE_EXTRA_CA_CERTS, so the bot
 * needs no TLS code of its own for the local tenant. The folder is local data (git-ignored), never a real secret.
 */
export interface LocalCa {
  key: string;
  cert: string;
  certPath: string;
}

export const CA_CERT_FILE = 'localtenant-ca.pem';
const CA_KEY_FILE = 'localtenant-ca.key';

export async function loadOrMakeCa(dir: string): Promise<LocalCa> {
  const certPath = join(dir, CA_CERT_FILE);
  const keyPath = join(dir, CA_KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
  }
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'Attest local tenant CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 5 * 365 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  mkdirSync(dir, { recursive: true });
  // Write then rename, so a reader never sees half a file; the key first, as the cert's presence means "ready".
  const tmp = `.${process.pid}.tmp`;
  writeFileSync(keyPath + tmp, ca.private, { mode: 0o600 });
  renameSync(keyPath + tmp, keyPath);
  writeFileSync(certPath + tmp, ca.cert);
  renameSync(certPath + tmp, certPath);
  return { key: ca.private, cert: ca.cert, certPath };
}

/** A server certificate for localhost and 127.0.0.1, signed by the CA. */
export async function makeServerCert(ca: LocalCa): Promise<{ key: string; cert: string }> {
  const server = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600_000),
    ca: { key: ca.key, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: server.private, cert: server.cert };
}
