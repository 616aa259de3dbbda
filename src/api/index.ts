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
export { type ExplainResult, explainFile } from "./explain";
export {
  type FitOptions,
  type FitResult,
  type FitResultJson,
  fitFile,
  nest,
  type PreparedFit,
  prepareFit,
} from "./fit";
export { type SampleOptions, type SampleResult, sampleFile } from "./sample";
