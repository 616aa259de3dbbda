// The Uniform distribution family: signature, argument validation, log-density and exact sampler.
// On [lo, hi], lo < hi.

import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { finiteProblem, scalarOf } from "./value";

export const uniform: Distribution = {
  name: "Uniform",
  params: [
    { name: "lo", shape: "scalar", requires: "real" },
    { name: "hi", shape: "scalar", requires: "real" },
  ],
  support: "real",
  censorable: true,
  summary: "Uniform(lo, hi): lo < hi",
  logDensityExpr: (_x, [lo, hi]) => S.neg(S.log(S.sub(hi!, lo!))),
  validate: ([lo, hi]) =>
    finiteProblem("lo", lo!) ??
    finiteProblem("hi", hi!) ??
    (scalarOf(lo) < scalarOf(hi)
      ? undefined
      : `lo must be below hi, but lo = ${scalarOf(lo)} and hi = ${scalarOf(hi)}`),
  logDensity: (x, [lo, hi]) => {
    const v = scalarOf(x);
    const l = scalarOf(lo);
    const h = scalarOf(hi);
    return v >= l && v <= h ? -Math.log(h - l) : Number.NEGATIVE_INFINITY;
  },
  sample: (rng, [lo, hi]) => scalarOf(lo) + rng.double() * (scalarOf(hi) - scalarOf(lo)),
};
