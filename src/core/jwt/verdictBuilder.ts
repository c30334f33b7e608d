/** Accumulates checks and warnings in Harness's order and closes them into a `Verdict`. */
import { HARNESS_OK } from './harnessErrors';
import type {
  CheckId,
  CheckStatus,
  HarnessError,
  HarnessJwtRules,
  KeyConsidered,
  Verdict,
  VerdictCode,
  VerdictCheck,
  VerdictWarning,
} from './types';

export const CHECK_ORDER: readonly CheckId[] = [
  // The web server and the SCIM filter read the Authorization header before any JWT code.
  'header',
  'format',
  'typ',
  'jwks',
  'algorithm',
  'key',
  'key-strength',
  'signature',
  // jose4j parses the claims before the signature but validates them after it: an unreadable
  // payload fails here with the key checks left unrun, a badly typed claim after the signature.
  'payload',
  'exp',
  'expiry',
  'nbf',
  'aud',
  'issuer',
  'claim',
];

function titleOf(id: CheckId, keyField: string): string {
  switch (id) {
    case 'header':
      return 'Sent as "Bearer <token>" (capital B, one space)';
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
      return `Claim ${JSON.stringify(keyField)} equals the setting value`;
  }
}

const CHECK_INDEX = Object.fromEntries(CHECK_ORDER.map((id, i) => [id, i])) as Record<CheckId, number>;
/** Titles do not change between verdicts: only the claim's names the key field, so the last one is kept. */
const FIXED_TITLES: readonly string[] = CHECK_ORDER.map((id) => titleOf(id, ''));
let lastClaimTitle = { keyField: '', title: titleOf('claim', '') };

function claimTitle(keyField: string): string {
  if (lastClaimTitle.keyField !== keyField) lastClaimTitle = { keyField, title: titleOf('claim', keyField) };
  return lastClaimTitle.title;
}

export class VerdictBuilder {
  readonly warnings: VerdictWarning[] = [];
  readonly keysConsidered: KeyConsidered[] = [];
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  // Status and detail per check, by CHECK_ORDER index; the check objects are made once, at close.
  private readonly statuses: CheckStatus[] = CHECK_ORDER.map(() => 'skipped');
  private readonly details: (string | undefined)[] = CHECK_ORDER.map(() => undefined);
  private readonly claimTitle: string;

  constructor(
    rules: HarnessJwtRules,
    private readonly evaluatedAt: Date,
  ) {
    this.claimTitle = claimTitle(rules.keyField);
  }

  private set(id: CheckId, status: CheckStatus, detail?: string): void {
    const i = CHECK_INDEX[id];
    this.statuses[i] = status;
    this.details[i] = detail;
  }

  private checks(): VerdictCheck[] {
    return CHECK_ORDER.map((id, i) => {
      const check: VerdictCheck = {
        id,
        title: id === 'claim' ? this.claimTitle : (FIXED_TITLES[i] ?? ''),
        status: this.statuses[i] ?? 'skipped',
      };
      const detail = this.details[i];
      if (detail !== undefined) check.detail = detail;
      return check;
    });
  }

  pass(id: CheckId, detail?: string): void {
    this.set(id, 'pass', detail);
  }

  skip(id: CheckId, detail: string): void {
    this.set(id, 'skipped', detail);
  }

  warn(...warnings: VerdictWarning[]): void {
    for (const w of warnings)
      if (!this.warnings.some((x) => x.code === w.code && x.message === w.message)) this.warnings.push(w);
  }

  fail(
    id: CheckId,
    code: Exclude<VerdictCode, 'ok'>,
    message: string,
    harnessError: HarnessError,
    detail?: string,
  ): Verdict {
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
      checks: this.checks(),
      warnings: [...this.warnings],
      keysConsidered: this.keysConsidered.map((k) => ({ ...k })),
      evaluatedAt: this.evaluatedAt.toISOString(),
    };
    if (this.header) verdict.header = this.header;
    if (this.payload) verdict.payload = this.payload;
    return verdict;
  }
}
