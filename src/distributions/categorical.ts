// The Categorical distribution family: signature, argument validation, log-density and exact sampler.
// k in 1..K with probability probs[k].

import { InternalError } from "../diagnostics";
import { sampleCategorical } from "../random";
import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { scalarOf, simplexProblem, vectorOf } from "./value";

export const categorical: Distribution = {
  name: "Categorical",
  params: [{ name: "probs", shape: "vector", requires: "simplex" }],
  support: "categorical",
  sizeFrom: 0,
  censorable: false,
  summary: "Categorical(probs): k in 1..K with probability probs[k]",
  /** log probs[x]; for an outcome not known at derivation, Σₖ 1{x = k} log probs[k]. */
  logDensityExpr: (x, [probs]) => {
    if (x.kind === "const") return S.log(S.index(probs!, x.value));
    const [k] = S.dimsOf(probs!.shape);
    if (typeof k !== "number")
      throw new InternalError("Categorical: a symbolic outcome needs a known number of categories");
    return S.add(
      ...Array.from({ length: k }, (_, j) => S.mul(S.compare("==", x, j + 1), S.log(S.index(probs!, j + 1)))),
    );
  },
  validate: ([probs]) => simplexProblem("probs", vectorOf(probs)),
  logDensity: (x, [probs]) => {
    const k = typeof x === "number" ? x : Number.NaN;
    const p = vectorOf(probs);
    return Number.isInteger(k) && k >= 1 && k <= p.length ? Math.log(p[k - 1]!) : Number.NEGATIVE_INFINITY;
  },
  sample: (rng, [probs]) => sampleCategorical(rng, vectorOf(probs)) + 1,
  expFamily: {
    statistics: ([probs]) => Array.from(vectorOf(probs), (_, k) => `1{x = ${k + 1}}`),
    sufficient: (x, [probs], out, o) => {
      out.fill(0, o, o + vectorOf(probs).length);
      out[o + scalarOf(x) - 1] = 1;
    },
    natural: ([probs]) => vectorOf(probs).map(Math.log),
    mle: (s, w) => (w > 0 ? [s.map((c) => c / w)] : undefined),
  },
};
