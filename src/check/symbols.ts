// Names in scope: what each declared name is (size, const, data, param, latent, let, plate index),
// its type, and what is known of its value. Scopes nest with `for` blocks.

import type { Span } from "../diagnostics";
import type { ForStmt, Statement } from "../syntax";
import type { Dim } from "./dims";
import type { ValueType } from "./types";

export type SymbolKind = "size" | "const" | "data" | "param" | "latent" | "let" | "index";

/** A constant's value: a number, a vector, or a matrix (rows). */
export type ConstValue = number | readonly number[] | readonly (readonly number[])[];

export interface ModelSymbol {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly type: ValueType;
  /** The span of the name where it is declared. */
  readonly span: Span;
  readonly declaration: Statement;
  /** Known value (consts, and sizes set with `--set`). */
  readonly value?: ConstValue;
  /** Integer value as a size expression (sizes, integer consts). */
  readonly dim?: Dim;
  /** For plate indices: the plate and its range. */
  readonly plate?: {
    readonly statement: ForStmt;
    readonly from: Dim | undefined;
    readonly to: Dim | undefined;
  };
  /** Kinds of declared names the value depends on (for `let`: what its expression reads). */
  readonly dependsOn: ReadonlySet<SymbolKind>;
  /** Its declaration had an error: uses are not checked further, so one mistake is reported once. */
  readonly poisoned: boolean;
  used: boolean;
}

export class Scope {
  private readonly names = new Map<string, ModelSymbol>();

  constructor(readonly parent: Scope | undefined) {}

  lookup(name: string): ModelSymbol | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }

  declare(symbol: ModelSymbol): void {
    this.names.set(symbol.name, symbol);
  }

  /** Every name visible here, innermost first (for "did you mean"). */
  visibleNames(): string[] {
    return [...this.names.keys(), ...(this.parent?.visibleNames() ?? [])];
  }

  ownSymbols(): ModelSymbol[] {
    return [...this.names.values()];
  }
}
