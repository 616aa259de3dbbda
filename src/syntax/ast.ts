// The typed AST of a `.lvm` model. Every node carries its source span. The parser and the fluent
// builder (src/api) both produce this; nothing after `check` can tell them apart.

import type { Span } from "../diagnostics";

export interface Identifier {
  readonly name: string;
  readonly span: Span;
}

export type ArithmeticOperator = "+" | "-" | "*" | "/" | "^";
export type ComparisonOperator = "<" | "<=" | ">" | ">=" | "==" | "!=";

export interface NumberLiteral {
  readonly kind: "number";
  readonly value: number;
  /** The literal as written (`1e-3`), so printing the model back is exact. */
  readonly text: string;
  readonly span: Span;
}

export interface BooleanLiteral {
  readonly kind: "boolean";
  readonly value: boolean;
  readonly span: Span;
}

export interface NameExpr {
  readonly kind: "name";
  readonly name: string;
  readonly span: Span;
}

export interface NegateExpr {
  readonly kind: "negate";
  readonly operand: Expr;
  readonly span: Span;
}

export interface BinaryExpr {
  readonly kind: "binary";
  readonly op: ArithmeticOperator;
  readonly left: Expr;
  readonly right: Expr;
  /** The operator token, for diagnostics about the operation itself. */
  readonly opSpan: Span;
  readonly span: Span;
}

export interface CompareExpr {
  readonly kind: "compare";
  readonly op: ComparisonOperator;
  readonly left: Expr;
  readonly right: Expr;
  readonly opSpan: Span;
  readonly span: Span;
}

export interface TransposeExpr {
  readonly kind: "transpose";
  readonly operand: Expr;
  readonly span: Span;
}

export interface IndexExpr {
  readonly kind: "index";
  readonly base: Expr;
  readonly indices: readonly Expr[];
  readonly span: Span;
}

export interface CallExpr {
  readonly kind: "call";
  readonly callee: Identifier;
  readonly args: readonly Expr[];
  readonly span: Span;
}

/** `[a, b, c]`: a vector of scalars, or a matrix whose rows are vectors. */
export interface ArrayExpr {
  readonly kind: "array";
  readonly elements: readonly Expr[];
  readonly span: Span;
}

export type Expr =
  | NumberLiteral
  | BooleanLiteral
  | NameExpr
  | NegateExpr
  | BinaryExpr
  | CompareExpr
  | TransposeExpr
  | IndexExpr
  | CallExpr
  | ArrayExpr;

/** A type as written: `real`, `cat(K)`, `vector[D]`, `matrix[R, C]`. Validated by the checker. */
export interface TypeExpr {
  readonly name: Identifier;
  readonly bracket: "(" | "[" | undefined;
  readonly args: readonly Expr[];
  readonly span: Span;
}

export interface SizeDecl {
  readonly kind: "size";
  readonly names: readonly Identifier[];
  readonly span: Span;
}

export interface ConstDecl {
  readonly kind: "const";
  readonly name: Identifier;
  readonly type: TypeExpr | undefined;
  readonly value: Expr;
  readonly span: Span;
}

export type VariableRole = "data" | "param" | "latent";

export interface VariableDecl {
  readonly kind: "variable";
  readonly role: VariableRole;
  readonly name: Identifier;
  /** Array dimensions: `mu[K]: vector[D]` has dims [K]. */
  readonly dims: readonly Expr[];
  readonly type: TypeExpr;
  readonly span: Span;
}

export interface LetStmt {
  readonly kind: "let";
  readonly name: Identifier;
  readonly value: Expr;
  readonly span: Span;
}

export interface ForStmt {
  readonly kind: "for";
  readonly index: Identifier;
  readonly from: Expr;
  readonly to: Expr;
  readonly weight: Expr | undefined;
  readonly body: readonly Statement[];
  readonly span: Span;
}

export interface CensorClause {
  /** `right` or `left` as written; the checker rejects anything else. */
  readonly side: Identifier;
  readonly condition: Expr;
  readonly span: Span;
}

export interface Target {
  readonly name: Identifier;
  readonly indices: readonly Expr[];
  readonly span: Span;
}

export interface TildeStmt {
  readonly kind: "tilde";
  readonly target: Target;
  readonly distribution: Identifier;
  readonly args: readonly Expr[];
  readonly censoring: readonly CensorClause[];
  readonly span: Span;
}

export type Statement = SizeDecl | ConstDecl | VariableDecl | LetStmt | ForStmt | TildeStmt;

export interface Program {
  readonly name: Identifier;
  readonly description: string | undefined;
  readonly statements: readonly Statement[];
  readonly span: Span;
}
