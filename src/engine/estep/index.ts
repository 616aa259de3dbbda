// The E-step methods: one interface (method.ts), one file per method, one ordered registry.
export type { EmVariant, EStepContext, EStepPass, GroupEStep } from "./method";
export { type BuildInputs, buildEStep, type EStepSupport, estepProblems, estepRegistry } from "./registry";
