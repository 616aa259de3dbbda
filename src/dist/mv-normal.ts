// The MvNormal distribution family: signature, argument validation, log-density and exact sampler.
// Mean vector and covariance matrix (row-major), through its Cholesky factor.

import { cholesky, logDetFromCholesky, mahalanobisSquared } from "../linalg";
import { sampleMvNormal } from "../random";
import { LN_SQRT_2PI } from "../special";
import type { Distribution } from "./signature";
import { covarianceProblem, finiteProblem, orderOf, vectorOf } from "./value";

function factor(cov: Float64Array, d: number): Float64Array {
  const c = cholesky(cov, d);
  if (!c.ok) throw new RangeError("MvNormal: covariance is not positive definite (validate first)");
  return c.L;
}

export const mvNormal: Distribution = {
  name: "MvNormal",
  params: [
    { name: "mean", shape: "vector", requires: "real" },
    { name: "cov", shape: "matrix", requires: "cov" },
  ],
  support: "vector",
  sizeFrom: 0,
  censorable: false,
  summary: "MvNormal(mean, cov): cov is the covariance matrix",
  validate: ([mean, cov]) => {
    const m = vectorOf(mean);
    const c = vectorOf(cov);
    if (orderOf(c) !== m.length) return `cov is ${Math.sqrt(c.length)}×${Math.sqrt(c.length)} but mean has length ${m.length}`;
    return finiteProblem("mean", m) ?? covarianceProblem("cov", c);
  },
  logDensity: (x, [mean, cov]) => {
    const m = vectorOf(mean);
    const d = m.length;
    const L = factor(vectorOf(cov), d);
    return -d * LN_SQRT_2PI - 0.5 * logDetFromCholesky(L, d) - 0.5 * mahalanobisSquared(L, d, vectorOf(x), m);
  },
  sample: (rng, [mean, cov]) => {
    const m = vectorOf(mean);
    return sampleMvNormal(rng, m, factor(vectorOf(cov), m.length), m.length);
  },
};
