// Numeric helpers for the symbolic tests: a seeded generator, random vectors and SPD matrices, and the
// central-difference gradient that symbolic gradients are checked against.

import { type Env, type Expr, evaluate, type SymbolExpr, type Value } from "../../src/symbolic";

/** mulberry32: a small seeded generator of uniforms in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n uniforms in [lo, hi). */
export function uniforms(r: () => number, n: number, lo = -1, hi = 1): Float64Array {
  return Float64Array.from({ length: n }, () => lo + (hi - lo) * r());
}

/** A random symmetric positive definite n×n matrix A Aᵀ + n·I/2. */
export function randomSpd(r: () => number, n: number): Float64Array {
  const a = uniforms(r, n * n);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? n / 2 : 0;
      for (let k = 0; k < n; k++) s += a[i * n + k]! * a[j * n + k]!;
      out[i * n + j] = s;
    }
  }
  return out;
}

/** The value as an array (a scalar as one element). */
export function asArray(v: Value): Float64Array {
  return typeof v === "number" ? Float64Array.of(v) : v;
}

/** The sizes the symbolic tests bind: D = 3, L = 2. */
export const SIZES = { D: 3, L: 2 };

/** Central step used for the finite differences: h = STEP · max(1, |x|). */
export const STEP = 1e-5;

/** ∂e/∂x by central differences at env, element by element (x's value perturbed by ±h). */
export function finiteDifference(e: Expr, x: SymbolExpr, env: Record<string, Value>): Float64Array {
  const base = env[x.name]!;
  const n = typeof base === "number" ? 1 : base.length;
  const out = new Float64Array(n);
  const at = (i: number, delta: number): number => {
    let v: Value;
    if (typeof base === "number") v = base + delta;
    else {
      v = Float64Array.from(base);
      v[i]! += delta;
    }
    const shifted: Env = { ...env, [x.name]: v };
    return evaluate(e, shifted, { sizes: SIZES }) as number;
  };
  for (let i = 0; i < n; i++) {
    const xi = typeof base === "number" ? base : base[i]!;
    const h = STEP * Math.max(1, Math.abs(xi));
    out[i] = (at(i, h) - at(i, -h)) / (2 * h);
  }
  return out;
}

/** The largest |a − b| / max(1, |b|) over the elements. */
export function maxRelativeError(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  }
  return a.length === b.length ? worst : Number.POSITIVE_INFINITY;
}
