// Seeds for independent sub-streams (restart r of seed S, chain c of restart r, …) derived by a stable
// hash, so that every restart can be reproduced on its own from the seed that the run prints.

const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
/** Tokens at or above 2³² mark the end of the seed string and of the path. */
const END_OF_SEED = 1n << 32n;
const END_OF_PATH = 2n << 32n;

/** The SplitMix64 finaliser (Stafford's "Mix13"): a bijection on 64-bit words with full avalanche. */
function mix64(z: bigint): bigint {
  let x = z & MASK64;
  x = ((x ^ (x >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  x = ((x ^ (x >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return x ^ (x >> 31n);
}

/**
 * A seed for the sub-stream at `path` below `seed`: `deriveSeed(S, r)` for restart r of a run seeded with S,
 * `deriveSeed(S, r, k)` one level further down. The result is an integer in [0, 2⁵³), so it prints exactly
 * and can be passed back to `createRng` (or to `--seed`) to rerun that sub-stream alone.
 *
 * The hash is part of the reproducibility contract and will not change: the seed is taken as its decimal
 * string (as in createRng), then the token sequence [UTF-16 code units of the seed, 2³² + its length,
 * path elements…, 2³³ + path length] is absorbed by h ← mix64((h + γ) ⊕ token) from h = 0, with
 * γ = 0x9e3779b97f4a7c15 and mix64 the SplitMix64 finaliser; the result is the top 53 bits of h. The token
 * sequence determines (seed, path) uniquely, so distinct inputs collide only by chance (≈ 2⁻⁵³ per pair).
 * Path elements must be non-negative safe integers.
 *
 * @example deriveSeed(42, 0) // 8538537164931154
 */
export function deriveSeed(seed: number | string, ...path: number[]): number {
  if (typeof seed === "number" && !Number.isFinite(seed)) {
    throw new RangeError(`deriveSeed: the seed must be a finite number or a string, got ${seed}`);
  }
  const text = String(seed);
  let h = 0n;
  const absorb = (token: bigint): void => {
    h = mix64(((h + GOLDEN_GAMMA) & MASK64) ^ token);
  };
  for (let i = 0; i < text.length; i++) absorb(BigInt(text.charCodeAt(i)));
  absorb(END_OF_SEED + BigInt(text.length));
  for (const element of path) {
    if (!Number.isSafeInteger(element) || element < 0) {
      throw new RangeError(`deriveSeed: path elements must be non-negative integers, got ${element}`);
    }
    absorb(BigInt(element));
  }
  absorb(END_OF_PATH + BigInt(path.length));
  return Number(h >> 11n);
}
