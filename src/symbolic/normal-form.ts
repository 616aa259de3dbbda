// The canonical sum c₀ + Σ cᵢ·termᵢ: each term a numeric coefficient times a product of factors baseᵏ
// (and at most one vector/matrix factor). Reading an expression into this form and writing it back.

import { add, constant, div, fill, mul, neg, num, pow } from "./build";
import { type Expr, numberKey } from "./expr";
import { smallRational } from "./names";
import { compareExpr } from "./order";
import { isNonnegative } from "./range";
import { elementCount, isScalar, SCALAR, type Shape } from "./shape";

/** base^exp inside a term. */
export interface Factor {
  readonly base: Expr;
  readonly exp: number;
}

/** coef · Π baseᵢ^expᵢ [· tensor]: factors sorted by base, one per base, no zero exponents. */
export interface Term {
  readonly coef: number;
  readonly factors: readonly Factor[];
  readonly tensor?: Expr;
}

/** constant + Σ terms; the constant is 0 for vectors and matrices (constant tensors are terms). */
export interface Sum {
  readonly shape: Shape;
  readonly constant: number;
  readonly terms: readonly Term[];
}

/** How far products distribute over sums: numeric factors only (readable), or fully (expansion). */
export type Distribute = "numeric" | "full";

/** A key equal for terms that differ only in their coefficient. */
export function termKey(t: Term): string {
  return `${t.factors.map((f) => `${f.base.id}^${numberKey(f.exp)}`).join("*")}|${t.tensor?.id ?? ""}`;
}

export function constantSum(c: number, shape: Shape = SCALAR): Sum {
  return { shape, constant: isScalar(shape) ? c : 0, terms: [] };
}

/** The sum made of the single atom `e`. */
export function atomSum(e: Expr): Sum {
  const term: Term = isScalar(e.shape)
    ? { coef: 1, factors: [{ base: e, exp: 1 }] }
    : { coef: 1, factors: [], tensor: e };
  return { shape: e.shape, constant: 0, terms: [term] };
}

/** Whether the sum is a number (no terms). */
export function isConstantSum(s: Sum): boolean {
  return s.terms.length === 0;
}

function collect(shape: Shape, constant: number, terms: Iterable<Term>): Sum {
  const byKey = new Map<string, Term>();
  for (const t of terms) {
    const key = termKey(t);
    const prev = byKey.get(key);
    byKey.set(key, prev === undefined ? t : { ...t, coef: prev.coef + t.coef });
  }
  const kept = [...byKey.values()].filter((t) => t.coef !== 0);
  return { shape, constant: isScalar(shape) ? constant : 0, terms: kept };
}

export function addSums(a: Sum, b: Sum): Sum {
  return collect(a.shape, a.constant + b.constant, [...a.terms, ...b.terms]);
}

export function scaleSum(s: Sum, k: number): Sum {
  return collect(
    s.shape,
    s.constant * k,
    s.terms.map((t) => ({ ...t, coef: t.coef * k })),
  );
}

function mergeFactors(a: readonly Factor[], b: readonly Factor[]): Factor[] {
  const byBase = new Map<Expr, number>();
  for (const f of [...a, ...b]) byBase.set(f.base, (byBase.get(f.base) ?? 0) + f.exp);
  return [...byBase.entries()]
    .filter(([, exp]) => exp !== 0)
    .map(([base, exp]) => ({ base, exp }))
    .sort((x, y) => compareExpr(x.base, y.base) || x.exp - y.exp);
}

function mulTerms(a: Term, b: Term): Term {
  const factors = mergeFactors(a.factors, b.factors);
  const tensor = a.tensor ?? b.tensor;
  return tensor === undefined
    ? { coef: a.coef * b.coef, factors }
    : { coef: a.coef * b.coef, factors, tensor };
}

/** A sum with several terms as content g > 0 times a primitive sum P written back as one expression. */
export function atomize(s: Sum): { readonly g: number; readonly primitive: Expr } {
  const sorted = sortTerms(s.terms);
  const g = Math.abs(s.constant !== 0 ? s.constant : (sorted[0]?.coef ?? 1));
  const divided = collect(
    s.shape,
    s.constant / g,
    s.terms.map((t) => ({ ...t, coef: t.coef / g })),
  );
  return { g, primitive: sumToExpr(divided) };
}

function asMonomial(s: Sum): Term | undefined {
  if (s.terms.length === 0) return { coef: s.constant, factors: [] };
  if (s.terms.length === 1 && s.constant === 0) return s.terms[0]!;
  return undefined;
}

/** Beyond this many terms a full expansion keeps the sum as one factor instead. */
const MAX_EXPANDED_TERMS = 256;

