// The simplifier: constant folding, identities, log/exp rules, log expansion and like terms collected into
// the canonical sum. Every rewrite keeps the value wherever the input expression is defined.

import { constant, fill, matmul, mul, neg, num, pow, reshape, transpose } from "./build";
import { dot, index, log, vec } from "./build-functions";
import { evaluate } from "./evaluate";
import type { Expr } from "./expr";
import { expandLog } from "./log-expand";
import { sumToExpr } from "./normal-form";
import { compareExpr } from "./order";
import { isNonnegative, isNonpositive, isPositive } from "./range";
import { exprToSum } from "./read-sum";
import { elementCount, isScalar, productShape, shapesEqual, transposeShape } from "./shape";
import { topologicalOrder, withArgs } from "./traverse";

export interface SimplifyOptions {
  /**
   * "readable" (default) keeps transcendental values of constants that are not integers as they are
   * (log 4, √2, log Γ(5)) so that derivations read well; "all" folds every constant subexpression.
   */
  readonly fold?: "readable" | "all";
}

const TRANSCENDENTAL = new Set([
  "exp",
  "log",
  "log1p",
  "sqrt",
  "tanh",
  "sigmoid",
  "lgamma",
  "digamma",
  "trigamma",
]);
const ARITHMETIC = new Set<Expr["kind"]>(["add", "neg", "mul", "div", "pow"]);

function isIntegral(v: number | Float64Array): boolean {
  return typeof v === "number" ? Number.isInteger(v) : v.every(Number.isInteger);
}

function foldConstant(e: Expr, all: boolean): Expr | undefined {
  if (e.args.length === 0 || !e.args.every((a) => a.kind === "const" || a.kind === "tensor"))
    return undefined;
  const value = evaluate(e, {});
  const inexact =
    (e.kind === "call" && (TRANSCENDENTAL.has(e.fn) || e.fn === "logdet" || e.fn === "softmax")) ||
    (e.kind === "pow" && !Number.isInteger((e.args[1] as { value?: number }).value));
  if (inexact && !all && !isIntegral(value)) return undefined;
  return typeof value === "number" ? num(value) : constant(value, e.shape);
}

function callRule(e: Expr & { kind: "call" }, run: (x: Expr) => Expr): Expr | undefined {
  const a = e.args[0]!;
  switch (e.fn) {
    case "log":
      if (a.kind === "call" && a.fn === "exp") return a.args[0]!;
      if (a.kind === "pow" && a.args[1]!.kind !== "const" && isPositive(a.args[0]!)) {
        return mul(a.args[1]!, log(a.args[0]!));
      }
      return expandLog(a, (b) => run(log(b)));
    case "exp":
      return a.kind === "call" && a.fn === "log" && isNonnegative(a.args[0]!) ? a.args[0]! : undefined;
    case "abs":
      return isNonnegative(a) ? a : isNonpositive(a) ? neg(a) : undefined;
    case "sqrt":
      return isScalar(e.shape) ? sumToExpr(exprToSum(e, "numeric")) : undefined;
    case "sum": {
      if (isScalar(a.shape)) return a;
      const n = elementCount(a.shape);
      return a.kind === "fill" && n !== undefined ? num(a.value * n) : undefined;
    }
    case "trace":
      return a.kind === "identity" && a.shape.kind === "matrix" && typeof a.shape.rows === "number"
        ? num(a.shape.rows)
        : undefined;
    case "det":
      return a.kind === "identity" ? num(1) : undefined;
    case "logdet":
      return a.kind === "identity" ? num(0) : undefined;
    case "inv":
      if (a.kind === "identity") return a;
      return a.kind === "call" && a.fn === "inv" ? a.args[0]! : undefined;
    case "diag":
      return a.kind === "call" && a.fn === "diag" && a.args[0]!.kind === "vector" ? a.args[0]! : undefined;
    case "dot":
      // Symmetric: one order of the arguments, so that like terms meet.
      return compareExpr(e.args[1]!, a) < 0 ? dot(e.args[1]!, a) : undefined;
    default:
      return undefined;
  }
}

function indexRule(e: Expr & { kind: "index" }): Expr | undefined {
  const a = e.args[0]!;
  const [i, j] = e.indices as [number, number | undefined];
  const at = (x: Expr) => index(x, ...e.indices);
  switch (a.kind) {
    case "vector":
      return a.args[i - 1];
    case "matrix": {
      const cols = Number(a.shape.kind === "matrix" ? a.shape.cols : 1);
      const row = a.args.slice((i - 1) * cols, i * cols);
      return j === undefined ? vec(row) : row[j - 1];
    }
    case "fill":
      return fill(a.value, e.shape);
    case "identity":
      return j === undefined ? undefined : num(i === j ? 1 : 0);
    case "embed":
      return a.indices.join() === e.indices.join() ? a.args[0] : undefined;
    case "add":
      return withArgs(a, a.args.map(at));
    case "neg":
      return neg(at(a.args[0]!));
    case "mul":
      return mul(...a.args.slice(0, -1), at(a.args[a.args.length - 1]!));
    case "div":
      return withArgs(a, [at(a.args[0]!), a.args[1]!]);
    default:
      return undefined;
  }
}

