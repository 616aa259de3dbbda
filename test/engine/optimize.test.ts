// The gradient M-step's numerics: each block transform round-trips and its pullBack matches central finite
// differences of f(θ(η)); transformFor picks the kind from a declared type; maximise converges on smooth
// problems and, whatever the objective, never returns a value below its start (the generalised-EM guarantee).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOOL, COUNT, INT, NONNEGATIVE, POSITIVE, PROB, REAL } from "../../src/check/types";
import {
  type BlockKind,
  type BlockTransform,
  blockTransform,
  maximise,
  type Objective,
  transformFor,
} from "../../src/engine/optimize";
import { cholesky, inverseFromCholesky, logDetFromCholesky } from "../../src/linalg";
import { createRng, fillStandardNormal, type Rng } from "../../src/random";

function normals(rng: Rng, n: number): Float64Array {
  const a = new Float64Array(n);
  fillStandardNormal(rng, a, 0, n);
  return a;
}

function uniform(rng: Rng, n: number, lo: number, hi: number): Float64Array {
  return Float64Array.from({ length: n }, () => lo + (hi - lo) * rng.double());
}

/** `count` random SPD d×d matrices, row-major one after another: A Aᵀ + ½ I. */
function randomCovs(rng: Rng, count: number, d: number): Float64Array {
  const out = new Float64Array(count * d * d);
  for (let m = 0; m < count; m++) {
    const a = normals(rng, d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = i === j ? 0.5 : 0;
        for (let k = 0; k < d; k++) s += a[i * d + k]! * a[j * d + k]!;
        out[m * d * d + i * d + j] = s;
      }
  }
  return out;
}

