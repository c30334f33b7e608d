/**
 * Issue 25's "done when": the sandbox IdP rotates its keys under the same URL while SCIM traffic
 * continues on the emulator; the doctor, `scim-jwt doctor --json` and "Test against Harness" name
 * Harness's stale key set; `scim-jwt setup --refresh-key-set` proves the changed URL, writes it,
 * counts down Harness's settings cache (on a test clock that moves the emulator's, no real wait),
 * re-tests and passes; a URL that does not answer the key set, or a failed PUT, leaves the setting
 * as it was.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { doctorMarkdown } from '../../../src/core/doctor';
import { runHarnessTrial } from '../../../src/core/inspect';
import {
  harnessSetupPort,
  keySetNow,
  proveSameKeySet,
  REFRESH_PARAMETER,
  refreshStamp,
  staleKeySetMessage,
  waitForSettings,
  withRefreshParameter,
  type SettingsClock,
} from '../../../src/core/setup';
import { SETTINGS_PROPAGATION_SECONDS } from '../../../src/core/harness';
import { JwksCache } from '../../../src/core/jwt';
import { startIdp, type Idp } from '../../sandbox/idp';
import { runInProcess } from '../cli/inProcess';
import { testHttp } from '../testHttp';
import { account, CLAIM, putSettings, run, settingsFor, shape, step, type Account } from './fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;
const JWKS_SETTING = 'scim_jwt_token_jwks_keys_url';

/** A clock whose sleep moves the emulator's clock instead of waiting: Harness's 120 s pass at once. */
function emulatorClock(a: Account): SettingsClock & { sleptMs: number } {
  let offset = 0;
  const clock = {
    sleptMs: 0,
    now: () => Date.now() + offset,
    sleep: (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) return Promise.reject(new Error('aborted'));
      offset += ms;
      clock.sleptMs += ms;
      a.emu.advanceClock(ms);
      return Promise.resolve();
    },
  };
  return clock;
}

function jwksSetting(a: Account): string | null | undefined {
  return a.emu.snapshot().settings.find((s) => s.identifier === JWKS_SETTING)?.value;
}

