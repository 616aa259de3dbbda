// Random matrices for the linalg tests, from fast-check arbitraries (so failures shrink and replay from
// a fixed seed): SPD matrices with a controlled spread of scales, and general symmetric ones.

import fc from "fast-check";

export const SEED = 20240607;
export const EPS = Number.EPSILON;

/**
 * A double uniform on a grid of 2³¹ + 1 points in [−1, 1]. fc.double draws uniformly over the bit patterns,
 * so most of its values would be tiny (|x| < 1e−150) or subnormal, which is not what "a random matrix" means.
 */
const unit: fc.Arbitrary<number> = fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((v) => v / 2 ** 30);

export interface Spd {
  readonly d: number;
  readonly a: Float64Array;
}

/**
 * A = S (B Bᵀ + d·I) S with B uniform in [−1, 1] and S diagonal with scales 10^[−3, 3]: positive definite,
 * condition number of B Bᵀ + dI at most ~5, but rows of very different magnitude, which is what relative
 * (componentwise) error bounds must survive.
 */
export const spdMatrix: fc.Arbitrary<Spd> = fc.integer({ min: 1, max: 12 }).chain((d) =>
  fc
    .tuple(
      fc.array(unit, { minLength: d * d, maxLength: d * d }),
      fc.array(unit, { minLength: d, maxLength: d }),
    )
    .map(([entries, logScales]) => {
      const b = Float64Array.from(entries);
      const scale = logScales.map((s) => 10 ** (3 * s));
      const a = new Float64Array(d * d);
      for (let i = 0; i < d; i++) {
        for (let j = 0; j <= i; j++) {
          let sum = i === j ? d : 0;
          for (let k = 0; k < d; k++) sum += b[i * d + k]! * b[j * d + k]!;
          const v = sum * scale[i]! * scale[j]!;
          a[i * d + j] = v;
          a[j * d + i] = v;
        }
      }
      return { d, a };
    }),
);

/**
 * A symmetric matrix with entries uniform in [−1, 1] (without fast-check's bias towards 0 and the bounds,
 * which would make many leading minors exactly singular): generally indefinite.
 */
export const symmetricMatrix: fc.Arbitrary<Spd> = fc.integer({ min: 1, max: 8 }).chain((d) =>
  fc.array(fc.noBias(unit), { minLength: d * d, maxLength: d * d }).map((entries) => {
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) {
        a[i * d + j] = entries[i * d + j]!;
        a[j * d + i] = entries[i * d + j]!;
      }
    }
    return { d, a };
  }),
);

/** A vector of d entries in [−10, 10]. */
export const vector = (d: number): fc.Arbitrary<Float64Array> =>
  fc.array(unit, { minLength: d, maxLength: d }).map((v) => Float64Array.from(v, (x) => 10 * x));

/** The d×d product L Lᵀ of a lower-triangular L, computed plainly. */
export function gram(L: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += L[i * d + k]! * L[j * d + k]!;
      out[i * d + j] = sum;
    }
  }
  return out;
}

/** max |x_i| */
export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}
