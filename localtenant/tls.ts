import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

/**
 * A private CA and a server certificate for localhost / 127.0.0.1 signed by it, made at every start. The CA is written
 * to a file so clients can trust it (NODE_EXTRA_CA_CERTS, or an https agent's `ca`).
 */
export async function makeTls(dir: string): Promise<{ key: string; cert: string; caCert: string; caCertPath: string }> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 30 * 24 * 3600_000);
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'Attest local tenant CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
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
  mkdirSync(dir, { recursive: true });
  const caCertPath = join(dir, 'localtenant-ca.pem');
  writeFileSync(caCertPath, ca.cert);
  return { key: server.private, cert: server.cert, caCert: ca.cert, caCertPath };
}
