/**
 * Issue 24: issuer shapes the patterns used to miss, URLs built from hostile issuers, and key
 * fields that can never work.
 */
import * as assert from 'node:assert/strict';
import { CATALOGUE, discoveryUrl, recogniseToken, suggestSettings, unusableKeyField } from '../../../src/core/idp';
import { underIssuer, withQuery } from '../../../src/core/idp/shape';
import { JwksCache } from '../../../src/core/jwt';
import { makeToken, NOW, NOW_S, rsaKey, type TestKey } from '../jwt/fixtures';
import { testHttp } from '../testHttp';

const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const life = { iat: NOW_S - 60, exp: NOW_S + 3540 };

suite('identity providers: issuer shapes, built URLs, key fields', () => {
  let key: TestKey;
  let cache: JwksCache;
  suiteSetup(() => {
    key = rsaKey(2048);
    cache = new JwksCache({ http: testHttp() });
  });
  suiteTeardown(async () => {
    await cache.close();
  });
  const sign = (header: Record<string, unknown>, payload: Record<string, unknown>): string =>
    makeToken({ alg: 'RS256', kid: 'k1', ...header }, { ...life, ...payload }, key.privateKey);
  const offline = (token: string) => suggestSettings(token, { network: false, cache, now: NOW });

  suite('issuer shapes', () => {
    const cases: readonly [
      string,
      Record<string, unknown>,
      Record<string, unknown>,
      string,
      'issuer' | 'shape',
      string,
    ][] = [
      [
        'Entra v1.0, China (sts.chinacloudapi.cn)',
        { typ: 'JWT' },
        { iss: `https://sts.chinacloudapi.cn/${TID}/`, appid: 'app-1', ver: '1.0' },
        'entra-v1',
        'issuer',
        `https://login.partner.microsoftonline.cn/${TID}/discovery/keys`,
      ],
      [
        'Entra v2.0, China (login.partner.microsoftonline.cn)',
        { typ: 'JWT' },
        { iss: `https://login.partner.microsoftonline.cn/${TID}/v2.0`, azp: 'app-1', ver: '2.0' },
        'entra-v2',
        'issuer',
        `https://login.partner.microsoftonline.cn/${TID}/discovery/v2.0/keys`,
      ],
      [
        'Entra v2.0, US Government (login.microsoftonline.us)',
        { typ: 'JWT' },
        { iss: `https://login.microsoftonline.us/${TID}/v2.0`, azp: 'app-1', ver: '2.0' },
        'entra-v2',
        'issuer',
        `https://login.microsoftonline.us/${TID}/discovery/v2.0/keys`,
      ],
      [
        'Okta org authorization server on a custom domain, before typ was set',
        {},
        { iss: 'https://id.example.com', cid: '0oa1', jti: 'AT.x', ver: 1, sub: '0oa1' },
        'okta-org',
        'shape',
        'https://id.example.com/oauth2/v1/keys',
      ],
      [
        'Okta custom authorization server on a custom domain',
        {},
        { iss: 'https://id.example.com/oauth2/default', cid: '0oa1', jti: 'AT.x', ver: 1 },
        'okta-custom',
        'shape',
        'https://id.example.com/oauth2/default/v1/keys',
      ],
      [
        "GitLab's legacy CI_JOB_JWT on gitlab.com (iss the bare host)",
        { typ: 'JWT' },
        {
          iss: 'gitlab.com',
          sub: 'job_1212',
          job_id: '1212',
          pipeline_id: '77',
          project_path: 'group/app',
          namespace_path: 'group',
        },
        'gitlab-ci',
        'issuer',
        'https://gitlab.com/-/jwks',
      ],
      [
        'GitHub Enterprise Server',
        { typ: 'JWT' },
        { iss: 'https://ghe.example.com/_services/token', sub: 'repo:o/r:ref:refs/heads/main', repository: 'o/r' },
        'github-actions',
        'issuer',
        'https://ghe.example.com/_services/token/.well-known/jwks',
      ],
      [
        "GitHub Enterprise Cloud, an enterprise's own issuer",
        { typ: 'JWT' },
        { iss: 'https://token.actions.githubusercontent.com/octo-corp', sub: 'repo:o/r:ref:refs/heads/main' },
        'github-actions',
        'issuer',
        'https://token.actions.githubusercontent.com/octo-corp/.well-known/jwks',
      ],
      [
        'Keycloak before 17 (/auth/realms)',
        { typ: 'JWT' },
        { iss: 'https://sso.example.com/auth/realms/acme', azp: 'scim' },
        'keycloak',
        'issuer',
        'https://sso.example.com/auth/realms/acme/protocol/openid-connect/certs',
      ],
      [
        'Spring Authorization Server 0.1.x (typ JWT on every token)',
        { typ: 'JWT' },
        { iss: 'https://as.example.com', sub: 'scim', aud: ['scim'], nbf: NOW_S - 60, scope: ['scim'], jti: 'j' },
        'spring-as',
        'shape',
        'https://as.example.com/oauth2/jwks',
      ],
      [
        'Duende IdentityServer ID token (typ JWT, idp local)',
        { typ: 'JWT' },
        { iss: 'https://ids.example.com', sub: '88421113', aud: 'web', idp: 'local', amr: ['pwd'], sid: 's1' },
        'duende',
        'shape',
        'https://ids.example.com/.well-known/openid-configuration/jwks',
      ],
      [
        'ZITADEL on its own domain (urn:zitadel:iam claims)',
        { typ: 'JWT' },
        { iss: 'https://auth.example.com', client_id: 'c1', 'urn:zitadel:iam:user:resourceowner:id': '1' },
        'zitadel',
        'shape',
        'https://auth.example.com/oauth/v2/keys',
      ],
    ];
    for (const [label, header, payload, id, by, jwks] of cases)
      test(label, async () => {
        const token = sign(header, payload);
        const m = recogniseToken(token);
        assert.equal(m?.entry.id, id);
        assert.equal(m.by, by);
        assert.equal((await offline(token)).jwksUrl?.value, jwks);
      });

    test('Spring Authorization Server: 0.1.x tokens (typ JWT) pass the typ rule; 0.2+ without typ do not', async () => {
      const payload = { iss: 'https://as.example.com', sub: 'scim', aud: ['scim'], nbf: NOW_S - 60, scope: ['s'] };
      assert.notEqual((await offline(sign({ typ: 'JWT' }, payload))).judgement.verdict.code, 'typ');
      const s = await offline(sign({}, payload));
      assert.equal(s.provider?.entry.id, 'spring-as');
      assert.equal(s.judgement.verdict.code, 'typ');
    });

    test('Entra tokens are not taken for B2C, nor B2C for Entra', () => {
      const v2 = recogniseToken(
        sign({ typ: 'JWT' }, { iss: `https://login.microsoftonline.com/${TID}/v2.0`, ver: '2.0' }),
      );
      assert.equal(v2?.entry.id, 'entra-v2');
      const b2c = recogniseToken(
        sign({ typ: 'JWT' }, { iss: `https://login.microsoftonline.com/${TID}/v2.0/`, ver: '1.0' }),
      );
      assert.equal(b2c?.entry.id, 'azure-b2c');
      const other = recogniseToken(sign({ typ: 'JWT' }, { iss: `https://idp.example.com/${TID}/v2.0/`, ver: '2.0' }));
      assert.equal(other, undefined);
    });

    // Keycloak builds its issuer as realmBase(baseUri).path("{realm}") (keycloak/keycloak,
    // services/src/main/java/org/keycloak/services/Urls.java, realmIssuer): never a trailing slash,
    // whatever the hostname or frontend URL. So /realms/x/ was not written by Keycloak: it is not
    // named Keycloak, and discovery on the issuer as written decides.
    test('Keycloak: /realms/x/ (trailing slash) is not named Keycloak; discovery on the issuer as written decides', async () => {
      assert.equal(
        recogniseToken(sign({ typ: 'JWT' }, { iss: 'https://kc.example.com/realms/x', azp: 'c' }))?.entry.id,
        'keycloak',
      );
      const slash = sign({ typ: 'JWT' }, { iss: 'https://kc.example.com/realms/x/', azp: 'c' });
      assert.equal(recogniseToken(slash), undefined);
      const s = await offline(slash);
      assert.equal(s.jwksUrl, undefined);
      assert.ok(
        s.hints.some((h) => h.includes('jwks_uri of https://kc.example.com/realms/x/.well-known/openid-configuration')),
        s.hints.join('\n'),
      );
    });

    // GitLab documents project_path in every CI ID token and sub as project_path:{group}/{project}:…
    // by default, changeable per project (docs.gitlab.com/ci/secrets/id_token_authentication). Its
    // other JWTs, the ID tokens of GitLab as a sign-in provider, name a user and carry no project.
    test('GitLab: on gitlab.com, project_path is enough; by shape alone, project_path with its sub or a job id', () => {
      const id = (payload: Record<string, unknown>) => recogniseToken(sign({ typ: 'JWT' }, payload));
      const onGitLab = id({
        iss: 'https://gitlab.com',
        sub: 'project_path:g/p:ref_type:branch:ref:main',
        project_path: 'g/p',
      });
      assert.equal(onGitLab?.entry.id, 'gitlab-ci');
      assert.equal(onGitLab.by, 'issuer');
      // A project whose sub format was changed: still a CI job token.
      assert.equal(id({ iss: 'https://gitlab.com', sub: 'ref:main', project_path: 'g/p' })?.entry.id, 'gitlab-ci');
      // gitlab.com as a sign-in provider: a user's ID token, no project.
      assert.equal(
        id({ iss: 'https://gitlab.com', sub: '1234567', nickname: 'alice', groups_direct: ['g'], aud: 'app' }),
        undefined,
      );
      const selfManaged = id({
        iss: 'https://git.example.com',
        sub: 'project_path:g/p:ref_type:branch:ref:main',
        project_path: 'g/p',
      });
      assert.equal(selfManaged?.entry.id, 'gitlab-ci');
      assert.equal(selfManaged.by, 'shape');
      assert.equal(id({ iss: 'https://git.example.com', project_path: 'g/p' }), undefined);
      assert.equal(
        id({ iss: 'https://git.example.com', sub: 'project_path:other/q:ref:main', project_path: 'g/p' }),
        undefined,
      );
    });
  });

  suite('URLs built from hostile issuers: a valid absolute URL, or none', () => {
    const HOSTILE = [
      'https://idp example.com/realms/x',
      'https://idp.example.com /realms/x',
      'https://user:pass@idp.example.com/realms/x',
      'https://idp.example.com@evil.example/realms/x',
      'https://idp.example.com/realms/x#frag',
      'https://idp.example.com/realms/x?p=1',
      'javascript:alert(1)//realms/x',
      'file:///etc/passwd',
      'ftp://idp.example.com/realms/x',
      'data:text/plain,realms',
      'https:\\\\idp.example.com\\realms\\x',
      'https://idp.example.com/realms/x\u0000',
      'https://idp.example.com/realms/\nx',
      '//idp.example.com/realms/x',
      'idp.example.com/realms/x',
      'https://',
      `https://idp.example.com/${'a'.repeat(5000)}`,
      // Dot segments: a URL resolves them, so the built URL would name a path the issuer does not.
      'https://idp.example.com/realms/../../admin',
      'https://idp.example.com/realms/x/..',
      'https://idp.example.com/./realms/x',
      'https://idp.example.com/realms/%2e%2E/admin',
      'https://idp.example.com/realms/.%2e/admin',
      'https://idp.example.com/realms/%2E/x',
    ];
    const valid = (u: string): boolean => {
      const url = new URL(u);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        url.username === '' &&
        url.password === '' &&
        url.hash === '' &&
        !/\s/.test(u) &&
        url.href === u
      );
    };

    test('discovery URLs: none for every hostile issuer; IPv6 and trailing slashes give one valid URL', () => {
      for (const iss of HOSTILE) assert.equal(discoveryUrl(iss), undefined, JSON.stringify(iss.slice(0, 60)));
      assert.equal(
        discoveryUrl('https://[2001:db8::1]:8443/op'),
        'https://[2001:db8::1]:8443/op/.well-known/openid-configuration',
      );
      assert.equal(
        discoveryUrl('https://op.example.com///'),
        'https://op.example.com/.well-known/openid-configuration',
      );
      assert.equal(
        discoveryUrl('https://op.example.com/t/'),
        'https://op.example.com/t/.well-known/openid-configuration',
      );
      // Dots inside a segment are a name, not a dot segment.
      assert.equal(
        discoveryUrl('https://op.example.com/realms/my.realm/..x'),
        'https://op.example.com/realms/my.realm/..x/.well-known/openid-configuration',
      );
    });

    test('an issuer with dot segments: no discovery hint rewritten to another path, and no key set URL', async () => {
      const s = await offline(sign({ typ: 'JWT' }, { iss: 'https://kc.example.com/realms/../../admin', azp: 'c1' }));
      assert.equal(s.jwksUrl, undefined);
      assert.ok(!s.hints.some((h) => h.includes('/admin/')), s.hints.join('\n'));
      assert.ok(
        s.hints.some((h) => h.startsWith('No discovery URL can be built on the issuer')),
        s.hints.join('\n'),
      );
    });

    test('every catalogue rule, given any hostile issuer, builds a valid absolute URL or none', () => {
      const t = { header: {}, payload: { tfp: 'B2C_1_x', tid: TID } };
      const issuers = [
        ...HOSTILE,
        ...HOSTILE.map((h) => `${h}/oauth2/default`),
        `https://evil example.com/${TID}/v2.0/`,
        `https://u:p@x.b2clogin.com/${TID}/v2.0/`,
        'gitlab.com:99999999',
        'gitlab.com/../../x',
        'https://[::1]/realms/x',
      ];
      let built = 0;
      for (const e of CATALOGUE) {
        if (e.jwks.kind !== 'derive') continue;
        for (const iss of issuers) {
          for (const u of [e.jwks.url(iss, t), e.discoveryDocument?.(iss, t)]) {
            if (u === undefined) continue;
            built++;
            assert.ok(valid(u), `${e.id}: ${JSON.stringify(iss.slice(0, 60))} → ${u.slice(0, 120)}`);
            assert.ok(!u.includes('evil'), `${e.id}: ${u}`);
          }
        }
      }
      assert.ok(built > 0, 'some rules build URLs for the fixed-host providers');
    });

    test('the ?p= user flow: set only when it looks like a policy name, always encoded', () => {
      const base = `https://x.b2clogin.com/${TID}/discovery/v2.0/keys`;
      assert.equal(withQuery(base, 'p', 'B2C_1_signin'), `${base}?p=B2C_1_signin`);
      for (const p of ['B2C_1_x&p=evil', 'B2C_1_x#f', 'B2C 1', '', 'x'.repeat(200), '../x'])
        assert.equal(withQuery(base, 'p', p), undefined, p);
      const b2c = (tfp: string) =>
        sign({ typ: 'JWT' }, { iss: `https://x.b2clogin.com/${TID}/v2.0/`, ver: '1.0', tfp, azp: 'a' });
      assert.equal(recogniseToken(b2c('B2C_1_x&p=evil'))?.entry.jwks.kind, 'derive');
      return offline(b2c('B2C_1_x&p=evil')).then((s) => {
        assert.equal(s.jwksUrl, undefined, 'no user flow, no per-flow URL');
        assert.ok(!JSON.stringify(s.hints).includes('p=evil&'));
      });
    });

    test('underIssuer keeps what the issuer path says and drops trailing slashes', () => {
      assert.equal(underIssuer('https://h.example.com/a/b//', '/jwks'), 'https://h.example.com/a/b/jwks');
      assert.equal(underIssuer('http://127.0.0.1:9000', '/oauth2/jwks'), 'http://127.0.0.1:9000/oauth2/jwks');
      assert.equal(underIssuer('https://h.example.com/a b', '/jwks'), undefined);
    });

    test('suggest, offline, with hostile issuers: any proposed JWKS URL is valid, and the hint says why there is none', async () => {
      for (const iss of HOSTILE) {
        const s = await offline(sign({ typ: 'JWT' }, { iss, client_id: 'c1' }));
        if (s.jwksUrl) assert.ok(valid(s.jwksUrl.value), `${iss.slice(0, 60)} → ${s.jwksUrl.value}`);
        else
          assert.ok(
            s.hints.some((h) => /No discovery URL can be built|discovery/.test(h)),
            s.hints.join('\n'),
          );
      }
    });
  });

  suite('key fields that can never work', () => {
    const shape = (payload: Record<string, unknown>) => ({ header: {}, payload });

    test('a run or job id: the claim, a value equal to one, or spelled like one', () => {
      assert.match(unusableKeyField(shape({ job_id: '937' }), 'job_id') ?? '', /changes every run/);
      assert.match(unusableKeyField(shape({ run_id: '5', run_attempt: '1' }), 'run_attempt') ?? '', /every run/);
      assert.match(unusableKeyField(shape({ sub: '937', job_id: '937' }), 'sub') ?? '', /equals job_id/);
      assert.match(unusableKeyField(shape({ sub: 'job_937' }), 'sub') ?? '', /job or run id/);
      assert.match(unusableKeyField(shape({ sub: 'pipeline-12' }), 'sub') ?? '', /job or run id/);
    });

    // Real shapes. Buildkite: a published token's claims (gist.github.com/joemiller/51bec8e04de85af44540fbb85c392d00)
    // and its documented sub organization:{org}:pipeline:{slug}:ref:{ref}:commit:{sha}:step:{key}
    // (buildkite.com/docs/apis/workload-identity-federation/buildkite-agents). Bitbucket Pipelines:
    // one token per step (support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/),
    // its sub holds BITBUCKET_STEP_UUID and changes every run (github.com/sigstore/fulcio/issues/1257);
    // the claims repositoryUuid, pipelineUuid, stepUuid, deploymentEnvironmentUuid, branchName.
    const SHA = '750339bffa630404607f73dd8ed2f2c4de3670c7';
    const BUILDKITE = {
      iss: 'https://agent.buildkite.com',
      sub: `organization:acme:pipeline:app:ref:refs/heads/main:commit:${SHA}:step:build`,
      organization_slug: 'acme',
      pipeline_slug: 'app',
      build_number: 175,
      build_branch: 'main',
      build_commit: SHA,
      step_key: 'build',
      job_id: '018485f6-1f53-4f18-9b53-72428db4d239',
    };
    const REPO = '{437da666-7aab-4b60-a947-ec542536ca0d}';
    const STEP = '{0f0e0d0c-aaaa-4bbb-8ccc-ddddeeeeffff}';
    const PIPELINE = '{9a8b7c6d-1111-4222-8333-444455556666}';

    test('per-run values inside a compound value: a commit sha, a step UUID, a labelled job or pipeline number', () => {
      const why = (payload: Record<string, unknown>, claim = 'sub') => unusableKeyField(shape(payload), claim) ?? '';
      assert.match(why(BUILDKITE), /sub holds a commit sha \(750339bffa63…\): it changes with every commit/);
      assert.match(why({ sub: BUILDKITE.sub }), /commit sha/, 'without the build_commit claim too');
      assert.match(why(BUILDKITE, 'build_commit'), /commit sha/);
      assert.match(why({ sha: SHA, workflow_sha: SHA }, 'workflow_sha'), /commit sha/);
      const bitbucket = { sub: `${PIPELINE}:${STEP}`, repositoryUuid: REPO, pipelineUuid: PIPELINE, stepUuid: STEP };
      assert.match(why(bitbucket), /sub holds the value of pipelineUuid: it changes every run/);
      assert.match(why(bitbucket, 'stepUuid'), /stepUuid changes every run/);
      assert.match(why(bitbucket, 'pipelineUuid'), /pipelineUuid changes every run/);
      assert.match(why({ sub: `${REPO}:${STEP}` }), /chain of UUIDs.*new every run \(inferred\)/, 'the sub alone');
      assert.match(why({ sub: `${REPO}:{11111111-2222-4333-8444-555555555555}:${STEP}` }), /chain of UUIDs/);
      assert.match(why({ sub: 'pipeline:123:job:456' }), /sub holds a run id \(pipeline:123\): it changes every run/);
      assert.match(why({ sub: 'org/acme/build/982' }), /run id \(build:982\)/);
      assert.match(why({ sub: `project:x:step:${STEP}` }), /run id/);
      assert.match(why({ sub: 'repo:o/r:run-77' }), /run id \(run-77\)/);
      assert.match(why({ sub: 'o/r@982', build_number: 982 }), /holds the value of build_number/);
    });

    test('placeholders: N/A, unknown, none, null, blank', () => {
      for (const v of ['N/A', 'n/a', 'NA', 'unknown', 'none', 'null', 'undefined', 'not set', '-', '?', ' null '])
        assert.match(unusableKeyField(shape({ sub: v }), 'sub') ?? '', /placeholder .*the same in every token/, v);
      for (const v of ['', ' ', '\t'])
        assert.match(
          unusableKeyField(shape({ sub: v }), 'sub') ?? '',
          /blank, the same in every token/,
          JSON.stringify(v),
        );
    });

    // CircleCI: sub org/{org id}/project/{project id}/user/{user id}, all stable
    // (circleci.com/docs/openid-connect-tokens; pkg.go.dev/github.com/gravitational/teleport/lib/circleci).
    test('stable compound values stay usable: GitHub and GitLab subs, CircleCI UUIDs, Buildkite slugs and step key', () => {
      const ORG = '7bd2c3e4-1f4a-4c3e-9e0d-0f1e2d3c4b5a';
      const PROJECT = 'a74579f1-2e7d-451e-b009-5c082ad2729e';
      const USER = 'cb32986e-2f6f-4f43-b2bd-d3c2fd98e903';
      for (const [claim, payload] of [
        ['sub', { sub: 'repo:org/repo:ref:refs/heads/main', run_id: '9001', run_number: '12', run_attempt: '1' }],
        ['sub', { sub: 'repo:org/repo:environment:prod', run_id: '9001' }],
        ['sub', { sub: 'repo:org/repo:pull_request' }],
        ['sub', { sub: 'project_path:g/p:ref_type:branch:ref:main', pipeline_id: '12', job_id: '34' }],
        ['sub', { sub: '106056808542813109092' }],
        ['sub', { sub: `org/${ORG}/project/${PROJECT}/user/${USER}`, 'oidc.circleci.com/project-id': PROJECT }],
        ['sub', { ...BUILDKITE, sub: 'organization:acme:pipeline:app:ref:refs/heads/main:step:build' }],
        ['organization_slug', BUILDKITE],
        ['pipeline_slug', BUILDKITE],
        ['step_key', BUILDKITE],
        ['repositoryUuid', { repositoryUuid: REPO, stepUuid: STEP }],
        ['oid', { oid: PROJECT }],
        ['azp', { azp: 'build-tools', job_id: '1' }],
        ['sub', { sub: 'pipeline-runner:deploy', build_number: 5 }],
      ] as const)
        assert.equal(
          unusableKeyField(shape(payload), claim),
          undefined,
          `${claim}: ${JSON.stringify(payload[claim as keyof typeof payload])}`,
        );
    });

    test('suggest: a Buildkite token gets no per-run key field, and its stable claims stay alternatives', async () => {
      const s = await offline(sign({ typ: 'JWT' }, BUILDKITE));
      assert.notEqual(s.keyField?.value, 'sub');
      const offered = s.alternatives.map((a) => a.claim);
      for (const c of ['sub', 'build_commit', 'job_id'])
        assert.ok(!offered.includes(c), `${c} offered: ${offered.join()}`);
      for (const c of ['organization_slug', 'pipeline_slug', 'step_key']) assert.ok(offered.includes(c), c);
      assert.ok(s.hints.some((h) => h.startsWith('Not proposed as the key field: sub holds a commit sha')));
      // Nothing proposed: the refusal says so, not the engine's words about an empty claim name.
      assert.equal(s.keyField, undefined);
      assert.match(
        s.refusal ?? '',
        /^No key field is proposed, so no setting matches yet: key on one of the other claims/,
      );
      assert.ok(!s.hints.some((h) => h.includes('Claim ""')), s.hints.join('\n'));
      const bb = await offline(
        sign(
          { typ: 'JWT' },
          {
            iss: 'https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc',
            sub: `${REPO}:${STEP}`,
          },
        ),
      );
      assert.equal(bb.keyField, undefined);
      for (const v of ['N/A', 'unknown', 'none', 'null', ' ']) {
        const p = await offline(sign({ typ: 'JWT' }, { iss: 'https://idp.example.com', sub: v }));
        assert.equal(p.keyField, undefined, v);
      }
    });

    test('a placeholder sentence', () => {
      assert.match(
        unusableKeyField(shape({ sub: 'Not supported currently. Use oid claim.' }), 'sub') ?? '',
        /placeholder/,
      );
      assert.match(unusableKeyField(shape({ sub: 'This value is not available.' }), 'sub') ?? '', /placeholder/);
    });

    test('ordinary stable values stay usable (numeric ids included: Google sub is one)', () => {
      for (const v of [
        '106056808542813109092',
        '0oarcjf7g39FMj1ZJ0h7',
        'repo:o/r:environment:prod',
        'alpine/app',
        'Alice Example',
        'scim-client',
      ])
        assert.equal(unusableKeyField(shape({ sub: v, azp: v }), 'sub'), undefined, v);
    });

    test('suggest never proposes them, nor offers them as alternatives; the hint says why', async () => {
      const gh = await offline(
        sign(
          { typ: 'JWT' },
          {
            iss: 'https://token.actions.githubusercontent.com',
            sub: 'repo:o/r:ref:refs/heads/main',
            repository: 'o/r',
            run_id: '9001',
            run_number: '12',
            run_attempt: '1',
          },
        ),
      );
      assert.equal(gh.keyField?.value, 'sub');
      assert.deepEqual(
        gh.alternatives.filter((a) => a.claim.startsWith('run_')),
        [],
      );
      const legacy = await offline(
        sign(
          { typ: 'JWT' },
          { iss: 'gitlab.com', sub: 'job_1', job_id: '1', pipeline_id: '2', project_path: 'g/p', namespace_path: 'g' },
        ),
      );
      assert.equal(legacy.keyField?.value, 'project_path');
      assert.ok(!legacy.alternatives.some((a) => a.claim === 'sub' || a.claim === 'job_id'));
      // An unknown provider whose only client-like claim is a placeholder: nothing is proposed.
      const unknown = await offline(
        sign({ typ: 'JWT' }, { iss: 'https://idp.example.com', sub: 'Not supported currently. Use oid claim.' }),
      );
      assert.equal(unknown.keyField, undefined);
      assert.ok(unknown.hints.some((h) => h.startsWith('Not proposed as the key field: sub holds a sentence')));
    });
  });
});
