/**
 * `scimJwt.token.fetchAndCheck`, the lens "Get the token from `login` and check it": sends only the
 * request(s) that token depends on, keeps what comes back in memory for this document version, and
 * lets the lens show the returned token's verdict. Asks first, with every host, body file and
 * environment value the requests would carry (once per document version). Never in an untrusted workspace. The log names
 * the file, the line and the counts; never a body, a secret or a token.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import {
  dynamicSourcesOf,
  fetchDynamicTokens,
  requestNamesOf,
  sourceLabel,
  type DynamicFetchResult,
} from '../../core/tokenFetch';
import { UserFacingError } from '../../platform/commands';
import { withCancellableProgress } from '../../platform/flows';
import type { FetchedTokenStore } from './fetchedTokens';
import type { InspectionService } from './inspectionService';
import { askBeforeSending, bodyFileRoots } from './sendConsent';
import { findTokenTarget } from './tokenTarget';

export interface FetchCommandDeps {
  service: InspectionService;
  fetched: FetchedTokenStore;
  logger: Logger;
}

export async function fetchAndCheckToken(
  deps: FetchCommandDeps,
  uriArg: unknown,
  indexArg: unknown,
): Promise<DynamicFetchResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    throw new UserFacingError('Getting the token sends the request it comes from; trust this workspace first.', [
      { title: 'Manage Workspace Trust', command: 'workbench.trust.manage' },
    ]);
  }
  const { document, result, inspection } = await findTokenTarget(deps.service, uriArg, indexArg);
  const sources = dynamicSourcesOf(inspection.token, requestNamesOf([result.parsed.doc]));
  if (sources.length === 0)
    throw new UserFacingError('This token is not fetched by a request of this file, so there is nothing to send.');
  const version = result.parsed.version;
  const line = inspection.token.occurrence.range.start.line + 1;
  const labels = sources.map(sourceLabel).join(', ');
  const fetched = await withCancellableProgress(`Getting the token from ${labels}…`, async (_progress, signal) => {
    try {
      return await fetchDynamicTokens(result.parsed.doc, deps.service.contextFor(document), [inspection.token], {
        http: deps.service.http,
        signal,
        fileRoots: bodyFileRoots(document.uri),
        confirm: askBeforeSending(document, deps.fetched),
      });
    } catch (e) {
      if (signal.aborted) return undefined;
      throw e;
    }
  });
  if (!fetched || fetched.declined === true) return undefined;
  deps.logger.info(
    `Token request for ${vscode.workspace.asRelativePath(document.uri)}:${line} (${labels}): ${fetched.requestsSent} sent, ${fetched.values.size} value(s) received, ${fetched.failures.size} failure(s).`,
  );
  deps.fetched.add(document, version, fetched);
  deps.service.invalidate();
  return fetched;
}
