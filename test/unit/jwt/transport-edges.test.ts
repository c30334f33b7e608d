/**
 * Issue 24: the pieces of the verdict engine that model how a token travels to Harness and how the
 * JDK reads it, each checked against the outcome a Java 17 program gave for the same input (recorded
 * here; no test runs Java). Sources: jose4j 0.9.3 at 0aad8fc, Jetty 9.4.53, JDK 17.0.
 */
import * as assert from 'node:assert/strict';
import { bearerPrefixMessage, bearerTokenAsHarness, splitAuthorizationValue } from '../../../src/core/jwt';
import { okpAsJdkReadsIt } from '../../../src/core/jwt/jose4jJwk';
import { asciiBytes } from '../../../src/core/jwt/joseRead';
import { asJettyReadsIt } from '../../../src/core/jwt/recognition';
import { eddsaAsJdkSplits } from '../../../src/core/jwt/signature';

suite('jwt: how a token travels and how the JDK reads it (issue 24)', () => {
  test('getBytesAscii gives one "?" per code point, an emoji and a lone surrogate included (JsonWebSignature.java:307)', () => {
    // Java 17: "a\uD83D\uDE00\u00e9\uD83Db".getBytes("US-ASCII") is 61 3f 3f 3f 62.
    assert.equal(asciiBytes('a\u{1f600}\u00e9\ud83db').toString('hex'), '613f3f3f62');
    assert.equal(asciiBytes('abc.def').toString('latin1'), 'abc.def');
  });

  test('Jetty reads one ISO-8859-1 character per byte and refuses control characters (HttpTokens.java:66, :187)', () => {
    assert.deepEqual(asJettyReadsIt('ab'), { text: 'ab' });
    assert.deepEqual(asJettyReadsIt('a\u00e9'), { text: 'a\u00c3\u00a9' });
    assert.deepEqual(asJettyReadsIt('a\u{1f600}'), { text: 'a\u00f0\u009f\u0098\u0080' });
    assert.deepEqual(asJettyReadsIt('a\tb'), { text: 'a\tb' });
    assert.equal(asJettyReadsIt('a\u0001b').controlCharacter, 1);
    assert.equal(asJettyReadsIt('a\u007fb').controlCharacter, 0x7f);
  });

  test('getBearerToken needs "Bearer " exactly, then substring(7).trim() (NextGenAuthenticationFilter.java:127-133)', () => {
    assert.equal(bearerTokenAsHarness('Bearer abc'), 'abc');
    assert.equal(bearerTokenAsHarness('Bearer   abc  '), 'abc');
    for (const refused of ['bearer abc', 'BEARER abc', 'Bearer\tabc', 'Bearerabc']) {
      assert.equal(bearerTokenAsHarness(refused), undefined, refused);
    }
    assert.match(bearerPrefixMessage('bearer '), /starts with "bearer ".*a capital B and one space/);
    assert.match(bearerPrefixMessage('Bearer\t'), /starts with "Bearer\\t"/);
  });

  test('an Authorization value as pasted: the scheme as written, the token with its own characters', () => {
    assert.deepEqual(splitAuthorizationValue('  eyJ.a.b\n'), { token: 'eyJ.a.b' });
    assert.deepEqual(splitAuthorizationValue('Authorization: bearer eyJ.a.b'), { scheme: 'bearer ', token: 'eyJ.a.b' });
    assert.deepEqual(splitAuthorizationValue('Bearer\teyJ.a.b'), { scheme: 'Bearer\t', token: 'eyJ.a.b' });
    // A no-break space is not a blank to Java's trim: it stays and is judged.
    assert.deepEqual(splitAuthorizationValue('Bearer eyJ.a.b\u00a0'), { scheme: 'Bearer ', token: 'eyJ.a.b\u00a0' });
  });

  test('JDK 17 splits an EdDSA signature as R then S little-endian: one extra zero byte is the same S', () => {
    // Java 17: Ed25519 verify(sig + 00) = true, (sig + 01) "s is too large", (sig + 00 00) "incorrect length".
    const sig = Buffer.alloc(64, 9);
    assert.equal(eddsaAsJdkSplits(Buffer.concat([sig, Buffer.of(0)]), 'Ed25519').length, 64);
    assert.equal(eddsaAsJdkSplits(Buffer.concat([sig, Buffer.of(1)]), 'Ed25519').length, 65);
    assert.equal(eddsaAsJdkSplits(Buffer.concat([sig, Buffer.of(0, 0)]), 'Ed25519').length, 66);
    assert.equal(eddsaAsJdkSplits(Buffer.concat([Buffer.alloc(114, 9), Buffer.of(0)]), 'Ed448').length, 114);
  });

  test('an OKP x of another length as EdDsaKeyUtil.publicKey and the JDK read it (EdDsaKeyUtil.java:74-82)', () => {
    const x = Buffer.alloc(32, 0x11);
    // The same bytes with a zero after them: parity 0 from the new last byte, y unchanged.
    assert.equal(okpAsJdkReadsIt(Buffer.concat([x, Buffer.of(0)]), 'Ed25519')?.toString('hex'), x.toString('hex'));
    // A parity bit after a 31-byte y: the JDK's 32-byte encoding carries it on top.
    const short = okpAsJdkReadsIt(Buffer.concat([Buffer.alloc(30, 0x11), Buffer.of(0x91)]), 'Ed25519');
    assert.equal(short?.toString('hex'), `${'11'.repeat(30)}1180`);
    // y with bit 255 set is beyond the field prime: "y value is too large" when verifying.
    assert.equal(okpAsJdkReadsIt(Buffer.concat([Buffer.alloc(31, 0x11), Buffer.of(0x80, 0)]), 'Ed25519'), undefined);
  });
});
