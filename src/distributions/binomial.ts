// The Binomial distribution family: signature, argument validation, log-density and exact sampler.
// Successes in n independent trials.

import { sampleBinomial } from "../random";
import { logFactorial } from "../special";
import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { countProblem, probabilityProblem, scalarOf } from "./value";

/** k·log p with the convention 0·log 0 = 0. */
function xlogy(k: number, logP: number): number {
  return k === 0 ? 0 : k * logP;
}

export const binomial: Distribution = {
  name: "Binomial",
  params: [
    { name: "n", shape: "scalar", requires: "count" },
    { name: "p", shape: "scalar", requires: "prob" },
  ],
  support: "count",
  censorable: true,
  summary: "Binomial(n, p): successes in n trials",
  logDensityExpr: (x, [n, p]) =>
    S.add(
      S.lgamma(S.add(n!, 1)),
      S.neg(S.lgamma(S.add(x, 1))),
      S.neg(S.lgamma(S.add(S.sub(n!, x), 1))),
      S.mul(x, S.log(p!)),
      S.mul(S.sub(n!, x), S.log(S.sub(1, p!))),
    ),
  validate: ([n, p]) => countProblem("n", scalarOf(n)) ?? probabilityProblem("p", scalarOf(p)),
  logDensity: (x, [n, p]) => {
    const k = scalarOf(x);
    const trials = scalarOf(n);
    if (!(Number.isInteger(k) && k >= 0 && k <= trials)) return Number.NEGATIVE_INFINITY;
    const q = scalarOf(p);
    return (
      logFactorial(trials) -
      logFactorial(k) -
      logFactorial(trials - k) +
      xlogy(k, Math.log(q)) +
      xlogy(trials - k, Math.log1p(-q))
    );
  },
  sample: (rng, [n, p]) => sampleBinomial(rng, scalarOf(n), scalarOf(p)),
  expFamily: {
    statistics: () => ["x", "n"],
    /** The trial count is summed beside x: with varying n the MLE is p = Σ wx / Σ wn. */
    sufficient: (x, [n], out, o) => {
      out[o] = scalarOf(x);
      out[o + 1] = scalarOf(n);
    },
    natural: ([, p]) => Float64Array.of(Math.log(scalarOf(p)) - Math.log1p(-scalarOf(p)), 0),
    mle: (s, _w, [n]) => (s[1]! > 0 ? [n ?? Number.NaN, s[0]! / s[1]!] : undefined),
  },
};
