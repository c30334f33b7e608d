/** Verdicts name the provider: lens title, problems, hover and report from the same inspection; and the doctor. */
import * as assert from 'node:assert/strict';
import { doctorMarkdown } from '../../../src/core/doctor';
import {
  hoverMarkdown,
  inspectHttpText,
  inspectionProblems,
  inspectionTitle,
  reportMarkdown,
  type RulesChoice,
  type TokenInspection,
} from '../../../src/core/inspect';
import { JwksCache } from '../../../src/core/jwt';
import { startIdp, type Idp } from '../../sandbox/idp';
import { account, CLAIM, run, settingsFor, step, type Account } from '../doctor/fixtures';
import { jwksJson, NOW, rsaKey, type TestKey } from '../jwt/fixtures';
import { PROFILES, profileToken, type Profile } from './profiles';
import { testHttp } from '../testHttp';

const profile = (id: string, n = 0): Profile => {
  const p = PROFILES.filter((x) => x.id === id)[n];
  if (!p) throw new Error(id);
  return p;
};

suite('identity providers in verdicts', () => {
  let key: TestKey;
  let cache: JwksCache;
  suiteSetup(() => {
    key = rsaKey(2048);
    cache = new JwksCache({ http: testHttp() });
  });
  suiteTeardown(async () => {
    await cache.close();
  });

  async function inspect(p: Profile, keyField: string, value: string, network = true): Promise<TokenInspection> {
    const jwk = { ...key.jwk, use: 'sig', ...(typeof p.header.kid === 'string' ? { kid: p.header.kid } : {}) };
    const rules: RulesChoice = {
      kind: 'rules',
      keys: { kind: 'inline', json: jwksJson(jwk) },
      rules: { keyField, value },
      origin: { kind: 'command-line' },
    };
    const text = `### t\nGET https://h/ng/api/scim/account/acc/Users\nAuthorization: Bearer ${profileToken(p, key.privateKey)}\n`;
    const { inspections } = await inspectHttpText(
      text,
      {},
      { rules, cache, network, at: NOW, noNetworkReason: 'offline' },
    );
    const [i] = inspections;
    assert.ok(i);
    return i;
  }

  test("Okta custom AS: the lens leads with Okta's reason; problems, hover and report give the options and sources", async () => {
    const i = await inspect(profile('okta-custom'), 'cid', '0oap56en3wahZLolf5d7');
    assert.equal(i.provider?.entry.id, 'okta-custom');
    assert.equal(
      inspectionTitle(i),
      '✗ Harness would refuse: Okta custom authorization servers never put typ in access tokens, so Harness refuses them · command-line rules',
    );
    const [problem] = inspectionProblems(i);
    assert.match(
      problem?.message ?? '',
      /^Harness would refuse this token: The header has no typ.*No Okta setting adds it \(none found; unsourced\)\. Options: /,
    );
    const hover = hoverMarkdown(i);
    assert.match(hover, /Identity provider: \*\*Okta \(custom authorization server\)\*\*/);
    assert.match(hover, /Options: an Okta org authorization server/);
    const report = reportMarkdown(i, { fileLabel: 't.http' });
    assert.match(report, /## Identity provider/);
    assert.match(
      report,
      /<https:\/\/support\.okta\.com\/help\/s\/article\/the-typ-field-is-missing-from-the-access-token-header>/,
    );
    assert.match(report, /Key field: `cid`/);
  });

  test('an accepted Auth0 token: the lens names the provider; pitfalls still show in the hover', async () => {
    const i = await inspect(profile('auth0'), 'azp', 'OOZH6s5sgOORoVKBMNRu0xRd4I3dl5T7');
    assert.match(
      inspectionTitle(i),
      /^✓ Harness would accept · Auth0 \(default token profile\) · RS256 · kid FChMh5aiSbbpUSQfa03b1 · expires in .* · command-line rules$/,
    );
    assert.match(hoverMarkdown(i), /renames the client id claim/);
  });

  test('Keycloak keyed on the renamed claim: the engine names the claim, the provider explains the rename', async () => {
    const i = await inspect(profile('keycloak'), 'client_id', 'postman');
    assert.equal(i.verdict?.code, 'claim-missing');
    assert.match(inspectionTitle(i), /^✗ Harness would refuse: .*client_id.* · Keycloak · command-line rules$/);
    assert.match(inspectionProblems(i)[0]?.message ?? '', /Key on azp, which every token has/);
  });

  test('Microsoft Graph: the signature refusal is explained as the Graph nonce', async () => {
    const i = await inspect(profile('entra-graph'), 'appid', String(profile('entra-graph').payload.appid));
    assert.equal(i.verdict?.code, 'signature');
    assert.match(inspectionTitle(i), /^✗ Harness would refuse: This is an Entra token for Microsoft Graph: /);
  });

  test('recognised by shape only: named in the hover with that caveat, not in the one-line title', async () => {
    const i = await inspect(profile('node-oidc-provider'), 'client_id', 'scim-client');
    assert.equal(i.provider?.by, 'shape');
    assert.doesNotMatch(inspectionTitle(i), /oidc-provider/);
    assert.match(hoverMarkdown(i), /node oidc-provider \(recognised by the token's shape, not its issuer\)/);
  });

  test('decoded only (no network): the title still names the provider', async () => {
    const i = await inspect(profile('cognito'), 'client_id', 'x', false);
    assert.equal(i.state, 'decoded');
    assert.match(
      inspectionTitle(i),
      /^○ Not verified: offline · Amazon Cognito \(user pool access token\) · RS256 · kid 1234example=/,
    );
  });

  test('GitHub Actions keyed on aud: accepted, with a warning that every workflow could get it', async () => {
    const p = profile('github-actions');
    const i = await inspect(p, 'aud', 'https://github.com/octo-org');
    assert.equal(i.verdict?.accepted, true);
    const w = inspectionProblems(i).find((x) => x.code === 'idp-shared-keys');
    assert.equal(w?.severity, 'warning');
    assert.match(w.message, /every GitHub workflow .* aud is chosen by the caller/);
    assert.ok(
      !inspectionProblems(await inspect(p, 'sub', String(p.payload.sub))).some((x) => x.code === 'idp-shared-keys'),
    );
  });

  test('tokens of no known provider read exactly as before', async () => {
    const i = await inspect(PROFILES[PROFILES.length - 1]!, 'client_id', 'pf-client');
    assert.equal(i.provider, undefined);
    assert.match(inspectionTitle(i), /^✓ Harness would accept · RS256 · kid k1 · /);
    assert.doesNotMatch(hoverMarkdown(i), /Identity provider/);
  });
});

suite('identity providers in the doctor', () => {
  let idp: Idp;
  let a: Account | undefined;
  suiteSetup(async () => {
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
  });
  teardown(async () => {
    await a?.close();
    a = undefined;
  });
  suiteTeardown(async () => {
    await idp.close();
  });

  test("an Okta-shaped token without typ: the report opens with Okta, and the failing steps get Okta's reason and options", async () => {
    a = await account(idp);
    const now = Math.floor(Date.now() / 1000);
    const token = idp.sign(
      { alg: 'RS256', kid: idp.currentKid() },
      {
        ver: 1,
        jti: 'AT.sandbox',
        iss: 'https://dev-1.okta.com/oauth2/default',
        aud: 'api://default',
        iat: now,
        exp: now + 3600,
        cid: '0oa1',
        scp: ['scim'],
        sub: '0oa1',
        [CLAIM.key]: CLAIM.value,
      },
    );
    const r = await run(a, token);
    assert.equal(r.provider?.id, 'okta-custom');
    assert.equal(r.provider.recognisedBy, 'issuer');
    const md = doctorMarkdown(r);
    assert.match(
      md.split('\n').slice(0, 4).join('\n'),
      /\*\*Identity provider: Okta \(custom authorization server\)\.\*\* Harness and its tokens: No: /,
    );
    const verdict = step(r, 'verdict');
    assert.equal(verdict.status, 'fail');
    assert.match(verdict.fix ?? '', /^Okta custom authorization servers never put typ in access tokens.*Options: /);
    const validate = step(r, 'tokenValidate');
    if (validate.status === 'fail' && validate.problem === 'token-validate-refused')
      assert.match(validate.fix ?? '', /No Okta setting adds it/);
    const scim = step(r, 'scim');
    if (scim.problem === 'scim-unauthenticated') assert.match(scim.fix ?? '', /No Okta setting adds it/);
  });

  test('a GitHub-shaped token and the key field aud: the verdict step passes with a shared-keys warning', async () => {
    const aud = 'https://github.com/octo-org';
    a = await account(idp, { settings: settingsFor(idp, { key: 'aud', value: aud }) });
    const now = Math.floor(Date.now() / 1000);
    const token = idp.sign(
      { typ: 'JWT', alg: 'RS256', kid: idp.currentKid() },
      {
        iss: 'https://token.actions.githubusercontent.com',
        sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
        aud,
        repository: 'octo-org/octo-repo',
        iat: now,
        nbf: now,
        exp: now + 300,
      },
    );
    const r = await run(a, token);
    const v = step(r, 'verdict');
    assert.equal(v.status, 'warn');
    assert.match(v.fix ?? '', /every GitHub workflow/);
  });

  test("a Keycloak token: missing settings and a wrong JWKS URL get Keycloak's key set and key field", async () => {
    const now = Math.floor(Date.now() / 1000);
    const iss = `${idp.issuer}/realms/dev`;
    const token = idp.sign(
      { typ: 'JWT', alg: 'RS256', kid: idp.currentKid() },
      { iss, azp: 'scim-client', typ: 'Bearer', sub: 'uuid', iat: now, exp: now + 300 },
    );
    a = await account(idp, { settings: false });
    const missing = step(await run(a, token), 'settings');
    assert.equal(missing.status, 'fail');
    assert.match(
      missing.fix ?? '',
      new RegExp(
        `For Keycloak: JWKS URL ${iss}/protocol/openid-connect/certs; key field azp \\(azp always holds the client id`,
      ),
    );
    await a.close();
    a = await account(idp, {
      settings: settingsFor(idp, { jwks: idp.discoveryUri, key: 'azp', value: 'scim-client' }),
    });
    const jwks = step(await run(a, token), 'jwks');
    assert.equal(jwks.status, 'fail');
    assert.match(
      jwks.fix ?? '',
      new RegExp(`Keycloak publishes this token's keys at ${iss}/protocol/openid-connect/certs\\.`),
    );
  });

  test('the sandbox IdP (oidc-provider, recognised by shape): a passing run is unchanged except for the provider line', async () => {
    a = await account(idp);
    const r = await run(a, await idp.getToken());
    assert.equal(r.ok, true);
    assert.equal(r.provider?.id, 'node-oidc-provider');
    assert.equal(r.provider.recognisedBy, 'shape');
    assert.ok(r.steps.every((s) => s.status !== 'fail'));
  });
});
