// Normal variates by Marsaglia's polar method (Marsaglia & Bray 1964): a uniform point in the unit disc
// gives two independent standard normals, with no trigonometric calls.

import type { Rng } from "./rng";

/**
 * One standard normal variate. The polar method produces a pair per accepted point; this returns the
 * first and discards the second, so that a draw depends on nothing but the generator (no hidden cache).
 * Use fillStandardNormal to fill a vector, which keeps both. Acceptance rate π/4 per pair of uniforms.
 *
 * @example sampleStandardNormal(createRng(1)) // -2.6192044084797215
 */
export function sampleStandardNormal(rng: Rng): number {
  for (;;) {
    // 2u − 1 is exact for a 53-bit u, so the point is uniform on the square's grid without bias.
    const u = 2 * rng.double() - 1;
    const v = 2 * rng.double() - 1;
    const s = u * u + v * v;
    if (s < 1 && s > 0) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * A Normal(mean, sd) variate, sd ≥ 0 the standard deviation.
 *
 * @example sampleNormal(createRng(1), 10, 2) // 4.761591183040557
 */
export function sampleNormal(rng: Rng, mean: number, sd: number): number {
  if (!(sd >= 0)) throw new RangeError(`sampleNormal: sd must be ≥ 0, got ${sd}`);
  return mean + sd * sampleStandardNormal(rng);
}

/**
 * Fills out[start..end) with independent standard normals, using both members of each polar pair.
 * Returns `out`.
 *
 * @example fillStandardNormal(createRng(1), new Float64Array(2))[1] // 0.05589389603091714
 */
export function fillStandardNormal(
  rng: Rng,
  out: Float64Array,
  start = 0,
  end: number = out.length,
): Float64Array {
  let i = start;
  while (i < end) {
    const u = 2 * rng.double() - 1;
    const v = 2 * rng.double() - 1;
    const s = u * u + v * v;
    if (!(s < 1 && s > 0)) continue;
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    out[i++] = u * factor;
    if (i < end) out[i++] = v * factor;
  }
  return out;
}
