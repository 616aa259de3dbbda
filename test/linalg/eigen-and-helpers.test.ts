// The symmetric eigendecomposition (reconstruction, orthonormality, order, sign convention) and the small
// dense helpers (products, transpose, rank-1 updates, quadratic forms); also runs src/linalg's @examples.

import fc from "fast-check";
import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import * as linalg from "../../src/linalg";
import { matMul, matVec, outerAdd, quadForm, symmetricEigen, transpose } from "../../src/linalg";
import { collectDocExamples, evaluateDocExample } from "../support/doc-examples";
import { EPS, maxAbs, SEED, spdMatrix, symmetricMatrix, vector } from "./fixtures";

describe("symmetricEigen", () => {
  // Householder tridiagonalisation + QL is normwise backward stable: V Λ Vᵀ = A + E with ‖E‖ ≈ p(d)ε‖A‖,
  // and V is orthogonal to O(dε). 100·d·ε relative to max|A| (and 100·d·ε absolute for VᵀV − I) leaves a
  // wide margin over what tql2 attains while still catching any real error (wrong order, lost sign).
  it("reconstructs A = V Λ Vᵀ with orthonormal V, eigenvalues descending", () => {
    fc.assert(
      fc.property(fc.oneof(spdMatrix, symmetricMatrix), ({ d, a }) => {
        const { values, vectors } = symmetricEigen(a, d);
        for (let j = 1; j < d; j++) if (values[j]! > values[j - 1]!) return false;
        const scaled = new Float64Array(d * d);
        for (let i = 0; i < d; i++)
          for (let j = 0; j < d; j++) scaled[i * d + j] = vectors[i * d + j]! * values[j]!;
        const rebuilt = matMul(scaled, transpose(vectors, d, d), d, d, d);
        const scale = maxAbs(a);
        if (maxAbs(rebuilt.map((v, i) => v - a[i]!)) > 100 * d * EPS * scale) return false;
        const gram = matMul(transpose(vectors, d, d), vectors, d, d, d);
        return maxAbs(gram.map((v, i) => v - (i % (d + 1) === 0 ? 1 : 0))) <= 100 * d * EPS;
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("satisfies A v = λ v for each pair and fixes signs (largest component positive)", () => {
    fc.assert(
      fc.property(symmetricMatrix, ({ d, a }) => {
        const { values, vectors } = symmetricEigen(a, d);
        const scale = Math.max(maxAbs(a), 1e-300);
        for (let j = 0; j < d; j++) {
          const v = Float64Array.from({ length: d }, (_, i) => vectors[i * d + j]!);
          const av = matVec(a, d, d, v);
          if (maxAbs(av.map((x, i) => x - values[j]! * v[i]!)) > 100 * d * EPS * scale) return false;
          let largest = 0;
          for (let i = 1; i < d; i++) if (Math.abs(v[i]!) > Math.abs(v[largest]!)) largest = i;
          if (!(v[largest]! > 0)) return false;
        }
        return true;
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("handles repeated eigenvalues, a 1×1 matrix, and asymmetric rounding noise", () => {
    const identity = symmetricEigen(new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]), 3);
    expect(Array.from(identity.values)).toEqual([1, 1, 1]);
    expect(symmetricEigen(new Float64Array([-2.5]), 1).values[0]).toBe(-2.5);
    const noisy = symmetricEigen(new Float64Array([2, 1 + 1e-15, 1, 2]), 2);
    expect(noisy.values[0]).toBeCloseTo(3, 14);
    expect(noisy.values[1]).toBeCloseTo(1, 14);
    expect(() => symmetricEigen(new Float64Array(3), 2)).toThrow(RangeError);
  });
});

describe("dense helpers", () => {
  it("matMul, matVec and transpose agree with ml-matrix", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        (n, k, m) => {
          const a = Float64Array.from({ length: n * k }, (_, i) => Math.sin(i + n));
          const b = Float64Array.from({ length: k * m }, (_, i) => Math.cos(i * 0.7 + m));
          const expected = Matrix.from1DArray(n, k, a)
            .mmul(Matrix.from1DArray(k, m, b))
            .to1DArray();
          const product = matMul(a, b, n, k, m);
          if (maxAbs(product.map((v, i) => v - expected[i]!)) > 1e-14 * k) return false;
          const x = Float64Array.from({ length: k }, (_, i) => i - 1.5);
          const ax = matVec(a, n, k, x);
          const expectedAx = matMul(a, x, n, k, 1);
          if (maxAbs(ax.map((v, i) => v - expectedAx[i]!)) > 1e-14 * k) return false;
          const t = transpose(a, n, k);
          return transpose(t, k, n).every((v, i) => v === a[i]) && t[0] === a[0];
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("outerAdd accumulates w·x yᵀ, reading x and y at offsets", () => {
    const a = new Float64Array([1, 1, 1, 1, 1, 1]); // 2×3
    const data = new Float64Array([9, 9, 2, 3, 9]);
    outerAdd(a, 2, 3, 2, data, new Float64Array([0, 1, 2, 3]), 2, 1);
    // 2 · [2, 3]ᵀ [1, 2, 3] = [[4, 8, 12], [6, 12, 18]]
    expect(Array.from(a)).toEqual([5, 9, 13, 7, 13, 19]);
  });

  it("a weighted sum of outer products equals the weighted scatter matrix computed by matMul", () => {
    fc.assert(
      fc.property(
        spdMatrix.chain((m) => fc.tuple(fc.constant(m.d), vector(m.d * 4))),
        ([d, rows]) => {
          const weights = [0.5, 1.5, 2, 0.25];
          const scatter = new Float64Array(d * d);
          for (let n = 0; n < 4; n++) outerAdd(scatter, d, d, weights[n]!, rows, rows, n * d, n * d);
          const weighted = new Float64Array(4 * d);
          for (let n = 0; n < 4; n++)
            for (let i = 0; i < d; i++) weighted[n * d + i] = weights[n]! * rows[n * d + i]!;
          const expected = matMul(transpose(weighted, 4, d), rows, d, 4, d);
          return maxAbs(scatter.map((v, i) => v - expected[i]!)) <= 1e-12 * Math.max(1, maxAbs(expected));
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("quadForm(A, x) = xᵀ (A x)", () => {
    fc.assert(
      fc.property(
        symmetricMatrix.chain((m) => fc.tuple(fc.constant(m), vector(m.d))),
        ([{ d, a }, x]) => {
          const ax = matVec(a, d, d, x);
          const direct = x.reduce((s, v, i) => s + v * ax[i]!, 0);
          return Math.abs(quadForm(a, d, x) - direct) <= 1e-12 * Math.max(1, Math.abs(direct));
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("rejects arrays that are too short", () => {
    expect(() => matMul(new Float64Array(3), new Float64Array(4), 2, 2, 2)).toThrow(RangeError);
    expect(() => outerAdd(new Float64Array(4), 2, 2, 1, new Float64Array(2), new Float64Array(2), 1)).toThrow(
      RangeError,
    );
  });
});

describe("doc-comment examples", () => {
  const examples = collectDocExamples(new URL("../../src/linalg", import.meta.url).pathname);
  it("every exported function of src/linalg has an example", () => {
    const covered = new Set(examples.map((e) => /^([A-Za-z0-9]+)\(/.exec(e.expression)?.[1]));
    for (const [name, value] of Object.entries(linalg)) {
      if (typeof value === "function") expect(covered, `no @example for ${name}`).toContain(name);
    }
  });
  it.each(examples.map((e) => [`${e.file}:${e.line} ${e.expression}`, e] as const))("%s", (_, example) => {
    const got = evaluateDocExample(example, linalg);
    expect(Math.abs(got - example.expected)).toBeLessThanOrEqual(
      1e-14 * Math.max(1, Math.abs(example.expected)),
    );
  });
});
