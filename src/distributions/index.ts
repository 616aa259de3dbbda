// Distribution families: one file each, listed in registry.ts.

export {
  dirichletFromMeanLogs,
  type ExponentialFamily,
  gammaShapeFromLogGap,
  inverseDigamma,
} from "./exponential-family";
export { distributionList, distributions } from "./registry";
export {
  type Distribution,
  type DistributionSignature,
  type GaussianForm,
  type ParameterSpec,
  type Requirement,
  SUPPORT_TEXT,
  type Support,
} from "./signature";
export { covarianceProblem, simplexProblem, type Value } from "./value";
