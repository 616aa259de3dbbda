// The Bernoulli distribution family: signature, argument validation, log-density and exact sampler.
// 1 with probability p, else 0.

import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { probabilityProblem, scalarOf } from "./value";

export const bernoulli: Distribution = {
  name: "Bernoulli",
  params: [{ name: "p", shape: "scalar", requires: "prob" }],
  support: "binary",
  censorable: false,
  summary: "Bernoulli(p): 1 with probability p",
  logDensityExpr: (x, [p]) => S.add(S.mul(x, S.log(p!)), S.mul(S.sub(1, x), S.log(S.sub(1, p!)))),
  validate: ([p]) => probabilityProblem("p", scalarOf(p)),
  logDensity: (x, [p]) => {
    const v = scalarOf(x);
    const q = scalarOf(p);
    if (v === 1) return Math.log(q);
    if (v === 0) return Math.log1p(-q);
    return Number.NEGATIVE_INFINITY;
  },
  sample: (rng, [p]) => (rng.double() < scalarOf(p) ? 1 : 0),
  expFamily: {
    statistics: () => ["x"],
    sufficient: (x, _args, out, o) => {
      out[o] = scalarOf(x);
    },
    natural: ([p]) => Float64Array.of(Math.log(scalarOf(p)) - Math.log1p(-scalarOf(p))),
    mle: (s, w) => (w > 0 ? [s[0]! / w] : undefined),
  },
};
