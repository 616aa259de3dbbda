// What the checker needs to know of a distribution family: its arguments (shape and the values they
// allow), its support, and which argument fixes the size of a vector-valued outcome.

/** The values an argument must take; checked statically where that can be decided, else at run time. */
export type Requirement = "real" | "positive" | "prob" | "count" | "simplex" | "cov";

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
