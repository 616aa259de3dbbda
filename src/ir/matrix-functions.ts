// Matrix functions of the language on small dense matrices: determinant, log-determinant and inverse
// (the arguments need not be symmetric), matrix product and transpose.

import { detDense, invDense, logAbsDetDense } from "../symbolic";
import { EvaluationError, type Numeric, normalise, type Tensor, tensor } from "./tensor";

function square(m: Tensor, what: string): number {
  if (m.shape.length !== 2 || m.shape[0] !== m.shape[1])
    throw new EvaluationError(`${what} needs a square matrix`);
  return m.shape[0]!;
}

/** log |det M| and the sign of det M (LU with partial pivoting, shared with src/symbolic). */
export function logAbsDet(m: Tensor): { logAbs: number; sign: number } {
  const n = square(m, "det");
  const det = detDense(m.data, n);
  return { logAbs: logAbsDetDense(m.data, n), sign: Math.sign(det) };
}

export function inverse(m: Tensor): Tensor {
  const n = square(m, "inv");
  const out = invDense(m.data, n);
  if (Number.isNaN(out[0])) throw new EvaluationError("inv: the matrix is singular");
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
