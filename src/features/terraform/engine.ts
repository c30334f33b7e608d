/**
 * The `.tf` checks' engine, one part loaded on the first `.tf` file (docs/ARCHITECTURE.md, "Parts
 * loaded on first need"): the core's analysis and checks, and the texts the lens, hover and
 * problems show. dist/extension.js holds only the providers that ask for it; the HCL parser
 * itself (web-tree-sitter and its WebAssembly) is a file of its own beside the bundle, loaded by
 * `loadHclParser`.
 */
export {
  analyseModule,
  checkSettingOnline,
  driftOf,
  loadHclParser,
  moduleFindings,
  varFileRank,
} from '../../core/terraform';
export { findingsOf, hoverMarkdown, moduleTitle, RANK, settingView } from './view';
