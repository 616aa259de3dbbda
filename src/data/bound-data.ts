// Data bound to a model: the value of every size and constant, and every data declaration as a
// typed array in row-major order with its missing cells marked.

import type { ConstValue } from "../check";

export interface BoundArray {
  readonly name: string;
  /** Full shape: array dims then value dims (`x[N]: vector[D]` → [N, D]); [] for a scalar. */
  readonly shape: readonly number[];
  /** Row-major values; NaN where missing. */
  readonly values: Float64Array;
  /** 1 where the value is missing; undefined when nothing is. */
  readonly missing: Uint8Array | undefined;
  /** For categorical data given as text: labels[k − 1] is the text of category k. */
  readonly labels?: readonly string[];
}

export interface BoundData {
  readonly sizes: ReadonlyMap<string, number>;
  readonly consts: ReadonlyMap<string, ConstValue>;
  readonly data: ReadonlyMap<string, BoundArray>;
}
