// Shapes of symbolic expressions: scalar, vector(n) (a column) and matrix(r, c), where a size is a number
// or a size name (`latent explain` runs without data, so sizes may stay symbolic until evaluation).

import { InternalError } from "../diagnostics";

/** A dimension: a known integer, or the name of a size (`"D"`, `"K"`) bound later from data. */
export type Size = number | string;

/** The shape of an expression's value. A vector is a column; a transposed vector is a 1×n matrix. */
export type Shape =
  | { readonly kind: "scalar" }
  | { readonly kind: "vector"; readonly n: Size }
  | { readonly kind: "matrix"; readonly rows: Size; readonly cols: Size };

/** The scalar shape. */
export const SCALAR: Shape = Object.freeze({ kind: "scalar" });

/** The shape of a column vector of length n. */
export function vectorShape(n: Size): Shape {
  return { kind: "vector", n };
}

/** The shape of an r×c matrix. */
export function matrixShape(rows: Size, cols: Size): Shape {
  return { kind: "matrix", rows, cols };
}

/** Whether an expression of this shape is a single number. */
export function isScalar(shape: Shape): boolean {
  return shape.kind === "scalar";
}

/** Rows and columns of a shape: a scalar is 1×1, a vector(n) is n×1. */
export function dimsOf(shape: Shape): readonly [Size, Size] {
  if (shape.kind === "scalar") return [1, 1];
  if (shape.kind === "vector") return [shape.n, 1];
  return [shape.rows, shape.cols];
}

/**
 * Two sizes that may be the same: equal, or at least one of them a size name. Different names are assumed
 * equal here, as the checker defers such facts to data binding; evaluation verifies them with concrete sizes.
 */
export function sizesCompatible(a: Size, b: Size): boolean {
  return a === b || typeof a === "string" || typeof b === "string";
}

/** The more informative of two compatible sizes: a number when either is one. */
export function unifySize(a: Size, b: Size): Size {
  return typeof a === "number" ? a : b;
}

/** Whether two shapes are the same kind with compatible sizes. */
export function shapesCompatible(a: Shape, b: Shape): boolean {
  if (a.kind !== b.kind) return false;
  const [ar, ac] = dimsOf(a);
  const [br, bc] = dimsOf(b);
  return sizesCompatible(ar, br) && sizesCompatible(ac, bc);
}

/** Whether two shapes are identical (same kind and the very same sizes). */
export function shapesEqual(a: Shape, b: Shape): boolean {
  const [ar, ac] = dimsOf(a);
  const [br, bc] = dimsOf(b);
  return a.kind === b.kind && ar === br && ac === bc;
}

/** The unified shape of two compatible shapes; throws an InternalError naming `what` otherwise. */
export function unifyShapes(a: Shape, b: Shape, what: string): Shape {
  if (!shapesCompatible(a, b)) {
    throw new InternalError(`${what}: shapes ${formatShape(a)} and ${formatShape(b)} differ`);
  }
  if (a.kind === "vector" && b.kind === "vector") return vectorShape(unifySize(a.n, b.n));
  if (a.kind === "matrix" && b.kind === "matrix") {
    return matrixShape(unifySize(a.rows, b.rows), unifySize(a.cols, b.cols));
  }
  return a;
}

/** A size as text: `3`, `D`. */
export function formatSize(size: Size): string {
  return String(size);
}

/** A shape as text: `scalar`, `vector[D]`, `matrix[D, 3]`. */
export function formatShape(shape: Shape): string {
  if (shape.kind === "scalar") return "scalar";
  if (shape.kind === "vector") return `vector[${formatSize(shape.n)}]`;
  return `matrix[${formatSize(shape.rows)}, ${formatSize(shape.cols)}]`;
}

/** A compact key that tells shapes apart (size names quoted so that `"3"` and `3` differ). */
export function shapeKey(shape: Shape): string {
  const s = (size: Size) => (typeof size === "number" ? String(size) : JSON.stringify(size));
  if (shape.kind === "scalar") return "s";
  if (shape.kind === "vector") return `v${s(shape.n)}`;
  return `m${s(shape.rows)}x${s(shape.cols)}`;
}

/** Number of elements when every size is known, else undefined. */
export function elementCount(shape: Shape): number | undefined {
  const [r, c] = dimsOf(shape);
  return typeof r === "number" && typeof c === "number" ? r * c : undefined;
}

/** The shape of the transpose: vector(n) ↔ matrix(1, n); matrix(r, c) → matrix(c, r). */
export function transposeShape(shape: Shape): Shape {
  if (shape.kind === "scalar") return shape;
  if (shape.kind === "vector") return matrixShape(1, shape.n);
  if (shape.rows === 1) return vectorShape(shape.cols);
  return matrixShape(shape.cols, shape.rows);
}

/**
 * The shape of the matrix product A·B, vectors as columns: (r×k)(k×c) is r×c, a vector when B is one, and a
 * scalar when r and c are both the literal 1 (so `v' * w` is a number). Undefined for an invalid product.
 */
export function productShape(a: Shape, b: Shape): Shape | undefined {
  if (a.kind === "scalar" || b.kind === "scalar") return undefined;
  if (a.kind === "vector" && b.kind === "vector") return undefined;
  const [ar, ac] = dimsOf(a);
  const [br, bc] = dimsOf(b);
  if (!sizesCompatible(ac, br)) return undefined;
  if (ar === 1 && bc === 1) return SCALAR;
  if (b.kind === "vector") return vectorShape(ar);
  return matrixShape(ar, bc);
}
