// The engine: the EM loop with its E-steps (exact, conjugate, Monte-Carlo), compiled row kernels, closed-form,
// gradient and ECME M-steps; criteria; forward sampling.

export { type Criteria, criteria, freeParameters } from "./criteria";
export {
  createEmSession,
  type EmModel,
  type EmOptions,
  type EmRun,
  type EmSession,
  type EmStart,
  type EmVariant,
  type KernelReport,
  runEm,
} from "./em";
export { type EStepSupport, estepProblems, estepRegistry } from "./estep";
export { type EStepAtOptions, type EStepAtResult, eStepAt } from "./estep-at";
export { type ForwardSampleInput, SampleError, sampleForward, samplingOrder } from "./forward-sample";
export {
  type InformationProblem,
  SE_METHOD,
  type StandardErrors,
  standardErrors,
} from "./information";
export { type MissingPlan, planMissing } from "./kernels/missing-plan";
export { FitError, ModelState } from "./model-state";
export { transformFor } from "./optimize";
export { forEachElement } from "./plate-loop";
export type { LatentPosterior, PlateRows, PosteriorReport } from "./posteriors";
export { type RestartOptions, type RestartOutcome, type RestartRun, runRestarts } from "./restarts";
export { type FitWarning, type WarningCode, WarningLog } from "./warnings";
