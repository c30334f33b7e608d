// "Fill from a token" in the setup form, in a real extension host, driven through the form's own
// protocol (the handle scimJwt.setup.open returns): a token from the local identity provider, and
// one shaped as an Okta custom authorization server issues it (no typ), which Harness refuses.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/platform/ids';
import { openForm, type FormDriver } from './support/setupForm';
import type { ToWebview } from '../../src/features/setup/protocol';
import { startIdp, type Idp } from '../sandbox/idp';

type Proposal = Extract<ToWebview, { type: 'fillProposal' }>;

const ALLOWED_HOSTS = 'discovery.allowedHosts';
const allowedHosts = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('scimJwt');

suite('Setup form: Fill from a token (extension host)', () => {
  let idp: Idp;
  let form: FormDriver;

  /**
   * Every answer for a token: in a trusted workspace the offline one, then the one judged against
   * the key set; in an untrusted one only the offline one, already complete.
   */
  const answersFor = async (token: string): Promise<Proposal[]> => {
    await form.post({ type: 'fillFromToken', token });
    const first = await form.waitFor('fillProposal');
    assert.equal(
      first.complete,
      !vscode.workspace.isTrusted,
      'a second answer comes only where the key set may be fetched',
    );
    return first.complete ? [first] : [first, await form.waitFor('fillProposal', (m) => m.complete)];
  };
  const proposalFor = async (token: string): Promise<Proposal> => (await answersFor(token)).at(-1)!;

  suiteSetup(async () => {
    idp = await startIdp();
    // The test IdP is plain http on 127.0.0.1: a user on such a private IdP allows its host first.
    await allowedHosts().update(ALLOWED_HOSTS, [new URL(idp.issuer).host], vscode.ConfigurationTarget.Global);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    form = (await openForm('scimJwt.setup.open'))!;
    await form.post({ type: 'ready', form: null });
    await form.waitFor('init');
  });

  suiteTeardown(async () => {
    await allowedHosts().update(ALLOWED_HOSTS, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await idp.close();
  });

  test('a token from the local identity provider names the provider and proposes the three settings, each with its reason', async () => {
    const token = await idp.getToken();
    const { proposal, source } = await proposalFor(token);
    assert.equal(source, 'pasted');
    assert.equal(proposal.provider?.name, 'node oidc-provider');
    assert.equal(proposal.provider.harness, 'yes');
    // The key-rotation forecast (docs/key-rotation.md): this provider publishes the next key early.
    assert.match(
      proposal.provider.rotation ?? '',
      /^node oidc-provider rotates signing keys .*will not see a key published early/,
    );
    assert.equal(proposal.jwksUrl?.value, idp.jwksUri);
    assert.equal(proposal.keyField?.value, 'client_id');
    assert.equal(proposal.value?.value, idp.clientId);
    for (const p of [proposal.jwksUrl, proposal.keyField, proposal.value])
      assert.ok(p.reason.length > 10, 'each proposal has a reason');
    assert.ok(
      proposal.alternatives.some((a) => a.claim === 'sub'),
      'the other string claims are offered',
    );
    assert.equal(proposal.accepted, true, proposal.refusal ?? '');
    // Only a trusted workspace fetches the provider's keys; an untrusted one judges the shape alone.
    assert.equal(proposal.basis, vscode.workspace.isTrusted ? 'key-set' : 'shape');
    assert.equal(proposal.refusal, null);
  });

  test('without the user allowing its host, a plain-http IdP on 127.0.0.1 is never reached: the shape alone is judged', async () => {
    if (!vscode.workspace.isTrusted) return; // an untrusted workspace judges the shape alone anyway
    // Another IdP, so no key set of an allowed host is already in the cache.
    const other = await startIdp();
    try {
      const { proposal } = await proposalFor(await other.getToken());
      assert.equal(proposal.basis, 'shape');
    } finally {
      await other.close();
    }
  });

  test('nothing is written or sent: the proposal changes no field, and the token never comes back to the webview', async () => {
    const token = await idp.getToken();
    const before = form.sent.length;
    await proposalFor(token);
    const after = form.sent.slice(before);
    assert.ok(
      !after.some((m) => m.type === 'init' || m.type === 'sendResult' || m.type === 'checks' || m.type === 'preview'),
      after.map((m) => m.type).join(', '),
    );
    assert.ok(!JSON.stringify(after).includes(token.split('.')[2]!), 'the token is not in any message to the webview');
  });

  test("an Okta-custom-authorization-server token (no typ) shows the refusal up front, with the provider's reason and options", async () => {
    const now = Math.floor(Date.now() / 1000);
    const iss = `${idp.issuer}/oauth2/aus1scim`;
    const token = idp.sign(
      { kid: idp.currentKid(), alg: 'RS256' },
      {
        ver: 1,
        jti: 'AT.fill1',
        iss,
        aud: 'api://scim',
        iat: now - 60,
        exp: now + 3600,
        cid: '0oa1scim',
        scp: ['scim'],
        sub: '0oa1scim',
      },
    );
    // The first, offline answer already carries the refusal: no key set has to be fetched for it.
    const answers = await answersFor(token);
    for (const [i, { proposal }] of answers.entries()) {
      assert.equal(proposal.provider?.id, 'okta-custom');
      assert.equal(proposal.provider.harness, 'no');
      assert.equal(proposal.provider.rotation, null, 'no forecast for tokens Harness refuses anyway');
      assert.equal(proposal.accepted, false);
      assert.match(proposal.refusal ?? '', /Okta custom authorization servers never put typ/);
      assert.match(proposal.refusal ?? '', /Options:/);
      assert.equal(proposal.keyField?.value, 'cid');
      assert.equal(proposal.value?.value, '0oa1scim');
      if (i === 0) assert.equal(proposal.jwksUrl?.value, `${iss}/v1/keys`, "offline: Okta's fixed key-set path");
      else {
        // Online, the path is fetched first: this test IdP does not serve it, so it is not proposed as if it worked.
        assert.equal(proposal.jwksUrl, null);
        assert.ok(
          proposal.hints.some((h) => h.includes(`${iss}/v1/keys`)),
          `a hint names the key-set URL that did not answer: ${proposal.hints.join(' | ')}`,
        );
      }
    }
  });

  test('an empty token is refused with a notice, and a "Bearer " prefix is accepted', async () => {
    await form.post({ type: 'fillFromToken', token: '   ' });
    const notice = await form.waitFor('notice');
    assert.equal(notice.level, 'error');
    const { proposal } = await proposalFor(`Bearer ${await idp.getToken()}`);
    assert.equal(proposal.provider?.name, 'node oidc-provider');
  });
});
