// The conditional Gaussian per missingness pattern against the textbook dense formulas (ml-matrix inverses) on
// random SPD matrices, and against SciPy on fixed cases (test/fixtures/linalg/make-gaussian-reference.py).

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { determinant, inverse, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { groupRowsByMissingPattern, prepareConditionalGaussian } from "../../src/linalg";
import { maxAbs, SEED } from "./fixtures";

const unit = fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((v) => v / 2 ** 30);

/** Σ = B Bᵀ + D·I with B uniform in [−1, 1] (condition number ≲ 5), a mean, a row and a missingness mask. */
const problem = fc.integer({ min: 1, max: 10 }).chain((d) =>
  fc
    .tuple(
      fc.array(unit, { minLength: d * d, maxLength: d * d }),
      fc.array(unit, { minLength: d, maxLength: d }),
      fc.array(unit, { minLength: d, maxLength: d }),
      fc.array(fc.boolean(), { minLength: d, maxLength: d }),
    )
    .map(([b, mu, x, missing]) => {
      const cov = new Float64Array(d * d);
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let sum = i === j ? d : 0;
          for (let k = 0; k < d; k++) sum += b[i * d + k]! * b[j * d + k]!;
          cov[i * d + j] = sum;
        }
      }
      return {
        d,
        cov,
        mean: Float64Array.from(mu, (v) => 5 * v),
        x: Float64Array.from(x, (v) => 10 * v),
        missing: missing.map((m) => (m ? 1 : 0)),
      };
    }),
);

/** The dense textbook answer, with explicit inverses. */
function dense(d: number, cov: Float64Array, mean: Float64Array, x: Float64Array, missing: number[]) {
  const o = [...Array(d).keys()].filter((j) => !missing[j]);
  const m = [...Array(d).keys()].filter((j) => missing[j]);
  const S = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S.set(i, j, cov[i * d + j]!);
  const soo = S.selection(o, o);
  const som = S.selection(o, m);
  const smm = S.selection(m, m);
  const sooInv = inverse(soo);
  const r = Matrix.columnVector(o.map((j) => x[j]! - mean[j]!));
  const quad = r.transpose().mmul(sooInv).mmul(r).get(0, 0);
  const logDensity = -0.5 * (o.length * Math.log(2 * Math.PI) + Math.log(determinant(soo)) + quad);
  const cmean =
    m.length === 0
      ? []
      : som
          .transpose()
          .mmul(sooInv)
          .mmul(r)
          .to1DArray()
          .map((v, i) => v + mean[m[i]!]!);
  const ccov = m.length === 0 ? [] : Matrix.sub(smm, som.transpose().mmul(sooInv).mmul(som)).to1DArray();
  return { logDensity, cmean, ccov };
}

function relativeMax(got: ArrayLike<number>, want: ArrayLike<number>): number {
  const diff = Array.from(got, (g, i) => g - want[i]!);
  return maxAbs(diff) / Math.max(maxAbs(want), 1e-300);
}

