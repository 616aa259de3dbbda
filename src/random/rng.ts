// The seeded uniform generator every sampler draws from, passed explicitly (there is no global state):
// Richard Brent's xor4096 from seedrandom, which has a 4096-bit state and passes BigCrush.

import seedrandom from "seedrandom";

/** A stream of uniform random numbers. Samplers take one as their first argument and advance it. */
export interface Rng {
  /** Uniform on the open interval (0, 1), with 53 random bits: never exactly 0 or 1. */
  double(): number;
  /** Uniform integer in [0, 2³²). */
  uint32(): number;
}

/**
 * A generator seeded by `seed`. Numbers and strings are both accepted, and a number seeds exactly as its
 * decimal string does (`createRng(42)` and `createRng("42")` give the same stream), so a seed printed in a
 * log or passed on a command line reproduces the run. Throws RangeError for a non-finite number.
 *
 * @example createRng(42).uint32() // 2232694636
 */
export function createRng(seed: number | string): Rng {
  if (typeof seed === "number" && !Number.isFinite(seed)) {
    throw new RangeError(`createRng: the seed must be a finite number or a string, got ${seed}`);
  }
  const prng = seedrandom.xor4096(String(seed));
  return {
    double(): number {
      // seedrandom's double() builds 53 bits from two outputs, is at most 1 − 2⁻⁵³, and already skips 0;
      // the loop restates the open-interval contract that log(u) and u^(1/a) below rely on.
      let u = prng.double();
      while (u === 0) u = prng.double();
      return u;
    },
    uint32(): number {
      return prng.int32() >>> 0;
    },
  };
}

/**
 * A uniform integer in [0, n) for 1 ≤ n ≤ 2³², without the bias of `Math.floor(u * n)`: 32-bit outputs at
 * or above the largest multiple of n are rejected (fewer than half of them, whatever n is).
 *
 * @example uniformInt(createRng(7), 6) // 0
 */
export function uniformInt(rng: Rng, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) {
    throw new RangeError(`uniformInt: n must be an integer in [1, 2^32], got ${n}`);
  }
  const limit = 2 ** 32 - (2 ** 32 % n);
  let u = rng.uint32();
  while (u >= limit) u = rng.uint32();
  return u % n;
}
