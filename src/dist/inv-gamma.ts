// The InvGamma distribution family: signature, argument validation, log-density and exact sampler.
// Shape and scale: 1/outcome is Gamma(shape, rate = scale).

import { sampleGamma } from "../random";
import { lgamma } from "../special";
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
  validate: ([a, b]) => positiveProblem("shape", scalarOf(a)) ?? positiveProblem("scale", scalarOf(b)),
  logDensity: (x, [a, b]) => {
    const v = scalarOf(x);
    if (!(v > 0)) return Number.NEGATIVE_INFINITY;
    const shape = scalarOf(a);
    const scale = scalarOf(b);
    return shape * Math.log(scale) - lgamma(shape) - (shape + 1) * Math.log(v) - scale / v;
  },
  sample: (rng, [a, b]) => 1 / sampleGamma(rng, scalarOf(a), scalarOf(b)),
};