describe("prepareConditionalGaussian", () => {
  it("matches the dense formulas on random SPD matrices and patterns (D ≤ 10)", () => {
    let worst = 0;
    fc.assert(
      fc.property(problem, ({ d, cov, mean, x, missing }) => {
        const prepared = prepareConditionalGaussian(mean, cov, d, missing);
        if (missing.every((m) => m === 1)) {
          expect(prepared).toEqual({ ok: false, reason: "nothing-observed" });
          return;
        }
        if (!prepared.ok) throw new Error(prepared.reason);
        const g = prepared.value;
        const want = dense(d, cov, mean, x, missing);
        const cmean = new Float64Array(g.missing.length);
        const logDensity = g.evaluate(x, 0, cmean);
        const errors = [
          Math.abs(logDensity - want.logDensity) / Math.max(1, Math.abs(want.logDensity)),
          Math.abs(g.logDensity(x) - logDensity),
          want.cmean.length === 0 ? 0 : relativeMax(cmean, want.cmean),
          relativeMax(g.conditionalMean(x), cmean),
          want.ccov.length === 0 ? 0 : relativeMax(g.conditionalCovariance, want.ccov),
        ];
        worst = Math.max(worst, ...errors);
        expect(Math.max(...errors)).toBeLessThanOrEqual(1e-12);
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  const reference = JSON.parse(
    readFileSync(new URL("../fixtures/linalg/gaussian-reference.json", import.meta.url), "utf8"),
  ) as {
    conditional: {
      d: number;
      mean: number[];
      cov: number[];
      x: number[];
      missing: number[];
      logDensity: number;
      conditionalMean: number[];
      conditionalCovariance: number[];
    }[];
  };

  it("matches SciPy on fixed cases (logpdf of the observed part, conditional mean and covariance)", () => {
    for (const c of reference.conditional) {
      const prepared = prepareConditionalGaussian(
        Float64Array.from(c.mean),
        Float64Array.from(c.cov),
        c.d,
        c.missing,
      );
      if (!prepared.ok) throw new Error(prepared.reason);
      const g = prepared.value;
      const x = Float64Array.from(c.x, (v, j) => (c.missing[j] ? Number.NaN : v)); // missing cells are never read
      expect(Math.abs(g.logDensity(x) - c.logDensity)).toBeLessThanOrEqual(1e-13 * Math.abs(c.logDensity));
      if (c.conditionalMean.length > 0) {
        expect(relativeMax(g.conditionalMean(x), c.conditionalMean)).toBeLessThanOrEqual(1e-13);
        expect(relativeMax(g.conditionalCovariance, c.conditionalCovariance)).toBeLessThanOrEqual(1e-13);
      }
    }
  });

  it("with nothing missing is the full log-density, with an empty conditional", () => {
    const c = reference.conditional.find((r) => r.missing.every((m) => m === 0))!;
    const prepared = prepareConditionalGaussian(
      Float64Array.from(c.mean),
      Float64Array.from(c.cov),
      4,
      c.missing,
    );
    expect(prepared.ok && prepared.value.missing.length).toBe(0);
    if (!prepared.ok) return;
    expect(prepared.value.conditionalMean(Float64Array.from(c.x)).length).toBe(0);
    expect(prepared.value.conditionalCovariance.length).toBe(0);
  });

  it("reports nothing observed, and a non-PD observed block by its coordinate", () => {
    const cov = Float64Array.of(1, 0, 0, 0, 1, 1, 0, 1, 1); // coordinates 1 and 2 perfectly correlated
    expect(prepareConditionalGaussian(new Float64Array(3), cov, 3, [1, 1, 1])).toEqual({
      ok: false,
      reason: "nothing-observed",
    });
    const bad = prepareConditionalGaussian(new Float64Array(3), cov, 3, [0, 0, 0]);
    expect(bad.ok === false && bad.reason === "not-positive-definite" && bad.coordinate).toBe(2);
    expect(prepareConditionalGaussian(new Float64Array(3), cov, 3, [0, 1, 0]).ok).toBe(true);
  });

  it("completes a row and adds the conditional covariance into the second-moment block", () => {
    const mean = Float64Array.of(1, 2, 3);
    const cov = Float64Array.of(2, 0.5, 0.25, 0.5, 1, 0.1, 0.25, 0.1, 3);
    const prepared = prepareConditionalGaussian(mean, cov, 3, [0, 1, 0]);
    if (!prepared.ok) throw new Error(prepared.reason);
    const row = Float64Array.of(9, 9, 1.5, Number.NaN, 2.5, 9); // the row at offset 2
    const full = prepared.value.completeRow(row, 2);
    expect(full[0]).toBe(1.5);
    expect(full[2]).toBe(2.5);
    expect(full[1]).toBeCloseTo(prepared.value.conditionalMean(row, 2)[0]!, 15);
    const acc = prepared.value.addCovarianceTo(new Float64Array(9), 2);
    expect(acc[4]).toBe(2 * prepared.value.conditionalCovariance[0]!);
    expect(acc.filter((v) => v !== 0).length).toBe(1);
  });
});

describe("groupRowsByMissingPattern", () => {
  it("groups rows by pattern in order of first appearance", () => {
    const mask = Uint8Array.of(0, 1, 0, 0, 0, 1, 0, 0, 1, 1);
    const groups = groupRowsByMissingPattern(mask, 5, 2);
    expect(groups.map((g) => [Array.from(g.mask), Array.from(g.rows)])).toEqual([
      [
        [0, 1],
        [0, 2],
      ],
      [
        [0, 0],
        [1, 3],
      ],
      [[1, 1], [4]],
    ]);
    expect(groupRowsByMissingPattern(undefined, 3, 2).map((g) => Array.from(g.rows))).toEqual([[0, 1, 2]]);
    expect(groupRowsByMissingPattern(undefined, 0, 2)).toEqual([]);
  });
});
