// The size environment while binding: sizes learn their values from data shapes (N from rows, D from
// columns) or `--set`, and every declared dimension is then evaluated and compared.

import type { Dim } from "../check";

export { evaluateDim } from "../check";

/** The size a dimension binds directly, when it is exactly one size name (`N`, not `N - 1`). */
export function boundSizeName(d: Dim): string | undefined {
  const [only] = d.terms;
  return d.terms.length === 1 && d.constant === 0 && only?.[1] === 1 && !only[0].includes("*")
    ? only[0]
    : undefined;
}
