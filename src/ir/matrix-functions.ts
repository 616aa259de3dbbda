// Matrix functions of the language on small dense matrices: determinant, log-determinant and inverse
// by LU with partial pivoting (the arguments need not be symmetric), matrix product and transpose.

import { EvaluationError, type Numeric, normalise, type Tensor, tensor } from "./tensor";

/** LU factorisation in place; returns the sign of the permutation, or 0 when singular. */
function luInPlace(a: Float64Array, n: number, perm: Int32Array): number {
  let sign = 1;
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]!) > Math.abs(a[p * n + k]!)) p = i;
    if (a[p * n + k] === 0) return 0;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j]!;
        a[k * n + j] = a[p * n + j]!;
        a[p * n + j] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[p]!;
      perm[p] = t;
      sign = -sign;
    }
    for (let i = k + 1; i < n; i++) {
      a[i * n + k]! /= a[k * n + k]!;
      const f = a[i * n + k]!;
      for (let j = k + 1; j < n; j++) a[i * n + j]! -= f * a[k * n + j]!;
    }
  }
  return sign;
}

function square(m: Tensor, what: string): number {
  if (m.shape.length !== 2 || m.shape[0] !== m.shape[1])
    throw new EvaluationError(`${what} needs a square matrix`);
  return m.shape[0]!;
}

/** log |det M| and the sign of det M. */
export function logAbsDet(m: Tensor): { logAbs: number; sign: number } {
  const n = square(m, "det");
  const a = Float64Array.from(m.data);
  let sign = luInPlace(a, n, new Int32Array(n));
  if (sign === 0) return { logAbs: Number.NEGATIVE_INFINITY, sign: 0 };
  let logAbs = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i * n + i]!;
    if (d < 0) sign = -sign;
    logAbs += Math.log(Math.abs(d));
  }
  return { logAbs, sign };
}

export function inverse(m: Tensor): Tensor {
  const n = square(m, "inv");
  const a = Float64Array.from(m.data);
  const perm = new Int32Array(n);
  if (luInPlace(a, n, perm) === 0) throw new EvaluationError("inv: the matrix is singular");
  const out = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) col[i] = perm[i] === j ? 1 : 0;
    for (let i = 0; i < n; i++) for (let k = 0; k < i; k++) col[i]! -= a[i * n + k]! * col[k]!;
    for (let i = n - 1; i >= 0; i--) {
      for (let k = i + 1; k < n; k++) col[i]! -= a[i * n + k]! * col[k]!;
      col[i]! /= a[i * n + i]!;
    }
    for (let i = 0; i < n; i++) out[i * n + j] = col[i]!;
  }
  return tensor([n, n], out);
}

export function transposeOf(x: Numeric): Numeric {
  if (typeof x === "number") return x;
  if (x.shape.length === 1) return tensor([1, x.shape[0]!], x.data);
  const [r, c] = x.shape as [number, number];
  if (r === 1) return tensor([c], x.data);
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x.data[i * c + j]!;
  return tensor([c, r], out);
}

/** The matrix product with vectors as columns; a 1×1 result is a number, a product with a vector a vector. */
export function matrixProduct(x: Tensor, y: Tensor): Numeric {
  const [r, k] = x.shape.length === 1 ? [x.shape[0]!, 1] : [x.shape[0]!, x.shape[1]!];
  const [k2, c] = y.shape.length === 1 ? [y.shape[0]!, 1] : [y.shape[0]!, y.shape[1]!];
  if (k !== k2) throw new EvaluationError(`'*': inner sizes ${k} and ${k2} differ`);
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let t = 0; t < k; t++) {
      const a = x.data[i * k + t]!;
      if (a === 0) continue;
      for (let j = 0; j < c; j++) out[i * c + j]! += a * y.data[t * c + j]!;
    }
  }
  if (r === 1 && c === 1) return out[0]!;
  return normalise(tensor(y.shape.length === 1 ? [r] : [r, c], out));
}
