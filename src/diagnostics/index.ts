// The diagnostics library: one Diagnostic type, the code catalogue, source positions, the renderer.
export { type Code, catalogue } from "./codes";
export {
  type Diagnostic,
  hasErrors,
  isError,
  type Position,
  type RelatedPlace,
  type Severity,
  type Span,
  sortDiagnostics,
} from "./diagnostic";
export { InternalError, invariant } from "./internal-error";
export { type DiagnosticJson, diagnosticToJson, renderDiagnostic, renderDiagnostics } from "./render";
export { codePointCount, SourceFile } from "./source-file";
export { closestName, didYouMean, editDistance } from "./suggest";
