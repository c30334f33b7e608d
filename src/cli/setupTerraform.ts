/**
 * `scim-jwt setup --format terraform`: the setup as Terraform on stdout, sending nothing
 * (docs/terraform.md). The same checks as a real run go to stderr, and a failing one stops the
 * export unless --force, so a file piped into a module is one that would pass them. What Harness
 * already holds is read to write `import` blocks for it.
 */
import { failureCategory, isHarnessApiError, type CallOptions, type HarnessClient } from '../core/harness';
import { JwksCache } from '../core/jwt';
import {
  buildTerraform,
  checkJwksUrl,
  currentFromSettings,
  describeFailure,
  FIELD_LABEL,
  prefillFrom,
  readTerraformExisting,
  type SetupHarnessPort,
  type TerraformExisting,
} from '../core/setup';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, CliUsageError, type CliIo } from './io';
import { inputChecks, type Desired } from './setupArgs';
import { checkLines } from './setupReport';
import { beforeCreate, serviceAccountCheck } from './setupServiceAccount';

/** The output formats of `scim-jwt setup`: the report as text or JSON, or the setup as Terraform. */
export const SETUP_FORMATS = ['text', 'json', 'terraform'] as const;
export type SetupFormat = (typeof SETUP_FORMATS)[number];

/** --format and --json as one choice; a value outside the list, or two that disagree, is a usage error. */
export function formatFrom(values: Record<string, string | boolean | undefined>): SetupFormat {
  const given = values.format;
  if (given !== undefined && typeof given !== 'string') throw new CliUsageError('--format takes a value');
  const format = SETUP_FORMATS.find((f) => f === given);
  if (given !== undefined && format === undefined)
    throw new CliUsageError(`--format must be one of ${SETUP_FORMATS.join(', ')} (got ${JSON.stringify(given)})`);
  if (values.json === true && format !== undefined && format !== 'json')
    throw new CliUsageError(`--json and --format ${format} disagree: give one of them`);
  return format ?? (values.json === true ? 'json' : 'text');
}

/** Flags that make no sense for an export, which writes nothing and assigns only the SCIM role. */
export function terraformUsage(values: Record<string, string | boolean | undefined>): void {
  const others = ['restore', 'refresh-key-set', 'dry-run', 'yes', 'role'].filter((k) => values[k] !== undefined);
  if (others.length > 0)
    throw new CliUsageError(
      `--format terraform sends nothing and exports the role with exactly the SCIM permissions: it takes no --${others.join(', --')}`,
    );
}

export interface TerraformRun {
  io: CliIo;
  client: HarnessClient;
  port: SetupHarnessPort;
  jwks: JwksCache;
  options: CallOptions;
  force: boolean;
}

export async function exportTerraform(run: TerraformRun, desired: Desired): Promise<number> {
  const { io, client, port, options } = run;
  const create = desired.serviceAccount.create;
  const checks = [await checkJwksUrl(desired.settings.jwksUrl, run.jwks), ...inputChecks(desired).notes];
  const sa = await serviceAccountCheck(port, desired.serviceAccount.id, options);
  checks.push(create ? beforeCreate(sa, desired.serviceAccount.id) : sa.check);
  const failing = checks.filter((c) => c.level === 'error');
  const shown = checks.filter((c) => c.level !== 'ok');
  if (shown.length > 0) io.stderr(`${['Checks:', ...checkLines(shown)].join('\n')}\n`);
  if (failing.length > 0 && !run.force) {
    io.stderr(
      `Not exported: ${failing.map((c) => FIELD_LABEL[c.field]).join(', ')} ${failing.length === 1 ? 'fails its check' : 'fail their checks'}; fix, or pass --force to export anyway.\n`,
    );
    return EXIT_REFUSED;
  }
  let existing: TerraformExisting;
  try {
    existing = {
      ...(create ? await readTerraformExisting(client, desired.serviceAccount.id, options) : {}),
      settings: prefillFrom(currentFromSettings(await port.readSettings(options))),
    };
  } catch (e) {
    const f = describeFailure('read', e);
    io.stderr(`Not exported: what Harness holds could not be read for the import blocks. ${f.message} ${f.whatToDo}\n`);
    return isHarnessApiError(e) && failureCategory(e) === 'unreachable' ? EXIT_USAGE : EXIT_REFUSED;
  }
  io.stdout(
    buildTerraform({
      target: { baseUrl: client.baseUrl, accountId: client.accountId },
      settings: desired.settings,
      withServiceAccount: create,
      existing,
    }),
  );
  return EXIT_OK;
}
