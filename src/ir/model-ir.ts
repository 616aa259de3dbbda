// The model IR: variables with their roles and types, plates, and one factor per `~`
// statement whose arguments are expressions over variables and plate indices (lets inlined, constants
// folded in). The parser and the builder both reach here through the checked AST.

import type { ConstValue, ModelSymbol, ValueType } from "../check";
import type { Span } from "../diagnostics";
import type { Distribution } from "../distributions";
import type { ArithmeticOperator, ComparisonOperator, TildeStmt } from "../syntax";

export type Role = "data" | "param" | "latent";

export interface IRVariable {
  readonly name: string;
  readonly role: Role;
  /** Full type: array dims then value dims, sizes possibly symbolic. */
  readonly type: ValueType;
  readonly symbol: ModelSymbol;
}

export interface IRPlate {
  readonly id: number;
  readonly index: string;
  readonly from: IRExpr;
  readonly to: IRExpr;
  readonly weight: IRExpr | undefined;
  readonly parent: IRPlate | undefined;
  readonly span: Span;
}

interface Node<K extends string> {
  readonly kind: K;
  readonly type: ValueType;
}

export interface ConstNode extends Node<"const"> {
  readonly value: ConstValue;
}
export interface SizeNode extends Node<"size"> {
  readonly name: string;
}
export interface VariableNode extends Node<"variable"> {
  readonly variable: IRVariable;
}
export interface PlateIndexNode extends Node<"plate-index"> {
  readonly plate: IRPlate;
}
export interface IndexNode extends Node<"index"> {
  readonly base: IRExpr;
  readonly indices: readonly IRExpr[];
}
export interface UnaryNode extends Node<"unary"> {
  readonly op: "neg" | "transpose";
  readonly operand: IRExpr;
}
export interface BinaryNode extends Node<"binary"> {
  readonly op: ArithmeticOperator | ComparisonOperator;
  readonly left: IRExpr;
  readonly right: IRExpr;
}
export interface CallNode extends Node<"call"> {
  readonly fn: string;
  readonly args: readonly IRExpr[];
}
export interface ArrayNode extends Node<"array"> {
  readonly elements: readonly IRExpr[];
}

export type IRExpr =
  | ConstNode
  | SizeNode
  | VariableNode
  | PlateIndexNode
  | IndexNode
  | UnaryNode
  | BinaryNode
  | CallNode
  | ArrayNode;

export interface IRCensoring {
  readonly side: "left" | "right";
  readonly condition: IRExpr;
}

export interface IRFactor {
  readonly id: number;
  readonly target: IRVariable;
  /** Subscripts of the target (plate indices, shifted indices, constants). */
  readonly targetIndices: readonly IRExpr[];
  readonly distribution: Distribution;
  readonly args: readonly IRExpr[];
  /** Enclosing plates, outermost first. */
  readonly plates: readonly IRPlate[];
  readonly censoring: readonly IRCensoring[];
  readonly statement: TildeStmt;
  readonly span: Span;
}

/** The program's structure: plates containing factors, in program order. */
export type IRStatement =
  | { readonly kind: "factor"; readonly factor: IRFactor }
  | { readonly kind: "plate"; readonly plate: IRPlate; readonly body: readonly IRStatement[] };

export interface ModelIR {
  readonly name: string;
  readonly description: string | undefined;
  readonly variables: ReadonlyMap<string, IRVariable>;
  readonly sizes: readonly string[];
  readonly consts: ReadonlyMap<string, ConstValue>;
  readonly plates: readonly IRPlate[];
  readonly factors: readonly IRFactor[];
  readonly statements: readonly IRStatement[];
}
