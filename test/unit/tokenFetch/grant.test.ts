/** The one client-credentials grant: the form and the client authentication each caller sends. */
import * as assert from 'node:assert/strict';
import { clientCredentialsGrant } from '../../../src/core/tokenFetch/clientCredentials';

const decode = (basic: string | undefined): string => Buffer.from(basic ?? '', 'base64').toString();

suite('tokenFetch: the client-credentials grant', () => {
  test('Basic: RFC 6749 form-encoding for the doctor, as written for a .http file', () => {
    const grant = { clientId: 'app:1', clientSecret: 'p@ss word', auth: 'basic' as const, params: {} };
    assert.equal(decode(clientCredentialsGrant({ ...grant, formEncodeBasic: true }).basic), 'app%3A1:p%40ss%20word');
    assert.equal(decode(clientCredentialsGrant({ ...grant, formEncodeBasic: false }).basic), 'app:1:p@ss word');
    assert.equal(clientCredentialsGrant({ ...grant, formEncodeBasic: true }).form.has('client_secret'), false);
  });

  test('params in order, empty ones left out; the secret in the body or not at all', () => {
    const params = { scope: 'api://x/.default', resource: '', audience: undefined };
    const inBody = clientCredentialsGrant({
      clientId: 'app',
      clientSecret: 's3cret',
      auth: 'in body',
      params,
      formEncodeBasic: false,
    });
    assert.equal(
      inBody.form.toString(),
      'grant_type=client_credentials&scope=api%3A%2F%2Fx%2F.default&client_id=app&client_secret=s3cret',
    );
    assert.equal(inBody.basic, undefined);
    const pub = clientCredentialsGrant({
      clientId: 'app',
      clientSecret: 's3cret',
      auth: 'none',
      params,
      formEncodeBasic: true,
    });
    assert.equal(pub.form.toString(), 'grant_type=client_credentials&scope=api%3A%2F%2Fx%2F.default&client_id=app');
  });
});
