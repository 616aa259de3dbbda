// The concrete sizes Q's terms were built with, read back from their symbols' shapes, so a rule lays out
// a block whose dimensions are sizes (`simplex[V]`, `vector[P]`) exactly as it lays out a constant one.

import type { Dim } from "../../check";
import type { IRVariable } from "../../ir";
import * as S from "../../symbolic";
import type { QTerm } from "../q-terms";

/** The value dims of a symbol's shape: [] scalar, [n] vector, [r, c] matrix. */
function valueDims(shape: S.Shape): readonly S.Size[] {
  if (shape.kind === "scalar") return [];
  const [r, c] = S.dimsOf(shape);
  return shape.kind === "vector" ? [r] : [r, c];
}

/**
 * Sizes bound when the terms were built: wherever a symbol's declared dimension is one size (`V`) and its
 * shape there is a number, that number is the size. A size no symbol shows stays unknown.
 */
export function termSizes(terms: readonly QTerm[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const term of terms) {
    for (const s of S.freeSymbols(term.logDensity)) {
      const source = term.sources.get(s.name);
      if (!source?.variable) continue;
      const subscripts = source.ir.kind === "index" ? source.ir.indices.length : 0;
      const declared = source.variable.type.dims.slice(subscripts);
      const shown = valueDims(s.shape);
      if (declared.length !== shown.length) continue;
      declared.forEach((d, i) => {
        const n = shown[i];
        if (typeof n === "number" && d.constant === 0 && d.terms.length === 1 && d.terms[0]![1] === 1)
          sizes.set(d.terms[0]![0], n);
      });
    }
  }
  return sizes;
}

/** A declared dimension's value, or undefined when a size in it is not known. */
export function dimValue(d: Dim, sizes: ReadonlyMap<string, number>): number | undefined {
  let v = d.constant;
  for (const [name, k] of d.terms) {
    const s = sizes.get(name);
    if (s === undefined) return undefined;
    v += k * s;
  }
  return v;
}

/** Every dimension of a variable, or undefined when one is not known. */
export function blockDims(v: IRVariable, sizes: ReadonlyMap<string, number>): number[] | undefined {
  const out: number[] = [];
  for (const d of v.type.dims) {
    const n = dimValue(d, sizes);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}