function monomialOf(s: Sum, mode: Distribute, other: Sum): Sum[] | Term {
  const m = asMonomial(s);
  if (m !== undefined) return m;
  const size = (x: Sum) => x.terms.length + (x.constant === 0 ? 0 : 1);
  if (mode === "full" && size(s) * size(other) <= MAX_EXPANDED_TERMS) return [s];
  const { g, primitive } = atomize(s);
  const term = atomSum(primitive).terms[0]!;
  return { ...term, coef: g };
}

/** The product of two sums; a scalar-coefficient product, distributing per `mode`. */
export function mulSums(a: Sum, b: Sum, mode: Distribute): Sum {
  const shape = isScalar(a.shape) ? b.shape : a.shape;
  if (isConstantSum(a) && isScalar(a.shape)) return scaleSum({ ...b, shape }, a.constant);
  if (isConstantSum(b) && isScalar(b.shape)) return scaleSum({ ...a, shape }, b.constant);
  const ma = monomialOf(a, mode, b);
  const mb = monomialOf(b, mode, a);
  if (!Array.isArray(ma) && !Array.isArray(mb)) {
    const t = mulTerms(ma, mb);
    return t.factors.length === 0 && t.tensor === undefined
      ? constantSum(t.coef, shape)
      : collect(shape, 0, [t]);
  }
  const expand = (s: Sum): Term[] =>
    s.constant !== 0 ? [{ coef: s.constant, factors: [] }, ...s.terms] : [...s.terms];
  const left = Array.isArray(ma) ? expand(a) : [ma];
  const right = Array.isArray(mb) ? expand(b) : [mb];
  let constant = 0;
  const terms: Term[] = [];
  for (const x of left) {
    for (const y of right) {
      const t = mulTerms(x, y);
      if (t.factors.length === 0 && t.tensor === undefined) constant += t.coef;
      else terms.push(t);
    }
  }
  return collect(shape, constant, terms);
}

/** The sum with each vector/matrix part T replaced by f(T), f linear (transpose, trace, sum); scalar results
 * become factors. Undefined when a term has no vector/matrix part. */
export function mapTensors(s: Sum, shape: Shape, f: (t: Expr) => Expr): Sum | undefined {
  if (s.terms.some((t) => t.tensor === undefined)) return undefined;
  return collect(
    shape,
    0,
    s.terms.map((t) => tensorTerm(t.coef, t.factors, f(t.tensor!))),
  );
}

/** Σᵢⱼ aᵢ bⱼ op(Tᵢ, Uⱼ) for a bilinear op of the vector/matrix parts (matrix product, dot); undefined when a
 * term has no vector/matrix part or there would be more than 64 terms. */
export function bilinearSums(a: Sum, b: Sum, shape: Shape, op: (t: Expr, u: Expr) => Expr): Sum | undefined {
  if (a.terms.length * b.terms.length > 64) return undefined;
  if ([...a.terms, ...b.terms].some((t) => t.tensor === undefined)) return undefined;
  const terms: Term[] = [];
  for (const x of a.terms) {
    for (const y of b.terms) {
      terms.push(tensorTerm(x.coef * y.coef, mergeFactors(x.factors, y.factors), op(x.tensor!, y.tensor!)));
    }
  }
  return collect(shape, 0, terms);
}

function tensorTerm(coef: number, factors: readonly Factor[], product: Expr): Term {
  if (!isScalar(product.shape)) return { coef, factors, tensor: product };
  return { coef, factors: mergeFactors(factors, [{ base: product, exp: 1 }]) };
}

/** Whether (c·Π fᵢ^eᵢ)^k may be written c^k·Π fᵢ^(eᵢk) without changing a defined value. */
function powerSplits(t: Term, k: number): boolean {
  if (Number.isInteger(k)) return true;
  if (t.coef === 1 && t.factors.length === 1 && t.factors[0]!.exp === 1) return true;
  return t.coef > 0 && t.factors.every((f) => isNonnegative(f.base));
}

/** s^k for a number k (scalar sums); undefined when no canonical form is valid. */
export function powSum(s: Sum, k: number, mode: Distribute): Sum | undefined {
  if (k === 1) return s;
  if (k === 0) return constantSum(1);
  const m = asMonomial(s);
  if (m !== undefined) {
    if (!powerSplits(m, k)) return undefined;
    const coef = m.coef ** k;
    const factors = m.factors.map((f) => ({ base: f.base, exp: f.exp * k }));
    return factors.length === 0 ? constantSum(coef) : collect(SCALAR, 0, [{ coef, factors }]);
  }
  if (mode === "full" && Number.isInteger(k) && k > 1 && k <= 8 && s.terms.length < 8) {
    let out = s;
    for (let i = 1; i < k; i++) out = mulSums(out, s, "full");
    return out;
  }
  const { g, primitive } = atomize(s);
  return collect(SCALAR, 0, [{ coef: g ** k, factors: [{ base: primitive, exp: k }] }]);
}

