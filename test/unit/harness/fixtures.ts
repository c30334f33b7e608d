import * as assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type * as v from 'valibot';
import { HarnessApiError, type HarnessClientOptions } from '../../../src/core/harness';
import type { settingDTO } from '../../../src/core/harness/schemas';
import { type TestHarnessClient, harnessClient } from '../testHttp';
import type { ProxyOptions } from '../../../src/core/net';

/** A SCIM JWT setting as Harness lists it (docs/harness-contract.md, "Setting API JSON shapes"); `null` value means unset (DEFAULT). */
export const scimSetting = (identifier: string, value: string | null): v.InferInput<typeof settingDTO> => ({
  identifier,
  name: identifier,
  orgIdentifier: null,
  projectIdentifier: null,
  category: 'SCIM',
  groupIdentifier: 'scim_jwt_token_configuration_g1',
  valueType: 'String',
  allowedValues: null,
  allowOverrides: false,
  value,
  defaultValue: null,
  settingSource: value === null ? 'DEFAULT' : 'ACCOUNT',
  isSettingEditable: true,
  allowedScopes: ['ACCOUNT'],
});

/** A well-formed key whose secret is easy to search for in error text. */
export const SECRET = 'S3cr3tPartThatMustNeverLeak';
export const ACCOUNT = 'AccT3st';
export const API_KEY = `pat.${ACCOUNT}.tokId1.${SECRET}`;

/** A client for tests: no proxy from the machine's environment, back-off without waiting. */
/** Advice words for clients made in tests, recognisable in messages. */
export const TEST_ADVICE = {
  certificate: 'Trust the test CA.',
  proxyAuth: 'Give the proxy credentials.',
  proxy: 'Check the proxy settings.',
};

export function testClient(
  baseUrl: string,
  extra: Partial<HarnessClientOptions> & ProxyOptions = {},
): TestHarnessClient {
  return harnessClient({
    baseUrl,
    apiKey: API_KEY,
    env: {},
    retries: { sleep: () => Promise.resolve(), maxAttempts: 3 },
    ...extra,
  });
}

/** Awaits a call that must fail; checks it is a HarnessApiError carrying none of the given secrets anywhere. */
export async function failure(p: Promise<unknown>, secrets: readonly string[] = [SECRET]): Promise<HarnessApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HarnessApiError, `not a HarnessApiError: ${String(e)}`);
    for (const text of [e.message, e.serverMessage ?? '', e.request.path, e.stack ?? '', JSON.stringify(e)]) {
      for (const s of secrets) assert.ok(!text.includes(s), `a secret leaked into: ${text}`);
    }
    return e;
  }
  assert.fail('expected the call to fail');
}

/** An RSA signing key with its public JWK, for hand-made IdP tokens (independent of src/core/jwt). */
export interface TestIdpKey {
  kid: string;
  privateKey: KeyObject;
  jwks: { keys: Record<string, unknown>[] };
}

export function makeIdpKey(kid = 'test-kid'): TestIdpKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  return { kid, privateKey, jwks: { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] } };
}

const b64u = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

export function signJwt(
  key: TestIdpKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string {
  const input = `${b64u({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header })}.${b64u(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}
