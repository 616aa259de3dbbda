// Declared types (`real`, `cov[D]`, …) → value types, and declaration dims → sizes. Type names are not
// reserved words, so they are validated here, with a "did you mean" for misspellings.

import { closestName } from "../diagnostics";
import type * as A from "../syntax";
import type { CheckContext } from "./context";
import { type Dim, dimValue, formatDim } from "./dims";
import type { ExpressionChecker } from "./expressions";
import {
  COUNT,
  catDomain,
  type ElementDomain,
  INT,
  matrix,
  POSITIVE,
  PROB,
  REAL,
  scalar,
  type ValueType,
  vector,
} from "./types";

const scalarTypes: Record<string, ElementDomain> = {
  real: REAL,
  positive: POSITIVE,
  prob: PROB,
  int: INT,
  count: COUNT,
};
const sizedTypes: Record<string, { bracket: "(" | "["; arity: number; usage: string }> = {
  cat: { bracket: "(", arity: 1, usage: "cat(K)" },
  vector: { bracket: "[", arity: 1, usage: "vector[D]" },
  simplex: { bracket: "[", arity: 1, usage: "simplex[K]" },
  matrix: { bracket: "[", arity: 2, usage: "matrix[R, C]" },
  cov: { bracket: "[", arity: 1, usage: "cov[D]" },
};
export const typeNames = [...Object.keys(scalarTypes), ...Object.keys(sizedTypes)];

/**
 * A size: a size name, an integer constant, an integer literal, or `+ - *` of those. Reports and
 * returns undefined for anything else (data, params, non-integers, sizes below 1).
 */
export function resolveSize(
  e: A.Expr,
  ctx: CheckContext,
  exprs: ExpressionChecker,
  what: string,
): Dim | undefined {
  const info = exprs.infer(e);
  if (info.poisoned) return undefined;
  const dynamic = [...info.dependsOn].filter(
    (k) => k === "data" || k === "param" || k === "latent" || k === "let" || k === "index",
  );
  if (dynamic.length > 0 || info.dim === undefined) {
    ctx.error(
      "E0215",
      e.span,
      `${what} must be a size, an integer constant or an integer${dynamic.length > 0 ? `, not something that depends on a ${dynamic[0]}` : ""}`,
      "declare sizes with `size N` (bound from the data) or `const K = 3`",
    );
    return undefined;
  }
  const v = dimValue(info.dim);
  if (v !== undefined && v < 1) {
    ctx.error("E0215", e.span, `${what} must be at least 1, but it is ${v}`);
    return undefined;
  }
  return info.dim;
}

/** The value type of a written type, or undefined after reporting why it is not one. */
export function resolveType(
  t: A.TypeExpr,
  ctx: CheckContext,
  exprs: ExpressionChecker,
): ValueType | undefined {
  const name = t.name.name;
  const domain = Object.hasOwn(scalarTypes, name) ? scalarTypes[name] : undefined;
  if (domain) {
    if (t.bracket !== undefined) {
      ctx.error(
        "E0213",
        t.span,
        `'${name}' takes no size`,
        `for an array write the sizes after the name: x[N]: ${name}`,
      );
      return undefined;
    }
    return scalar(domain);
  }
  const sized = Object.hasOwn(sizedTypes, name) ? sizedTypes[name] : undefined;
  if (!sized) {
    const near = closestName(name, typeNames);
    ctx.error(
      "E0213",
      t.name.span,
      `unknown type '${name}'`,
      near ? `did you mean '${near}'?` : `the types are ${typeNames.join(", ")}`,
    );
    return undefined;
  }
  if (t.bracket !== sized.bracket || t.args.length !== sized.arity) {
    ctx.error("E0213", t.span, `'${name}' is written ${sized.usage}`);
    return undefined;
  }
  const dims = t.args.map((a) => resolveSize(a, ctx, exprs, `the size in ${sized.usage}`));
  if (dims.some((d) => d === undefined)) return undefined;
  const [a, b] = dims as Dim[];
  switch (name) {
    case "cat":
      return scalar(catDomain(a!));
    case "vector":
      return vector(a!);
    case "simplex":
      return vector(a!, PROB, "simplex");
    case "matrix":
      return matrix(a!, b!);
    default:
      return matrix(a!, a!, REAL, "cov");
  }
}

/** `x[N, K]: T` — the array dims come first. */
export function withArrayDims(dims: readonly Dim[], t: ValueType): ValueType {
  return { dims: [...dims, ...t.dims], domain: t.domain, structure: t.structure };
}

export function describeDims(dims: readonly Dim[]): string {
  return dims.map(formatDim).join(", ");
}
