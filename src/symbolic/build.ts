// Constructors of leaves and arithmetic nodes, with shape checking: a mismatch is an InternalError, since
// these are built by the compiler from checked models. Constructors build exactly what they are asked for.

import { InternalError } from "../diagnostics";
import { type Domain, type Expr, intern, type SymbolDisplay, type SymbolExpr } from "./expr";
import {
  dimsOf,
  elementCount,
  formatShape,
  isScalar,
  matrixShape,
  productShape,
  SCALAR,
  type Shape,
  type Size,
  shapesEqual,
  transposeShape,
  unifyShapes,
  vectorShape,
} from "./shape";

/** An expression, or a number standing for a scalar constant. */
export type Operand = Expr | number;

/** The expression for an operand: numbers become scalar constants. */
export function lift(x: Operand): Expr {
  return typeof x === "number" ? num(x) : x;
}

/** A scalar constant. */
export function num(value: number): Expr {
  return intern({ kind: "const", value }, SCALAR, []);
}

/**
 * A constant vector or matrix: a Float64Array (row-major) with its concrete shape, a number[] (a vector) or a
 * number[][] (a matrix, by rows). The data is copied.
 */
export function constant(
  data: Float64Array | readonly number[] | readonly (readonly number[])[],
  shape?: Shape,
): Expr {
  let values: Float64Array;
  let s: Shape;
  if (data instanceof Float64Array || typeof data[0] !== "object") {
    values = Float64Array.from(data as ArrayLike<number>);
    s = shape ?? vectorShape(values.length);
  } else {
    const rows = data as readonly (readonly number[])[];
    const cols = rows[0]?.length ?? 0;
    if (rows.some((r) => r.length !== cols)) throw new InternalError("constant: ragged matrix rows");
    values = Float64Array.from(rows.flat());
    s = shape ?? matrixShape(rows.length, cols);
  }
  if (elementCount(s) !== values.length) {
    throw new InternalError(`constant: ${values.length} values do not fill a ${formatShape(s)}`);
  }
  if (isScalar(s)) return num(values[0]!);
  return intern({ kind: "tensor", data: values }, s, []);
}

/** A leaf variable with a shape (default scalar), a domain (default real) and an optional display form. */
export function symbol(
  name: string,
  shape: Shape = SCALAR,
  domain: Domain = "real",
  display?: SymbolDisplay,
): SymbolExpr {
  const payload =
    display === undefined
      ? { kind: "symbol" as const, name, domain }
      : { kind: "symbol" as const, name, domain, display };
  return intern(payload, shape, []) as SymbolExpr;
}

/** Every element equal to `value`; a scalar shape gives the constant itself. */
export function fill(value: number, shape: Shape): Expr {
  if (isScalar(shape)) return num(value);
  return intern({ kind: "fill", value }, shape, []);
}

/** zeros of a shape, or of a vector length. */
export function zeros(shape: Shape | Size): Expr {
  return fill(0, typeof shape === "object" ? shape : vectorShape(shape));
}

/** ones of a shape, or of a vector length. */
export function ones(shape: Shape | Size): Expr {
  return fill(1, typeof shape === "object" ? shape : vectorShape(shape));
}

/** The n×n identity matrix. */
export function identity(n: Size): Expr {
  return intern({ kind: "identity" }, matrixShape(n, n), []);
}

/** a + b + …, all of one shape. */
export function add(...terms: Operand[]): Expr {
  const es = terms.map(lift);
  if (es.length === 0) return num(0);
  if (es.length === 1) return es[0]!;
  const shape = es.map((e) => e.shape).reduce((a, b) => unifyShapes(a, b, "add"));
  return intern({ kind: "add" }, shape, es);
}

/** −a. */
export function neg(a: Operand): Expr {
  const e = lift(a);
  return intern({ kind: "neg" }, e.shape, [e]);
}

