// The exact E-step of a censored count (Poisson, Binomial): the posterior of the value is its distribution
// restricted to the censored region — above the recorded point (right) or below it (left), strictly — so
// its points are the integers there with their normalised probabilities. A right tail is followed until
// its terms fall below 1e-18 of the largest (past the mode) or the support ends.

import type { Distribution, Value } from "../../distributions";
import type { CensorSide } from "../../special";
import { logSumExp } from "../../special";

/** Integers in the region and their posterior weights, with log P(region); undefined when too many. */
export interface CountPoints {
  readonly logMass: number;
  readonly values: Float64Array;
  readonly weights: Float64Array;
}

const MAX_POINTS = 100_000;
const TAIL = Math.log(1e-18);

export function censoredCountPoints(
  dist: Distribution,
  args: readonly Value[],
  c: number,
  side: CensorSide,
): CountPoints | undefined {
  const values: number[] = [];
  const logs: number[] = [];
  let top = Number.NEGATIVE_INFINITY;
  if (side === "left") {
    for (let y = 0; y < c; y++) {
      if (values.length >= MAX_POINTS) return undefined;
      const l = dist.logDensity(y, args);
      values.push(y);
      logs.push(l);
      top = Math.max(top, l);
    }
  } else {
    let previous = Number.NEGATIVE_INFINITY;
    for (let y = Math.max(0, Math.floor(c) + 1); ; y++) {
      if (values.length >= MAX_POINTS) return undefined;
      const l = dist.logDensity(y, args);
      // Past the support's end (a Binomial's n), or far down a decreasing tail: the rest adds nothing.
      if (l === Number.NEGATIVE_INFINITY && top > Number.NEGATIVE_INFINITY) break;
      if (l < previous && l < top + TAIL) break;
      values.push(y);
      logs.push(l);
      top = Math.max(top, l);
      previous = l;
    }
  }
  const logMass = logSumExp(Float64Array.from(logs));
  const weights = Float64Array.from(logs, (l) => Math.exp(l - logMass));
  return { logMass, values: Float64Array.from(values), weights };
}
