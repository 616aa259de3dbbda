// The symbolic log-density of every family equals the numeric one, and its symbolic gradient with
// respect to every continuous argument (and the outcome) equals central finite differences of the
// numeric log-density — the derivatives the M-step rules and gradient steps will rely on.

import { describe, expect, it } from "vitest";
import { distributions, type Value } from "../../src/distributions";
import * as S from "../../src/symbolic";

interface Case {
  readonly dist: string;
  readonly x: Value;
  readonly args: Value[];
  /** Which arguments are continuous (differentiated); the outcome is differentiated when `xContinuous`. */
  readonly continuous: boolean[];
  readonly xContinuous: boolean;
}

const spd = (a: number, b: number, c: number) => Float64Array.of(a, b, b, c);
const cases: Case[] = [
  { dist: "Normal", x: 1.7, args: [0.4, 1.3], continuous: [true, true], xContinuous: true },
  { dist: "LogNormal", x: 2.2, args: [0.3, 0.8], continuous: [true, true], xContinuous: true },
  { dist: "StudentT", x: -0.9, args: [4.5, 0.2, 1.7], continuous: [true, true, true], xContinuous: true },
  { dist: "StudentT", x: 3, args: [60, 1, 2], continuous: [true, true, true], xContinuous: true },
  { dist: "Exponential", x: 0.7, args: [2.1], continuous: [true], xContinuous: true },
  { dist: "Gamma", x: 1.9, args: [2.5, 1.2], continuous: [true, true], xContinuous: true },
  { dist: "InvGamma", x: 0.6, args: [3.2, 1.1], continuous: [true, true], xContinuous: true },
  { dist: "Beta", x: 0.35, args: [2.2, 3.4], continuous: [true, true], xContinuous: true },
  { dist: "Uniform", x: 0.5, args: [-1, 2.5], continuous: [true, true], xContinuous: false },
  { dist: "Poisson", x: 3, args: [2.7], continuous: [true], xContinuous: false },
  { dist: "Bernoulli", x: 1, args: [0.3], continuous: [true], xContinuous: false },
  { dist: "Bernoulli", x: 0, args: [0.3], continuous: [true], xContinuous: false },
  { dist: "Binomial", x: 4, args: [11, 0.45], continuous: [false, true], xContinuous: false },
  {
    dist: "Categorical",
    x: 2,
    args: [Float64Array.of(0.2, 0.5, 0.3)],
    continuous: [true],
    xContinuous: false,
  },
  {
    dist: "MvNormal",
    x: Float64Array.of(0.4, -1.2),
    args: [Float64Array.of(0.1, -0.5), spd(1.5, 0.4, 0.9)],
    continuous: [true, true],
    xContinuous: true,
  },
  // The outcome lies on the simplex: moving one coordinate leaves it, so only alpha is differentiated.
  {
    dist: "Dirichlet",
    x: Float64Array.of(0.2, 0.3, 0.5),
    args: [Float64Array.of(1.5, 2, 3.5)],
    continuous: [true],
    xContinuous: false,
  },
  {
    dist: "Multinomial",
    x: Float64Array.of(2, 0, 5),
    args: [7, Float64Array.of(0.3, 0.1, 0.6)],
    continuous: [false, true],
    xContinuous: false,
  },
  {
    dist: "InvWishart",
    x: spd(1.2, 0.3, 0.8),
    args: [4.5, spd(1, 0.2, 0.7)],
    continuous: [true, true],
    xContinuous: true,
  },
];

function shapeOf(v: Value, matrix: boolean): S.Shape {
  if (typeof v === "number") return S.SCALAR;
  if (matrix) {
    const d = Math.round(Math.sqrt(v.length));
    return S.matrixShape(d, d);
  }
  return S.vectorShape(v.length);
}

function perturb(v: Value, i: number, h: number, symmetricOrder?: number): Value {
  if (typeof v === "number") return v + h;
  const out = Float64Array.from(v);
  out[i]! += h;
  if (symmetricOrder !== undefined) {
    const d = symmetricOrder;
    const [r, c] = [Math.floor(i / d), i % d];
    if (r !== c) out[c * d + r]! += h;
  }
  return out;
}

describe("symbolic log-densities", () => {
  for (const c of cases) {
    const d = distributions.get(c.dist)!;
    const matrixArg = d.params.map((p) => p.shape === "matrix");
    const xIsMatrix = d.support === "cov";
    it(`${c.dist}: value and gradients at x = ${typeof c.x === "number" ? c.x : `[${Array.from(c.x)}]`}`, () => {
      const argSymbols = c.args.map((a, k) => S.symbol(`a${k}`, shapeOf(a, matrixArg[k]!)));
      const xExpr = c.xContinuous
        ? S.symbol("x", shapeOf(c.x, xIsMatrix))
        : typeof c.x === "number"
          ? S.num(c.x)
          : S.constant(c.x);
      const expr = d.logDensityExpr(xExpr, argSymbols);
      const env: Record<string, number | Float64Array> = { x: c.x };
      c.args.forEach((a, k) => {
        env[`a${k}`] = a;
      });
      const numeric = d.logDensity(c.x, c.args);
      const symbolic = S.evaluate(expr, env) as number;
      expect(Math.abs(symbolic - numeric)).toBeLessThan(1e-11 * Math.max(1, Math.abs(numeric)));

      // Central differences of the numeric density: step 1e-5·max(1, |v|), tolerance 1e-6 relative.
      const check = (sym: S.SymbolExpr, value: Value, f: (v: Value) => number, matrix: boolean) => {
        const g = S.evaluate(S.gradient(expr, sym), env);
        const n = typeof value === "number" ? 1 : value.length;
        const order = matrix ? Math.round(Math.sqrt(n)) : undefined;
        for (let i = 0; i < n; i++) {
          const v0 = typeof value === "number" ? value : value[i]!;
          if (order !== undefined && Math.floor(i / order) > i % order) continue; // each symmetric pair once
          const h = 1e-5 * Math.max(1, Math.abs(v0));
          const fd = (f(perturb(value, i, h, order)) - f(perturb(value, i, -h, order))) / (2 * h);
          let analytic = typeof g === "number" ? g : g[i]!;
          if (order !== undefined && typeof g !== "number") {
            const [r, col] = [Math.floor(i / order), i % order];
            if (r !== col) analytic += g[col * order + r]!;
          }
          expect(Math.abs(analytic - fd), `${sym.name}[${i}]`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
        }
      };
      c.args.forEach((a, k) => {
        if (!c.continuous[k]) return;
        check(
          argSymbols[k] as S.SymbolExpr,
          a,
          (v) =>
            d.logDensity(
              c.x,
              c.args.map((b, j) => (j === k ? v : b)),
            ),
          matrixArg[k]!,
        );
      });
      if (c.xContinuous) check(xExpr as S.SymbolExpr, c.x, (v) => d.logDensity(v, c.args), xIsMatrix);
    });
  }

  it("covers every family", () => {
    expect(new Set(cases.map((c) => c.dist))).toEqual(new Set(distributions.keys()));
  });

  it("reads like the textbook", () => {
    const x = S.symbol("x");
    const mu = S.symbol("mu");
    const sigma = S.symbol("sigma", S.SCALAR, "positive");
    expect(S.toUnicode(S.simplify(distributions.get("Normal")!.logDensityExpr(x, [mu, sigma])))).toMatch(
      /log σ/,
    );
  });
});
