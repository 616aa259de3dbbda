// The Poisson distribution family: signature, argument validation, log-density and exact sampler.
// Counts with a rate ≥ 0; rate 0 is the point mass at 0 (the zero state of a zero-inflated count).

import { samplePoisson } from "../random";
import { logFactorial } from "../special";
import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { nonnegativeProblem, scalarOf } from "./value";

export const poisson: Distribution = {
  name: "Poisson",
  params: [{ name: "rate", shape: "scalar", requires: "nonnegative" }],
  support: "count",
  censorable: true,
  summary: "Poisson(rate)",
  logDensityExpr: (x, [rate]) => {
    // x log(rate) as Σ x log(factor) over the expanded log (log(λ c) = log λ + log c): its derivative in λ
    // is then x / λ, not x c / (λ c) (0/0 at c = 0), and the evaluator takes each x log(·) as 0 at x = 0.
    // One flat sum, so that a summand free of λ (x log 0 at c = 0) is one a gradient step can leave out.
    const logRate = S.simplify(S.log(rate!));
    const parts = logRate.kind === "add" ? logRate.args : [logRate];
    return S.add(...parts.map((p) => S.mul(x, p)), S.neg(rate!), S.neg(S.lgamma(S.add(x, 1))));
  },
  validate: ([rate]) => nonnegativeProblem("rate", scalarOf(rate)),
  logDensity: (x, [rate]) => {
    const k = scalarOf(x);
    if (!(Number.isInteger(k) && k >= 0)) return Number.NEGATIVE_INFINITY;
    const r = scalarOf(rate);
    // k log r is 0 at k = 0 for every r, including r = 0 (where 0 · log 0 would be NaN).
    return (k === 0 ? 0 : k * Math.log(r)) - r - logFactorial(k);
  },
  sample: (rng, [rate]) => samplePoisson(rng, scalarOf(rate)),
  expFamily: {
    statistics: () => ["x"],
    sufficient: (x, _args, out, o) => {
      out[o] = scalarOf(x);
    },
    natural: ([rate]) => Float64Array.of(Math.log(scalarOf(rate))),
    mle: (s, w) => (w > 0 && s[0]! > 0 ? [s[0]! / w] : undefined),
  },
};
