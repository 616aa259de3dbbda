// The Beta distribution family: signature, argument validation, log-density and exact sampler.
// On (0, 1).

import { sampleBeta } from "../random";
import { logBeta } from "../special";
import * as S from "../symbolic";
import { dirichletFromMeanLogs } from "./exponential-family";
import type { Distribution } from "./signature";
import { positiveProblem, scalarOf } from "./value";

/** (a − 1)·log x with the convention 0·log 0 = 0, so Beta(1, b) has a finite density at 0. */
function power(a: number, logX: number): number {
  return a === 1 ? 0 : (a - 1) * logX;
}

export const beta: Distribution = {
  name: "Beta",
  params: [
    { name: "a", shape: "scalar", requires: "positive" },
    { name: "b", shape: "scalar", requires: "positive" },
  ],
  support: "prob",
  censorable: true,
  summary: "Beta(a, b)",
  logDensityExpr: (x, [a, b]) =>
    S.add(
      S.mul(S.sub(a!, 1), S.log(x)),
      S.mul(S.sub(b!, 1), S.log(S.sub(1, x))),
      S.lgamma(S.add(a!, b!)),
      S.neg(S.lgamma(a!)),
      S.neg(S.lgamma(b!)),
    ),
  validate: ([a, b]) => positiveProblem("a", scalarOf(a)) ?? positiveProblem("b", scalarOf(b)),
  logDensity: (x, [a, b]) => {
    const v = scalarOf(x);
    if (!(v >= 0 && v <= 1)) return Number.NEGATIVE_INFINITY;
    const av = scalarOf(a);
    const bv = scalarOf(b);
    return power(av, Math.log(v)) + power(bv, Math.log1p(-v)) - logBeta(av, bv);
  },
  sample: (rng, [a, b]) => sampleBeta(rng, scalarOf(a), scalarOf(b)),
  expFamily: {
    statistics: () => ["log x", "log(1 − x)"],
    sufficient: (x, _args, out, o) => {
      out[o] = Math.log(scalarOf(x));
      out[o + 1] = Math.log1p(-scalarOf(x));
    },
    natural: ([a, b]) => Float64Array.of(scalarOf(a) - 1, scalarOf(b) - 1),
    mle: (s, w) => {
      if (!(w > 0)) return undefined;
      const ab = dirichletFromMeanLogs(Float64Array.of(s[0]! / w, s[1]! / w));
      return ab ? [ab[0]!, ab[1]!] : undefined;
    },
  },
};
