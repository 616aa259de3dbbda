// The language's functions (`exp` … `I(n)`) as typed helpers: each takes exactly its arguments and makes
// the same call node the parser makes. `call` reaches any function by name (the checker judges it).

import type { Span } from "../../diagnostics";
import { callSpan } from "./call-site";
import { type DimLike, dimAst, type Expression, type ExprLike, exprAst, node } from "./expression";

function callAst(name: string, args: readonly ExprLike[], span: Span): Expression {
  return node({ kind: "call", callee: { name, span }, args: args.map((a) => exprAst(a, span)), span });
}

function sizeCall(name: string, n: DimLike, span: Span): Expression {
  return node({ kind: "call", callee: { name, span }, args: [dimAst(n, span)], span });
}

/** A call of the function `name`; prefer the typed helpers, which cannot misspell it. */
export function call(name: string, ...args: readonly ExprLike[]): Expression {
  return callAst(name, args, callSpan());
}

/** `exp(x)`, elementwise on vectors */
export const exp = (x: ExprLike): Expression => callAst("exp", [x], callSpan());
/** `log(x)`, elementwise on vectors */
export const log = (x: ExprLike): Expression => callAst("log", [x], callSpan());
/** `log1p(x)` = log(1 + x) */
export const log1p = (x: ExprLike): Expression => callAst("log1p", [x], callSpan());
/** `sqrt(x)` */
export const sqrt = (x: ExprLike): Expression => callAst("sqrt", [x], callSpan());
/** `abs(x)` */
export const abs = (x: ExprLike): Expression => callAst("abs", [x], callSpan());
/** `tanh(x)` */
export const tanh = (x: ExprLike): Expression => callAst("tanh", [x], callSpan());
/** `sigmoid(x)` = 1 / (1 + exp(−x)) */
export const sigmoid = (x: ExprLike): Expression => callAst("sigmoid", [x], callSpan());
/** `softmax(v)`: a vector on the simplex */
export const softmax = (v: ExprLike): Expression => callAst("softmax", [v], callSpan());
/** `sum(v)` */
export const sum = (v: ExprLike): Expression => callAst("sum", [v], callSpan());
/** `dot(v, w)` */
export const dot = (v: ExprLike, w: ExprLike): Expression => callAst("dot", [v, w], callSpan());
/** `transpose(M)`, the same as `M.t()` */
export const transpose = (m: ExprLike): Expression => callAst("transpose", [m], callSpan());
/** `det(M)` */
export const det = (m: ExprLike): Expression => callAst("det", [m], callSpan());
/** `logdet(M)` */
export const logdet = (m: ExprLike): Expression => callAst("logdet", [m], callSpan());
/** `inv(M)` */
export const inv = (m: ExprLike): Expression => callAst("inv", [m], callSpan());
/** `diag(v)` makes a diagonal matrix from a vector; `diag(M)` takes a matrix's diagonal. */
export const diag = (x: ExprLike): Expression => callAst("diag", [x], callSpan());
/** `zeros(n)`, a vector of n zeros */
export const zeros = (n: DimLike): Expression => sizeCall("zeros", n, callSpan());
/** `ones(n)`, a vector of n ones */
export const ones = (n: DimLike): Expression => sizeCall("ones", n, callSpan());
/** `I(n)`, the n×n identity */
export const I = (n: DimLike): Expression => sizeCall("I", n, callSpan());
