// The Poisson distribution family: signature, argument validation, log-density and exact sampler.
// Counts with a positive rate.

import { samplePoisson } from "../random";
import { logFactorial } from "../special";
import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { positiveProblem, scalarOf } from "./value";

export const poisson: Distribution = {
  name: "Poisson",
  params: [{ name: "rate", shape: "scalar", requires: "positive" }],
  support: "count",
  censorable: true,
  summary: "Poisson(rate)",
  logDensityExpr: (x, [rate]) => S.sub(S.sub(S.mul(x, S.log(rate!)), rate!), S.lgamma(S.add(x, 1))),
  validate: ([rate]) => positiveProblem("rate", scalarOf(rate)),
  logDensity: (x, [rate]) => {
    const k = scalarOf(x);
    if (!(Number.isInteger(k) && k >= 0)) return Number.NEGATIVE_INFINITY;
    const r = scalarOf(rate);
    return k * Math.log(r) - r - logFactorial(k);
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
