/**
 * One-line, human descriptions of where a token's value came from and why it has none. The lens,
 * the hover and `scim-jwt scan` use these so they all say the same thing. Lines are shown 1-based.
 */
import { MAX_EXPANSION_DEPTH } from './expand';
import * as path from 'node:path';
import type { DynamicKind } from './templates';
import type { TokenResolution, ValueSource, VariableProblem } from './tokenTypes';

export function describeSource(source: ValueSource): string {
  switch (source.kind) {
    case 'file-variable':
      return `file variable @${source.name} (line ${source.line + 1}${source.lazy ? ', lazy' : ''})`;
    case 'rest-client-environment':
      return `REST Client environment "${source.environment}" (${source.name})`;
    case 'env-file':
      return `${path.basename(source.path)} environment "${source.environment}" (${source.name}) in ${path.dirname(source.path)}`;
    case 'dotenv':
      return `${source.path} (${source.name})`;
    case 'process-env':
      return `process environment (${source.name})`;
    case 'fetched':
      return `${source.from}, fetched ${source.fetchedAt}`;
    case 'script-literal':
      return `client.global.set("${source.name}", …) after the request at line ${source.requestLine}`;
  }
}

const DYNAMIC: Record<DynamicKind, string> = {
  'response-reference': 'comes from the response of another request',
  'system-variable': 'is generated when the request is sent',
  'auth-provider': 'is fetched from an identity provider when the request is sent',
  prompt: 'is asked for when the request is sent',
  'response-handler': 'is set from a response by a handler',
  expression: 'is set by a script; not run',
  'httpyac-oauth2': 'is replaced by httpYac with a token from the identity provider',
  'script-headers': 'spreads headers a script builds: dynamic (set by a script)',
};

export function describeProblem(problem: VariableProblem): string {
  const ref = `{{${problem.reference}}}`;
  switch (problem.kind) {
    case 'unresolved':
      return `${ref} is not defined${problem.hint ? `: ${problem.hint}` : '.'}`;
    case 'circular':
      return `${ref} refers to itself: ${problem.cycle.join(' → ')}.`;
    case 'dynamic':
      if (problem.dynamic === 'script-headers')
        return `The Authorization header may come from ${problem.reference}, which ${DYNAMIC[problem.dynamic]}; it cannot be checked before sending.`;
      if (problem.dynamic === 'response-handler' && problem.handler) {
        const h = problem.handler;
        const from = `${h.requestName !== undefined ? `"${h.requestName}"` : `at line ${h.requestLine}`}${h.documentPath !== undefined ? ` in ${path.basename(h.documentPath)}` : ''}`;
        return `${ref} is set from the response of the request ${from} (${h.client} handler, body ${h.path}); get the token to fetch it from that request.`;
      }
      if (problem.dynamic === 'expression') return `${ref} is set by a script; not run, so it cannot be checked.`;
      if (problem.dynamic === 'httpyac-oauth2')
        return `"${problem.reference}" ${DYNAMIC[problem.dynamic]}; get the token to check it.`;
      return `${ref} ${DYNAMIC[problem.dynamic]}; it cannot be checked before sending.`;
    case 'too-long':
      if (problem.limit === 'depth')
        return `${ref} goes through more than ${MAX_EXPANSION_DEPTH} nested variables; expansion stopped.`;
      if (problem.limit === 'references')
        return `${ref} needs more variable references than any real request; expansion stopped.`;
      return `${ref} expands to more than any token could be; expansion stopped.`;
  }
}

/** "written in the file", "from file variable @token (line 3)", or the first problem. */
export function describeResolution(resolution: TokenResolution): string {
  if (resolution.state === 'resolved') {
    const from = (sources: ValueSource[]): string =>
      sources.length === 0 ? 'written in the file' : `from ${sources.map(describeSource).join(' ← ')}`;
    if (resolution.parts) return `scheme ${from(resolution.parts.scheme)}; token ${from(resolution.parts.token)}`;
    return resolution.sources.length === 0
      ? 'written in the file'
      : `from ${resolution.sources.map(describeSource).join(' ← ')}`;
  }
  if (resolution.fetchFailure)
    return `${resolution.fetchFailure.message}${resolution.fetchFailure.hint ? ` ${resolution.fetchFailure.hint}` : ''}`;
  const first = resolution.problems[0];
  return first ? describeProblem(first) : resolution.state;
}
