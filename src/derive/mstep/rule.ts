// The M-step kernel rules: each recognises one shape of Q in a param block and returns
// its closed-form update, or declines with the reason `explain` shows.

import type { IRVariable } from "../../ir";
import type * as S from "../../symbolic";
import type { QTerm } from "../q-terms";

/** One block's share of Q: the terms that contain it, each with the symbols that read the block. */
export interface BlockQ {
  readonly block: IRVariable;
  readonly terms: readonly { readonly term: QTerm; readonly symbols: readonly S.SymbolExpr[] }[];
  /** The sizes the terms were built with, where their symbols show them (sizes.ts). */
  readonly sizes?: ReadonlyMap<string, number>;
}

/** Reads the value of a term's leaf symbol at the current element (the engine evaluates its source). */
export type Read = (symbolName: string) => number | Float64Array;

/**
 * Q in the block is Σ over rows and states of w · coefficient · basis, and each basis is one slot of a
 * unit's statistics (a unit: one simplex, or one scalar element). The engine adds w · coefficient into
 * the slot; `solve` turns each unit's statistics into its maximiser.
 */
export interface LinearContribution {
  readonly term: QTerm;
  /** The block symbol of the basis; its source's subscripts name the unit (and the slot, see below). */
  readonly symbol: S.SymbolExpr;
  readonly coefficient: S.Expr;
  /** The slot, or "last-subscript" when the symbol's last subscript is the simplex component. */
  readonly slot: number | "last-subscript";
  /** The symbols whose values the statistics read (default: the coefficient's). */
  readonly dependsOn?: readonly S.SymbolExpr[];
}

/** A term whose statistics are not scalar coefficients (weighted least squares, scatter matrices). */
export interface CustomContribution {
  readonly term: QTerm;
  readonly symbol: S.SymbolExpr;
  /**
   * Adds w times this element's statistics into the unit's slots, at one posterior point (the engine
   * calls it once per point of the element's latents, with the point's weight folded into w).
   */
  readonly accumulate: (read: Read, unit: Float64Array, w: number) => void;
  /** Called before each pass over the elements (to drop values cached for the previous pass). */
  readonly begin?: () => void;
  /** The same statistics as weighted moments of one row, for the engine's compiled pass (optional). */
  readonly moments?: MomentForm;
  /**
   * The symbols whose values the statistics read besides the block's own (default: every symbol of the
   * term): the planner runs the blocks they belong to first, and cycles become ECM blocks.
   */
  readonly dependsOn?: readonly S.SymbolExpr[];
}

/** Weighted moments of a row value v about a centre c, summed over the elements of one term. */
export interface Moments {
  /** Σ w. */
  readonly weight: number;
  /** Σ w (v − c). */
  readonly sum: Float64Array;
  /** Σ w (v − c)(v − c)ᵀ, row-major (zeros unless the form asked for order 2). */
  readonly scatter: Float64Array;
  /** c, chosen by the engine (near the data) so the centred sums do not cancel. */
  readonly centre: Float64Array;
}

/**
 * A contribution whose statistics are a function of the moments of one row read: the engine accumulates
 * the moments in its single compiled pass over the elements, and `finish` turns them into
 * the unit's statistics — with the newest values of the symbols in `reads`, which must be the same for
 * every element of the term (a component's mean, a covariance param).
 */
export interface MomentForm {
  /** The leaf symbol whose value v the moments are of (a row of data). */
  readonly of: string;
  readonly order: 1 | 2;
  /** The moments are of log v (a LogNormal's target), not of v. */
  readonly log?: boolean;
  /** A symbol whose value is a good centre for v (the component mean), read at the start of the pass. */
  readonly centre?: string;
  readonly reads: readonly string[];
  readonly finish: (moments: Moments, read: Read, unit: Float64Array) => void;
}

export type Contribution = LinearContribution | CustomContribution;

export interface ClosedForm {
  readonly rule: string;
  readonly block: IRVariable;
  readonly slotsPerUnit: number;
  /** Units of the block: its array elements (a simplex counts as one). */
  readonly unitRank: number;
  readonly contributions: readonly Contribution[];
  /** The maximiser of Σⱼ statsⱼ · basisⱼ for one unit, or why there is none. */
  readonly solve: (stats: Float64Array) => Float64Array | string;
  /** The update as an equation, in the notation of the model. */
  readonly equation: string;
  /** Within an ECM cycle, updates run in phase order (locations before scales). */
  readonly phase?: number;
}

export type RuleOutcome = { readonly match: ClosedForm } | { readonly decline: string };

export interface KernelRule {
  readonly name: string;
  /** One line: the shape of Q this rule recognises. */
  readonly shape: string;
  readonly match: (q: BlockQ) => RuleOutcome;
}
