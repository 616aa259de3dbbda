// The dense linear-algebra kernels on row-major Float64Arrays: Cholesky with failure reporting, triangular
// and SPD solves, log-determinants and inverses, the symmetric eigendecomposition, and small helpers.
export { type CholeskyOptions, type CholeskyResult, cholesky } from "./cholesky";
export {
  choleskySolve,
  choleskySolveMatrix,
  inverseFromCholesky,
  logDetFromCholesky,
  mahalanobisSquared,
} from "./cholesky-solve";
export {
  type ConditionalGaussian,
  type ConditionalGaussianResult,
  groupRowsByMissingPattern,
  type MissingPattern,
  prepareConditionalGaussian,
} from "./conditional-gaussian";
export { type SymmetricEigen, symmetricEigen } from "./eigen";
export {
  type LinearGaussianModel,
  type LinearGaussianPosterior,
  type LinearGaussianResult,
  linearGaussianPosterior,
  type NoiseCovariance,
  type PreparedLinearGaussian,
  prepareLinearGaussian,
} from "./linear-gaussian";
export { matMul, matVec, outerAdd, quadForm, transpose } from "./matrix-ops";
export {
  solveLower,
  solveLowerMatrix,
  solveLowerTranspose,
  solveLowerTransposeMatrix,
  solveUpper,
  solveUpperMatrix,
} from "./triangular";
