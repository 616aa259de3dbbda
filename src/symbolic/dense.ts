// Small dense row-major kernels for evaluating expressions: products, transposes, and an LU factorisation
// with partial pivoting for det, log|det| and the inverse of general (not only SPD) square matrices.

/** C = A·B for an r×k A and a k×c B, row-major. */
export function matmulDense(a: Float64Array, b: Float64Array, r: number, k: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      for (let j = 0; j < c; j++) out[i * c + j]! += aip * b[p * c + j]!;
    }
  }
  return out;
}

/** The transpose of an r×c row-major matrix. */
export function transposeDense(a: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j]!;
  return out;
}

/** An LU factorisation P·A = L·U packed in one array, with the row permutation and its sign. */
interface Lu {
  readonly lu: Float64Array;
  readonly perm: Int32Array;
  readonly sign: number;
  /** Whether a zero pivot was met (A singular). */
  readonly singular: boolean;
}

function luFactor(a: Float64Array, n: number): Lu {
  const lu = Float64Array.from(a);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign = 1;
  let singular = false;
  for (let k = 0; k < n; k++) {
    let pivot = k;
    for (let i = k + 1; i < n; i++) {
      if (Math.abs(lu[i * n + k]!) > Math.abs(lu[pivot * n + k]!)) pivot = i;
    }
    if (pivot !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j]!;
        lu[k * n + j] = lu[pivot * n + j]!;
        lu[pivot * n + j] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[pivot]!;
      perm[pivot] = t;
      sign = -sign;
    }
    const d = lu[k * n + k]!;
    if (d === 0) {
      singular = true;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const f = lu[i * n + k]! / d;
      lu[i * n + k] = f;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j]! -= f * lu[k * n + j]!;
    }
  }
  return { lu, perm, sign, singular };
}

/** The determinant of an n×n matrix. */
export function detDense(a: Float64Array, n: number): number {
  const { lu, sign } = luFactor(a, n);
  let d = sign;
  for (let i = 0; i < n; i++) d *= lu[i * n + i]!;
  return d;
}

/** log |det A| of an n×n matrix (−∞ when singular). */
export function logAbsDetDense(a: Float64Array, n: number): number {
  const { lu } = luFactor(a, n);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(Math.abs(lu[i * n + i]!));
  return s;
}

/** The inverse of an n×n matrix; all NaN when it is singular. */
export function invDense(a: Float64Array, n: number): Float64Array {
  const { lu, perm, singular } = luFactor(a, n);
  const out = new Float64Array(n * n);
  if (singular) return out.fill(Number.NaN);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // Solve L U x = P e_j.
    for (let i = 0; i < n; i++) col[i] = perm[i] === j ? 1 : 0;
    for (let i = 0; i < n; i++) {
      let s = col[i]!;
      for (let k = 0; k < i; k++) s -= lu[i * n + k]! * col[k]!;
      col[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = col[i]!;
      for (let k = i + 1; k < n; k++) s -= lu[i * n + k]! * col[k]!;
      col[i] = s / lu[i * n + i]!;
    }
    for (let i = 0; i < n; i++) out[i * n + j] = col[i]!;
  }
  return out;
}
