// The language's declared types as builder values. Each carries, for TypeScript only, the value it
// holds (`vector[D]` → number[]) and the value data may give (with null for a missing entry).

import type { Span } from "../../diagnostics";
import type * as A from "../../syntax";
import { callSpan } from "./call-site";
import { type DimLike, dimAst } from "./expression";

/** A type as written in a declaration. `V` is its value, `Data` what a data file may hold for it. */
export class TypeSpec<V = unknown, Data = V> {
  declare readonly value: V;
  declare readonly data: Data;
  constructor(
    readonly name: string,
    readonly bracket: "(" | "[" | undefined,
    readonly args: readonly DimLike[],
    /** Where it was written; a bare `real` is placed at the declaration that uses it. */
    readonly span: Span | undefined,
  ) {}

  toAst(at: Span): A.TypeExpr {
    const span = this.span ?? at;
    return {
      name: { name: this.name, span },
      bracket: this.bracket,
      args: this.args.map((a) => dimAst(a, span)),
      span,
    };
  }
}

type Scalar = TypeSpec<number, number | null>;

/** `real`: ℝ */
export const real: Scalar = new TypeSpec("real", undefined, [], undefined);
/** `positive`: (0, ∞) */
export const positive: Scalar = new TypeSpec("positive", undefined, [], undefined);
/** `prob`: (0, 1) */
export const prob: Scalar = new TypeSpec("prob", undefined, [], undefined);
/** `int`: ℤ (data and constants) */
export const int: Scalar = new TypeSpec("int", undefined, [], undefined);
/** `count`: 0, 1, 2, … (data and latents) */
export const count: Scalar = new TypeSpec("count", undefined, [], undefined);

/** `cat(K)`: 1..K; data may also give text labels, mapped to 1..K in order of first appearance */
export function cat(k: DimLike): TypeSpec<number, number | string | null> {
  return new TypeSpec("cat", "(", [k], callSpan());
}
/** `vector[D]`: ℝᴰ */
export function vector(d: DimLike): TypeSpec<number[], (number | null)[]> {
  return new TypeSpec("vector", "[", [d], callSpan());
}
/** `simplex[K]`: K non-negative entries summing to 1 */
export function simplex(k: DimLike): TypeSpec<number[], (number | null)[]> {
  return new TypeSpec("simplex", "[", [k], callSpan());
}
/** `matrix[R, C]`: ℝᴿˣᶜ, as R rows of C numbers */
export function matrix(rows: DimLike, cols: DimLike): TypeSpec<number[][], (number | null)[][]> {
  return new TypeSpec("matrix", "[", [rows, cols], callSpan());
}
/** `cov[D]`: a symmetric positive definite D×D matrix */
export function cov(d: DimLike): TypeSpec<number[][], (number | null)[][]> {
  return new TypeSpec("cov", "[", [d], callSpan());
}
/** A type by name (`typeNamed("vector", "[", "D")`), e.g. one read from configuration; the checker judges it. */
export function typeNamed(name: string, bracket?: "(" | "[", ...args: readonly DimLike[]): TypeSpec {
  return new TypeSpec(name, bracket, args, callSpan());
}

/** An array of `V` for each declared dimension: `mu[K]: vector[D]` holds number[][]. */
export type Nest<V, Dims extends readonly unknown[]> = number extends Dims["length"]
  ? unknown
  : Dims extends readonly [unknown, ...infer Rest]
    ? Nest<V, Rest>[]
    : V;
