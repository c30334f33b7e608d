/** The `.tf` checks' core: the HCL parser, a module's SCIM JWT settings, and their checks as plain data. */
export * from './types';
export {
  loadHclParser,
  MAX_TF_FILE_BYTES,
  TREE_SITTER_WASM,
  HCL_GRAMMAR_WASM,
  type HclParser,
  type HclParserOptions,
} from './parser';
export {
  analyseModule,
  autoVarFilesInOrder,
  varFileRank,
  SETTING_RESOURCE,
  SERVICE_ACCOUNT_RESOURCE,
  MAX_REFERENCE_DEPTH,
  MAX_VALUE_LENGTH,
  type VarFileRank,
} from './analyse';
export {
  moduleFindings,
  moduleLine,
  checkSettingOnline,
  driftOf,
  driftSentence,
  knownValue,
  ACCOUNT_SCOPE_ONLY,
  SERVICE_ACCOUNT_SCOPE_NOTE,
  NOT_CONNECTED_NOTE,
  UNTRUSTED_NOTE,
  type OnlineCheckDeps,
} from './checks';
