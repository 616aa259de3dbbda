// The InvGamma distribution family: signature, argument validation, log-density and exact sampler.
// Shape and scale: 1/outcome is Gamma(shape, rate = scale).

import { sampleGamma } from "../random";
import { lgamma } from "../special";
import * as S from "../symbolic";
import { gammaShapeFromLogGap } from "./exponential-family";
import type { Distribution } from "./signature";
import { positiveProblem, scalarOf } from "./value";

export const invGamma: Distribution = {
  name: "InvGamma",
  params: [
    { name: "shape", shape: "scalar", requires: "positive" },
    { name: "scale", shape: "scalar", requires: "positive" },
  ],
  support: "positive",
  censorable: true,
  summary: "InvGamma(shape, scale): 1/outcome is Gamma(shape, rate = scale)",
  logDensityExpr: (x, [a, b]) =>
    S.add(
      S.mul(a!, S.log(b!)),
      S.neg(S.lgamma(a!)),
      S.neg(S.mul(S.add(a!, 1), S.log(x))),
      S.neg(S.div(b!, x)),
    ),
  validate: ([a, b]) => positiveProblem("shape", scalarOf(a)) ?? positiveProblem("scale", scalarOf(b)),
  logDensity: (x, [a, b]) => {
    const v = scalarOf(x);
    if (!(v > 0)) return Number.NEGATIVE_INFINITY;
    const shape = scalarOf(a);
    const scale = scalarOf(b);
    return shape * Math.log(scale) - lgamma(shape) - (shape + 1) * Math.log(v) - scale / v;
  },
  sample: (rng, [a, b]) => 1 / sampleGamma(rng, scalarOf(a), scalarOf(b)),
  expFamily: {
    statistics: () => ["1/x", "log x"],
    sufficient: (x, _args, out, o) => {
      out[o] = 1 / scalarOf(x);
      out[o + 1] = Math.log(scalarOf(x));
    },
    natural: ([a, b]) => Float64Array.of(-scalarOf(b), -scalarOf(a) - 1),
    /** 1/x is Gamma(shape, rate = scale): the Gamma MLE on the reciprocals. */
    mle: (s, w) => {
      if (!(w > 0 && s[0]! > 0)) return undefined;
      const mean = s[0]! / w;
      const shape = gammaShapeFromLogGap(Math.log(mean) + s[1]! / w);
      return shape === undefined ? undefined : [shape, shape / mean];
    },
  },
};
