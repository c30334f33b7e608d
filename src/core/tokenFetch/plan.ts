/**
 * What a run of token requests would send, worked out before anything is sent: for each request
 * its method and destination, every local file it would read into its body and every environment
 * value it would carry (named, never shown). The plan comes from a dry run of the very fetcher
 * that sends (`TokenFetcher` with `dryRun`), so plan and send follow the same resolution; the
 * sender then refuses anything the approved plan did not list.
 *
 * Body files are confined: read only under the given roots (the workspace folder, or the .http
 * file's folder), after symbolic links are resolved, so a link that points outside is outside.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface PlannedEnvValue {
  name: string;
  /**
   * `process` for `{{$processEnv X}}` / `{{$env.X}}`, `dotenv` for a value from a `.env` file,
   * `private-env` for one from `http-client.private.env.json` (local secrets, like `.env`).
   */
  kind: 'process' | 'dotenv' | 'private-env';
  /** Whether it has a value here (a request that needs an undefined one is not sent). */
  defined: boolean;
}

export interface PlannedRequest {
  /** `The request "login"`, `The token endpoint https://…`: how errors name it. */
  label: string;
  method: string;
  /** The origin it goes to (`https://idp.example.com`); undefined when a response decides it. */
  destination: string | undefined;
  /** Real paths of the files read into its body. */
  files: string[];
  env: PlannedEnvValue[];
}

export interface SendPlan {
  requests: PlannedRequest[];
  /** What will not be sent and why (a refused body file, an undefined variable…), by reference. */
  notSent: { reference: string; message: string }[];
}

/**
 * Asked with the plan before anything is sent (only when the plan has a request): true sends
 * exactly that, false sends nothing. It may throw; nothing has been sent then either.
 */
export type ConfirmSend = (plan: SendPlan) => Promise<boolean>;

/** Every distinct file of the plan. */
export function planFiles(plan: SendPlan): string[] {
  return [...new Set(plan.requests.flatMap((r) => r.files))];
}

/** Every distinct environment value of the plan, by kind and name. */
export function planEnv(plan: SendPlan): PlannedEnvValue[] {
  const out = new Map<string, PlannedEnvValue>();
  for (const r of plan.requests)
    for (const e of r.env) if (!out.has(`${e.kind}:${e.name}`)) out.set(`${e.kind}:${e.name}`, e);
  return [...out.values()];
}

/** Every distinct destination; `undefined` stands for one a response decides. */
export function planDestinations(plan: SendPlan): (string | undefined)[] {
  return [...new Set(plan.requests.map((r) => r.destination))];
}

/** True when a request of the plan would carry something local: a file or an environment value. */
export function planCarriesLocalData(plan: SendPlan): boolean {
  return plan.requests.some((r) => r.files.length > 0 || r.env.length > 0);
}

/** A stable text of the plan: two plans with the same key send the same kinds of things to the same places. */
export function planKey(plan: SendPlan): string {
  return JSON.stringify(
    plan.requests.map((r) => [
      r.label,
      r.method,
      r.destination ?? '',
      r.files,
      r.env.map((e) => `${e.kind}:${e.name}`),
    ]),
  );
}

/** The plan as lines of text for a person (strings from the file are the caller's to escape). */
export function planLines(plan: SendPlan): string[] {
  const lines: string[] = [];
  const n = plan.requests.length;
  lines.push(`${n} token request${n === 1 ? '' : 's'} would be sent:`);
  for (const r of plan.requests) {
    lines.push(`  ${r.method} ${r.destination ?? '(a destination an earlier response decides)'}  ${r.label}`);
    for (const f of r.files) lines.push(`    reads the local file ${f}`);
    for (const e of r.env)
      lines.push(
        `    carries the ${e.kind === 'dotenv' ? '.env value' : e.kind === 'process' ? 'environment variable' : 'http-client.private.env.json value'} ${e.name}${e.defined ? '' : ' (not set)'}`,
      );
  }
  for (const x of plan.notSent) lines.push(`  not sent: ${x.message}`);
  return lines;
}

/** The folders body files may be read from, as real paths (a missing folder allows nothing). */
export async function realRoots(roots: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of roots) {
    try {
      out.push(await fs.realpath(path.resolve(r)));
    } catch {
      // a folder that does not exist holds no file
    }
  }
  return out;
}

/** The real path of `target` when it is a file under one of `roots` (real paths), else why not. */
export async function confinedPath(
  target: string,
  roots: readonly string[],
): Promise<{ real: string } | { missing: true } | { outside: string }> {
  let real: string;
  try {
    real = await fs.realpath(target);
  } catch {
    return { missing: true };
  }
  for (const root of roots) {
    const rel = path.relative(root, real);
    if (rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel))) return { real };
  }
  return { outside: real };
}
