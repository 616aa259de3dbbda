// The derive stage: what the EM algorithm of a model is. Now: latent groups and the E-step plan; the
// M-step kernel rules, Q(θ, θ′) and explain arrive with the rest of the EM compiler.
export { type CensoredPlan, groupCompletionProblem, planCensored } from "./censored-plan";
export { type EStepMethod, type EStepPlan, planEStep, STATE_CAP } from "./estep-plan";
export { type Explanation, explain, formatExplanation, generalExplanation } from "./explain";
export { type LatentGroup, latentGroups } from "./latent-groups";
export { blockQ, ECME_MAX_SIZE, GEM_ITERATIONS, type MStepPlan, planMStep, readsOf } from "./mstep/plan";
export { kernelRules } from "./mstep/registry";
export type {
  BlockQ,
  ClosedForm,
  Contribution,
  CustomContribution,
  KernelRule,
  LatentSpread,
  LinearContribution,
  MomentForm,
  Moments,
  Read,
} from "./mstep/rule";
export { jointStates, type QTerm, qTerms, targetExpr } from "./q-terms";
export { independentOf, isAffineIn, TRIAL_SIZES } from "./structure";
export { type ElementAssignment, elementSymbol, toSymbolic } from "./to-symbolic";
