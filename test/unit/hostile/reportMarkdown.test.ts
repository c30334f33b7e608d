/**
 * Hostile input, the rehearsal report (issue 29, class 3, in Markdown): what Harness answers (a
 * group's display name, the userName and ids it gives back, error text) is shown in the report as
 * text. It must not add links, images, HTML or headings to a report the editor renders, and a
 * hostile account's group list must not make the report as long as the list.
 */
import * as assert from 'node:assert/strict';
import { mdText } from '../../../src/core/markdown';
import { identitiesFor, rehearsalMarkdown, type RehearsalReport } from '../../../src/core/rehearsal';
import { buildFindings, type AccountSurvey } from '../../../src/core/rehearsal/findings';

const HOSTILE = [
  '<img src="https://evil.example/t.png">',
  '[click me](https://evil.example/login)',
  '![x](https://evil.example/pixel)',
  '**bold** _it_ `code`',
  '<script>alert(1)</script>',
];

function report(findings: RehearsalReport['findings']): RehearsalReport {
  return {
    baseUrl: 'https://h.example',
    accountId: 'acc',
    startedAt: '',
    finishedAt: '',
    userName: 'u',
    groupName: 'g',
    steps: [],
    previousCleanup: [],
    cleanup: [],
    leftovers: [],
    findings,
    deactivationDeleted: undefined,
    outcome: 'passed',
    ok: true,
  };
}

/** Everything of the report that is not the server's text shown as text: what Markdown would act on. */
function assertInert(md: string): void {
  assert.doesNotMatch(md, /(?<!\\)<(?:img|script)/, 'raw HTML reached the report');
  assert.doesNotMatch(md, /(?<!\\)\]\((?:https?:)?\/\//, 'a link or an image reached the report');
}

suite('hostile input: server text in the rehearsal report', () => {
  test('group names, the userName and the group id Harness answered are text in "What your IdP will hit"', () => {
    const ids = identitiesFor('abcdef123456');
    const survey: AccountSurvey = {
      users: { count: 2, pageSize: 100, totalResults: 2, withPlus: 0, notAddresses: 0 },
      groups: { count: 10, renamed: 10, collisions: [HOSTILE, ['a\r# Injected heading', 'b']] },
    };
    const findings = buildFindings(
      ids,
      { createdUserName: HOSTILE[1], groupId: HOSTILE[0], externalIdAfterPatch: HOSTILE[2] },
      survey,
    );
    const md = rehearsalMarkdown(report(findings));
    assertInert(md);
    assert.doesNotMatch(md, /^# Injected heading/m);
    assert.match(md, /evil\.example/, 'the names are still shown');
  });

  test('escaped text keeps identifiers readable: an intraword _ is inert in CommonMark and stays, emphasis markers do not', () => {
    assert.equal(
      mdText('Created the test group scim_rehearsal_abc123 (id scim_rehearsal_abc123).'),
      'Created the test group scim_rehearsal_abc123 (id scim_rehearsal_abc123).',
    );
    assert.equal(mdText('_em_ a _b c_ __x__ *y*'), '\\_em\\_ a \\_b c\\_ \\_\\_x\\_\\_ \\*y\\*');
  });

  test('10,000 colliding group names: the report lists a few and counts the rest', () => {
    const ids = identitiesFor('abcdef123456');
    const collisions = Array.from({ length: 5000 }, (_, i) => [`Dev-Ops ${i}`, `Dev.Ops ${i}`]);
    const findings = buildFindings(ids, {}, { groups: { count: 10_000, renamed: 10_000, collisions } });
    const md = rehearsalMarkdown(report(findings));
    assert.ok(md.length < 20_000, `${md.length} chars`);
    assert.match(md, /and 4995 more/);
  });
});
