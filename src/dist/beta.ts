// The Beta distribution family: signature, argument validation, log-density and exact sampler.
// On (0, 1).

import { sampleBeta } from "../random";
import { logBeta } from "../special";
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
  validate: ([a, b]) => positiveProblem("a", scalarOf(a)) ?? positiveProblem("b", scalarOf(b)),
  logDensity: (x, [a, b]) => {
    const v = scalarOf(x);
    if (!(v >= 0 && v <= 1)) return Number.NEGATIVE_INFINITY;
    const av = scalarOf(a);
    const bv = scalarOf(b);
    return power(av, Math.log(v)) + power(bv, Math.log1p(-v)) - logBeta(av, bv);
  },
  sample: (rng, [a, b]) => sampleBeta(rng, scalarOf(a), scalarOf(b)),
};
