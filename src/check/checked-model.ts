// The checked AST: the program with its names resolved and typed, every `~` with its distribution and
// plates, and the facts about sizes left for data binding to decide.

import type { DistributionSignature } from "../distributions";
import type { Expr, ForStmt, NameExpr, Program, TildeStmt } from "../syntax";
import type { DeferredCheck } from "./context";
import type { Interval } from "./coverage";
import type { ModelSymbol } from "./symbols";
import type { ValueType } from "./types";

export interface CheckedTilde {
  readonly statement: TildeStmt;
  readonly target: ModelSymbol;
  readonly distribution: DistributionSignature;
  /** Enclosing `for` blocks, outermost first. */
  readonly plates: readonly ForStmt[];
  /** The elements of the target this `~` covers, per dimension; undefined when only data can tell. */
  readonly covers: readonly Interval[] | undefined;
}

export interface CheckedModel {
  readonly program: Program;
  /** Top-level names in declaration order. */
  readonly symbols: ReadonlyMap<string, ModelSymbol>;
  readonly tildes: readonly CheckedTilde[];
  /** The type of every expression in the program. */
  readonly types: ReadonlyMap<Expr, ValueType>;
  /** What each name expression refers to. */
  readonly resolved: ReadonlyMap<NameExpr, ModelSymbol>;
  /** Facts about symbolic sizes that binding data must confirm. */
  readonly deferred: readonly DeferredCheck[];
}
