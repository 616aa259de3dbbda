// The Multinomial distribution family: signature, argument validation, log-density and exact sampler.
// Counts of n independent Categorical(probs) draws.

import { sampleBinomial } from "../random";
import { logFactorial } from "../special";
import * as S from "../symbolic";
import type { Distribution } from "./signature";
import { countProblem, scalarOf, simplexProblem, vectorOf } from "./value";

export const multinomial: Distribution = {
  name: "Multinomial",
  params: [
    { name: "n", shape: "scalar", requires: "count" },
    { name: "probs", shape: "vector", requires: "simplex" },
  ],
  support: "count-vector",
  sizeFrom: 1,
  censorable: false,
  summary: "Multinomial(n, probs): counts of n draws",
  /** Component by component when K is known, so Q in probs is Σₖ xₖ log probsₖ term by term. */
  logDensityExpr: (x, [n, probs]) => {
    const [k] = S.dimsOf(probs!.shape);
    const counts = S.neg(S.sum(S.lgamma(S.add(x, S.ones(x.shape)))));
    if (typeof k !== "number") return S.add(S.lgamma(S.add(n!, 1)), counts, S.dot(x, S.log(probs!)));
    const parts = Array.from({ length: k }, (_, j) =>
      S.mul(S.index(x, j + 1), S.log(S.index(probs!, j + 1))),
    );
    return S.add(S.lgamma(S.add(n!, 1)), counts, ...parts);
  },
  validate: ([n, probs]) => countProblem("n", scalarOf(n)) ?? simplexProblem("probs", vectorOf(probs)),
  logDensity: (x, [n, probs]) => {
    const p = vectorOf(probs);
    const v = vectorOf(x);
    const trials = scalarOf(n);
    if (v.length !== p.length) return Number.NEGATIVE_INFINITY;
    let total = 0;
    let out = logFactorial(trials);
    for (let k = 0; k < p.length; k++) {
      const c = v[k]!;
      if (!(Number.isInteger(c) && c >= 0)) return Number.NEGATIVE_INFINITY;
      total += c;
      out += (c === 0 ? 0 : c * Math.log(p[k]!)) - logFactorial(c);
    }
    return total === trials ? out : Number.NEGATIVE_INFINITY;
  },
  /** Sequential binomials: draw k's count given what is left, with the conditional probability. */
  sample: (rng, [n, probs]) => {
    const p = vectorOf(probs);
    const out = new Float64Array(p.length);
    let left = scalarOf(n);
    let mass = 1;
    for (let k = 0; k < p.length - 1 && left > 0; k++) {
      const q = mass > 0 ? Math.min(1, Math.max(0, p[k]! / mass)) : 0;
      out[k] = sampleBinomial(rng, left, q);
      left -= out[k]!;
      mass -= p[k]!;
    }
    if (p.length > 0) out[p.length - 1] = (out[p.length - 1] ?? 0) + left;
    return out;
  },
  expFamily: {
    statistics: ([, probs]) => Array.from(vectorOf(probs), (_, k) => `x${k + 1}`),
    sufficient: (x, _args, out, o) => {
      out.set(vectorOf(x), o);
    },
    natural: ([, probs]) => vectorOf(probs).map(Math.log),
    mle: (s, _w, [n]) => {
      const total = s.reduce((a, b) => a + b, 0);
      return total > 0 ? [n ?? Number.NaN, s.map((c) => c / total)] : undefined;
    },
  },
};
