// The Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix, which says where it fails
// instead of returning garbage: covariances are kept as Cholesky factors throughout the engine.

/** The factor, or the first pivot at which the matrix was found not to be (numerically) positive definite. */
export type CholeskyResult =
  | { readonly ok: true; readonly L: Float64Array }
  | {
      readonly ok: false;
      /** 0-based index of the failing pivot: the leading (pivot+1)×(pivot+1) block is not PD. */
      readonly pivot: number;
      /** The Schur-complement diagonal found there (≤ tolerance · a_pp, or NaN). */
      readonly value: number;
    };

export interface CholeskyOptions {
  /** Where to write L; may be `a` itself to factor in place. Default: a new array. */
  readonly out?: Float64Array;
  /**
   * A pivot s_p = a_pp − Σ_k L_pk² is accepted only if s_p > tolerance · a_pp. Default d·ε: computing s_p
   * costs about p·ε·a_pp of rounding (because Σ_k L_pk² ≤ a_pp), so a smaller pivot cannot be told apart from
   * 0 and the matrix is singular to working precision. Pass 0 to fail only on s_p ≤ 0 or NaN (LAPACK dpotrf).
   */
  readonly tolerance?: number;
}

/**
 * The lower-triangular Cholesky factor L of a symmetric positive-definite d×d matrix a (row-major), with
 * a = L Lᵀ. Only the lower triangle of `a` is read; the upper triangle of L is set to zero.
 *
 * Returns `{ ok: false, pivot, value }` at the first pivot that is ≤ tolerance · a_pp, NaN or infinite: a
 * matrix with a negative or zero eigenvalue, a numerically singular one, or one with NaN entries (the pivot
 * is then the first row holding a NaN). By Sylvester's criterion, `pivot` is the first p whose leading
 * (p+1)×(p+1) principal block is not positive definite. On failure, `out` holds a partial factorisation.
 *
 * @example cholesky(new Float64Array([4, 2, 2, 5]), 2).ok // true
 */
export function cholesky(a: Float64Array, d: number, options: CholeskyOptions = {}): CholeskyResult {
  if (a.length < d * d) throw new RangeError(`cholesky: a has ${a.length} entries, need ${d * d}`);
  const out = options.out ?? new Float64Array(d * d);
  if (out.length < d * d) throw new RangeError(`cholesky: out has ${out.length} entries, need ${d * d}`);
  const tolerance = options.tolerance ?? d * Number.EPSILON;
  for (let i = 0; i < d; i++) {
    const rowI = i * d;
    for (let j = 0; j < i; j++) {
      const rowJ = j * d;
      let sum = a[rowI + j]!;
      for (let k = 0; k < j; k++) sum -= out[rowI + k]! * out[rowJ + k]!;
      out[rowI + j] = sum / out[rowJ + j]!;
    }
    const diagonal = a[rowI + i]!;
    let pivot = diagonal;
    for (let k = 0; k < i; k++) pivot -= out[rowI + k]! * out[rowI + k]!;
    // Written so that NaN fails too; an infinite diagonal fails because ∞ > tolerance·∞ is false.
    if (!(pivot > tolerance * Math.abs(diagonal)) || pivot === Number.POSITIVE_INFINITY) {
      return { ok: false, pivot: i, value: pivot };
    }
    out[rowI + i] = Math.sqrt(pivot);
    for (let j = i + 1; j < d; j++) out[rowI + j] = 0;
  }
  return { ok: true, L: out };
}
