// The derive stage: what the EM algorithm of a model is — latent groups and their E-step plan, Q(θ, θ′) as
// factor terms, the M-step kernel rules and their order — as one Derivation, and explain's rendering of it.
export { type CensoredPlan, groupCompletionProblem, planCensored } from "./censored-plan";
export {
  type Algorithm,
  type Derivation,
  type DeriveOptions,
  derive,
  type EnumeratedGroup,
  type FallbackUpdate,
  gradientKind,
  isClosedForm,
  planMSteps,
  type Update,
} from "./derive";
export { type EStepMethod, type EStepPlan, latentValues, planEStep, STATE_CAP } from "./estep-plan";
export { type Explanation, explainDerivation, formatExplanation, generalExplanation } from "./explain";
export { type LatentGroup, latentGroups } from "./latent-groups";
export { blockQ, ECME_MAX_SIZE, GEM_ITERATIONS, type MStepPlan, planMStep, readsOf } from "./mstep/plan";
export { kernelRules } from "./mstep/registry";
export type {
  BlockQ,
  ClosedForm,
  Contribution,
  CustomContribution,
  KernelRule,
  LinearContribution,
  MomentForm,
  Moments,
  Read,
} from "./mstep/rule";
export { planStates, type QTerm, qTerms, targetExpr } from "./q-terms";
export { independentOf, isAffineIn, TRIAL_SIZES } from "./structure";
export { type ElementAssignment, elementSymbol, toSymbolic } from "./to-symbolic";
