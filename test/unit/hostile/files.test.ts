/**
 * Hostile input, files that are not what their names say (issue 19, defects 2, 3 and 8): FIFOs,
 * devices and oversized files under env-file names, and pipes given as inputs. Each case: an exit
 * code, the words a person reads, and a time bound (a FIFO read by mistake would hang forever).
 */
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInProcess, type CliRun } from '../cli/inProcess';
import { goodPayload, jwksJson, makeToken, rsaKey, type TestKey } from '../jwt/fixtures';
import { within } from './helpers';

const BIN = resolve(__dirname, '../../../src/cli/bin.js');

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** The compiled bin with `input` on a real pipe as standard input. */
function runBin(args: string[], input: string): Promise<CliRun> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [BIN, ...args], { timeout: 15_000 }, (error, out, err) => {
      done({ code: typeof child.exitCode === 'number' ? child.exitCode : error ? 99 : 0, out, err });
    });
    child.stdin?.end(input);
  });
}

suite('hostile input: FIFOs, devices, oversized files, pipes', () => {
  let dir: string;
  let key: TestKey;
  let token: string;

  suiteSetup(() => {
    key = rsaKey(2048, { kid: 'k' });
    const now = Math.floor(Date.now() / 1000);
    token = makeToken(
      { alg: 'RS256', typ: 'JWT', kid: 'k' },
      goodPayload({ iat: now, exp: now + 3600 }),
      key.privateKey,
    );
  });
  setup(() => {
    dir = mkdtempSync(join(tmpdir(), 'hostile-files-'));
  });
  teardown(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A .http file two folders below `dir`, using a .env variable and an env-file variable. */
  function httpFile(): string {
    const sub = join(dir, 'a', 'b');
    mkdirSync(sub, { recursive: true });
    const file = join(sub, 'scim.http');
    writeFileSync(
      file,
      'GET https://h/x\nAuthorization: Bearer {{$dotenv TOKEN}}\n\nGET https://h/y\nAuthorization: Bearer {{token}}\n',
    );
    return file;
  }

  for (const name of ['.env', 'http-client.env.json', 'http-client.private.env.json']) {
    test(`a FIFO named ${name} in a parent folder is skipped with a warning; scan ends, exit 0, within 3 s`, async () => {
      const file = httpFile();
      mkfifo(join(dir, name));
      const r = await within(3000, 'scan', () => runInProcess(['scan', file]));
      assert.equal(r.code, 0, r.err);
      assert.match(
        r.out,
        new RegExp(`${name.replace(/\./g, '\\.')} is a named pipe \\(FIFO\\), not a regular file; it was skipped`),
      );
    });
  }

  test('a FIFO named .env: the token\'s problem says the file was not read, not "No .env file found"', async () => {
    const file = httpFile();
    mkfifo(join(dir, 'a', '.env'));
    const r = await within(3000, 'scan', () => runInProcess(['scan', file, '--json']));
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /No \.env file found/);
    assert.match(r.out, /\.env is a named pipe \(FIFO\); it was not read/);
  });

  test('.env pointing at /dev/zero: a character device, skipped, exit 0, within 3 s', async () => {
    const file = httpFile();
    symlinkSync('/dev/zero', join(dir, 'a', 'b', '.env'));
    const r = await within(3000, 'scan', () => runInProcess(['scan', file]));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\.env is a character device, not a regular file; it was skipped/);
    assert.doesNotMatch(r.out, /No \.env file found/);
  });

  test('an oversized .env says it is too large, not "No .env file found"', async () => {
    const file = httpFile();
    writeFileSync(join(dir, 'a', 'b', '.env'), `TOKEN=${'x'.repeat(4 * 1024 * 1024)}\n`);
    const r = await within(3000, 'scan', () => runInProcess(['scan', file]));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\.env is larger than 4 MiB; it was not read/);
    assert.doesNotMatch(r.out, /No \.env file found/);
  });

  test('an http-client.env.json over 4 MiB is not dropped silently', async () => {
    const file = httpFile();
    writeFileSync(
      join(dir, 'http-client.env.json'),
      JSON.stringify({ dev: { token, pad: 'x'.repeat(4 * 1024 * 1024) } }),
    );
    const r = await within(3000, 'scan', () => runInProcess(['scan', file, '--env', 'dev']));
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /http-client\.env\.json is larger than 4 MiB, which no environment file anyone wrote is; it was not read/,
    );
  });

  test('a folder named .env (a Python virtual environment) is simply not a .env file', async () => {
    const file = httpFile();
    mkdirSync(join(dir, 'a', 'b', '.env'));
    const r = await within(3000, 'scan', () => runInProcess(['scan', file]));
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /regular file/);
    assert.match(r.out, /No \.env file found/);
  });

  test('--jwks-file /dev/stdin from a pipe is read once: the same verdict as the file, exit 0', async () => {
    const keys = jwksJson(key);
    const file = join(dir, 'jwks.json');
    writeFileSync(file, keys);
    const args = ['verify', token, '--key-field', 'client_id', '--value', 'harness-scim'];
    const fromFile = await runBin([...args, '--jwks-file', file], '');
    assert.equal(fromFile.code, 0, fromFile.out + fromFile.err);
    // A shell pipe, as a person types it (Node's own child stdin is a socket, which /dev/stdin cannot reopen).
    const fromPipe = await within(
      10_000,
      'verify from a pipe',
      () =>
        new Promise<CliRun>((done) => {
          const child = execFile(
            'sh',
            [
              '-c',
              'f=$1; shift; cat "$f" | "$@"',
              'sh',
              file,
              process.execPath,
              BIN,
              ...args,
              '--jwks-file',
              '/dev/stdin',
            ],
            { timeout: 15_000 },
            (error, out, err) => {
              done({ code: typeof child.exitCode === 'number' ? child.exitCode : error ? 99 : 0, out, err });
            },
          );
        }),
    );
    assert.equal(fromPipe.code, 0, fromPipe.out + fromPipe.err);
    assert.match(fromPipe.out, /^ACCEPTED/);
  });

  test('--jwks-file naming a FIFO fed once: read once, accepted, within 5 s', async () => {
    const fifo = join(dir, 'keys.fifo');
    mkfifo(fifo);
    // The writer opens, writes the set once and closes: a second read would wait forever.
    const writer = execFile('sh', ['-c', `cat > "$1"`, 'sh', fifo]);
    writer.stdin?.end(jwksJson(key));
    try {
      const r = await within(5000, 'verify from a FIFO', () =>
        runInProcess(['verify', token, '--jwks-file', fifo, '--key-field', 'client_id', '--value', 'harness-scim']),
      );
      assert.equal(r.code, 0, r.out + r.err);
    } finally {
      writer.kill();
    }
  });

  test('a token piped into decode - and verify -', async () => {
    const file = join(dir, 'jwks.json');
    writeFileSync(file, jwksJson(key));
    const d = await within(10_000, 'decode -', () => runBin(['decode', '-'], `Bearer ${token}\n`));
    assert.equal(d.code, 0, d.err);
    const v = await within(10_000, 'verify -', () =>
      runBin(['verify', '-', '--jwks-file', file, '--key-field', 'client_id', '--value', 'harness-scim'], token),
    );
    assert.equal(v.code, 0, v.out + v.err);
    const empty = await within(10_000, 'decode of an empty pipe', () => runBin(['decode', '-'], ''));
    assert.equal(empty.code, 2);
    assert.match(empty.err, /no token/);
  });

  test('standard input that never ends is cut off at 16 MiB: exit 2 naming the cause, within 10 s', async () => {
    const r = await within(
      10_000,
      'decode - from /dev/zero',
      () =>
        new Promise<CliRun>((done) => {
          const child = execFile(
            'sh',
            ['-c', 'head -c 40000000 /dev/zero | "$@"', 'sh', process.execPath, BIN, 'decode', '-'],
            { timeout: 15_000 },
            (error, out, err) => {
              done({ code: typeof child.exitCode === 'number' ? child.exitCode : error ? 99 : 0, out, err });
            },
          );
        }),
    );
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /standard input is larger than 16 MiB/);
  });

  test('--env with a path in it reads no file outside the folders searched', async () => {
    const file = httpFile();
    writeFileSync(join(dir, 'outside.env'), 'T=leaked\n');
    writeFileSync(file, 'GET https://h/x\nAuthorization: Bearer {{$dotenv T}}\n');
    const r = await within(3000, 'scan', () => runInProcess(['scan', file, '--env', '../../outside', '--json']));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /holds a path separator; no \.env\.<environment> file was looked for/);
    assert.doesNotMatch(r.out, /outside\.env/);
  });

  test('token and key set both from standard input: a usage error, not an empty key set', async () => {
    const r = await runInProcess(
      ['verify', '-', '--jwks-file', '/dev/stdin', '--key-field', 'client_id', '--value', 'harness-scim'],
      { stdin: token },
    );
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot both come from standard input/);
  });
});
