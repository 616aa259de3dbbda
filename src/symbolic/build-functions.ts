// Constructors of function calls, indexing, comparisons and vector/matrix literals, with shape checking.
// Function names refer to the table in functions.ts; each has a short constructor here.

import { InternalError } from "../diagnostics";
import { lift, type Operand } from "./build";
import { type CompareOp, type Expr, intern } from "./expr";
import { callShape } from "./functions";
import {
  formatShape,
  isScalar,
  matrixShape,
  SCALAR,
  type Shape,
  type Size,
  shapesCompatible,
  vectorShape,
} from "./shape";

/** `fn(args)` for a function of the table (functions.ts). */
export function call(fn: string, ...args: Operand[]): Expr {
  const es = args.map(lift);
  return intern(
    { kind: "call", fn },
    callShape(
      fn,
      es.map((e) => e.shape),
    ),
    es,
  );
}

/** exp, elementwise. */
export const exp = (x: Operand): Expr => call("exp", x);
/** Natural logarithm, elementwise. */
export const log = (x: Operand): Expr => call("log", x);
/** log(1 + x), elementwise. */
export const log1p = (x: Operand): Expr => call("log1p", x);
/** Square root, elementwise. */
export const sqrt = (x: Operand): Expr => call("sqrt", x);
/** Absolute value, elementwise. */
export const abs = (x: Operand): Expr => call("abs", x);
/** Sign (−1, 0, 1), elementwise: the derivative of abs. */
export const sign = (x: Operand): Expr => call("sign", x);
/** Hyperbolic tangent, elementwise. */
export const tanh = (x: Operand): Expr => call("tanh", x);
/** The logistic function 1 / (1 + e^−x), elementwise. */
export const sigmoid = (x: Operand): Expr => call("sigmoid", x);
/** log Γ(x), elementwise. */
export const lgamma = (x: Operand): Expr => call("lgamma", x);
/** ψ(x) = d/dx log Γ(x), elementwise. */
export const digamma = (x: Operand): Expr => call("digamma", x);
/** ψ′(x), elementwise. */
export const trigamma = (x: Operand): Expr => call("trigamma", x);
/** softmax of a vector. */
export const softmax = (x: Operand): Expr => call("softmax", x);
/** The sum of all elements (a scalar is its own sum). */
export const sum = (x: Operand): Expr => call("sum", x);
/** The inner product of two vectors. */
export const dot = (a: Operand, b: Operand): Expr => call("dot", a, b);
/** Determinant of a square matrix. */
export const det = (x: Operand): Expr => call("det", x);
/** log |det A| of a square matrix. */
export const logdet = (x: Operand): Expr => call("logdet", x);
/** Inverse of a square matrix. */
export const inv = (x: Operand): Expr => call("inv", x);
/** Trace of a square matrix. */
export const trace = (x: Operand): Expr => call("trace", x);
/** diag(v): the diagonal matrix of a vector; diag(M): the diagonal of a square matrix as a vector. */
export const diag = (x: Operand): Expr => call("diag", x);

function checkIndex(i: number, size: Size, what: string): void {
  if (!Number.isInteger(i) || i < 1 || (typeof size === "number" && i > size)) {
    throw new InternalError(`${what} index ${i} is outside 1..${size}`);
  }
}

/** The shape of `a[indices]`: an element of a vector, a row of a matrix (as a vector), or an element. */
function indexedShape(shape: Shape, indices: readonly number[]): Shape {
  if (shape.kind === "vector" && indices.length === 1) {
    checkIndex(indices[0]!, shape.n, "vector");
    return SCALAR;
  }
  if (shape.kind === "matrix" && (indices.length === 1 || indices.length === 2)) {
    checkIndex(indices[0]!, shape.rows, "row");
    if (indices.length === 1) return vectorShape(shape.cols);
    checkIndex(indices[1]!, shape.cols, "column");
    return SCALAR;
  }
  throw new InternalError(`cannot index a ${formatShape(shape)} by ${indices.length} constant(s)`);
}

/** `a[i]` (element of a vector, row of a matrix as a vector) or `a[i, j]`, with 1-based constant indices. */
export function index(a: Operand, ...indices: number[]): Expr {
  const e = lift(a);
  return intern({ kind: "index", indices }, indexedShape(e.shape, indices), [e]);
}

/** zeros of `shape` with `value` placed at the 1-based `indices` (the adjoint of `index`). */
export function embed(value: Operand, shape: Shape, ...indices: number[]): Expr {
  const e = lift(value);
  const slot = indexedShape(shape, indices);
  if (!shapesCompatible(slot, e.shape)) {
    throw new InternalError(`embed: a ${formatShape(e.shape)} does not fit a ${formatShape(slot)} slot`);
  }
  return intern({ kind: "embed", indices }, shape, [e]);
}

/** The comparison `a op b` of two scalars: 1 when it holds, else 0. */
export function compare(op: CompareOp, a: Operand, b: Operand): Expr {
  const ea = lift(a);
  const eb = lift(b);
  if (!isScalar(ea.shape) || !isScalar(eb.shape)) {
    throw new InternalError(
      `comparison ${op} takes scalars, got ${formatShape(ea.shape)}, ${formatShape(eb.shape)}`,
    );
  }
  return intern({ kind: "compare", op }, SCALAR, [ea, eb]);
}

function checkScalars(items: readonly Expr[], what: string): void {
  for (const item of items) {
    if (!isScalar(item.shape))
      throw new InternalError(`${what} items must be scalars, got ${formatShape(item.shape)}`);
  }
}

/** The vector literal [a, b, …] from scalar items. */
export function vec(items: readonly Operand[]): Expr {
  const es = items.map(lift);
  if (es.length === 0) throw new InternalError("an empty vector literal");
  checkScalars(es, "vector literal");
  return intern({ kind: "vector" }, vectorShape(es.length), es);
}

/** The matrix literal [[a, b], [c, d]] from rows of scalar items. */
export function mat(rows: readonly (readonly Operand[])[]): Expr {
  const cols = rows[0]?.length ?? 0;
  if (cols === 0) throw new InternalError("an empty matrix literal");
  if (rows.some((r) => r.length !== cols)) throw new InternalError("matrix literal rows differ in length");
  const es = rows.flat().map(lift);
  checkScalars(es, "matrix literal");
  return intern({ kind: "matrix" }, matrixShape(rows.length, cols), es);
}
