// A distribution family: what the checker needs (arguments, support, which argument sizes the outcome)
// and what the engine and sampler need (argument validation, log-density, exact sampler).

import type { Rng } from "../random";
import type { Expr } from "../symbolic";
import type { ExponentialFamily } from "./exponential-family";
import type { Value } from "./value";

/** The values an argument must take; checked statically where that can be decided, else at run time. */
export type Requirement = "real" | "positive" | "nonnegative" | "prob" | "count" | "simplex" | "cov";

export interface ParameterSpec {
  readonly name: string;
  readonly shape: "scalar" | "vector" | "matrix";
  readonly requires: Requirement;
}

/** The set of values a distribution puts mass on. */
export type Support =
  | "real"
  | "positive"
  | "prob"
  | "count"
  | "binary"
  | "categorical"
  | "vector"
  | "simplex"
  | "count-vector"
  | "cov";

export interface DistributionSignature {
  readonly name: string;
  readonly params: readonly ParameterSpec[];
  readonly support: Support;
  /** For vector/matrix outcomes: the argument whose length (or order) is the outcome's. */
  readonly sizeFrom?: number;
  /** Whether `censored(…)` applies: a scalar outcome with an ordered support. */
  readonly censorable: boolean;
  /** One line for `--help` and hints. */
  readonly summary: string;
}

/** The numeric side of a family. Arguments come in the order of `params`. */
export interface Distribution extends DistributionSignature {
  /** Why these arguments are invalid (naming the argument), or undefined when they are valid. */
  readonly validate: (args: readonly Value[]) => string | undefined;
  /** log p(x | args) as a symbolic expression (for Q, its kernels, gradients and explain). */
  readonly logDensityExpr: (x: Expr, args: readonly Expr[]) => Expr;
  /** log p(x | args), −∞ outside the support; arguments must be valid. */
  readonly logDensity: (x: Value, args: readonly Value[]) => number;
  /**
   * log p(· | args) with the work that depends only on the arguments done once (a Cholesky factor), for
   * evaluating many outcomes under the same arguments; arguments must be valid.
   */
  readonly prepare?: (args: readonly Value[]) => (x: Value) => number;
  /** An exact draw; arguments must be valid. */
  readonly sample: (rng: Rng, args: readonly Value[]) => Value;
  /** The exponential-family form, for the families that have one. */
  readonly expFamily?: ExponentialFamily;
  /** The Gaussian form, for the families that have one: what the rules and the Gaussian E-step rely on. */
  readonly gaussian?: GaussianForm;
}

export const SUPPORT_TEXT: Record<Support, string> = {
  real: "the real line",
  positive: "(0, ∞)",
  prob: "(0, 1)",
  count: "{0, 1, 2, …}",
  binary: "{0, 1}",
  categorical: "{1, …, K}",
  vector: "real vectors",
  simplex: "the simplex",
  "count-vector": "vectors of counts",
  cov: "positive definite matrices",
};

/**
 * A Gaussian family: arguments (mean, scale), the scale a standard deviation (a scalar target) or a
 * covariance matrix (a vector target), of the target itself or of its log (LogNormal). log p is then
 * quadratic in the mean, and −½ log|Σ| − ½ rᵀΣ⁻¹r in the scale.
 */
export interface GaussianForm {
  readonly scale: "sd" | "cov";
  readonly of: "value" | "log";
}
