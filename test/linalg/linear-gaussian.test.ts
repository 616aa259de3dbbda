// The linear-Gaussian posterior in its L×L form against the direct dense formulas (explicit inverses of the
// D×D and L×L matrices, ml-matrix) on random cases with D ≤ 10, L ≤ 4 and all three noise kinds; against
// SciPy on fixed cases (test/fixtures/linalg/make-gaussian-reference.py); and PPCA's closed forms.

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { determinant, inverse, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  type LinearGaussianModel,
  linearGaussianPosterior,
  type NoiseCovariance,
  prepareLinearGaussian,
} from "../../src/linalg";
import { maxAbs, SEED } from "./fixtures";

const unit = fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((v) => v / 2 ** 30);
const values = (n: number, scale = 1) =>
  fc.array(unit, { minLength: n, maxLength: n }).map((v) => Float64Array.from(v, (x) => scale * x));

/** B Bᵀ + n·I·s for B uniform: SPD with condition number ≲ 5. */
function spd(b: Float64Array, n: number, s = 1): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? n : 0;
      for (let k = 0; k < n; k++) sum += b[i * n + k]! * b[j * n + k]!;
      out[i * n + j] = s * sum;
    }
  }
  return out;
}

const problem = fc
  .tuple(
    fc.integer({ min: 1, max: 10 }),
    fc.integer({ min: 1, max: 4 }),
    fc.constantFrom("isotropic", "diagonal", "full"),
  )
  .chain(([d, l, kind]) =>
    fc
      .tuple(
        values(d * l, 2),
        values(d),
        values(l),
        values(l * l),
        values(d * d),
        values(d),
        values(d, 10),
        fc.integer({ min: 0, max: 1 }),
      )
      .map(([A, c, m0, p, r, rd, x, withOffset]) => {
        let noise: NoiseCovariance;
        if (kind === "isotropic") noise = { kind, variance: 0.1 + Math.abs(rd[0]!) };
        else if (kind === "diagonal")
          noise = { kind, variances: Float64Array.from(rd, (v) => 0.05 + Math.abs(v)) };
        else noise = { kind, covariance: spd(r, d, 0.2) };
        const model: LinearGaussianModel = {
          d,
          l,
          loadings: A,
          priorMean: m0,
          priorCovariance: spd(p, l),
          noise,
          ...(withOffset ? { offset: c } : {}),
        };
        return { model, x };
      }),
  );

function toMatrix(a: ArrayLike<number>, rows: number, cols: number): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, a[i * cols + j]!);
  return m;
}

function noiseMatrix(noise: NoiseCovariance, d: number): Matrix {
  if (noise.kind === "full") return toMatrix(noise.covariance, d, d);
  const diag = noise.kind === "isotropic" ? new Array(d).fill(noise.variance) : Array.from(noise.variances);
  return Matrix.diag(diag);
}

/**
 * Direct formulas: precision P₀⁻¹ + Aᵀ R⁻¹ A; marginal N(A m₀ + c, A P₀ Aᵀ + R) with a D×D inverse. (ml-matrix's
 * instance add/sub/mul work in place; the static forms used here do not.)
 */
function dense(model: LinearGaussianModel, x: Float64Array) {
  const { d, l } = model;
  const A = toMatrix(model.loadings, d, l);
  const At = A.transpose();
  const P0 = toMatrix(model.priorCovariance, l, l);
  const R = noiseMatrix(model.noise, d);
  const m0 = Matrix.columnVector(Array.from(model.priorMean));
  const c = Matrix.columnVector(model.offset ? Array.from(model.offset) : new Array(d).fill(0));
  const xv = Matrix.columnVector(Array.from(x));
  const Rinv = inverse(R);
  const P0inv = inverse(P0);
  const cov = inverse(Matrix.add(P0inv, At.mmul(Rinv).mmul(A)));
  const mean = cov.mmul(Matrix.add(P0inv.mmul(m0), At.mmul(Rinv).mmul(Matrix.sub(xv, c))));
  const S = Matrix.add(A.mmul(P0).mmul(At), R);
  const e = Matrix.sub(Matrix.sub(xv, A.mmul(m0)), c);
  const quad = e.transpose().mmul(inverse(S)).mmul(e).get(0, 0);
  const logMarginal = -0.5 * (d * Math.log(2 * Math.PI) + Math.log(determinant(S)) + quad);
  return { mean: mean.to1DArray(), cov: cov.to1DArray(), logMarginal };
}