/** a − b (built as a + (−b)). */
export function sub(a: Operand, b: Operand): Expr {
  return add(a, neg(b));
}

/**
 * The product of the operands, left to right: scaling when a side is a scalar, else the matrix product.
 * Scalar factors come first in the node; at most one vector or matrix factor remains, last.
 */
export function mul(...factors: Operand[]): Expr {
  const scalars: Expr[] = [];
  let tensor: Expr | undefined;
  for (const f of factors.map(lift)) {
    if (isScalar(f.shape)) scalars.push(f);
    else tensor = tensor === undefined ? f : matmul(tensor, f);
  }
  if (tensor !== undefined && isScalar(tensor.shape)) {
    scalars.push(tensor);
    tensor = undefined;
  }
  const all = tensor === undefined ? scalars : [...scalars, tensor];
  if (all.length === 0) return num(1);
  if (all.length === 1) return all[0]!;
  return intern({ kind: "mul" }, tensor?.shape ?? SCALAR, all);
}

/** The matrix product A·B with vectors as columns (scaling when a side is a scalar). */
export function matmul(a: Operand, b: Operand): Expr {
  const ea = lift(a);
  const eb = lift(b);
  if (isScalar(ea.shape) || isScalar(eb.shape)) return mul(ea, eb);
  const shape = productShape(ea.shape, eb.shape);
  if (shape === undefined) {
    throw new InternalError(`cannot multiply a ${formatShape(ea.shape)} by a ${formatShape(eb.shape)}`);
  }
  return intern({ kind: "matmul" }, shape, [ea, eb]);
}

/** The elementwise product a ⊙ b of two same-shaped vectors or matrices (scaling when one is a scalar). */
export function hadamard(a: Operand, b: Operand): Expr {
  const ea = lift(a);
  const eb = lift(b);
  if (isScalar(ea.shape) || isScalar(eb.shape)) return mul(ea, eb);
  return intern({ kind: "hadamard" }, unifyShapes(ea.shape, eb.shape, "hadamard"), [ea, eb]);
}

/** a / b, b a scalar. */
export function div(a: Operand, b: Operand): Expr {
  const ea = lift(a);
  const eb = lift(b);
  if (!isScalar(eb.shape)) throw new InternalError(`cannot divide by a ${formatShape(eb.shape)}`);
  return intern({ kind: "div" }, ea.shape, [ea, eb]);
}

/** a^b, b a scalar; elementwise when a is a vector or matrix. */
export function pow(a: Operand, b: Operand): Expr {
  const ea = lift(a);
  const eb = lift(b);
  if (!isScalar(eb.shape))
    throw new InternalError(`an exponent must be a scalar, not a ${formatShape(eb.shape)}`);
  return intern({ kind: "pow" }, ea.shape, [ea, eb]);
}

/** aᵀ: vector(n) → matrix(1, n), matrix(1, n) → vector(n), matrix(r, c) → matrix(c, r); a scalar: itself. */
export function transpose(a: Operand): Expr {
  const e = lift(a);
  if (isScalar(e.shape)) return e;
  return intern({ kind: "transpose" }, transposeShape(e.shape), [e]);
}

/** The same numbers under another shape with as many elements (vector(n) ↔ matrix(n, 1), scalar ↔ 1×1). */
export function reshape(a: Operand, shape: Shape): Expr {
  const e = lift(a);
  if (shapesEqual(e.shape, shape)) return e;
  const [r, c] = dimsOf(e.shape);
  const [r2, c2] = dimsOf(shape);
  const n = elementCount(e.shape);
  const n2 = elementCount(shape);
  const plausible =
    n !== undefined && n2 !== undefined ? n === n2 : r === r2 || c === c2 || r === c2 || c === r2;
  if (!plausible)
    throw new InternalError(`cannot reshape a ${formatShape(e.shape)} to a ${formatShape(shape)}`);
  return intern({ kind: "reshape" }, shape, [e]);
}
