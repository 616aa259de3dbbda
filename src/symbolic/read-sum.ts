// Reading an expression into the canonical sum of normal-form.ts: sums, negations, products, quotients,
// numeric powers and square roots are taken apart (and, fully expanded, matrix products); the rest are atoms.

import { fill, matmul, transpose } from "./build";
import { dot, sum, trace } from "./build-functions";
import type { Expr } from "./expr";
import {
  addSums,
  atomSum,
  bilinearSums,
  constantSum,
  type Distribute,
  isFiniteSum,
  mapTensors,
  mulSums,
  powSum,
  type Sum,
  scaleSum,
} from "./normal-form";
import { compareExpr } from "./order";
import { isScalar, SCALAR, shapesEqual, transposeShape } from "./shape";

const memo: Record<Distribute, WeakMap<Expr, Sum>> = { numeric: new WeakMap(), full: new WeakMap() };

function read(e: Expr, mode: Distribute): Sum | undefined {
  const arg = (i: number) => exprToSum(e.args[i]!, mode);
  switch (e.kind) {
    case "const":
      return constantSum(e.value);
    case "fill":
      return e.value === 0 ? constantSum(0, e.shape) : scaleSum(atomSum(fill(1, e.shape)), e.value);
    case "add":
      return e.args.map((_, i) => arg(i)).reduce(addSums);
    case "neg":
      return scaleSum(arg(0), -1);
    case "mul":
      return e.args.map((_, i) => arg(i)).reduce((a, b) => mulSums(a, b, mode));
    case "div": {
      const inverse = powSum(arg(1), -1, mode);
      return inverse === undefined ? undefined : mulSums(arg(0), inverse, mode);
    }
    case "pow": {
      const k = e.args[1]!;
      if (k.kind !== "const" || !isScalar(e.shape)) return undefined;
      return powSum(arg(0), k.value, mode);
    }
    case "call":
      if (e.fn === "sqrt" && isScalar(e.shape)) return powSum(arg(0), 0.5, mode);
      return mode === "full" ? expandCall(e as Expr & { kind: "call" }, arg) : undefined;
    case "matmul":
      return mode === "full" ? bilinearSums(arg(0), arg(1), e.shape, matmul) : undefined;
    case "transpose":
      return mode === "full" ? mapTensors(arg(0), e.shape, transposeOnce) : undefined;
    default:
      return undefined;
  }
}

/** Tᵀ, undoing a transpose where that gives back the same shape. */
function transposeOnce(t: Expr): Expr {
  const inner = t.args[0];
  return t.kind === "transpose" && inner !== undefined && shapesEqual(inner.shape, transposeShape(t.shape))
    ? inner
    : transpose(t);
}

/** Linear and bilinear functions of sums, expanded: dot(a + b, c), tr(A + B), sum(a + b). */
function expandCall(e: Expr & { kind: "call" }, arg: (i: number) => Sum): Sum | undefined {
  switch (e.fn) {
    case "dot":
      return bilinearSums(arg(0), arg(1), SCALAR, (a, b) => (compareExpr(a, b) <= 0 ? dot(a, b) : dot(b, a)));
    case "trace":
      return mapTensors(arg(0), SCALAR, trace);
    case "sum":
      return isScalar(e.args[0]!.shape) ? arg(0) : mapTensors(arg(0), SCALAR, sum);
    default:
      return undefined;
  }
}

/**
 * `e` as a canonical sum. With "numeric", only numeric factors distribute over sums (a product with a sum
 * keeps the sum as one factor); with "full", products and small integer powers of sums are expanded.
 * Nodes with non-finite numbers, and powers that cannot be split safely, stay atoms.
 */
export function exprToSum(e: Expr, mode: Distribute): Sum {
  const known = memo[mode].get(e);
  if (known !== undefined) return known;
  let s = read(e, mode);
  if (s === undefined || !isFiniteSum(s)) s = atomSum(e);
  memo[mode].set(e, s);
  return s;
}
