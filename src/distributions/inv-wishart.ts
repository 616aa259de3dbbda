// The InvWishart distribution family: signature, argument validation, log-density and exact sampler.
// nu > D − 1 degrees of freedom and a scale matrix Psi: E[X] = Psi / (nu − D − 1).

import { cholesky, inverseFromCholesky, logDetFromCholesky } from "../linalg";
import { sampleInverseWishart } from "../random";
import { lgamma } from "../special";
import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { covarianceProblem, orderOf, positiveProblem, scalarOf, vectorOf } from "./value";

/** log Γ_d(a), the multivariate gamma function. */
function lmvgamma(a: number, d: number): number {
  let out = ((d * (d - 1)) / 4) * Math.log(Math.PI);
  for (let j = 0; j < d; j++) out += lgamma(a - j / 2);
  return out;
}

export const invWishart: Distribution = {
  name: "InvWishart",
  params: [
    { name: "nu", shape: "scalar", requires: "positive" },
    { name: "Psi", shape: "matrix", requires: "cov" },
  ],
  support: "cov",
  sizeFrom: 1,
  censorable: false,
  summary: "InvWishart(nu, Psi): nu > D - 1 degrees of freedom, scale matrix Psi",
  logDensityExpr: (x, [nu, psi]) => {
    const [d] = S.dimsOf(psi!.shape);
    const half = S.div(nu!, 2);
    // With a symbolic order D (explain without data), log Γ_D(ν/2) stays a named constant: it does not
    // depend on the matrix, which is all Q needs of it.
    const order = typeof d === "number" ? d : S.symbol(String(d), S.SCALAR, "positive");
    const lmv =
      typeof d === "number"
        ? S.add(
            ((d * (d - 1)) / 4) * Math.log(Math.PI),
            ...Array.from({ length: d }, (_, j) => S.lgamma(S.sub(half, j / 2))),
          )
        : S.symbol(`logΓ_${d}(ν/2)`);
    return S.add(
      S.mul(half, S.logdet(psi!)),
      S.neg(S.mul(half, order, Math.LN2)),
      S.neg(lmv),
      S.mul(-0.5, S.mul(S.add(nu!, order, 1), S.logdet(x))),
      S.mul(-0.5, S.trace(S.matmul(psi!, S.inv(x)))),
    );
  },
  validate: ([nu, psi]) => {
    const p = vectorOf(psi);
    const d = orderOf(p);
    return (
      positiveProblem("nu", scalarOf(nu)) ??
      covarianceProblem("Psi", p) ??
      (scalarOf(nu) > d - 1 ? undefined : `nu must exceed D − 1 = ${d - 1}, not ${scalarOf(nu)}`)
    );
  },
  logDensity: (x, [nu, psi]) => {
    const p = vectorOf(psi);
    const d = orderOf(p);
    const n = scalarOf(nu);
    const cx = cholesky(vectorOf(x), d);
    const cp = cholesky(p, d);
    if (!cx.ok || !cp.ok) return Number.NEGATIVE_INFINITY;
    const xInv = inverseFromCholesky(cx.L, d);
    let trace = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) trace += p[i * d + j]! * xInv[j * d + i]!;
    return (
      (n / 2) * logDetFromCholesky(cp.L, d) -
      ((n * d) / 2) * Math.LN2 -
      lmvgamma(n / 2, d) -
      ((n + d + 1) / 2) * logDetFromCholesky(cx.L, d) -
      0.5 * trace
    );
  },
  sample: (rng, [nu, psi]) => {
    const p = vectorOf(psi);
    const d = orderOf(p);
    const c = cholesky(p, d);
    if (!c.ok) throw new RangeError("InvWishart: Psi is not positive definite (validate first)");
    return sampleInverseWishart(rng, scalarOf(nu), c.L, d);
  },
};
