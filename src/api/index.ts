// The public API: everything the CLI does, as functions.

export {
  type Diagnostic,
  type DiagnosticJson,
  diagnosticToJson,
  InternalError,
  renderDiagnostic,
  renderDiagnostics,
} from "../diagnostics";
export * from "./builder";
export { type CheckReport, check, checkAst, checkFile, type ParseOptions, parse } from "./check";
export { type ExplainResult, explainFile } from "./explain";
export {
  type Algorithm,
  type FitOptions,
  type FitResult,
  type FitResultJson,
  fitFile,
  nest,
  type PreparedFit,
  prepareFit,
} from "./fit";
export { type PlanJson, planJson, planModel, withPlanDiagnostics } from "./plan";
export {
  type ContinuousPosterior,
  type DiscretePosterior,
  type LatentPosteriorJson,
  type PerElement,
  type Posteriors,
  type PosteriorsResult,
  posteriorsProblem,
} from "./posteriors";
export {
  type PredictOptions,
  type PredictResult,
  type PredictResultJson,
  type PredictRow,
  predictFile,
} from "./predict";
export { type SampleOptions, type SampleResult, sampleFile } from "./sample";
export {
  parseOver,
  type SelectFitJson,
  type SelectOptions,
  type SelectOver,
  type SelectProgress,
  type SelectResult,
  type SelectResultJson,
  type SelectRun,
  select,
} from "./select";

import { explainFile } from "./explain";
import { fitFile, prepareFit } from "./fit";
import { predictFile } from "./predict";

/**
 * The API's short names: `compile` plans EM for a model and data, `fit` runs it, `explain` shows it,
 * `predict` applies a fit to data.
 */
export const compile = prepareFit;
export const fit = fitFile;
export const explain = explainFile;
export const predict = predictFile;
