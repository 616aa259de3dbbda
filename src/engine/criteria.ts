// Information criteria (docs/language.md, the fit result): the free-parameter count from the declared types, and AIC,
// BIC (−2ℓ + p ln n: lower is better, the scikit-learn convention; mclust reports −BIC) and ICL.

import type { IRVariable, Tensor } from "../ir";

/** Free parameters of one param: K − 1 per simplex, D(D+1)/2 per covariance, one per other element. */
export function freeParameters(v: IRVariable, value: Tensor): number {
  const shape = value.shape;
  const total = value.data.length;
  if (v.type.structure === "simplex")
    return (total / shape[shape.length - 1]!) * (shape[shape.length - 1]! - 1);
  if (v.type.structure === "cov") {
    const d = shape[shape.length - 1]!;
    return (total / (d * d)) * ((d * (d + 1)) / 2);
  }
  return total;
}

export interface Criteria {
  readonly nParams: number;
  readonly n: number;
  readonly aic: number;
  readonly bic: number;
  readonly icl?: number;
}

export function criteria(
  params: ReadonlyMap<IRVariable, Tensor>,
  logLikelihood: number,
  n: number,
  entropy: number | undefined,
): Criteria {
  let p = 0;
  for (const [v, t] of params) if (v.role === "param") p += freeParameters(v, t);
  const aic = -2 * logLikelihood + 2 * p;
  const bic = -2 * logLikelihood + p * Math.log(n);
  return { nParams: p, n, aic, bic, ...(entropy === undefined ? {} : { icl: bic + 2 * entropy }) };
}
