// State shared by the checker's passes: the diagnostics found, the facts deferred to data binding,
// the type of every expression, and the current scope.

import type { Code, Diagnostic, RelatedPlace, Span } from "../diagnostics";
import type { Expr, NameExpr } from "../syntax";
import { type Dim, formatDim } from "./dims";
import { type ModelSymbol, Scope } from "./symbols";
import type { ValueType } from "./types";

/** A fact the checker could not decide because sizes are symbolic; binding data decides it. */
export interface DeferredCheck {
  /**
   * `equal`: left = right; `at-most`: left ≤ right; `disjoint` / `covers`: the `~` targets of one name
   * cover no element twice / every latent element (left and right unused).
   */
  readonly kind: "equal" | "at-most" | "disjoint" | "covers";
  readonly left: Dim;
  readonly right: Dim;
  readonly span: Span;
  /** Says what must hold, for the diagnostic when binding finds it false. */
  readonly message: string;
}

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly deferred: DeferredCheck[] = [];
  readonly types = new Map<Expr, ValueType>();
  readonly resolved = new Map<NameExpr, ModelSymbol>();
  scope = new Scope(undefined);

  /** Every name declared anywhere in the model, first place first: tells "not yet" from "never". */
  readonly declaredAnywhere = new Map<string, Span>();
  /** Names used before their declaration (already reported): their declaration counts as used. */
  readonly usedEarly = new Set<string>();
  /** The model's own name, which is not in scope (`model deaths` may declare `data deaths[N]`). */
  modelName = "";

  error(code: Code, span: Span, message: string, hint?: string, related?: RelatedPlace[]): void {
    this.diagnostics.push({
      severity: "error",
      code,
      message,
      span,
      ...(hint === undefined ? {} : { hint }),
      ...(related === undefined ? {} : { related }),
    });
  }

  warning(code: Code, span: Span, message: string, hint?: string): void {
    this.diagnostics.push({
      severity: "warning",
      code,
      message,
      span,
      ...(hint === undefined ? {} : { hint }),
    });
  }

  defer(kind: DeferredCheck["kind"], left: Dim, right: Dim, span: Span, message: string): void {
    this.deferred.push({ kind, left, right, span, message });
  }

  deferEqual(left: Dim, right: Dim, span: Span, what: string): void {
    this.defer("equal", left, right, span, `${what}: ${formatDim(left)} must equal ${formatDim(right)}`);
  }

  enter(): void {
    this.scope = new Scope(this.scope);
  }

  leave(): void {
    if (this.scope.parent) this.scope = this.scope.parent;
  }
}
