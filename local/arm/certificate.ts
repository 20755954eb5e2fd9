/**
 * The simulator's TLS identity: a self-signed certificate (EC P-256) made at start, valid for IP:127.0.0.1 and
 * DNS:localhost, which is also its own CA. Clients trust it with `ca: caPem` (e.g. `tlsOptions: { ca }` or
 * `agent: new https.Agent({ ca })` on an Azure SDK client) or `NODE_EXTRA_CA_CERTS=<caFile>`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface ServerCertificate {
  readonly keyPem: string;
  readonly certPem: string;
}

export async function createServerCertificate(): Promise<ServerCertificate> {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const notAfterDate = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { keyPem: pems.private, certPem: pems.cert };
}

/** Writes the CA PEM to a fresh temporary directory; `remove()` deletes it again. */
export function writeCaFile(caPem: string): { path: string; remove: () => void } {
  const directory = mkdtempSync(join(tmpdir(), 'arm-simulator-'));
  const path = join(directory, 'ca.pem');
  writeFileSync(path, caPem, { mode: 0o644 });
  return {
    path,
    remove: () => {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
