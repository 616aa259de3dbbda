// Symbolic reverse-mode differentiation over the DAG: ∂e/∂x for a scalar e and a scalar, vector or matrix
// symbol x, as an expression of x's shape; each shared node's adjoint is summed once.

import { InternalError } from "../diagnostics";
import { add, num, reshape } from "./build";
import { index, vec } from "./build-functions";
import type { Expr, SymbolExpr } from "./expr";
import { adjoints, zeroOf } from "./gradient-rules";
import { formatShape, isScalar, type Shape, shapesEqual } from "./shape";
import { simplify } from "./simplify";
import { dependenceTest, topologicalOrder } from "./traverse";

export { NotDifferentiableError } from "./gradient-rules";

export interface GradientOptions {
  /** Simplify the result (default true). */
  readonly simplify?: boolean;
}

function toShape(e: Expr, shape: Shape): Expr {
  return shapesEqual(e.shape, shape) ? e : reshape(e, shape);
}

function total(parts: readonly Expr[], shape: Shape): Expr {
  const nonzero = parts.filter((p) => !((p.kind === "const" || p.kind === "fill") && p.value === 0));
  if (nonzero.length === 0) return zeroOf(shape);
  return toShape(nonzero.length === 1 ? nonzero[0]! : add(...nonzero), shape);
}

/**
 * ∂e/∂wrt for a scalar expression e, with the shape of `wrt` (a symbol, matched by name): reverse mode
 * with matrix-calculus adjoints. Throws NotDifferentiableError for a function without a derivative.
 */
export function gradient(e: Expr, wrt: SymbolExpr, options: GradientOptions = {}): Expr {
  if (!isScalar(e.shape)) throw new InternalError(`gradient of a ${formatShape(e.shape)}; it needs a scalar`);
  const depends = dependenceTest(wrt.name);
  let result: Expr;
  if (!depends(e)) {
    result = zeroOf(wrt.shape);
  } else {
    const adjoint = new Map<Expr, Expr[]>([[e, []]]);
    const order = topologicalOrder(e);
    const atSymbol: Expr[] = [];
    for (let k = order.length - 1; k >= 0; k--) {
      const node = order[k]!;
      const parts = adjoint.get(node);
      if (parts === undefined) continue;
      const g = node === e ? num(1) : total(parts, node.shape);
      if (node.kind === "symbol") {
        if (node.name === wrt.name) atSymbol.push(g);
        continue;
      }
      const contributions = adjoints(node, g);
      node.args.forEach((arg, i) => {
        const c = contributions[i];
        if (c === undefined || !depends(arg)) return;
        const list = adjoint.get(arg) ?? [];
        list.push(toShape(c, arg.shape));
        adjoint.set(arg, list);
      });
    }
    result = total(atSymbol, wrt.shape);
  }
  return options.simplify === false ? result : simplify(result);
}

/** d e / d x for a scalar symbol x. */
export function derivative(e: Expr, x: SymbolExpr, options: GradientOptions = {}): Expr {
  if (!isScalar(x.shape))
    throw new InternalError(`derivative with respect to ${x.name}, a ${formatShape(x.shape)}`);
  return gradient(e, x, options);
}

/** d² e / d x² for a scalar symbol x (the curvature a 1-D Newton step needs). */
export function secondDerivative(e: Expr, x: SymbolExpr, options: GradientOptions = {}): Expr {
  return derivative(derivative(e, x, options), x, options);
}

/** The diagonal of the Hessian of e in a vector symbol of known length, as a vector expression. */
export function hessianDiagonal(e: Expr, x: SymbolExpr, options: GradientOptions = {}): Expr {
  if (x.shape.kind !== "vector" || typeof x.shape.n !== "number") {
    throw new InternalError(`hessianDiagonal needs a vector of known length, got ${formatShape(x.shape)}`);
  }
  const g = gradient(e, x, options);
  const items = Array.from({ length: x.shape.n }, (_, i) =>
    index(gradient(index(g, i + 1), x, options), i + 1),
  );
  return vec(items);
}

/** Whether `gradient(e, wrt)` succeeds (every function on the way has a derivative). */
export function isDifferentiable(e: Expr, wrt: SymbolExpr): boolean {
  try {
    gradient(e, wrt, { simplify: false });
    return true;
  } catch (err) {
    if (err instanceof Error && err.name === "NotDifferentiableError") return false;
    throw err;
  }
}
