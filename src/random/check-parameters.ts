// Argument checks shared by the samplers. A bad parameter here is a bug in the caller (the engine checks
// user-facing parameters first and reports them as diagnostics), so these throw RangeError.

/** Throws unless value is positive and finite. */
export function checkPositive(name: string, value: number): void {
  if (!(value > 0) || value === Number.POSITIVE_INFINITY) {
    throw new RangeError(`${name} must be positive and finite, got ${value}`);
  }
}

/** Throws unless value is a probability in [0, 1]. */
export function checkProbability(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${value}`);
}

/** Throws unless value is a non-negative safe integer. */
export function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/** Throws unless the weights in [start, end) are finite and ≥ 0 with a positive sum; returns the sum. */
export function checkWeights(name: string, weights: ArrayLike<number>, start: number, end: number): number {
  if (!(start < end) || start < 0 || end > weights.length) {
    throw new RangeError(
      `${name}: empty or out-of-bounds range [${start}, ${end}) of ${weights.length} weights`,
    );
  }
  let total = 0;
  for (let i = start; i < end; i++) {
    const w = weights[i]!;
    if (!(w >= 0) || w === Number.POSITIVE_INFINITY) {
      throw new RangeError(`${name}: weight ${i - start} must be finite and ≥ 0, got ${w}`);
    }
    total += w;
  }
  if (!(total > 0) || total === Number.POSITIVE_INFINITY) {
    throw new RangeError(`${name}: the weights must have a positive, finite sum, got ${total}`);
  }
  return total;
}
