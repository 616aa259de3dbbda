// How a block splits into units solved separately: the leading subscripts every term's symbols share. A
// term that reads several elements of one unit (β[1] + β[2]·x) places each symbol at a fixed offset in it.

import * as S from "../../symbolic";
import type { BlockQ } from "./rule";
import { dimValue } from "./sizes";

/** A block symbol's place in its unit's flattened (row-major) value. */
export interface Placement {
  readonly symbol: S.SymbolExpr;
  readonly offset: number;
  readonly length: number;
}

export interface UnitLayout {
  /** The number of leading subscripts that name the unit (the engine reads them from the symbol). */
  readonly rank: number;
  /** The flattened size of one unit. */
  readonly size: number;
  /** Per term of the block (in its order), where each of its symbols sits in the unit. */
  readonly placements: readonly (readonly Placement[])[];
}

function subscripts(s: S.SymbolExpr): readonly (string | number)[] {
  return s.display?.indices ?? [];
}

function elements(shape: S.Shape): number | undefined {
  const [r, c] = S.dimsOf(shape);
  return typeof r === "number" && typeof c === "number" ? r * c : undefined;
}

/** The shared leading subscripts of a term's symbols: all of them when the term reads one symbol. */
function commonPrefix(symbols: readonly S.SymbolExpr[]): number {
  const lists = symbols.map(subscripts);
  let k = 0;
  while (lists.every((l) => k < l.length && l[k] === lists[0]![k])) k++;
  return k;
}

/**
 * The finest units the terms allow: a unit's subscripts are shared by every symbol of a term, so Q
 * separates over units. Positions inside a unit must be constants (a state or a literal), or the
 * layout is refused with the reason.
 */
export function unitLayout(q: BlockQ): UnitLayout | string {
  const name = q.block.name;
  const all = q.terms.flatMap((t) => t.symbols);
  let rank = Math.min(...all.map((s) => subscripts(s).length));
  for (const { symbols } of q.terms) rank = Math.min(rank, commonPrefix(symbols));
  const dims = q.block.type.dims.slice(rank);
  // The unit's dims: declared (sizes from the terms), or the shape of a symbol that is a whole unit.
  const whole = all.find((s) => subscripts(s).length === rank);
  const wholeDims = whole ? S.dimsOf(whole.shape).slice(0, dims.length) : [];
  const unitDims: number[] = [];
  for (let i = 0; i < dims.length; i++) {
    const n = dimValue(dims[i]!, q.sizes ?? new Map()) ?? wholeDims[i];
    if (typeof n !== "number") return `the size of ${name} is not known`;
    unitDims.push(n);
  }
  const size = unitDims.reduce((a, b) => a * b, 1);
  const placements: Placement[][] = [];
  for (const { symbols } of q.terms) {
    const placed: Placement[] = [];
    for (const s of symbols) {
      const subs = subscripts(s);
      const length = elements(s.shape);
      if (length === undefined) return `the size of ${name} is not known`;
      let offset = 0;
      for (let i = rank; i < subs.length; i++) {
        const j = subs[i]!;
        if (typeof j !== "number")
          return `${S.toUnicode(s)} is read at a subscript that varies by element inside a unit of ${name} the terms make larger (a joint solve needs fixed positions)`;
        if (!(j >= 1 && j <= unitDims[i - rank]!)) return `${S.toUnicode(s)} is outside ${name}`;
        offset = offset * unitDims[i - rank]! + (j - 1);
      }
      offset *= unitDims.slice(subs.length - rank).reduce((a, b) => a * b, 1);
      placed.push({ symbol: s, offset, length });
    }
    placements.push(placed);
  }
  return { rank, size, placements };
}
