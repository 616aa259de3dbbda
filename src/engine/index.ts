// The engine: forward sampling now; the EM loop, its executors and compiled row kernels arrive with the
// EM compiler.

export { type Criteria, criteria, freeParameters } from "./criteria";
export {
  createEmSession,
  type EmModel,
  type EmOptions,
  type EmRun,
  type EmSession,
  type EmStart,
  type EmVariant,
  type EnumeratedGroup,
  type KernelReport,
  runEm,
} from "./em";
export { type ForwardSampleInput, SampleError, sampleForward, samplingOrder } from "./forward-sample";
export { type MissingPlan, planMissing } from "./kernels/missing-rows";
export { FitError, ModelState } from "./model-state";
export { forEachElement } from "./plate-loop";
