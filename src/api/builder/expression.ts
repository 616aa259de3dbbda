// Builder expressions: descriptions that become fresh AST nodes at every use (the checker keys its facts by
// node identity, so one node must never sit in two places). Operators are methods; each records its call.

import type { Span } from "../../diagnostics";
import type * as A from "../../syntax";
import { callSpan } from "./call-site";

/** What an expression argument may be: a builder expression, a number, a boolean, or an array literal. */
export type ExprLike = Expression | number | boolean | readonly ExprLike[];

/** A size, constant or index given where a dimension or bound is needed: a name, a number or an expression. */
export type DimLike = string | number | Expression;

/** An expression of the model. `at` of `toAst` is the span of the call that uses it (for bare names). */
export abstract class Expression {
  /** The AST of this expression, made fresh for one use. */
  abstract toAst(at: Span): A.Expr;

  /** `this + other` */
  add(other: ExprLike): Expression {
    return binary("+", this, other, callSpan());
  }
  /** `this - other` */
  sub(other: ExprLike): Expression {
    return binary("-", this, other, callSpan());
  }
  /** `this * other`: the matrix product for matrices and vectors, scaling when one side is a scalar. */
  mul(other: ExprLike): Expression {
    return binary("*", this, other, callSpan());
  }
  /** `this / other` (real division) */
  div(other: ExprLike): Expression {
    return binary("/", this, other, callSpan());
  }
  /** `this ^ other` */
  pow(other: ExprLike): Expression {
    return binary("^", this, other, callSpan());
  }
  /** `-this` */
  neg(): Expression {
    const span = callSpan();
    return node({ kind: "negate", operand: this.toAst(span), span });
  }
  /** `this'`, the transpose */
  t(): Expression {
    const span = callSpan();
    return node({ kind: "transpose", operand: this.toAst(span), span });
  }
  /** `this[i, …]`, 1-based; fewer subscripts than dimensions give the remaining part. */
  at(...indices: readonly DimLike[]): Expression {
    const span = callSpan();
    return node(indexAst(this, indices, span));
  }
  /** `this < other` (1 or 0) */
  lt(other: ExprLike): Expression {
    return compare("<", this, other, callSpan());
  }
  /** `this <= other` */
  le(other: ExprLike): Expression {
    return compare("<=", this, other, callSpan());
  }
  /** `this > other` */
  gt(other: ExprLike): Expression {
    return compare(">", this, other, callSpan());
  }
  /** `this >= other` */
  ge(other: ExprLike): Expression {
    return compare(">=", this, other, callSpan());
  }
  /** `this == other` */
  eq(other: ExprLike): Expression {
    return compare("==", this, other, callSpan());
  }
  /** `this != other` */
  ne(other: ExprLike): Expression {
    return compare("!=", this, other, callSpan());
  }
}

/** An expression whose AST is fixed when it is made; every use gets a copy. */
class NodeExpression extends Expression {
  constructor(private readonly ast: A.Expr) {
    super();
  }
  toAst(): A.Expr {
    return cloneExpr(this.ast);
  }
}

/** A declared name: its AST is made at each use, spanning the call that uses it. */
export class NameRef extends Expression {
  constructor(readonly name: string) {
    super();
  }
  toAst(at: Span): A.Expr {
    return { kind: "name", name: this.name, span: at };
  }
}

export function node(ast: A.Expr): Expression {
  return new NodeExpression(ast);
}

/** A copy of an expression tree with fresh nodes and the same spans. */
export function cloneExpr(e: A.Expr): A.Expr {
  switch (e.kind) {
    case "number":
    case "boolean":
    case "name":
      return { ...e };
    case "negate":
    case "transpose":
      return { ...e, operand: cloneExpr(e.operand) };
    case "binary":
    case "compare":
      return { ...e, left: cloneExpr(e.left), right: cloneExpr(e.right) };
    case "index":
      return { ...e, base: cloneExpr(e.base), indices: e.indices.map(cloneExpr) };
    case "call":
      return { ...e, callee: { ...e.callee }, args: e.args.map(cloneExpr) };
    case "array":
      return { ...e, elements: e.elements.map(cloneExpr) };
  }
}

/** A number literal as the parser makes it: a negative number is the negation of its magnitude. */
export function numberAst(value: number, span: Span, text?: string): A.Expr {
  if (value < 0 || Object.is(value, -0)) {
    return { kind: "negate", operand: numberAst(-value, span, text?.replace(/^-/, "")), span };
  }
  return { kind: "number", value, text: text ?? String(value), span };
}

export function exprAst(e: ExprLike, at: Span): A.Expr {
  if (e instanceof Expression) return e.toAst(at);
  if (typeof e === "number") return numberAst(e, at);
  if (typeof e === "boolean") return { kind: "boolean", value: e, span: at };
  if (Array.isArray(e)) return { kind: "array", elements: e.map((x) => exprAst(x, at)), span: at };
  // Only untyped code gets here (`undefined` from a misspelt scope name): the checker names it at `at`.
  return { kind: "name", name: String(e), span: at };
}

export function dimAst(d: DimLike, at: Span): A.Expr {
  return typeof d === "string" ? { kind: "name", name: d, span: at } : exprAst(d, at);
}

export function indexAst(base: Expression, indices: readonly DimLike[], span: Span): A.IndexExpr {
  return { kind: "index", base: base.toAst(span), indices: indices.map((i) => dimAst(i, span)), span };
}

function binary(op: A.ArithmeticOperator, left: ExprLike, right: ExprLike, span: Span): Expression {
  return node({
    kind: "binary",
    op,
    left: exprAst(left, span),
    right: exprAst(right, span),
    opSpan: span,
    span,
  });
}

function compare(op: A.ComparisonOperator, left: ExprLike, right: ExprLike, span: Span): Expression {
  return node({
    kind: "compare",
    op,
    left: exprAst(left, span),
    right: exprAst(right, span),
    opSpan: span,
    span,
  });
}

/**
 * A literal, for an expression that starts with a number (`lit(1).sub(p)` is `1 - p`); `text` keeps a
 * spelling such as `1e-3` when the model is printed.
 *
 * @example
 * ```ts
 * const m = model("m").param("p", prob).let("q", ({ p }) => lit(1).sub(p).div(4).pow(-1))
 *   .let("tiny", lit(0.001, "1e-3"));
 * m.toLvm().split("\n").slice(2) // => ["let q = ((1 - p) / 4)^-1", "let tiny = 1e-3", ""]
 * ```
 */
export function lit(value: number | boolean, text?: string): Expression {
  const span = callSpan();
  return node(typeof value === "boolean" ? { kind: "boolean", value, span } : numberAst(value, span, text));
}

/** A vector or matrix literal: `array(1, 2, 3)` is `[1, 2, 3]`, `array([1, 0], [0, 1])` a matrix. */
export function array(...elements: readonly ExprLike[]): Expression {
  return node(exprAst(elements, callSpan()));
}

/** A name of the model, for a name the fluent scope does not offer (e.g. one chosen at run time). */
export function ref(name: string): Expression {
  const span = callSpan();
  return node({ kind: "name", name, span });
}