function relativeMax(got: ArrayLike<number>, want: ArrayLike<number>): number {
  const diff = Array.from(got, (g, i) => g - want[i]!);
  return maxAbs(diff) / Math.max(maxAbs(want), 1e-300);
}

describe("prepareLinearGaussian", () => {
  it("matches the direct dense formulas (D ≤ 10, L ≤ 4; isotropic, diagonal and full noise)", () => {
    let worst = 0;
    fc.assert(
      fc.property(problem, ({ model, x }) => {
        const prepared = prepareLinearGaussian(model);
        if (!prepared.ok) throw new Error(prepared.reason);
        const p = prepared.value;
        const want = dense(model, x);
        const mean = new Float64Array(model.l);
        const logMarginal = p.evaluate(x, 0, mean);
        const errors = [
          relativeMax(mean, want.mean),
          relativeMax(p.posteriorMean(x), want.mean), // through the gain K
          relativeMax(p.posteriorCovariance, want.cov),
          Math.abs(logMarginal - want.logMarginal) / Math.max(1, Math.abs(want.logMarginal)),
          Math.abs(p.logMarginal(x) - logMarginal),
        ];
        worst = Math.max(worst, ...errors);
        expect(Math.max(...errors)).toBeLessThanOrEqual(1e-12);
      }),
      { seed: SEED, numRuns: 500 },
    );
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  const reference = JSON.parse(
    readFileSync(new URL("../fixtures/linalg/gaussian-reference.json", import.meta.url), "utf8"),
  ) as {
    linear: {
      name: string;
      d: number;
      l: number;
      loadings: number[];
      offset: number[];
      priorMean: number[];
      priorCovariance: number[];
      noise:
        | { kind: "isotropic"; variance: number }
        | { kind: "diagonal"; variances: number[] }
        | { kind: "full"; covariance: number[] };
      x: number[];
      posteriorMean: number[];
      posteriorCovariance: number[];
      logMarginal: number;
    }[];
  };

  it("matches SciPy on fixed cases with each noise kind", () => {
    expect(reference.linear.map((c) => c.name)).toEqual(["isotropic", "diagonal", "full"]);
    for (const c of reference.linear) {
      const noise: NoiseCovariance =
        c.noise.kind === "isotropic"
          ? c.noise
          : c.noise.kind === "diagonal"
            ? { kind: "diagonal", variances: Float64Array.from(c.noise.variances) }
            : { kind: "full", covariance: Float64Array.from(c.noise.covariance) };
      const result = linearGaussianPosterior(
        {
          d: c.d,
          l: c.l,
          loadings: Float64Array.from(c.loadings),
          offset: Float64Array.from(c.offset),
          priorMean: Float64Array.from(c.priorMean),
          priorCovariance: Float64Array.from(c.priorCovariance),
          noise,
        },
        Float64Array.from(c.x),
      );
      if (!result.ok) throw new Error(result.reason);
      expect(relativeMax(result.value.mean, c.posteriorMean), c.name).toBeLessThanOrEqual(1e-13);
      expect(relativeMax(result.value.covariance, c.posteriorCovariance), c.name).toBeLessThanOrEqual(1e-13);
      expect(Math.abs(result.value.logMarginal - c.logMarginal), c.name).toBeLessThanOrEqual(
        1e-13 * Math.abs(c.logMarginal),
      );
    }
  });

  it("PPCA (Tipping & Bishop 1999): posterior N(M⁻¹Wᵀ(x − μ), σ² M⁻¹), M = WᵀW + σ²I, for every row", () => {
    const d = 6;
    const l = 2;
    const W = Float64Array.of(1, 0.5, -0.5, 2, 0.25, -1, 3, 0, -1.5, 0.75, 0.5, 0.5);
    const mu = Float64Array.of(1, -1, 0.5, 2, 0, -0.25);
    const s2 = 0.3;
    const prepared = prepareLinearGaussian({
      d,
      l,
      loadings: W,
      offset: mu,
      priorMean: new Float64Array(l),
      priorCovariance: Float64Array.of(1, 0, 0, 1),
      noise: { kind: "isotropic", variance: s2 },
    });
    if (!prepared.ok) throw new Error(prepared.reason);
    const Wm = toMatrix(W, d, l);
    const Minv = inverse(Matrix.add(Wm.transpose().mmul(Wm), Matrix.eye(l).mul(s2)));
    expect(
      relativeMax(prepared.value.posteriorCovariance, Matrix.mul(Minv, s2).to1DArray()),
    ).toBeLessThanOrEqual(1e-13);
    const C = Matrix.add(Wm.mmul(Wm.transpose()), Matrix.eye(d).mul(s2));
    const rows = [
      Float64Array.of(2, 0, 1, 5, -1, 0),
      Float64Array.of(-3, 1, 0, 0, 2, 1),
      Float64Array.of(1, -1, 0.5, 2, 0, -0.25),
    ];
    const data = new Float64Array(rows.length * d);
    for (const [i, r] of rows.entries()) data.set(r, i * d);
    rows.forEach((r, i) => {
      const e = Matrix.columnVector(Array.from(r, (v, j) => v - mu[j]!));
      const want = Minv.mmul(Wm.transpose()).mmul(e).to1DArray();
      const got = new Float64Array(l);
      const logMarginal = prepared.value.evaluate(data, i * d, got); // rows read in place
      expect(relativeMax(got, want.length ? want : [0])).toBeLessThanOrEqual(1e-13);
      const quad = e.transpose().mmul(inverse(C)).mmul(e).get(0, 0);
      const wantLog = -0.5 * (d * Math.log(2 * Math.PI) + Math.log(determinant(C)) + quad);
      expect(Math.abs(logMarginal - wantLog)).toBeLessThanOrEqual(1e-13 * Math.abs(wantLog));
    });
    // x = μ gives the prior mean exactly.
    expect(Array.from(prepared.value.posteriorMean(rows[2]!))).toEqual([0, 0]);
  });

  it("stays accurate with tiny noise, where A P₀ Aᵀ + R is nearly singular (L×L form: M ≥ I)", () => {
    const d = 5;
    const model: LinearGaussianModel = {
      d,
      l: 1,
      loadings: Float64Array.of(1, 2, 3, 4, 5),
      priorMean: Float64Array.of(0),
      priorCovariance: Float64Array.of(1),
      noise: { kind: "isotropic", variance: 1e-20 },
    };
    const prepared = prepareLinearGaussian(model);
    if (!prepared.ok) throw new Error(prepared.reason);
    // x = A·2 exactly: posterior mean 2·55/(55 + 1e−20), variance 1e−20/(55 + 1e−20).
    const x = Float64Array.of(2, 4, 6, 8, 10);
    expect(prepared.value.posteriorMean(x)[0]).toBeCloseTo(2, 15);
    expect(Math.abs(prepared.value.posteriorCovariance[0]! - 1e-20 / 55) / (1e-20 / 55)).toBeLessThanOrEqual(
      1e-14,
    );
    // log N(x; 0, AAᵀ + s²I) = −½(5 log 2π + 4 log s² + log(55 + s²) + 4/(55 + s²)·…): by the lemma,
    // |S| = s⁸ (55 + s²) and xᵀS⁻¹x = ‖x‖²/(55 + s²) for x along A.
    const wantLog = -0.5 * (5 * Math.log(2 * Math.PI) + 4 * Math.log(1e-20) + Math.log(55) + 220 / 55);
    expect(Math.abs(prepared.value.logMarginal(x) - wantLog)).toBeLessThanOrEqual(1e-13 * Math.abs(wantLog));
  });

  it("reports a prior or noise covariance that is not positive definite", () => {
    const base = {
      d: 2,
      l: 1,
      loadings: Float64Array.of(1, 1),
      priorMean: Float64Array.of(0),
      priorCovariance: Float64Array.of(1),
    };
    expect(
      prepareLinearGaussian({
        ...base,
        priorCovariance: Float64Array.of(0),
        noise: { kind: "isotropic", variance: 1 },
      }),
    ).toMatchObject({
      ok: false,
      reason: "prior-not-positive-definite",
      pivot: 0,
    });
    expect(
      prepareLinearGaussian({ ...base, noise: { kind: "diagonal", variances: Float64Array.of(1, -1) } }),
    ).toMatchObject({
      ok: false,
      reason: "noise-not-positive-definite",
      pivot: 1,
    });
    expect(
      prepareLinearGaussian({ ...base, noise: { kind: "full", covariance: Float64Array.of(1, 1, 1, 1) } }),
    ).toMatchObject({ ok: false, reason: "noise-not-positive-definite", pivot: 1 });
  });
});
