// The Exponential distribution family: signature, argument validation, log-density and exact sampler.
// Parameterised by the rate.

import { sampleExponential } from "../random";
import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { positiveProblem, scalarOf } from "./value";

export const exponential: Distribution = {
  name: "Exponential",
  params: [{ name: "rate", shape: "scalar", requires: "positive" }],
  support: "positive",
  censorable: true,
  summary: "Exponential(rate)",
  logDensityExpr: (x, [rate]) => S.sub(S.log(rate!), S.mul(rate!, x)),
  validate: ([rate]) => positiveProblem("rate", scalarOf(rate)),
  logDensity: (x, [rate]) => {
    const v = scalarOf(x);
    const r = scalarOf(rate);
    return v >= 0 ? Math.log(r) - r * v : Number.NEGATIVE_INFINITY;
  },
  sample: (rng, [rate]) => sampleExponential(rng, scalarOf(rate)),
  expFamily: {
    statistics: () => ["x"],
    sufficient: (x, _args, out, o) => {
      out[o] = scalarOf(x);
    },
    natural: ([rate]) => Float64Array.of(-scalarOf(rate)),
    mle: (s, w) => (w > 0 && s[0]! > 0 ? [w / s[0]!] : undefined),
  },
};
