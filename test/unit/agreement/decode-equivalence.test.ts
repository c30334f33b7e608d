/**
 * The cheaper `decodeToken` must give exactly what the original gave (kept in referenceDecode.ts):
 * same kind, segments, part count, header, payload, signature bytes and problems, over tokens made
 * to hit every branch and several thousand seeded mutations of them.
 */
import * as assert from 'node:assert/strict';
import { decodeBase64Url, decodeToken } from '../../../src/core/jwt';
import { referenceDecodeBase64Url, referenceDecodeToken } from './referenceDecode';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const b64 = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const SIG = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37) & 0xff)).toString('base64url');

const SEEDS: string[] = [
  '', '   ', '.', '..', '...', 'a.b', 'a.b.', 'a..b', '.a.b', 'a.b.c.d', 'a.b.c.d.e', 'a.b.c.d.e.f',
  'pat.acc.tok.secret', 'SAT.x.y', 'Pat.a.b', 'patx.a.b',
  `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k' })}.${b64({ sub: 'x', exp: 1, client_id: 'c' })}.${SIG}`,
  `  ${b64({ alg: 'ES256', typ: 'at+jwt' })}.${b64({ a: [1, { b: null }] })}.${SIG}\n`,
  `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.${b64({})}.${SIG}`,
  `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`,
  `${b64({ alg: 'none' })}.${b64({ a: 1 })}.`,
  `${b64('[1]')}.${b64('null')}.${SIG}`, `${b64('"s"')}.${b64('3')}.${SIG}`, `${b64('{x')}.${b64('{}')}.c2ln`,
  'e30=.e30==.c2ln', 'e30.e30.c2ln=', 'e30.e30.c2ln==', 'e30.e30.c2ln===', 'e30.e30.a', 'e30.e30.ab=c', 'e/J9.e30.c2ln', 'e+J9.e30.c2ln',
  `${b64({ t: '\u00e9\u{1f600}' })}.${b64({ u: '\u0000' })}.${SIG}`, `${Buffer.from([0xff, 0xfe]).toString('base64url')}.e30.c2ln`,
];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \t{}"\u00e9\u0000\u00a0';

function mutate(rand: () => number, text: string): string {
  const chars = Array.from(text);
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * (chars.length + 1));
    const c = ALPHABET[Math.floor(rand() * ALPHABET.length)] ?? '.';
    const op = rand();
    if (op < 0.4) chars[at] = c;
    else if (op < 0.7) chars.splice(at, 0, c);
    else chars.splice(at, 1);
  }
  return chars.join('');
}

function same(text: string): void {
  assert.deepStrictEqual(decodeToken(text), referenceDecodeToken(text), JSON.stringify(text).slice(0, 200));
}

suite('agreement: cheaper decodeToken vs the original', () => {
  test('hand-picked inputs reaching every branch', () => {
    for (const s of SEEDS) same(s);
  });

  test('4,000 seeded mutations of them', () => {
    const rand = prng(20261129);
    for (let i = 0; i < 4000; i++) same(mutate(rand, SEEDS[Math.floor(rand() * SEEDS.length)] ?? ''));
  });

  test('signature bytes own their memory and equal a plain decode', () => {
    const d = decodeToken(SEEDS[16] ?? '');
    assert.ok(d.signature);
    assert.equal(d.signature.byteOffset, 0);
    assert.equal(d.signature.buffer.byteLength, d.signature.length, 'not a view into a shared pool');
    assert.deepStrictEqual(Buffer.from(d.signature), Buffer.from(SIG, 'base64url'));
  });

  test('decodeBase64Url gives the same answers', () => {
    const rand = prng(7);
    for (let i = 0; i < 2000; i++) {
      const s = mutate(rand, 'c2lnbmF0dXJl==');
      assert.deepStrictEqual(decodeBase64Url(s), referenceDecodeBase64Url(s), s);
    }
  });
});
