/** Ids of the editor features (command ids live with the others in src/constants.ts). */
import { Commands } from '../constants';

export const EditorCommands = {
  showReport: Commands.showTokenReport,
  testAgainstHarness: Commands.testTokenAgainstHarness,
} as const;

/** Read-only documents holding a token's full report. */
export const REPORT_SCHEME = 'scim-jwt-report';

/** REST Client and httpYac both claim the `http` language (for .http and .rest); we co-exist with them on any scheme. */
export const HTTP_SELECTOR = { language: 'http' } as const;

export const DIAGNOSTIC_SOURCE = 'Harness SCIM JWT';

/** Settings of this area not (yet) in platform/config.ts. */
export const HTTP_ENVIRONMENT_SETTING = 'scimJwt.http.environment';