/** Random simplex rows of length k: normalised exponentials, so some entries are small. */
function randomSimplex(rng: Rng, rows: number, k: number): Float64Array {
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      out[r * k + j] = Math.exp(2 * normals(rng, 1)[0]!);
      sum += out[r * k + j]!;
    }
    for (let j = 0; j < k; j++) out[r * k + j] = out[r * k + j]! / sum;
  }
  return out;
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function maxAbs(a: Float64Array): number {
  return a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

/** Random valid θ for a kind and shape. */
function randomTheta(rng: Rng, kind: BlockKind, shape: readonly number[]): Float64Array {
  const n = product(shape);
  switch (kind) {
    case "real":
      return normals(rng, n).map((v) => 3 * v);
    case "positive":
      return normals(rng, n).map((v) => Math.exp(2 * v));
    case "prob":
      return uniform(rng, n, 0.001, 0.999);
    case "simplex": {
      const k = shape[shape.length - 1]!;
      return randomSimplex(rng, n / k, k);
    }
    case "cov": {
      const d = shape[shape.length - 1]!;
      return randomCovs(rng, n / (d * d), d);
    }
  }
}

const shapes: Record<BlockKind, readonly (readonly number[])[]> = {
  real: [[], [4], [2, 3], [2, 2, 2]],
  positive: [[], [5], [3, 2]],
  prob: [[], [6], [2, 3]],
  simplex: [[1], [2], [3], [4], [5], [3, 1], [4, 5], [2, 3, 4]],
  cov: [
    [1, 1],
    [2, 2],
    [3, 3],
    [4, 4],
    [3, 2, 2],
    [2, 2, 3, 3],
    [2, 4, 4],
  ],
};
const kinds = Object.keys(shapes) as BlockKind[];

describe("block transforms", () => {
  it("report their unconstrained size", () => {
    expect(blockTransform("real", [2, 3]).size).toBe(6);
    expect(blockTransform("simplex", [2, 3]).size).toBe(6);
    expect(blockTransform("cov", [4, 4]).size).toBe(10);
    expect(blockTransform("cov", [2, 3, 3]).size).toBe(12);
    expect(blockTransform("positive", []).size).toBe(1);
  });

  it("reject shapes that cannot carry the kind", () => {
    expect(() => blockTransform("cov", [2, 3])).toThrow(RangeError);
    expect(() => blockTransform("cov", [3])).toThrow(RangeError);
    expect(() => blockTransform("simplex", [])).toThrow(RangeError);
  });

  for (const kind of kinds) {
    it(`${kind}: θ → η → θ round-trips on random valid values`, () => {
      const rng = createRng(`round-${kind}`);
      for (const shape of shapes[kind]) {
        const t = blockTransform(kind, shape);
        for (let rep = 0; rep < 20; rep++) {
          const theta = randomTheta(rng, kind, shape);
          const eta = t.toUnconstrained(theta);
          expect(eta.length).toBe(t.size);
          expect(eta.every(Number.isFinite)).toBe(true);
          const back = new Float64Array(theta.length);
          t.fromUnconstrained(eta, back);
          expect(maxAbsDiff(back, theta)).toBeLessThanOrEqual(1e-12 * Math.max(1, maxAbs(theta)));
        }
      }
    });

    it(`${kind}: pullBack equals central differences of f(θ(η))`, () => {
      const rng = createRng(`pull-${kind}`);
      for (const shape of shapes[kind]) {
        const t = blockTransform(kind, shape);
        const n = product(shape);
        for (let rep = 0; rep < 10; rep++) {
          const { f, grad } = kind === "cov" ? covObjective(rng, shape) : smoothObjective(rng, n);
          const eta = t.toUnconstrained(randomTheta(rng, kind, shape));
          const theta = new Float64Array(n);
          const at = (e: Float64Array): number => {
            t.fromUnconstrained(e, theta);
            return f(theta);
          };
          t.fromUnconstrained(eta, theta);
          const analytic = new Float64Array(t.size);
          t.pullBack(eta, grad(theta), analytic);
          const numeric = new Float64Array(t.size);
          const h = 1e-5;
          for (let i = 0; i < t.size; i++) {
            const e = Float64Array.from(eta);
            e[i] = eta[i]! + h;
            const up = at(e);
            e[i] = eta[i]! - h;
            numeric[i] = (up - at(e)) / (2 * h);
          }
          expect(maxAbsDiff(analytic, numeric)).toBeLessThanOrEqual(1e-6 * Math.max(1, maxAbs(analytic)));
        }
      }
    });
  }

  it("simplex: the gradient never has a component along the flat direction (each row sums to 0)", () => {
    const rng = createRng("flat");
    const t = blockTransform("simplex", [3, 4]);
    const { grad } = smoothObjective(rng, 12);
    const eta = t.toUnconstrained(randomSimplex(rng, 3, 4));
    const theta = new Float64Array(12);
    t.fromUnconstrained(eta, theta);
    const g = new Float64Array(12);
    t.pullBack(eta, grad(theta), g);
    for (let r = 0; r < 3; r++)
      expect(Math.abs(g[4 * r]! + g[4 * r + 1]! + g[4 * r + 2]! + g[4 * r + 3]!)).toBeLessThan(1e-14);
  });

  it("prob and positive stay finite at extreme η and at θ on the boundary", () => {
    const prob = blockTransform("prob", [4]);
    const eta = new Float64Array([-1000, -40, 40, 1000]);
    const theta = new Float64Array(4);
    prob.fromUnconstrained(eta, theta);
    expect(theta.every((v) => v >= 0 && v <= 1)).toBe(true);
    const g = new Float64Array(4);
    prob.pullBack(eta, new Float64Array([1, 1, 1, 1]), g);
    expect(g.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(g[1]).toBeCloseTo(Math.exp(-40), 25);
    expect(prob.toUnconstrained(new Float64Array([0, 1, 1e-20, 0.5])).every(Number.isFinite)).toBe(true);
    const positive = blockTransform("positive", [2]);
    expect(positive.toUnconstrained(new Float64Array([0, 1e-320])).every(Number.isFinite)).toBe(true);
    const simplex = blockTransform("simplex", [3]);
    const se = simplex.toUnconstrained(new Float64Array([0, 0.5, 0.5]));
    expect(se.every(Number.isFinite)).toBe(true);
    simplex.fromUnconstrained(new Float64Array([800, 0, -800]), theta.subarray(0, 3));
    expect(Array.from(theta.subarray(0, 3))).toEqual([1, 0, 0]);
  });

  it("cov: toUnconstrained throws on a matrix that is not positive definite", () => {
    const t = blockTransform("cov", [2, 2]);
    expect(() => t.toUnconstrained(new Float64Array([1, 2, 2, 1]))).toThrow(/not positive definite/);
  });
});

/** f(θ) = Σ c_i θ_i + Σ d_i θ_i² with random c, d. */
function smoothObjective(
  rng: Rng,
  n: number,
): { f: (t: Float64Array) => number; grad: (t: Float64Array) => Float64Array } {
  const c = normals(rng, n);
  const d = normals(rng, n);
  return {
    f: (t) => t.reduce((s, v, i) => s + c[i]! * v + d[i]! * v * v, 0),
    grad: (t) => t.map((v, i) => c[i]! + 2 * d[i]! * v),
  };
}

/** f(Σ) = Σ_ij C_ij Σ_ij + log det Σ per matrix, C not symmetric: G = C + Σ⁻¹ is a full, asymmetric gradient. */
function covObjective(
  rng: Rng,
  shape: readonly number[],
): { f: (t: Float64Array) => number; grad: (t: Float64Array) => Float64Array } {
  const d = shape[shape.length - 1]!;
  const dd = d * d;
  const n = product(shape);
  const c = normals(rng, n);
  const factor = (t: Float64Array, m: number): Float64Array => {
    const r = cholesky(t.subarray(m * dd, (m + 1) * dd), d);
    if (!r.ok) throw new Error("Σ(η) is not positive definite");
    return r.L;
  };
  return {
    f(t) {
      let s = 0;
      for (let i = 0; i < n; i++) s += c[i]! * t[i]!;
      for (let m = 0; m < n / dd; m++) s += logDetFromCholesky(factor(t, m), d);
      return s;
    },
    grad(t) {
      const g = Float64Array.from(c);
      for (let m = 0; m < n / dd; m++) {
        const inv = inverseFromCholesky(factor(t, m), d);
        for (let i = 0; i < dd; i++) g[m * dd + i] = g[m * dd + i]! + inv[i]!;
      }
      return g;
    },
  };
}

describe("transformFor", () => {
  const kindOf = (t: BlockTransform | string): string => (typeof t === "string" ? `reason: ${t}` : t.kind);

  it("maps each declared type to its transform", () => {
    expect(kindOf(transformFor({ structure: undefined, domain: REAL }, [3]))).toBe("real");
    expect(kindOf(transformFor({ structure: undefined, domain: POSITIVE }, []))).toBe("positive");
    expect(kindOf(transformFor({ structure: undefined, domain: NONNEGATIVE }, [2]))).toBe("positive");
    expect(kindOf(transformFor({ structure: undefined, domain: PROB }, [2, 2]))).toBe("prob");
    expect(kindOf(transformFor({ structure: "simplex", domain: PROB }, [4]))).toBe("simplex");
    expect(kindOf(transformFor({ structure: "simplex", domain: PROB }, [2, 4]))).toBe("simplex");
    expect(kindOf(transformFor({ structure: "cov", domain: REAL }, [3, 3]))).toBe("cov");
    expect(kindOf(transformFor({ structure: "cov", domain: REAL }, [2, 3, 3]))).toBe("cov");
  });

  it("gives a reason for integer parameters, unknown structures and impossible shapes", () => {
    for (const domain of [INT, COUNT, BOOL]) {
      const t = transformFor({ structure: undefined, domain }, [2]);
      expect(t).toBe("an integer parameter has no gradient step");
    }
    const banded = transformFor({ structure: "banded", domain: REAL }, [3, 3]);
    expect(typeof banded === "string" && banded.includes("banded")).toBe(true);
    expect(typeof transformFor({ structure: "cov", domain: REAL }, [2, 3])).toBe("string");
  });
});

describe("maximise", () => {
  it("reaches the maximum of a concave quadratic in 10 dims", () => {
    const rng = createRng("quadratic");
    const n = 10;
    // A = BᵀB + I: eigenvalues in [1, ~40]
    const b = normals(rng, n * n);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = i === j ? 1 : 0;
        for (let k = 0; k < n; k++) s += b[k * n + i]! * b[k * n + j]!;
        a[i * n + j] = s;
      }
    const top = normals(rng, n);
    const peak = 3.5;
    const f: Objective = (x, g) => {
      let q = 0;
      for (let i = 0; i < n; i++) {
        let ai = 0;
        for (let j = 0; j < n; j++) ai += a[i * n + j]! * (x[j]! - top[j]!);
        g[i] = -ai;
        q += (x[i]! - top[i]!) * ai;
      }
      return peak - 0.5 * q;
    };
    const r = maximise(f, new Float64Array(n), { maxIterations: 200 });
    expect(r.improved).toBe(true);
    expect(peak - r.value).toBeGreaterThanOrEqual(0);
    expect(peak - r.value).toBeLessThanOrEqual(1e-8 * peak);
    // the default stop on a relative f change of 1e-12 leaves x within about √(1e-12) of the peak
    expect(maxAbsDiff(r.x, top)).toBeLessThanOrEqual(1e-6);
    expect(r.iterations).toBeLessThan(200);
    // stopping on the gradient alone (‖g‖∞ ≤ 1e-8·|f|) gets x closer: near the limit f's rounding sets
    const tight = maximise(f, new Float64Array(n), { maxIterations: 200, relativeTolerance: 0 });
    expect(peak - tight.value).toBeLessThanOrEqual(1e-14);
    expect(maxAbsDiff(tight.x, top)).toBeLessThanOrEqual(1e-7);
  });

  it("climbs the negated Rosenbrock function from (−1.2, 1) to (1, 1)", () => {
    const f: Objective = (x, g) => {
      const [u, v] = [x[0]!, x[1]!];
      g[0] = -(-2 * (1 - u) - 400 * u * (v - u * u));
      g[1] = -(200 * (v - u * u));
      return -((1 - u) ** 2 + 100 * (v - u * u) ** 2);
    };
    const r = maximise(f, new Float64Array([-1.2, 1]), { maxIterations: 200 });
    expect(r.improved).toBe(true);
    expect(Math.abs(r.x[0]! - 1)).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(r.x[1]! - 1)).toBeLessThanOrEqual(1e-5);
  });

  it("stops the default 20 iterations short of Rosenbrock's peak, but still improves", () => {
    const f: Objective = (x, g) => {
      const [u, v] = [x[0]!, x[1]!];
      g[0] = 2 * (1 - u) + 400 * u * (v - u * u);
      g[1] = -200 * (v - u * u);
      return -((1 - u) ** 2 + 100 * (v - u * u) ** 2);
    };
    const r = maximise(f, new Float64Array([-1.2, 1]));
    expect(r.iterations).toBeLessThanOrEqual(20);
    expect(r.value).toBeGreaterThan(r.start);
  });

  it("never returns a value below f(x0) on random non-concave functions (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        (n, seed, scale, maxIterations) => {
          const rng = createRng(seed);
          const f = wavy(rng, n, 6, 0.05 * rng.double());
          const x0 = normals(rng, n).map((v) => scale * v);
          const r = maximise(f, x0, { maxIterations });
          const start = f(x0, new Float64Array(n));
          const again = f(r.x, new Float64Array(n));
          expect(r.start).toBe(start);
          expect(r.value).toBeGreaterThanOrEqual(start);
          expect(r.value).toBe(again);
          expect(r.improved).toBe(r.value > start);
          if (!r.improved) expect(Array.from(r.x)).toEqual(Array.from(x0));
          expect(r.x.every(Number.isFinite)).toBe(true);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it("never leaves the region where f is finite, even when the maximum is on its edge (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.boolean(),
        (n, seed, nanOutside) => {
          const rng = createRng(seed);
          const inner = wavy(rng, n, 4, 0);
          const tilt = normals(rng, n).map((v) => 5 * v);
          // a steep linear tilt pushes the maximum onto the unit ball's boundary
          const f: Objective = (x, g) => {
            let r2 = 0;
            for (let i = 0; i < n; i++) r2 += x[i]! ** 2;
            if (r2 >= 1) {
              g.fill(Number.NaN);
              return nanOutside ? Number.NaN : -Infinity;
            }
            let v = inner(x, g);
            for (let i = 0; i < n; i++) {
              v += tilt[i]! * x[i]!;
              g[i] = g[i]! + tilt[i]!;
            }
            return v;
          };
          const x0 = uniform(rng, n, -0.5, 0.5).map((v) => v / Math.sqrt(n));
          const r = maximise(f, x0, { maxIterations: 50 });
          expect(Number.isFinite(r.value)).toBe(true);
          expect(r.value).toBeGreaterThanOrEqual(r.start);
          expect(r.value).toBe(f(r.x, new Float64Array(n)));
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it("returns x0 with improved = false when f(x0) is NaN or −∞", () => {
    const calls: number[] = [];
    const f: Objective = (x, g) => {
      calls.push(1);
      g.fill(1);
      return x[0]! > 0 ? Number.NaN : -Infinity;
    };
    for (const x0 of [new Float64Array([1, 2]), new Float64Array([-1, 2])]) {
      const r = maximise(f, x0);
      expect(r.improved).toBe(false);
      expect(Array.from(r.x)).toEqual(Array.from(x0));
      expect(r.start).toBe(-Infinity);
      expect(r.iterations).toBe(0);
      expect(r.evaluations).toBe(1);
    }
    expect(calls.length).toBe(2);
  });

  it("returns x0 when no step increases f: at the maximum, or with a gradient that points downhill", () => {
    const bowl: Objective = (x, g) => {
      g[0] = -2 * x[0]!;
      return -(x[0]! ** 2);
    };
    const atTop = maximise(bowl, new Float64Array([0]));
    expect(atTop.improved).toBe(false);
    expect(atTop.iterations).toBe(0);
    const liar: Objective = (x, g) => {
      g[0] = 2 * x[0]!;
      g[1] = 2 * x[1]!;
      return -(x[0]! ** 2 + x[1]! ** 2);
    };
    const x0 = new Float64Array([0.3, -0.7]);
    const r = maximise(liar, x0);
    expect(r.improved).toBe(false);
    expect(r.value).toBe(r.start);
    expect(Array.from(r.x)).toEqual([0.3, -0.7]);
    expect(r.x).not.toBe(x0);
  });

  it("does not modify x0", () => {
    const x0 = new Float64Array([2, -1]);
    maximise((x, g) => {
      g[0] = -x[0]!;
      g[1] = -x[1]!;
      return -0.5 * (x[0]! ** 2 + x[1]! ** 2);
    }, x0);
    expect(Array.from(x0)).toEqual([2, -1]);
  });
});

/** Σ_k a_k sin(w_kᵀx + b_k) − λ‖x‖²: smooth, bounded, many local maxima. */
function wavy(rng: Rng, n: number, terms: number, penalty: number): Objective {
  const w = normals(rng, terms * n);
  const a = normals(rng, terms);
  const b = uniform(rng, terms, 0, 2 * Math.PI);
  return (x, g) => {
    let v = 0;
    for (let i = 0; i < n; i++) {
      v -= penalty * x[i]! ** 2;
      g[i] = -2 * penalty * x[i]!;
    }
    for (let k = 0; k < terms; k++) {
      let z = b[k]!;
      for (let i = 0; i < n; i++) z += w[k * n + i]! * x[i]!;
      v += a[k]! * Math.sin(z);
      const c = a[k]! * Math.cos(z);
      for (let i = 0; i < n; i++) g[i] = g[i]! + c * w[k * n + i]!;
    }
    return v;
  };
}
