/** Accumulates checks and warnings in Harness's order and closes them into a `Verdict`. */
import { HARNESS_OK } from './harnessErrors';
import type { CheckId, HarnessError, HarnessJwtRules, KeyConsidered, Verdict, VerdictCode, VerdictCheck, VerdictWarning } from './types';

export const CHECK_ORDER: readonly CheckId[] = [
  'format',
  'typ',
  'jwks',
  'payload',
  'algorithm',
  'key',
  'key-strength',
  'signature',
  'exp',
  'expiry',
  'nbf',
  'aud',
  'issuer',
  'claim',
];

function titleOf(id: CheckId, rules: HarnessJwtRules): string {
  switch (id) {
    case 'format':
      return 'A signed JWT in three parts';
    case 'typ':
      return 'Header typ contains "jwt"';
    case 'jwks':
      return 'Key set downloaded and parsed';
    case 'payload':
      return 'Payload is a JSON object with well-typed claims';
    case 'algorithm':
      return 'Algorithm and critical headers supported';
    case 'key':
      return 'Signing key chosen as Harness chooses it';
    case 'key-strength':
      return 'Key strong enough and fit for the algorithm';
    case 'signature':
      return 'Signature verifies';
    case 'exp':
      return 'exp present and a number';
    case 'expiry':
      return 'Not expired (30 s leeway)';
    case 'nbf':
      return 'Already valid per nbf (30 s leeway)';
    case 'aud':
      return 'Audience (Harness does not check aud)';
    case 'issuer':
      return 'Issuer is not "Harness Inc"';
    case 'claim':
      return `Claim ${JSON.stringify(rules.keyField)} equals the setting value`;
  }
}

export class VerdictBuilder {
  readonly warnings: VerdictWarning[] = [];
  readonly keysConsidered: KeyConsidered[] = [];
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  private readonly checks: VerdictCheck[];

  constructor(
    rules: HarnessJwtRules,
    private readonly evaluatedAt: Date,
  ) {
    this.checks = CHECK_ORDER.map((id) => ({ id, title: titleOf(id, rules), status: 'skipped' }));
  }

  private set(id: CheckId, status: VerdictCheck['status'], detail?: string): void {
    const check = this.checks.find((c) => c.id === id);
    if (!check) return;
    check.status = status;
    if (detail !== undefined) check.detail = detail;
    else delete check.detail;
  }

  pass(id: CheckId, detail?: string): void {
    this.set(id, 'pass', detail);
  }

  skip(id: CheckId, detail: string): void {
    this.set(id, 'skipped', detail);
  }

  warn(...warnings: VerdictWarning[]): void {
    for (const w of warnings) if (!this.warnings.some((x) => x.code === w.code && x.message === w.message)) this.warnings.push(w);
  }

  fail(id: CheckId, code: Exclude<VerdictCode, 'ok'>, message: string, harnessError: HarnessError, detail?: string): Verdict {
    this.set(id, 'fail', detail ?? message);
    return this.close(false, code, message, harnessError);
  }

  accept(message: string): Verdict {
    return this.close(true, 'ok', message, HARNESS_OK);
  }

  private close(accepted: boolean, code: VerdictCode, message: string, harnessError: HarnessError): Verdict {
    const verdict: Verdict = {
      accepted,
      code,
      message,
      harnessError,
      checks: this.checks.map((c) => ({ ...c })),
      warnings: [...this.warnings],
      keysConsidered: this.keysConsidered.map((k) => ({ ...k })),
      evaluatedAt: this.evaluatedAt.toISOString(),
    };
    if (this.header) verdict.header = this.header;
    if (this.payload) verdict.payload = this.payload;
    return verdict;
  }
}
