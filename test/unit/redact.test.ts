import * as assert from 'node:assert/strict';
import { redact, redactSecret } from '../../src/core/redact';

suite('redact', () => {
  const pat = 'pat.AbCdEf123.tok456.s3cr3tS3cr3t';
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJlLWJ5dGVz';

  test('keeps the account of a Harness key and drops its secret', () => {
    assert.equal(redactSecret(pat), 'pat.AbCdEf123.…');
    assert.ok(!redact(`key is ${pat} ok`).includes('s3cr3t'));
  });

  test('never leaves a JWT signature or payload in text', () => {
    const out = redact(`curl -H "Authorization: Bearer ${jwt}" https://x`);
    assert.ok(!out.includes('c2lnbmF0dXJl'));
    assert.ok(!out.includes('eyJzdWIi'));
  });

  test('leaves shell and .http variables alone', () => {
    assert.equal(redact('-H "x-api-key: $HARNESS_API_KEY"'), '-H "x-api-key: $HARNESS_API_KEY"');
    assert.equal(redact('Authorization: Bearer {{token}}'), 'Authorization: Bearer {{token}}');
  });
});
