// Numeric values while evaluating the IR: a number for scalars, a tensor (shape + row-major data) for
// vectors, matrices and arrays. Indexing returns views, so reading a row of data copies nothing.

import type { ConstValue } from "../check";

export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export type Numeric = number | Tensor;

/** A problem found while evaluating: reported by the caller at the model site being evaluated. */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvaluationError";
  }
}

export function size(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function tensor(shape: readonly number[], data: Float64Array = new Float64Array(size(shape))): Tensor {
  return { shape, data };
}

/** A constant value (number, vector, matrix rows) as a number or tensor. */
export function tensorOf(v: ConstValue): Numeric {
  if (typeof v === "number") return v;
  const rows = v as readonly (number | readonly number[])[];
  if (rows.every((r) => typeof r === "number"))
    return tensor([rows.length], Float64Array.from(rows as number[]));
  const m = rows as readonly (readonly number[])[];
  const cols = m[0]?.length ?? 0;
  return tensor([m.length, cols], Float64Array.from(m.flat()));
}

/** A tensor of rank 0 is a number. */
export function normalise(t: Tensor): Numeric {
  return t.shape.length === 0 ? t.data[0]! : t;
}

export function map(x: Numeric, f: (v: number) => number): Numeric {
  if (typeof x === "number") return f(x);
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(x.data[i]!);
  return tensor(x.shape, out);
}

export function zip(x: Numeric, y: Numeric, f: (a: number, b: number) => number, what: string): Numeric {
  if (typeof x === "number" && typeof y === "number") return f(x, y);
  if (typeof x === "number") return map(y, (b) => f(x, b));
  if (typeof y === "number") return map(x, (a) => f(a, y));
  if (
    x.data.length !== y.data.length ||
    x.shape.length !== y.shape.length ||
    x.shape.some((d, i) => d !== y.shape[i])
  ) {
    throw new EvaluationError(`${what}: shapes [${x.shape.join(", ")}] and [${y.shape.join(", ")}] differ`);
  }
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(x.data[i]!, y.data[i]!);
  return tensor(x.shape, out);
}
