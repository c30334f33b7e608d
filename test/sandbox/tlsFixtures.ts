/**
 * The test root CA and the server certificate it signed (test/fixtures/tls; its README says how they
 * were made), as PEM text: `server` for an HTTPS test server, `ca` for a client that opts in to trust it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

// This file runs compiled, from out/test/sandbox; the PEM files stay in the source tree.
const dir = path.resolve(__dirname, '../../../test/fixtures/tls');

export interface TestCertificates {
  /** "Harness SCIM JWT Test Root CA". */
  ca: string;
  /** Signed by `ca`, for 127.0.0.1, localhost and *.emulator.test. */
  server: { cert: string; key: string };
}

export function testCertificates(): TestCertificates {
  const read = (name: string): string => readFileSync(path.join(dir, name), 'utf8');
  return { ca: read('ca.pem'), server: { cert: read('server.pem'), key: read('server-key.pem') } };
}
