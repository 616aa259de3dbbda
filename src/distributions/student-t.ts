// The StudentT distribution family: signature, argument validation, log-density and exact sampler.
// nu degrees of freedom, location and scale.

import { sampleStudentT } from "../random";
import { LN_SQRT_2PI, lgamma, lgammaCorrection } from "../special";
import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { finiteProblem, positiveProblem, scalarOf } from "./value";

/**
 * log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ). For large ν the two log Γ values nearly cancel, so with a = ν/2
 * and Stirling's formula it is a·log1p(1/(2a)) − ½ − log √(2π) + δ(a + ½) − δ(a), δ the Stirling error.
 */
function logNormaliser(nu: number): number {
  const a = nu / 2;
  if (a < 10) return lgamma(a + 0.5) - lgamma(a) - 0.5 * Math.log(nu * Math.PI);
  return a * Math.log1p(1 / (2 * a)) - 0.5 - LN_SQRT_2PI + lgammaCorrection(a + 0.5) - lgammaCorrection(a);
}

export const studentT: Distribution = {
  name: "StudentT",
  params: [
    { name: "nu", shape: "scalar", requires: "positive" },
    { name: "mean", shape: "scalar", requires: "real" },
    { name: "scale", shape: "scalar", requires: "positive" },
  ],
  support: "real",
  censorable: true,
  summary: "StudentT(nu, mean, scale): nu degrees of freedom",
  logDensityExpr: (x, [nu, m, s]) => {
    const half = S.div(S.add(nu!, 1), 2);
    const z = S.div(S.sub(x, m!), s!);
    return S.sub(
      S.sub(
        S.sub(S.lgamma(half), S.lgamma(S.div(nu!, 2))),
        S.add(S.mul(0.5, S.log(S.mul(Math.PI, nu!))), S.log(s!)),
      ),
      S.mul(half, S.log1p(S.div(S.pow(z, 2), nu!))),
    );
  },
  validate: ([nu, m, s]) =>
    positiveProblem("nu", scalarOf(nu)) ?? finiteProblem("mean", m!) ?? positiveProblem("scale", scalarOf(s)),
  logDensity: (x, [nu, m, s]) => {
    const n = scalarOf(nu);
    const sc = scalarOf(s);
    const z = (scalarOf(x) - scalarOf(m)) / sc;
    return logNormaliser(n) - Math.log(sc) - ((n + 1) / 2) * Math.log1p((z * z) / n);
  },
  sample: (rng, [nu, m, s]) => sampleStudentT(rng, scalarOf(nu), scalarOf(m), scalarOf(s)),
};
