// sin(πx) and cos(πx) with exact argument reduction, for the reflection formulas of Γ, ψ and ψ′.
// Computing Math.sin(Math.PI * x) directly loses all relative accuracy near the integers.

/**
 * sin(πx), accurate to a few ulps relative, including next to the integers where it vanishes.
 * The reduction x mod 2 is exact in floating point, and so are the reflections r ↦ ±1 − r used below.
 *
 * @example sinPi(1e6 + 0.5) // 1
 */
export function sinPi(x: number): number {
  if (!Number.isFinite(x)) return Number.NaN;
  let r = x % 2;
  if (r <= -1) r += 2;
  else if (r > 1) r -= 2;
  // r ∈ (−1, 1]; sin(π r) = sin(π (1 − r)) folds the half-periods onto [−½, ½].
  if (r > 0.5) r = 1 - r;
  else if (r < -0.5) r = -1 - r;
  return Math.sin(Math.PI * r);
}

/**
 * cos(πx), accurate to a few ulps relative, including next to the half-integers where it vanishes.
 *
 * @example cosPi(-3) // −1
 */
export function cosPi(x: number): number {
  if (!Number.isFinite(x)) return Number.NaN;
  let r = Math.abs(x) % 2;
  if (r > 1) r = 2 - r;
  // r ∈ [0, 1]; for r ≥ ¼ the difference ½ − r is exact (Sterbenz), so cos(π r) = sin(π (½ − r)) keeps
  // full relative accuracy next to r = ½.
  if (r < 0.25) return Math.cos(Math.PI * r);
  return Math.sin(Math.PI * (0.5 - r));
}
