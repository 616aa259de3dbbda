// The LogNormal distribution family: signature, argument validation, log-density and exact sampler.
// log of the outcome is Normal(meanlog, sdlog).

import { sampleNormal } from "../random";
import { LN_SQRT_2PI } from "../special";
import type { Distribution } from "./signature";
import { finiteProblem, positiveProblem, scalarOf } from "./value";

export const logNormal: Distribution = {
  name: "LogNormal",
  params: [
    { name: "meanlog", shape: "scalar", requires: "real" },
    { name: "sdlog", shape: "scalar", requires: "positive" },
  ],
  support: "positive",
  censorable: true,
  summary: "LogNormal(meanlog, sdlog): log of the outcome is Normal(meanlog, sdlog)",
  validate: ([m, s]) => finiteProblem("meanlog", m!) ?? positiveProblem("sdlog", scalarOf(s)),
  logDensity: (x, [m, s]) => {
    const v = scalarOf(x);
    if (!(v > 0)) return Number.NEGATIVE_INFINITY;
    const sd = scalarOf(s);
    const z = (Math.log(v) - scalarOf(m)) / sd;
    return -Math.log(v) - LN_SQRT_2PI - Math.log(sd) - 0.5 * z * z;
  },
  sample: (rng, [m, s]) => Math.exp(sampleNormal(rng, scalarOf(m), scalarOf(s))),
};