/** (A B)ᵀ = Bᵀ Aᵀ, when the product of the transposes has the transpose's own shape. */
function transposedProduct(product: Expr, e: Expr): Expr | undefined {
  const [a, b] = product.args as [Expr, Expr];
  const shape = productShape(transposeShape(b.shape), transposeShape(a.shape));
  return shape !== undefined && shapesEqual(shape, e.shape) ? matmul(transpose(b), transpose(a)) : undefined;
}

function isZero(e: Expr): boolean {
  return (e.kind === "fill" || e.kind === "const") && e.value === 0;
}

/** A vector/matrix operand as scalar factors times a core: s·T, −T, T/s. */
function scalarSplit(e: Expr): { readonly scalars: readonly Expr[]; readonly core: Expr } | undefined {
  if (isScalar(e.shape)) return undefined;
  if (e.kind === "mul") return { scalars: e.args.slice(0, -1), core: e.args[e.args.length - 1]! };
  if (e.kind === "neg") return { scalars: [num(-1)], core: e.args[0]! };
  if (e.kind === "div") return { scalars: [pow(e.args[1]!, -1)], core: e.args[0]! };
  return undefined;
}

/** Scalar factors of the operands of a product, transpose or elementwise product pulled in front. */
function pullScalars(e: Expr): Expr | undefined {
  const splits = e.args.map(scalarSplit);
  if (splits.every((x) => x === undefined)) return undefined;
  const scalars = splits.flatMap((x) => x?.scalars ?? []);
  return mul(
    ...scalars,
    withArgs(
      e,
      e.args.map((a, i) => splits[i]?.core ?? a),
    ),
  );
}

function structuralRule(e: Expr): Expr | undefined {
  const [a, b] = e.args as [Expr, Expr];
  if (e.kind === "matmul" || e.kind === "transpose" || e.kind === "hadamard") {
    const pulled = pullScalars(e);
    if (pulled !== undefined) return pulled;
  }
  switch (e.kind) {
    case "transpose":
      if (a.kind === "transpose" && shapesEqual(a.args[0]!.shape, e.shape)) return a.args[0]!;
      if (a.kind === "identity") return a;
      if (a.kind === "fill") return fill(a.value, e.shape);
      return a.kind === "matmul" ? transposedProduct(a, e) : undefined;
    case "matmul":
      if (isZero(a) || isZero(b)) return fill(0, e.shape);
      if (a.kind === "identity" && shapesEqual(b.shape, e.shape)) return b;
      return b.kind === "identity" && shapesEqual(a.shape, e.shape) ? a : undefined;
    case "hadamard":
      if (isZero(a) || isZero(b)) return fill(0, e.shape);
      if (a.kind === "fill" && a.value === 1) return b;
      return b.kind === "fill" && b.value === 1 ? a : undefined;
    case "reshape":
      return a.kind === "reshape" ? reshape(a.args[0]!, e.shape) : undefined;
    case "embed":
      return isZero(a) ? fill(0, e.shape) : undefined;
    case "index":
      return indexRule(e as Expr & { kind: "index" });
    default:
      return undefined;
  }
}

type Fold = NonNullable<SimplifyOptions["fold"]>;
const memos: Record<Fold, WeakMap<Expr, Expr>> = { readable: new WeakMap(), all: new WeakMap() };

/**
 * An equivalent, simpler expression: constants folded; x + 0, 1·x, 0·x, x − x, −(−x), x¹, x⁰ removed;
 * log(exp x) = x; exp(log x) = x for x ≥ 0; logs of products, quotients and powers expanded when the
 * factors are provably nonnegative; like terms collected into the canonical sum c₀ + Σ cᵢ·termᵢ.
 * Never changes a value where the input is defined. Idempotent; memoised per node.
 */
export function simplify(e: Expr, options: SimplifyOptions = {}): Expr {
  const fold: Fold = options.fold ?? "readable";
  const memo = memos[fold];
  const active = new Set<Expr>();
  const run = (root: Expr): Expr => {
    const known = memo.get(root);
    if (known !== undefined) return known;
    for (const node of topologicalOrder(root)) {
      if (memo.has(node)) continue;
      const rebuilt =
        node.args.length === 0
          ? node
          : withArgs(
              node,
              node.args.map((x) => memo.get(x)!),
            );
      const result = rewrite(rebuilt);
      memo.set(node, result);
      if (result === rebuilt) memo.set(rebuilt, result);
    }
    return memo.get(root)!;
  };
  const rewrite = (node: Expr): Expr => {
    const known = memo.get(node);
    if (known !== undefined) return known;
    if (active.has(node)) return node;
    active.add(node);
    try {
      let out = foldConstant(node, fold === "all");
      if (out === undefined && ARITHMETIC.has(node.kind)) out = sumToExpr(exprToSum(node, "numeric"));
      else if (out === undefined && node.kind === "call")
        out = callRule(node as Expr & { kind: "call" }, run);
      else if (out === undefined) out = structuralRule(node);
      if (out === undefined || out === node) return node;
      const result = run(out);
      memo.set(node, result);
      return result;
    } finally {
      active.delete(node);
    }
  };
  return run(e);
}
