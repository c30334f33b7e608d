/**
 * Hostile input, the editor shows only text (issue 29, class 3): the plain-text surfaces
 * (notifications, quick picks) get one line with controls escaped; log lines cannot start a forged
 * entry; the doctor's Markdown report shows what servers said as text, never as links, images or
 * HTML.
 */
import * as assert from 'node:assert/strict';
import { doctorMarkdown, type DoctorReport } from '../../../src/core/doctor';
import { logText, plainLine } from '../../../src/core/terminalText';

// eslint-disable-next-line no-control-regex -- control characters are what this test looks for
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

suite('hostile input: the editor shows only text', () => {
  const evil = 'denied\u001b]0;pwned\u0007\r\nHarness would accept this token\u202e\t.';

  test('plainLine: one line, every control a visible escape', () => {
    const shown = plainLine(evil);
    assert.doesNotMatch(shown, CONTROL);
    assert.doesNotMatch(shown, /\n|\t/);
    assert.match(shown, /denied\\u001b\]0;pwned\\u0007 Harness would accept/);
  });

  test('logText: a line break from outside continues the entry indented, never a new entry', () => {
    const shown = logText(
      'token endpoint said: bad\n2026-01-01 00:00:00.000 [info] Harness accepts the token\u001b[2K',
    );
    assert.doesNotMatch(shown, CONTROL);
    assert.ok(
      shown
        .split('\n')
        .slice(1)
        .every((l) => l.startsWith('    ')),
      shown,
    );
  });

  test("the doctor's report: a step's detail, fix and notes quoting a server are text, not links, images or HTML", () => {
    const hostile =
      'Harness said [click](https://evil.example) ![x](https://evil.example/p.png) <img src=x onerror=alert(1)>\n### Forged';
    const report: DoctorReport = {
      baseUrl: 'https://app.harness.io',
      accountId: 'ACC',
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:00:01Z',
      steps: [
        { id: 'key', number: 1, title: 'API key', status: 'fail', detail: hostile, fix: hostile, notes: [hostile] },
      ] as DoctorReport['steps'],
      summary: { pass: 0, fail: 1, warn: 0, skip: 0 },
      ok: false,
    };
    const md = doctorMarkdown(report);
    assert.doesNotMatch(md, /(?<!\\)\[click\]\(/, md);
    assert.doesNotMatch(md, /(?<!\\)<img/, md);
    assert.doesNotMatch(md, /^### Forged/m, md);
  });
});
