// The LogNormal distribution family: signature, argument validation, log-density and exact sampler.
// log of the outcome is Normal(meanlog, sdlog).

import { sampleNormal } from "../random";
import { LN_SQRT_2PI } from "../special";
import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { finiteProblem, positiveProblem, scalarOf } from "./value";

export const logNormal: Distribution = {
  name: "LogNormal",
  gaussian: { scale: "sd", of: "log" },
  params: [
    { name: "meanlog", shape: "scalar", requires: "real" },
    { name: "sdlog", shape: "scalar", requires: "positive" },
  ],
  support: "positive",
  censorable: true,
  summary: "LogNormal(meanlog, sdlog): log of the outcome is Normal(meanlog, sdlog)",
  logDensityExpr: (x, [m, s]) =>
    S.sub(
      S.neg(S.add(S.log(x), LN_SQRT_2PI, S.log(s!))),
      S.mul(0.5, S.pow(S.div(S.sub(S.log(x), m!), s!), 2)),
    ),
  validate: ([m, s]) => finiteProblem("meanlog", m!) ?? positiveProblem("sdlog", scalarOf(s)),
  logDensity: (x, [m, s]) => {
    const v = scalarOf(x);
    if (!(v > 0)) return Number.NEGATIVE_INFINITY;
    const sd = scalarOf(s);
    const z = (Math.log(v) - scalarOf(m)) / sd;
    return -Math.log(v) - LN_SQRT_2PI - Math.log(sd) - 0.5 * z * z;
  },
  sample: (rng, [m, s]) => Math.exp(sampleNormal(rng, scalarOf(m), scalarOf(s))),
  expFamily: {
    statistics: () => ["log x", "(log x)²"],
    sufficient: (x, _args, out, o) => {
      const l = Math.log(scalarOf(x));
      out[o] = l;
      out[o + 1] = l * l;
    },
    natural: ([m, s]) => {
      const s2 = scalarOf(s) ** 2;
      return Float64Array.of(scalarOf(m) / s2, -0.5 / s2);
    },
    mle: (s, w) => {
      if (!(w > 0)) return undefined;
      const m = s[0]! / w;
      const v = s[1]! / w - m * m;
      return v > 0 ? [m, Math.sqrt(v)] : undefined;
    },
  },
};
