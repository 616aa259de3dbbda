// The checker's value types: a shape (dims: [] scalar, [n] vector, [r, c] matrix, more = array)
// and what is known of the element values (sign, bounds, integrality, categorical range, structure).

import { type Dim, dimsEqual, formatDim } from "./dims";

/** What is known about every element's value; used to decide supports and argument validity. */
export interface ElementDomain {
  readonly positive: boolean;
  readonly nonnegative: boolean;
  /** Every element ≤ 1. */
  readonly atMostOne: boolean;
  readonly integer: boolean;
  /** For `cat(K)` values: K. */
  readonly categories?: Dim;
}

export type Structure = "simplex" | "cov" | undefined;

export interface ValueType {
  readonly dims: readonly Dim[];
  readonly domain: ElementDomain;
  /** `simplex` constrains the last dim, `cov` the last two; lost once indexing reaches into them. */
  readonly structure: Structure;
}

export const REAL: ElementDomain = { positive: false, nonnegative: false, atMostOne: false, integer: false };
export const POSITIVE: ElementDomain = { ...REAL, positive: true, nonnegative: true };
export const NONNEGATIVE: ElementDomain = { ...REAL, nonnegative: true };
export const PROB: ElementDomain = { ...REAL, positive: true, nonnegative: true, atMostOne: true };
export const INT: ElementDomain = { ...REAL, integer: true };
export const COUNT: ElementDomain = { ...REAL, integer: true, nonnegative: true };
export const BOOL: ElementDomain = { ...REAL, integer: true, nonnegative: true, atMostOne: true };

export function catDomain(k: Dim): ElementDomain {
  return { positive: true, nonnegative: true, atMostOne: false, integer: true, categories: k };
}

export function scalar(domain: ElementDomain = REAL): ValueType {
  return { dims: [], domain, structure: undefined };
}

export function vector(n: Dim, domain: ElementDomain = REAL, structure: Structure = undefined): ValueType {
  return { dims: [n], domain, structure };
}

export function matrix(
  r: Dim,
  c: Dim,
  domain: ElementDomain = REAL,
  structure: Structure = undefined,
): ValueType {
  return { dims: [r, c], domain, structure };
}

export function rank(t: ValueType): number {
  return t.dims.length;
}

/** The domain's name as a user would write the type (`positive`, `cat(K)`). */
export function domainName(d: ElementDomain): string {
  if (d.categories) return `cat(${formatDim(d.categories)})`;
  if (d.integer) return d.atMostOne ? "0/1" : d.nonnegative ? "count" : "int";
  if (d.atMostOne && d.nonnegative) return "prob";
  if (d.positive) return "positive";
  if (d.nonnegative) return "non-negative";
  return "real";
}

/** A type as a person would write it: `real`, `vector[D]`, `cov[D]`, `matrix[2, 3]`, `positive[K, D]`. */
export function formatType(t: ValueType): string {
  const ds = t.dims.map(formatDim);
  if (t.structure === "cov" && ds.length >= 2) return withArray(ds.slice(0, -2), `cov[${ds[ds.length - 1]}]`);
  if (t.structure === "simplex" && ds.length >= 1)
    return withArray(ds.slice(0, -1), `simplex[${ds[ds.length - 1]}]`);
  const name = domainName(t.domain);
  if (ds.length === 0) return name;
  const element = name === "real" ? "" : ` of ${name}`;
  if (ds.length === 1) return `vector[${ds[0]}]${element}`;
  if (ds.length === 2) return `matrix[${ds[0]}, ${ds[1]}]${element}`;
  return `array[${ds.join(", ")}]${element}`;
}

function withArray(arrayDims: string[], inner: string): string {
  return arrayDims.length === 0 ? inner : `${inner} array[${arrayDims.join(", ")}]`;
}

/** Combines what is known of two domains for `a + b`. */
export function sumDomain(a: ElementDomain, b: ElementDomain): ElementDomain {
  return {
    positive: (a.positive && b.nonnegative) || (a.nonnegative && b.positive),
    nonnegative: a.nonnegative && b.nonnegative,
    atMostOne: false,
    integer: a.integer && b.integer,
  };
}

export function productDomain(a: ElementDomain, b: ElementDomain): ElementDomain {
  return {
    positive: a.positive && b.positive,
    nonnegative: a.nonnegative && b.nonnegative,
    atMostOne: a.atMostOne && b.atMostOne && a.nonnegative && b.nonnegative,
    integer: a.integer && b.integer,
  };
}

export function sameDims(a: readonly Dim[], b: readonly Dim[]): "yes" | "no" | "unknown" {
  if (a.length !== b.length) return "no";
  let result: "yes" | "unknown" = "yes";
  for (let i = 0; i < a.length; i++) {
    const d = dimsEqual(a[i]!, b[i]!);
    if (d === "no") return "no";
    if (d === "unknown") result = "unknown";
  }
  return result;
}
