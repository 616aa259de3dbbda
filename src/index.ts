// `latent`: latent variable models fitted by Expectation-Maximization — the library entry point.
export * from "./api";
export type { CheckedModel, CheckedTilde, ModelSymbol } from "./check";
export {
  type Code,
  catalogue,
  type Diagnostic,
  type DiagnosticJson,
  diagnosticToJson,
  renderDiagnostic,
  renderDiagnostics,
  type Severity,
  SourceFile,
  type Span,
} from "./diagnostics";
export type * from "./syntax/ast";
