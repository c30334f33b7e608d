/**
 * A minimal self-signed X.509 certificate for a key made in the test (node:crypto reads certificates
 * but cannot make them), so the x5c cases need no stored private key.
 */
import { sign, type KeyObject } from 'node:crypto';

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.of(n);
  if (n < 0x100) return Buffer.of(0x81, n);
  return Buffer.of(0x82, n >> 8, n & 0xff);
}

function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.of(tag), derLength(body.length), body]);
}

const SHA256_WITH_RSA = der(0x30, Buffer.from('06092a864886f70d01010b', 'hex'), Buffer.of(0x05, 0x00));

function name(cn: string): Buffer {
  return der(0x30, der(0x31, der(0x30, Buffer.from('0603550403', 'hex'), der(0x0c, Buffer.from(cn, 'utf8')))));
}

/** DER of a certificate for `publicKey`, signed by `signingKey` (an RSA private key), base64 as in x5c. */
export function selfSignedCertificate(publicKey: KeyObject, signingKey: KeyObject, cn = 'scim-jwt test'): string {
  const validity = der(0x30, der(0x17, Buffer.from('250101000000Z')), der(0x17, Buffer.from('491231235959Z')));
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const tbs = der(
    0x30,
    der(0xa0, der(0x02, Buffer.of(2))),
    der(0x02, Buffer.of(1)),
    SHA256_WITH_RSA,
    name(cn),
    validity,
    name(cn),
    spki,
  );
  const signature = sign('sha256', tbs, signingKey);
  return der(0x30, tbs, SHA256_WITH_RSA, der(0x03, Buffer.of(0), signature)).toString('base64');
}
