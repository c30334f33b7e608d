/**
 * The `.tf` checks' parser: loading it (WebAssembly runtime and Terraform grammar, once per
 * process; this process has not loaded it before) and analysing a module of about 1,000 lines
 * (the four settings, a service account, variables, locals, variable files and filler resources),
 * first run and the median of later runs.
 */
import { buildTerraform } from '../src/core/setup';
import { analyseModule, loadHclParser, moduleFindings } from '../src/core/terraform';
import { median } from './stats';

const RUNS = 30;

function module(): { text: string; vars: { path: string; text: string }[] } {
  const exported = buildTerraform({
    target: { baseUrl: 'https://app.harness.io/gateway', accountId: 'acc123' },
    settings: {
      jwksUrl: 'https://login.example.com/oauth2/v1/keys',
      keyField: 'client_id',
      value: 'scim-client',
      serviceAccountId: 'scim_jwt_sa',
    },
    withServiceAccount: true,
  });
  const filler: string[] = [];
  for (let i = 0; filler.length < 900; i++) {
    filler.push(
      `variable "v${i}" {`,
      '  type    = string',
      `  default = "value-${i}"`,
      '}',
      '',
      'locals {',
      `  l${i} = "\${var.v${i}}/\${local.l${Math.max(0, i - 1)}x}"`,
      `  l${i}x = "x${i}"`,
      '}',
      '',
      `resource "harness_platform_usergroup" "g${i}" {`,
      `  identifier = "group_${i}"`,
      `  name       = local.l${i}`,
      '  notification_configs {',
      '    type = "EMAIL"',
      '  }',
      '}',
      '',
    );
  }
  const text = `${exported}\n${filler.join('\n')}\n`;
  const vars = [
    { path: 'terraform.tfvars', text: Array.from({ length: 50 }, (_, i) => `v${i} = "tfvars-${i}"`).join('\n') },
  ];
  return { text, vars };
}

export async function run(): Promise<void> {
  const t0 = performance.now();
  const parser = await loadHclParser();
  const init = performance.now() - t0;
  const { text, vars } = module();
  const lines = text.split('\n').length;
  const files = [{ path: 'main.tf', text }];
  const t1 = performance.now();
  const first = analyseModule(parser, files, vars);
  moduleFindings(first);
  const firstMs = performance.now() - t1;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    moduleFindings(analyseModule(parser, files, vars));
    times.push(performance.now() - t);
  }
  console.log(`  parser load (cold, once per process)       ${init.toFixed(1).padStart(8)} ms`);
  console.log(`  analyse + findings, ${String(lines)} lines, first run  ${firstMs.toFixed(1).padStart(8)} ms`);
  console.log(
    `  analyse + findings, ${String(lines)} lines, median of ${String(RUNS)} ${median(times).toFixed(1).padStart(8)} ms`,
  );
  if (first.settings.length !== 4 || first.syntaxErrors.length > 0) {
    console.error('  the module did not analyse as expected');
    process.exitCode = 1;
  }
}