function compareTerms(a: Term, b: Term): number {
  for (let i = 0; i < Math.min(a.factors.length, b.factors.length); i++) {
    const fa = a.factors[i]!;
    const fb = b.factors[i]!;
    const d = compareExpr(fa.base, fb.base) || fb.exp - fa.exp;
    if (d !== 0) return d;
  }
  if (a.factors.length !== b.factors.length) return a.factors.length - b.factors.length;
  if (a.tensor !== undefined && b.tensor !== undefined) return compareExpr(a.tensor, b.tensor);
  return (a.tensor === undefined ? 0 : 1) - (b.tensor === undefined ? 0 : 1) || a.coef - b.coef;
}

/** Terms in canonical order. */
export function sortTerms(terms: readonly Term[]): Term[] {
  return [...terms].sort(compareTerms);
}

function factorExpr(f: Factor, exp: number): Expr {
  return exp === 1 ? f.base : pow(f.base, exp);
}

/** A term with a positive coefficient as an expression: negative powers and rational factors as quotients. */
export function termExpr(t: Term, shape: Shape): Expr {
  if (t.tensor?.kind === "fill" && t.factors.length === 0) return fill(t.coef * t.tensor.value, shape);
  const [p, q] = smallRational(t.coef) ?? [t.coef, 1];
  const numerator = t.factors.filter((f) => f.exp > 0).map((f) => factorExpr(f, f.exp));
  const denominator = t.factors.filter((f) => f.exp < 0).map((f) => factorExpr(f, -f.exp));
  const atoms = numerator.every((f) => f.kind === "symbol" || f.kind === "index") && t.tensor === undefined;
  if (denominator.length === 0 && q !== 1 && !(atoms && numerator.length > 0)) {
    // A rational coefficient in front of a compound term: ½ log|Σ|, not log|Σ|/2.
    return mul(num(t.coef), ...numerator, ...(t.tensor === undefined ? [] : [t.tensor]));
  }
  const top = [...(p === 1 && (numerator.length > 0 || t.tensor) ? [] : [num(p)]), ...numerator];
  if (t.tensor !== undefined) top.push(t.tensor);
  const bottom = [...(q === 1 ? [] : [num(q)]), ...denominator];
  return bottom.length === 0 ? mul(...top) : div(mul(...top), mul(...bottom));
}

/**
 * A canonical sum written back: terms in canonical order, positive ones first, each negative one as −term;
 * the constant first when every term is negative (1 − θ), else last (a log θ − 3).
 */
export function sumToExpr(s: Sum): Expr {
  const terms = sortTerms(foldConstantTensors(s.terms, s.shape));
  const parts = [...terms.filter((t) => t.coef > 0), ...terms.filter((t) => t.coef < 0)].map((t) =>
    t.coef > 0 ? termExpr(t, s.shape) : neg(termExpr({ ...t, coef: -t.coef }, s.shape)),
  );
  if (s.constant !== 0 || parts.length === 0) {
    const c = isScalar(s.shape) ? num(s.constant) : fill(0, s.shape);
    if (parts.length > 0 && terms.every((t) => t.coef < 0)) parts.unshift(c);
    else parts.push(c);
  }
  return parts.length === 1 ? parts[0]! : add(...parts);
}

/** Constant vector/matrix terms of a concrete shape folded into one constant. */
function foldConstantTensors(terms: readonly Term[], shape: Shape): readonly Term[] {
  const isConstTerm = (t: Term) =>
    t.factors.length === 0 && (t.tensor?.kind === "tensor" || t.tensor?.kind === "fill");
  const constants = terms.filter(isConstTerm);
  const n = elementCount(shape);
  if (constants.length < 2 || n === undefined || constants.every((t) => t.tensor?.kind === "fill"))
    return terms;
  const data = new Float64Array(n);
  for (const t of constants) {
    const x = t.tensor!;
    for (let i = 0; i < n; i++)
      data[i]! += t.coef * (x.kind === "tensor" ? x.data[i]! : x.kind === "fill" ? x.value : 0);
  }
  const rest = terms.filter((t) => !isConstTerm(t));
  return data.every((v) => v === 0)
    ? rest
    : [...rest, { coef: 1, factors: [], tensor: constant(data, shape) }];
}

/** Whether every number in the sum is finite (a non-finite one makes the canonical form unsafe). */
export function isFiniteSum(s: Sum): boolean {
  return (
    Number.isFinite(s.constant) &&
    s.terms.every((t) => Number.isFinite(t.coef) && t.factors.every((f) => Number.isFinite(f.exp)))
  );
}
