// Numeric values of arguments and outcomes: a number for scalars, a Float64Array for vectors and
// (row-major, square) matrices; and the checks shared by the distributions' argument validation.

import { cholesky } from "../linalg";

export type Value = number | Float64Array;

export function scalarOf(v: Value | undefined): number {
  return typeof v === "number" ? v : Number.NaN;
}

export function vectorOf(v: Value | undefined): Float64Array {
  return v instanceof Float64Array ? v : new Float64Array(0);
}

/** The order d of a square matrix stored as d·d values; NaN when the length is not a square. */
export function orderOf(m: Float64Array): number {
  const d = Math.round(Math.sqrt(m.length));
  return d * d === m.length ? d : Number.NaN;
}

/** Why `p` is not a probability vector (non-negative, summing to 1 within 1e-8), or undefined. */
export function simplexProblem(name: string, p: Float64Array): string | undefined {
  let sum = 0;
  for (let k = 0; k < p.length; k++) {
    const v = p[k]!;
    if (!(v >= 0)) return `${name}[${k + 1}] is ${v}; probabilities must be ≥ 0`;
    sum += v;
  }
  if (Math.abs(sum - 1) > 1e-8) return `${name} sums to ${sum}, not 1`;
  return undefined;
}

/** Why `m` is not a symmetric positive definite matrix, or undefined. */
export function covarianceProblem(name: string, m: Float64Array): string | undefined {
  const d = orderOf(m);
  if (!Number.isFinite(d) || d === 0) return `${name} is not a square matrix`;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const a = m[i * d + j]!;
      const b = m[j * d + i]!;
      if (!(Math.abs(a - b) <= 1e-10 * (Math.abs(a) + Math.abs(b) + 1e-300))) {
        return `${name} is not symmetric ([${i + 1}, ${j + 1}] is ${a}, [${j + 1}, ${i + 1}] is ${b})`;
      }
    }
  }
  const c = cholesky(m, d);
  return c.ok
    ? undefined
    : `${name} is not positive definite (its leading ${c.pivot + 1}×${c.pivot + 1} block is not)`;
}

export function positiveProblem(name: string, v: number): string | undefined {
  return v > 0 && Number.isFinite(v) ? undefined : `${name} must be a positive number, not ${v}`;
}

export function nonnegativeProblem(name: string, v: number): string | undefined {
  return v >= 0 && Number.isFinite(v) ? undefined : `${name} must be a number ≥ 0, not ${v}`;
}

export function probabilityProblem(name: string, v: number): string | undefined {
  return v >= 0 && v <= 1 ? undefined : `${name} must be in [0, 1], not ${v}`;
}

export function countProblem(name: string, v: number): string | undefined {
  return Number.isInteger(v) && v >= 0 ? undefined : `${name} must be a count (0, 1, 2, …), not ${v}`;
}

export function finiteProblem(name: string, v: Value): string | undefined {
  if (typeof v === "number")
    return Number.isFinite(v) ? undefined : `${name} must be a finite number, not ${v}`;
  for (let i = 0; i < v.length; i++)
    if (!Number.isFinite(v[i]!)) return `${name}[${i + 1}] is ${v[i]}, not a finite number`;
  return undefined;
}
