// The exponential-family MLE of every family that has one equals a numerical maximisation (Nelder–Mead
// over unconstrained coordinates) of the same weighted log-likelihood Σ wᵢ log p(xᵢ | θ).

import { describe, expect, it } from "vitest";
import { distributions, type Value } from "../../src/distributions";
import { createRng, sampleGamma } from "../../src/random";
import { maximise } from "../support/nelder-mead";

/** How an unconstrained vector u maps to the estimated arguments, and back. */
interface Coordinates {
  readonly toArgs: (u: number[]) => Value[];
  readonly fromArgs: (args: Value[]) => number[];
}

const softmax = (u: number[]) => {
  const e = [0, ...u].map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return Float64Array.from(e.map((v) => v / s));
};
const unsoftmax = (p: Float64Array) => Array.from(p.slice(1), (v) => Math.log(v / p[0]!));
const logit = (p: number) => Math.log(p / (1 - p));
const expit = (u: number) => 1 / (1 + Math.exp(-u));
const vec = (v: Value) => v as Float64Array;

const cases: { name: string; truth: Value[]; coords: Coordinates; fixed?: Value[] }[] = [
  {
    name: "Normal",
    truth: [2, 1.5],
    coords: {
      toArgs: ([m, s]) => [m!, Math.exp(s!)],
      fromArgs: ([m, s]) => [m as number, Math.log(s as number)],
    },
  },
  {
    name: "LogNormal",
    truth: [0.3, 0.7],
    coords: {
      toArgs: ([m, s]) => [m!, Math.exp(s!)],
      fromArgs: ([m, s]) => [m as number, Math.log(s as number)],
    },
  },
  {
    name: "Exponential",
    truth: [2.5],
    coords: { toArgs: ([r]) => [Math.exp(r!)], fromArgs: ([r]) => [Math.log(r as number)] },
  },
  {
    name: "Gamma",
    truth: [3, 2],
    coords: { toArgs: (u) => u.map(Math.exp), fromArgs: (a) => a.map((v) => Math.log(v as number)) },
  },
  {
    name: "InvGamma",
    truth: [4, 3],
    coords: { toArgs: (u) => u.map(Math.exp), fromArgs: (a) => a.map((v) => Math.log(v as number)) },
  },
  {
    name: "Beta",
    truth: [2, 5],
    coords: { toArgs: (u) => u.map(Math.exp), fromArgs: (a) => a.map((v) => Math.log(v as number)) },
  },
  {
    name: "Poisson",
    truth: [4.2],
    coords: { toArgs: ([r]) => [Math.exp(r!)], fromArgs: ([r]) => [Math.log(r as number)] },
  },
  {
    name: "Bernoulli",
    truth: [0.3],
    coords: { toArgs: ([u]) => [expit(u!)], fromArgs: ([p]) => [logit(p as number)] },
  },
  {
    name: "Binomial",
    truth: [12, 0.35],
    fixed: [12],
    coords: { toArgs: ([u]) => [12, expit(u!)], fromArgs: ([, p]) => [logit(p as number)] },
  },
  {
    name: "Categorical",
    truth: [Float64Array.of(0.2, 0.5, 0.3)],
    coords: { toArgs: (u) => [softmax(u)], fromArgs: ([p]) => unsoftmax(vec(p!)) },
  },
  {
    name: "Multinomial",
    truth: [9, Float64Array.of(0.2, 0.5, 0.3)],
    fixed: [9],
    coords: { toArgs: (u) => [9, softmax(u)], fromArgs: ([, p]) => unsoftmax(vec(p!)) },
  },
  {
    name: "Dirichlet",
    truth: [Float64Array.of(2, 3, 4)],
    coords: {
      toArgs: (u) => [Float64Array.from(u.map(Math.exp))],
      fromArgs: ([a]) => Array.from(vec(a!), Math.log),
    },
  },
  {
    name: "MvNormal",
    truth: [Float64Array.of(1, -1), Float64Array.of(2, 0.6, 0.6, 1)],
    coords: {
      // mean, then the Cholesky factor with its diagonal on the log scale
      toArgs: ([m1, m2, a, b, c]) => {
        const l11 = Math.exp(a!);
        const l22 = Math.exp(c!);
        return [
          Float64Array.of(m1!, m2!),
          Float64Array.of(l11 * l11, l11 * b!, l11 * b!, b! * b! + l22 * l22),
        ];
      },
      fromArgs: ([m, s]) => {
        const S = vec(s!);
        const l11 = Math.sqrt(S[0]!);
        const b = S[1]! / l11;
        return [vec(m!)[0]!, vec(m!)[1]!, Math.log(l11), b, 0.5 * Math.log(S[3]! - b * b)];
      },
    },
  },
];

describe("exponential-family MLE = numerical maximum of the weighted log-likelihood", () => {
  for (const c of cases) {
    it(c.name, () => {
      const d = distributions.get(c.name)!;
      const fam = d.expFamily!;
      const rng = createRng(`ef-${c.name}`);
      const n = 200;
      const xs = Array.from({ length: n }, () => d.sample(rng, c.truth));
      const ws = Array.from({ length: n }, () => sampleGamma(rng, 2, 2));
      const dim = fam.statistics(c.truth).length;
      const s = new Float64Array(dim);
      const t = new Float64Array(dim);
      let w = 0;
      xs.forEach((x, i) => {
        fam.sufficient(x, c.truth, t, 0);
        for (let k = 0; k < dim; k++) s[k]! += ws[i]! * t[k]!;
        w += ws[i]!;
      });
      const closed = fam.mle(s, w, c.fixed ?? [])!;
      const objective = (args: Value[]) =>
        xs.reduce<number>((acc, x, i) => acc + ws[i]! * d.logDensity(x, args), 0);
      const best = maximise((u) => objective(c.coords.toArgs(u)), c.coords.fromArgs(c.truth));
      // The closed form is at least as good as the numerical search, and they agree in value to 1e-9.
      expect(objective(closed)).toBeGreaterThanOrEqual(best.value - 1e-9 * Math.abs(best.value));
      expect(Math.abs(objective(closed) - best.value)).toBeLessThan(1e-8 * Math.abs(best.value));
      const u = c.coords.fromArgs(closed);
      best.x.forEach((v, j) => {
        expect(Math.abs(v - u[j]!)).toBeLessThan(1e-3 * Math.max(1, Math.abs(v)));
      });
    });
  }

  it("natural parameters give back the log-density up to the base measure and log-partition", () => {
    // For the Normal, η·T(x) differs between two points by exactly the log-density difference.
    const d = distributions.get("Normal")!;
    const args = [1.3, 0.8];
    const eta = d.expFamily!.natural(args);
    const t1 = new Float64Array(2);
    const t2 = new Float64Array(2);
    d.expFamily!.sufficient(0.2, args, t1, 0);
    d.expFamily!.sufficient(2.9, args, t2, 0);
    const viaEta = eta[0]! * (t2[0]! - t1[0]!) + eta[1]! * (t2[1]! - t1[1]!);
    expect(viaEta).toBeCloseTo(d.logDensity(2.9, args) - d.logDensity(0.2, args), 12);
  });
});
