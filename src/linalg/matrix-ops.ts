// Small dense helpers on row-major Float64Arrays: products, transpose, rank-1 updates and quadratic
// forms. They serve d×d-sized work (parameters, sufficient statistics), not N-sized data passes.

function check(name: string, ...pairs: [Float64Array, number][]): void {
  for (const [array, needed] of pairs) {
    if (array.length < needed)
      throw new RangeError(`${name}: an array has ${array.length} entries, need ${needed}`);
  }
}

/**
 * C = A B for A n×k and B k×m (row-major), written into `out` (n×m, must not alias A or B). The i-k-j loop
 * order streams along rows of B and C.
 *
 * @example matMul(new Float64Array([1, 2, 3, 4]), new Float64Array([5, 6, 7, 8]), 2, 2, 2)[1] // 22
 */
export function matMul(
  a: Float64Array,
  b: Float64Array,
  n: number,
  k: number,
  m: number,
  out: Float64Array = new Float64Array(n * m),
): Float64Array {
  check("matMul", [a, n * k], [b, k * m], [out, n * m]);
  out.fill(0, 0, n * m);
  for (let i = 0; i < n; i++) {
    const rowC = i * m;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      const rowB = p * m;
      for (let j = 0; j < m; j++) out[rowC + j] = out[rowC + j]! + aip * b[rowB + j]!;
    }
  }
  return out;
}

/**
 * y = A x for A rows×cols (row-major). `out` must not alias x.
 *
 * @example matVec(new Float64Array([1, 2, 3, 4]), 2, 2, new Float64Array([1, 1]))[1] // 7
 */
export function matVec(
  a: Float64Array,
  rows: number,
  cols: number,
  x: Float64Array,
  out: Float64Array = new Float64Array(rows),
): Float64Array {
  check("matVec", [a, rows * cols], [x, cols], [out, rows]);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    const row = i * cols;
    for (let j = 0; j < cols; j++) sum += a[row + j]! * x[j]!;
    out[i] = sum;
  }
  return out;
}

/**
 * Aᵀ (cols×rows) of A (rows×cols). `out` must not alias A.
 *
 * @example transpose(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3)[1] // 4
 */
export function transpose(
  a: Float64Array,
  rows: number,
  cols: number,
  out: Float64Array = new Float64Array(rows * cols),
): Float64Array {
  check("transpose", [a, rows * cols], [out, rows * cols]);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
  }
  return out;
}

/**
 * The rank-1 update A += w · x yᵀ in place, A rows×cols, x read from x[xOffset..xOffset + rows) and y from
 * y[yOffset..yOffset + cols), so rows of a data array can be accumulated without copying (the weighted
 * scatter Σₙ γₙₖ xₙ xₙᵀ of an M-step). Returns A.
 *
 * @example outerAdd(new Float64Array(4), 2, 2, 0.5, Float64Array.of(1, 2), Float64Array.of(3, 4))[2] // 3
 */
export function outerAdd(
  a: Float64Array,
  rows: number,
  cols: number,
  w: number,
  x: Float64Array,
  y: Float64Array,
  xOffset = 0,
  yOffset = 0,
): Float64Array {
  check("outerAdd", [a, rows * cols], [x, xOffset + rows], [y, yOffset + cols]);
  for (let i = 0; i < rows; i++) {
    const wx = w * x[xOffset + i]!;
    if (wx === 0) continue;
    const row = i * cols;
    for (let j = 0; j < cols; j++) a[row + j] = a[row + j]! + wx * y[yOffset + j]!;
  }
  return a;
}

/**
 * xᵀ A x for a d×d matrix A (all d² entries are used, so A need not be symmetric).
 *
 * @example quadForm(new Float64Array([2, 1, 1, 3]), 2, new Float64Array([1, 2])) // 18
 */
export function quadForm(a: Float64Array, d: number, x: Float64Array): number {
  check("quadForm", [a, d * d], [x, d]);
  let total = 0;
  for (let i = 0; i < d; i++) {
    let sum = 0;
    const row = i * d;
    for (let j = 0; j < d; j++) sum += a[row + j]! * x[j]!;
    total += x[i]! * sum;
  }
  return total;
}
