// The MvNormal distribution family: signature, argument validation, log-density and exact sampler.
// Mean vector and covariance matrix (row-major), through its Cholesky factor.

import { cholesky, inverseFromCholesky, logDetFromCholesky, mahalanobisSquared } from "../linalg";
import { sampleMvNormal } from "../random";
import { LN_SQRT_2PI } from "../special";
import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { covarianceProblem, finiteProblem, orderOf, vectorOf } from "./value";

function factor(cov: Float64Array, d: number): Float64Array {
  const c = cholesky(cov, d);
  if (!c.ok) throw new RangeError("MvNormal: covariance is not positive definite (validate first)");
  return c.L;
}

export const mvNormal: Distribution = {
  name: "MvNormal",
  gaussian: { scale: "cov", of: "value" },
  params: [
    { name: "mean", shape: "vector", requires: "real" },
    { name: "cov", shape: "matrix", requires: "cov" },
  ],
  support: "vector",
  sizeFrom: 0,
  censorable: false,
  summary: "MvNormal(mean, cov): cov is the covariance matrix",
  logDensityExpr: (x, [mean, cov]) => {
    const [d] = S.dimsOf(mean!.shape);
    const order = typeof d === "number" ? d : S.symbol(String(d), S.SCALAR, "positive");
    const r = S.sub(x, mean!);
    const q = S.matmul(S.matmul(S.transpose(r), S.inv(cov!)), r);
    // With D = 1 the products collapse early and the form comes out as a 1-vector: it is one number.
    const quadratic = q.shape.kind === "scalar" ? q : S.reshape(q, S.SCALAR);
    return S.add(S.neg(S.mul(order, LN_SQRT_2PI)), S.mul(-0.5, S.logdet(cov!)), S.mul(-0.5, quadratic));
  },
  validate: ([mean, cov]) => {
    const m = vectorOf(mean);
    const c = vectorOf(cov);
    if (orderOf(c) !== m.length)
      return `cov is ${Math.sqrt(c.length)}×${Math.sqrt(c.length)} but mean has length ${m.length}`;
    return finiteProblem("mean", m) ?? covarianceProblem("cov", c);
  },
  logDensity: (x, [mean, cov]) => {
    const m = vectorOf(mean);
    const d = m.length;
    const L = factor(vectorOf(cov), d);
    return -d * LN_SQRT_2PI - 0.5 * logDetFromCholesky(L, d) - 0.5 * mahalanobisSquared(L, d, vectorOf(x), m);
  },
  prepare: ([mean, cov]) => {
    const m = vectorOf(mean);
    const d = m.length;
    const L = factor(vectorOf(cov), d);
    const constant = -d * LN_SQRT_2PI - 0.5 * logDetFromCholesky(L, d);
    const scratch = new Float64Array(d);
    return (x) => constant - 0.5 * mahalanobisSquared(L, d, vectorOf(x), m, scratch);
  },
  sample: (rng, [mean, cov]) => {
    const m = vectorOf(mean);
    return sampleMvNormal(rng, m, factor(vectorOf(cov), m.length), m.length);
  },
  expFamily: {
    statistics: ([mean]) => {
      const d = vectorOf(mean).length;
      return [
        ...Array.from({ length: d }, (_, i) => `x${i + 1}`),
        ...Array.from({ length: d * d }, (_, k) => `x${Math.floor(k / d) + 1}·x${(k % d) + 1}`),
      ];
    },
    sufficient: (x, _args, out, o) => {
      const v = vectorOf(x);
      const d = v.length;
      out.set(v, o);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[o + d + i * d + j] = v[i]! * v[j]!;
    },
    natural: ([mean, cov]) => {
      const m = vectorOf(mean);
      const d = m.length;
      const prec = inverseFromCholesky(factor(vectorOf(cov), d), d);
      const eta = new Float64Array(d + d * d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += prec[i * d + j]! * m[j]!;
        eta[i] = s;
      }
      for (let k = 0; k < d * d; k++) eta[d + k] = -0.5 * prec[k]!;
      return eta;
    },
    mle: (s, w) => {
      if (!(w > 0)) return undefined;
      const d = Math.round((-1 + Math.sqrt(1 + 4 * s.length)) / 2);
      const mean = s.slice(0, d).map((v) => v / w);
      const cov = new Float64Array(d * d);
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) cov[i * d + j] = s[d + i * d + j]! / w - mean[i]! * mean[j]!;
      return covarianceProblem("cov", cov) ? undefined : [mean, cov];
    },
  },
};
