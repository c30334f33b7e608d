import * as assert from 'node:assert/strict';
import { ApiKeyFormatError, parseApiKey } from '../../../src/core/harness';

const SECRET = 'Zx9SeCrEtVaLuE0000';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ApiKeyFormatError);
    assert.ok(!e.message.includes(SECRET), `message echoes the secret: ${e.message}`);
    return e.code;
  }
  assert.fail('expected an ApiKeyFormatError');
}

suite('harness apiKey', () => {
  test('4-part pat/sat keys name their account and token', () => {
    assert.deepEqual(parseApiKey(`pat.AcC_1.tok-2.${SECRET}`), {
      kind: 'pat',
      accountId: 'AcC_1',
      tokenId: 'tok-2',
      legacy: false,
    });
    assert.deepEqual(parseApiKey(`  sat.acc.tok.${SECRET}\n`), {
      kind: 'sat',
      accountId: 'acc',
      tokenId: 'tok',
      legacy: false,
    });
  });

  test('legacy 3-part keys take the account from the caller, and need it', () => {
    assert.deepEqual(parseApiKey(`pat.tok.${SECRET}`, 'ACC'), {
      kind: 'pat',
      accountId: 'ACC',
      tokenId: 'tok',
      legacy: true,
    });
    assert.equal(
      codeOf(() => parseApiKey(`pat.tok.${SECRET}`)),
      'account-needed',
    );
  });

  test('a key used against another account is refused before any call', () => {
    assert.equal(
      codeOf(() => parseApiKey(`pat.A.tok.${SECRET}`, 'B')),
      'account-mismatch',
    );
    assert.equal(parseApiKey(`pat.A.tok.${SECRET}`, 'A').accountId, 'A');
  });

  test('malformed keys get typed errors that never echo the secret', () => {
    assert.equal(
      codeOf(() => parseApiKey('  ')),
      'empty',
    );
    assert.equal(
      codeOf(() => parseApiKey(`xyz.A.tok.${SECRET}`)),
      'prefix',
    );
    assert.equal(
      codeOf(() => parseApiKey(`PAT.A.tok.${SECRET}`)),
      'prefix',
    );
    assert.equal(
      codeOf(() => parseApiKey(`eyJhbGciOiJub25lIn0.e30.${SECRET}`)),
      'prefix',
    );
    assert.equal(
      codeOf(() => parseApiKey(`pat.A.b.c.${SECRET}`)),
      'segment-count',
    );
    assert.equal(
      codeOf(() => parseApiKey(`pat.A..${SECRET}`)),
      'segment-chars',
    );
    assert.equal(
      codeOf(() => parseApiKey(`pat.A.t!k.${SECRET}`)),
      'segment-chars',
    );
    assert.equal(
      codeOf(() => parseApiKey(`pat.A.tok.${SECRET} x`)),
      'segment-chars',
    );
    assert.equal(
      codeOf(() => parseApiKey(`pat.A.tok.${SECRET}=`)),
      'segment-chars',
    );
  });
});
