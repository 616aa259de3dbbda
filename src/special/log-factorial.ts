// log n! for counts: a table up to 170 (where n! still fits in a double), log Γ(n + 1) beyond.
// Poisson, binomial and multinomial log-densities call this once per observation.

import { lgamma1p } from "./lgamma";

/** Largest n with n! finite in double precision. */
const TABLE_MAX = 170;

/**
 * log n! for n = 0..170. n! is exact in a double up to 22!, and beyond that carries at most one rounding per
 * factor, so the log of the running product is within ~2e−14 absolute (≤ 3e−17 relative) of the truth.
 */
const LOG_FACTORIAL_TABLE: Float64Array = (() => {
  const table = new Float64Array(TABLE_MAX + 1);
  let factorial = 1;
  for (let k = 1; k <= TABLE_MAX; k++) {
    factorial *= k;
    table[k] = Math.log(factorial);
  }
  return table;
})();

/**
 * log n! = log Γ(n + 1) for n ≥ 0: a table lookup for integers up to 170, `lgamma1p(n)` otherwise
 * (including non-integer n, where it is the gamma-function extension). NaN for n < 0 or NaN.
 *
 * @example logFactorial(5) // log 120 = 4.787491742782046
 */
export function logFactorial(n: number): number {
  if (Number.isNaN(n) || n < 0) return Number.NaN;
  if (n <= TABLE_MAX && Number.isInteger(n)) return LOG_FACTORIAL_TABLE[n]!;
  return lgamma1p(n);
}
