// The Normal distribution family: signature, argument validation, log-density and exact sampler.
// Parameterised by the standard deviation, as in Stan and SciPy.

import { sampleNormal } from "../random";
import { LN_SQRT_2PI } from "../special";
import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { finiteProblem, positiveProblem, scalarOf } from "./value";

export const normal: Distribution = {
  name: "Normal",
  gaussian: { scale: "sd", of: "value" },
  params: [
    { name: "mean", shape: "scalar", requires: "real" },
    { name: "sd", shape: "scalar", requires: "positive" },
  ],
  support: "real",
  censorable: true,
  summary: "Normal(mean, sd): sd is the standard deviation, as in Stan and SciPy",
  logDensityExpr: (x, [mean, sd]) =>
    S.sub(S.neg(S.add(LN_SQRT_2PI, S.log(sd!))), S.mul(0.5, S.pow(S.div(S.sub(x, mean!), sd!), 2))),
  validate: ([mean, sd]) => finiteProblem("mean", mean!) ?? positiveProblem("sd", scalarOf(sd)),
  logDensity: (x, [mean, sd]) => {
    const s = scalarOf(sd);
    const z = (scalarOf(x) - scalarOf(mean)) / s;
    return -LN_SQRT_2PI - Math.log(s) - 0.5 * z * z;
  },
  sample: (rng, [mean, sd]) => sampleNormal(rng, scalarOf(mean), scalarOf(sd)),
  expFamily: {
    statistics: () => ["x", "x²"],
    sufficient: (x, _args, out, o) => {
      const v = scalarOf(x);
      out[o] = v;
      out[o + 1] = v * v;
    },
    natural: ([mean, sd]) => {
      const s2 = scalarOf(sd) ** 2;
      return Float64Array.of(scalarOf(mean) / s2, -0.5 / s2);
    },
    mle: (s, w) => {
      if (!(w > 0)) return undefined;
      const m = s[0]! / w;
      const v = s[1]! / w - m * m;
      return v > 0 ? [m, Math.sqrt(v)] : undefined;
    },
  },
};
