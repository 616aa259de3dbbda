// The Dirichlet distribution family: signature, argument validation, log-density and exact sampler.
// On the simplex, with positive concentrations alpha.

import { sampleDirichlet } from "../random";
import { lgamma } from "../special";
import * as S from "../symbolic";
import { dirichletFromMeanLogs } from "./exponential-family";
import type { Distribution } from "./signature";
import { positiveProblem, simplexProblem, vectorOf } from "./value";

export const dirichlet: Distribution = {
  name: "Dirichlet",
  params: [{ name: "alpha", shape: "vector", requires: "positive" }],
  support: "simplex",
  sizeFrom: 0,
  censorable: false,
  summary: "Dirichlet(alpha)",
  /** Written component by component when K is known, so Q in x shows Σₖ (αₖ − 1) log xₖ term by term. */
  logDensityExpr: (x, [alpha]) => {
    const [k] = S.dimsOf(alpha!.shape);
    if (typeof k !== "number") {
      return S.add(
        S.lgamma(S.sum(alpha!)),
        S.neg(S.sum(S.lgamma(alpha!))),
        S.sum(S.hadamard(S.sub(alpha!, S.ones(alpha!.shape)), S.log(x))),
      );
    }
    const parts = Array.from({ length: k }, (_, j) => {
      const a = S.index(alpha!, j + 1);
      return S.sub(S.mul(S.sub(a, 1), S.log(S.index(x, j + 1))), S.lgamma(a));
    });
    return S.add(S.lgamma(S.sum(alpha!)), ...parts);
  },
  validate: ([alpha]) => {
    const a = vectorOf(alpha);
    for (let k = 0; k < a.length; k++) {
      const p = positiveProblem(`alpha[${k + 1}]`, a[k]!);
      if (p) return p;
    }
    return a.length > 0 ? undefined : "alpha is empty";
  },
  logDensity: (x, [alpha]) => {
    const a = vectorOf(alpha);
    const v = vectorOf(x);
    if (v.length !== a.length || simplexProblem("x", v)) return Number.NEGATIVE_INFINITY;
    let total = 0;
    let out = 0;
    for (let k = 0; k < a.length; k++) {
      total += a[k]!;
      out += (a[k] === 1 ? 0 : (a[k]! - 1) * Math.log(v[k]!)) - lgamma(a[k]!);
    }
    return out + lgamma(total);
  },
  sample: (rng, [alpha]) => sampleDirichlet(rng, vectorOf(alpha)),
  expFamily: {
    statistics: ([alpha]) => Array.from(vectorOf(alpha), (_, k) => `log x${k + 1}`),
    sufficient: (x, _args, out, o) => {
      const v = vectorOf(x);
      for (let k = 0; k < v.length; k++) out[o + k] = Math.log(v[k]!);
    },
    natural: ([alpha]) => vectorOf(alpha).map((a) => a - 1),
    mle: (s, w) => {
      const alpha = w > 0 ? dirichletFromMeanLogs(s.map((g) => g / w)) : undefined;
      return alpha ? [alpha] : undefined;
    },
  },
};
