// The Gamma distribution family: signature, argument validation, log-density and exact sampler.
// Shape and rate: mean shape/rate.

import { sampleGamma } from "../random";
import { lgamma } from "../special";
import * as S from "../symbolic";
import { gammaShapeFromLogGap } from "./exponential-family";
import type { Distribution } from "./signature";
import { positiveProblem, scalarOf } from "./value";

export const gamma: Distribution = {
  name: "Gamma",
  params: [
    { name: "shape", shape: "scalar", requires: "positive" },
    { name: "rate", shape: "scalar", requires: "positive" },
  ],
  support: "positive",
  censorable: true,
  summary: "Gamma(shape, rate): mean shape/rate",
  logDensityExpr: (x, [a, b]) =>
    S.add(S.mul(a!, S.log(b!)), S.neg(S.lgamma(a!)), S.mul(S.sub(a!, 1), S.log(x)), S.neg(S.mul(b!, x))),
  validate: ([a, b]) => positiveProblem("shape", scalarOf(a)) ?? positiveProblem("rate", scalarOf(b)),
  logDensity: (x, [a, b]) => {
    const v = scalarOf(x);
    const shape = scalarOf(a);
    const rate = scalarOf(b);
    if (v < 0 || Number.isNaN(v)) return Number.NEGATIVE_INFINITY;
    if (v === 0)
      return shape < 1 ? Number.POSITIVE_INFINITY : shape === 1 ? Math.log(rate) : Number.NEGATIVE_INFINITY;
    return shape * Math.log(rate) - lgamma(shape) + (shape - 1) * Math.log(v) - rate * v;
  },
  sample: (rng, [a, b]) => sampleGamma(rng, scalarOf(a), scalarOf(b)),
  expFamily: {
    statistics: () => ["x", "log x"],
    sufficient: (x, _args, out, o) => {
      out[o] = scalarOf(x);
      out[o + 1] = Math.log(scalarOf(x));
    },
    natural: ([a, b]) => Float64Array.of(-scalarOf(b), scalarOf(a) - 1),
    mle: (s, w) => {
      if (!(w > 0 && s[0]! > 0)) return undefined;
      const mean = s[0]! / w;
      const shape = gammaShapeFromLogGap(Math.log(mean) - s[1]! / w);
      return shape === undefined ? undefined : [shape, shape / mean];
    },
  },
};