suite('key rotation: the stale key set, named and refreshed in one step', () => {
  let idp: Idp;
  let a: Account;
  let scim: (token: string) => Promise<number>;

  setup(async () => {
    // Tokens live 30 days: the emulator's clock moves by days of SCIM traffic.
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value }, ttlSeconds: 30 * 24 * 3600 });
    // Harness's own 2-minute settings cache, so the countdown is what makes the refresh take effect.
    a = await account(idp, { settingsCacheMs: SETTINGS_PROPAGATION_SECONDS * 1000, settings: false, fresh: true });
    // Written 150 s ago by the emulator's clock, so a doctor on the real clock sees them in force.
    a.emu.advanceClock(-150_000);
    await putSettings(a.emu, settingsFor(idp));
    a.emu.advanceClock(150_000);
    scim = async (token) =>
      (
        await fetch(`${a.emu.baseUrl}/ng/api/scim/account/${a.emu.accountId}/Users?count=1`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status;
    const before = await idp.getToken();
    assert.equal(await scim(before), 200);
    await idp.rotateKeys();
    // SCIM traffic continues with the old key's token: every use renews Harness's 5 days.
    for (let day = 0; day < 3; day++) {
      a.emu.advanceClock(3 * DAY_MS);
      assert.equal(await scim(before), 200, 'the old key still verifies against the cached set');
    }
  });
  teardown(async () => {
    await a.close();
    await idp.close();
  });

  const env = (): Record<string, string> => ({ HARNESS_API_KEY: a.emu.adminKey });

  test('the doctor names the stale cache (an inference, said so), with the refresh command', async () => {
    const token = await idp.getToken();
    assert.equal(await scim(token), 401);
    const report = await run(a, token);
    assert.deepEqual(shape(report).slice(2, 6), [
      'jwks:warn:jwks-not-public',
      'serviceAccount:pass',
      'verdict:pass',
      'tokenValidate:fail:key-set-stale',
    ]);
    const s6 = step(report, 'tokenValidate');
    assert.equal(s6.detail, staleKeySetMessage(idp.currentKid()));
    assert.match(s6.detail, /^Probably Harness is still using the key set it downloaded from the JWKS URL/);
    assert.match(
      s6.detail,
      /or is there with other key material \(inferred: Harness answers the same 401 for every failure\)\.$/,
    );
    assert.doesNotMatch(s6.detail, /signature/i);
    assert.match(s6.notes[0] ?? '', /^Inferred: token\/validate answered 401 INVALID_TOKEN "Token is not valid\."/);
    assert.match(s6.fix ?? '', /scim-jwt setup --refresh-key-set/);
    assert.equal(report.staleKeySet?.kid, idp.currentKid());
    assert.equal(report.staleKeySet.inferred, true);
    assert.equal(report.staleKeySet.refreshCommand, `scim-jwt setup --base-url '${a.emu.baseUrl}' --refresh-key-set`);
    const md = doctorMarkdown(report);
    assert.match(md, /## Harness's key set is probably out of date/);
    assert.ok(!md.includes(token));

    const cli = await runInProcess(['doctor', '--base-url', a.emu.baseUrl, '--token', token, '--json'], {
      env: env(),
    });
    assert.equal(cli.code, 1, cli.err);
    const json = JSON.parse(cli.out) as Record<string, unknown>;
    assert.equal(json.schemaVersion, 1);
    assert.equal(json.exitCode, 1);
    assert.ok((json.problems as string[]).includes('key-set-stale'));
    assert.equal((json.staleKeySet as { kid: string }).kid, idp.currentKid());
    assert.equal((json.staleKeySet as { onlyProblem: boolean }).onlyProblem, true, 'steps 6 and 7 only');
  });

  test('a change to another of the four settings within 120 s: not named stale (the newest change counts)', async () => {
    // Only the value setting is written again, now; the JWKS URL setting stays 150 s old.
    await putSettings(a.emu, { scim_jwt_token_value_field: CLAIM.value });
    const report = await run(a, await idp.getToken());
    assert.equal(step(report, 'tokenValidate').problem, 'engines-disagree');
    assert.equal(report.staleKeySet, undefined);
  });

  test("not named when the token is wrong, nor while a URL change may still be in Harness's settings cache", async () => {
    // A token of another provider: its key is in neither key set; the local verdict refuses it too.
    const stranger = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    try {
      const report = await run(a, await stranger.getToken());
      assert.equal(step(report, 'verdict').verdictCode, 'key-not-found');
      assert.equal(step(report, 'tokenValidate').problem, 'token-validate-refused');
      assert.equal(report.staleKeySet, undefined);
    } finally {
      await stranger.close();
    }
    // The JWKS URL setting written just now: Harness may still use the previous URL for 120 s.
    await putSettings(a.emu, settingsFor(idp));
    const report = await run(a, await idp.getToken());
    assert.equal(step(report, 'tokenValidate').problem, 'engines-disagree');
    assert.equal(report.staleKeySet, undefined);
  });

  test('"Test against Harness" names it too, not "signature invalid"', async () => {
    const token = await idp.getToken();
    const port = harnessSetupPort(a.client);
    const outcome = await runHarnessTrial(
      {
        serviceProviderConfig: (t, o) => a.client.scim.serviceProviderConfig(t, o),
        listUsers: (t, p, o) => a.client.scim.listUsers(t, p, o),
        validateToken: (t, o) => a.client.validateToken(t, o),
        keySetNow: (t, o) => keySetNow(port, a.cache, t, a.now(), o),
      },
      token,
      undefined,
    );
    assert.equal(outcome.result, 'refused');
    assert.equal(outcome.summary, `Harness refused the token: ${staleKeySetMessage(idp.currentKid())}`);
    assert.match(
      outcome.summary,
      /: Probably Harness is still using .*\(inferred: Harness answers the same 401 for every failure\)/,
    );
    assert.equal(outcome.staleKeySet?.inferred, true);
    assert.ok(outcome.details.some((d) => d.startsWith('Inferred:')));
  });

  test('setup --refresh-key-set writes the changed URL, counts down 120 s, re-tests and passes; again replaces its parameter', async () => {
    const token = await idp.getToken();
    const clock = emulatorClock(a);
    const r = await runInProcess(
      ['setup', '--base-url', a.emu.baseUrl, '--refresh-key-set', '--yes', '--token', '-', '--json'],
      {
        env: env(),
        stdin: token,
        clock,
      },
    );
    assert.equal(r.code, 0, r.out + r.err);
    const out = JSON.parse(r.out) as {
      outcome: string;
      newUrl: string;
      previousUrl: string;
      retest: { result: string };
    };
    assert.equal(out.outcome, 'refreshed');
    assert.equal(out.previousUrl, idp.jwksUri);
    assert.match(
      out.newUrl,
      new RegExp(`^${idp.jwksUri.replace(/[.?]/g, '\\$&')}\\?${REFRESH_PARAMETER}=\\d{8}T\\d{4}$`),
    );
    assert.equal(jwksSetting(a), out.newUrl, 'Harness holds the changed URL');
    assert.equal(out.retest.result, 'accepted');
    // The wait started a few real milliseconds after the PUT: the rest of the 120 s were counted down.
    assert.ok(clock.sleptMs > (SETTINGS_PROPAGATION_SECONDS - 1) * 1000, `counted down ${clock.sleptMs} ms`);
    assert.match(r.err, /Waiting 120 s for its settings cache/);
    assert.match(r.err, /110 s left[\s\S]*10 s left[\s\S]*Harness now uses the new URL/);
    assert.equal(await scim(token), 200, 'SCIM accepts the rotated key now');

    // The provider rotates again; the second refresh replaces the parameter instead of adding one.
    a.emu.advanceClock(61_000);
    await idp.rotateKeys();
    const again = await runInProcess(
      ['setup', '--base-url', a.emu.baseUrl, '--refresh-key-set', '--yes', '--token', await idp.getToken()],
      {
        env: env(),
        clock: emulatorClock(a),
      },
    );
    assert.equal(again.code, 0, again.out + again.err);
    const url = jwksSetting(a) ?? '';
    assert.notEqual(url, out.newUrl);
    assert.equal(url.split(`${REFRESH_PARAMETER}=`).length, 2, `one parameter of ours: ${url}`);
  });

  test('--dry-run proves the changed URL and writes nothing', async () => {
    const before = a.emu.snapshot().settings;
    const r = await runInProcess(['setup', '--base-url', a.emu.baseUrl, '--refresh-key-set', '--dry-run', '--json'], {
      env: env(),
    });
    assert.equal(r.code, 0, r.out + r.err);
    const out = JSON.parse(r.out) as { outcome: string; newUrl: string; kids: string[] };
    assert.equal(out.outcome, 'dry-run');
    assert.equal(out.kids.length, 2, 'the old and the new key, at both URLs');
    assert.deepEqual(a.emu.snapshot().settings, before);
    const usage = await runInProcess(['setup', '--base-url', a.emu.baseUrl, '--refresh-key-set', '--restore'], {
      env: env(),
    });
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--refresh-key-set changes only the JWKS URL/);
  });

  test('a provider that 404s the changed URL: nothing is written, and the user is told', async () => {
    idp.refuseJwksQuery(true);
    const before = a.emu.snapshot().settings;
    const r = await runInProcess(['setup', '--base-url', a.emu.baseUrl, '--refresh-key-set', '--yes'], {
      env: env(),
      clock: emulatorClock(a),
    });
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /does not answer a key set .*HTTP 404.*the URL was left as it is/s);
    assert.match(r.out, /Nothing was changed/);
    assert.deepEqual(a.emu.snapshot().settings, before, 'no setting changed');
  });

  test('a PUT whose URL item fails leaves the old URL, which still answers, and says so', async () => {
    a.emu.failSettingItem(JWKS_SETTING, 'Setting value is too long');
    const r = await runInProcess(['setup', '--base-url', a.emu.baseUrl, '--refresh-key-set', '--yes'], {
      env: env(),
      clock: emulatorClock(a),
    });
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /Harness did not save the new URL \(Setting value is too long\); it still holds/);
    assert.equal(jwksSetting(a), idp.jwksUri);
  });

  test('the PUT saves the URL but the read-back fails: "saved, not confirmed by the read-back", then countdown and re-test', async () => {
    const token = await idp.getToken();
    // The first settings GET (the current values) and the PUT pass; the read-back after the PUT fails.
    a.emu.injectFault({ path: /\/ng\/api\/settings/, method: 'GET', kind: '5xx', skip: 1, times: 3 });
    const clock = emulatorClock(a);
    const r = await runInProcess(
      ['setup', '--base-url', a.emu.baseUrl, '--refresh-key-set', '--yes', '--token', token, '--json'],
      { env: env(), clock },
    );
    const out = JSON.parse(r.out) as { outcome: string; newUrl: string; retest: { result: string } | null };
    assert.match(r.err, /not confirmed by the read-back/);
    assert.doesNotMatch(r.out + r.err, /did not save the new URL/);
    assert.equal(jwksSetting(a), out.newUrl, 'Harness did save it');
    assert.ok(clock.sleptMs > (SETTINGS_PROPAGATION_SECONDS - 1) * 1000, 'the countdown ran');
    assert.equal(out.outcome, 'refreshed');
    assert.equal(out.retest?.result, 'accepted');
    assert.equal(r.code, 0, r.out + r.err);
  });
});

