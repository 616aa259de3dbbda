// The public API: everything the CLI does, as functions.

export {
  type Diagnostic,
  type DiagnosticJson,
  diagnosticToJson,
  InternalError,
  renderDiagnostic,
  renderDiagnostics,
} from "../diagnostics";
export { type CheckReport, check, checkAst, checkFile, type ParseOptions, parse } from "./check";
export { type SampleOptions, type SampleResult, sampleFile } from "./sample";