suite('key rotation: the changed URL and its proof', () => {
  const at = new Date('2026-12-06T07:12:33Z');

  test('adds the parameter, keeps the others in place, replaces its own, never returns the same string', () => {
    assert.equal(refreshStamp(at), '20261206T0712');
    assert.equal(withRefreshParameter(' https://idp/keys ', at), 'https://idp/keys?scim-jwt-refresh=20261206T0712');
    const b2c = 'https://t.b2clogin.com/t.onmicrosoft.com/discovery/v2.0/keys?p=B2C_1_signin';
    assert.equal(withRefreshParameter(b2c, at), `${b2c}&scim-jwt-refresh=20261206T0712`);
    assert.equal(
      withRefreshParameter('https://idp/keys?scim-jwt-refresh=20250101T0000&p=x%20y#f', at),
      'https://idp/keys?p=x%20y&scim-jwt-refresh=20261206T0712#f',
    );
    const once = withRefreshParameter(b2c, at);
    assert.equal(withRefreshParameter(once, at), `${b2c}&scim-jwt-refresh=20261206T071233`, 'same minute: seconds');
  });

  test('a changed URL answering other keys is refused; the same keys are proven', async () => {
    const idp = await startIdp();
    const other = await startIdp();
    // A host that answers another key set when a query string is present (or, once `mode` is set,
    // the provider's keys changed by `mode`).
    let mode: ((keys: Record<string, unknown>[]) => Record<string, unknown>[]) | undefined;
    const server: Server = createServer((req, res) => {
      const query = (req.url ?? '').includes('?');
      const target = query && mode === undefined ? other.jwksUri : idp.jwksUri;
      void fetch(target).then(async (r) => {
        const body = await r.text();
        const set = JSON.parse(body) as { keys: Record<string, unknown>[] };
        const text = query && mode ? JSON.stringify({ keys: mode(set.keys) }) : body;
        res.writeHead(200, { 'content-type': 'application/json' }).end(text);
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;
    const cache = new JwksCache({ http: testHttp() });
    try {
      const differs = await proveSameKeySet(cache, url, withRefreshParameter(url, at));
      assert.deepEqual(differs.same ? 'same' : differs.code, 'changed-url-differs');
      const same = await proveSameKeySet(cache, idp.jwksUri, withRefreshParameter(idp.jwksUri, at));
      assert.deepEqual(same, { same: true, keyCount: 1, kids: [idp.currentKid()] });

      // Two keys: the same keys in another order, or with other key_ops or thumbprints, are refused
      // (jose4j's first matching key wins, and key_ops and x5t take part in its choice).
      await idp.rotateKeys();
      const variants: Record<string, (keys: Record<string, unknown>[]) => Record<string, unknown>[]> = {
        reversed: (keys) => [...keys].reverse(),
        keyOps: (keys) => keys.map((k, i) => (i === 0 ? { ...k, key_ops: ['sign'] } : k)),
        x5t: (keys) => keys.map((k, i) => (i === 0 ? { ...k, x5t: 'AAAA' } : k)),
      };
      for (const [name, change] of Object.entries(variants)) {
        mode = change;
        cache.reload(url);
        const proof = await proveSameKeySet(cache, url, withRefreshParameter(url, at));
        assert.equal(proof.same ? 'same' : proof.code, 'changed-url-differs', name);
      }
      mode = (keys) => keys;
      const twoSame = await proveSameKeySet(cache, url, withRefreshParameter(url, at));
      assert.equal(twoSame.same && twoSame.keyCount, 2);
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await cache.close();
      await idp.close();
      await other.close();
    }
  });

  test('the countdown ticks once a second to 0 and stops when cancelled', async () => {
    let now = 0;
    const clock: SettingsClock = {
      now: () => now,
      sleep: (ms, signal) => {
        if (signal?.aborted) return Promise.reject(new Error('aborted'));
        now += ms;
        return Promise.resolve();
      },
    };
    const ticks: number[] = [];
    await waitForSettings(3_500, { clock, onTick: (s) => ticks.push(s) });
    assert.deepEqual(ticks, [4, 3, 2, 1, 0]);
    const abort = new AbortController();
    const seen: number[] = [];
    await assert.rejects(
      waitForSettings(now + 10_000, {
        clock,
        signal: abort.signal,
        onTick: (s) => {
          seen.push(s);
          if (s === 8) abort.abort();
        },
      }),
    );
    assert.deepEqual(seen, [10, 9, 8]);
  });
});

suite('key rotation: a firewall that answers Harness an error page looks stale, and the refresh tells it apart', () => {
  let idp: Idp;
  let waf: Server;
  let a: Account;

  setup(async () => {
    idp = await startIdp({ claims: { [CLAIM.key]: CLAIM.value } });
    // In front of the provider: Harness's download (the emulator's, `accept: */*` as OkHttp's) gets an
    // HTML 403; the product's (which asks for JSON) gets the key set. Nothing ever rotates.
    waf = createServer((req, res) => {
      if (req.headers.accept === '*/*') {
        res.writeHead(403, { 'content-type': 'text/html' }).end('<html><body>Request blocked</body></html>');
        return;
      }
      void fetch(idp.jwksUri).then(async (r) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(await r.text());
      });
    });
    await new Promise<void>((done) => waf.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(waf.address() as AddressInfo).port}/keys`;
    a = await account(idp, { settings: settingsFor(idp, { jwks: url }) });
  });
  teardown(async () => {
    await a.close();
    waf.closeAllConnections();
    await new Promise((done) => waf.close(done));
    await idp.close();
  });

  test('the doctor only says "probably"; the re-test after the refresh says Harness gets something else from the URL', async () => {
    const token = await idp.getToken();
    const report = await run(a, token);
    const s6 = step(report, 'tokenValidate');
    assert.equal(s6.problem, 'key-set-stale');
    assert.match(s6.detail, /^Probably .*\(inferred: Harness answers the same 401 for every failure\)\.$/);

    const r = await runInProcess(
      ['setup', '--base-url', a.emu.baseUrl, '--refresh-key-set', '--yes', '--token', token, '--json'],
      { env: { HARNESS_API_KEY: a.emu.adminKey }, clock: emulatorClock(a) },
    );
    assert.equal(r.code, 1, r.out + r.err);
    const out = JSON.parse(r.out) as {
      outcome: string;
      newUrl: string;
      retest: { result: string; summary: string; details: string[]; staleKeySet: boolean };
    };
    assert.equal(out.outcome, 'refreshed');
    assert.equal(out.retest.result, 'refused');
    assert.equal(out.retest.staleKeySet, false, 'never inferred right after a refresh');
    assert.doesNotMatch(out.retest.summary, /still using the key set/);
    assert.ok(
      out.retest.details.some((d) =>
        d.startsWith(`Harness downloaded the key set from the new URL ${out.newUrl} (it had never cached that URL)`),
      ),
      out.retest.details.join('\n'),
    );
    assert.ok(out.retest.details.some((d) => d.includes('firewall, allow-list or proxy')));
  });
});
