// The E-step of a censored value of a continuous family with no closed-form truncated moments (Gamma,
// InvGamma, Beta, StudentT, Uniform): its posterior is the density restricted to the censored region. The
// region is mapped to the whole line (u ↦ c + eᵘ beyond a point, an interval by a logistic), where the
// log-density plus the log-Jacobian is smooth and decays at both ends; the trapezoid rule there, centred
// at its maximum with a step of a quarter of its curvature width and run until the integrand has fallen
// by e⁻⁴⁰ on both sides, converges geometrically (Trefethen & Weideman 2014). Its nodes, weighted by the
// integrand, are the posterior's points; their sum is P(region), for ℓ.

import type { Distribution, Value } from "../../distributions";
import type { CensorSide } from "../../special";
import { logSumExp } from "../../special";

export interface QuadraturePoints {
  readonly logMass: number;
  readonly values: Float64Array;
  readonly weights: Float64Array;
}

/** A region of the line as an image of u ∈ ℝ: y(u) and log |dy/du|. */
interface Mapping {
  readonly y: (u: number) => number;
  readonly logJacobian: (u: number) => number;
  /** The open region's ends: a node that rounds onto one is dropped (its weight is negligible anyway). */
  readonly lo: number;
  readonly hi: number;
}

const logistic = (u: number) => (u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u)));
/** log σ(u) + log σ(−u), the log-derivative of the logistic, without overflow. */
const logLogisticSlope = (u: number) => -Math.abs(u) - 2 * Math.log1p(Math.exp(-Math.abs(u)));

function interval(lo: number, hi: number): Mapping {
  const width = hi - lo;
  return {
    y: (u) => lo + width * logistic(u),
    logJacobian: (u) => Math.log(width) + logLogisticSlope(u),
    lo,
    hi,
  };
}

/** The censored region of `dist` beyond c, or undefined when it is empty. */
function region(
  dist: Distribution,
  args: readonly Value[],
  c: number,
  side: CensorSide,
): Mapping | undefined {
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  if (dist.support === "positive") lo = 0;
  if (dist.support === "prob") {
    lo = 0;
    hi = 1;
  }
  if (dist.name === "Uniform") {
    lo = args[0] as number;
    hi = args[1] as number;
  }
  if (side === "right") lo = Math.max(lo, c);
  else hi = Math.min(hi, c);
  if (!(lo < hi)) return undefined;
  if (Number.isFinite(lo) && Number.isFinite(hi)) return interval(lo, hi);
  if (Number.isFinite(lo)) return { y: (u) => lo + Math.exp(u), logJacobian: (u) => u, lo, hi };
  if (Number.isFinite(hi)) return { y: (u) => hi - Math.exp(u), logJacobian: (u) => u, lo, hi };
  return { y: (u) => u, logJacobian: () => 0, lo, hi };
}

const DROP = 40;
const MAX_NODES = 4_000;

/**
 * Nodes and normalised weights of the value's posterior, and log P(region) — or undefined when the region
 * is empty or carries no mass under the current arguments.
 */
export function censoredQuadraturePoints(
  dist: Distribution,
  args: readonly Value[],
  c: number,
  side: CensorSide,
): QuadraturePoints | undefined {
  const map = region(dist, args, c, side);
  if (!map) return undefined;
  const g = (u: number) => {
    const y = map.y(u);
    if (!(y > map.lo && y < map.hi)) return Number.NEGATIVE_INFINITY;
    const l = dist.logDensity(y, args) + map.logJacobian(u);
    return Number.isNaN(l) ? Number.NEGATIVE_INFINITY : l;
  };
  // The maximum: a coarse scan, then golden-section refinement (g is smooth and, in practice, unimodal).
  let best = 0;
  let top = Number.NEGATIVE_INFINITY;
  for (let u = -40; u <= 40; u += 0.5) {
    const v = g(u);
    if (v > top) {
      top = v;
      best = u;
    }
  }
  if (top === Number.NEGATIVE_INFINITY) return undefined;
  let a = best - 0.5;
  let b = best + 0.5;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const x1 = b - phi * (b - a);
    const x2 = a + phi * (b - a);
    if (g(x1) >= g(x2)) b = x2;
    else a = x1;
  }
  const mode = (a + b) / 2;
  const peak = g(mode);
  // Width from the curvature (a second difference), kept within sensible bounds for flat or kinked g.
  const d = 1e-3;
  const curvature = -(g(mode + d) - 2 * peak + g(mode - d)) / (d * d);
  const width = curvature > 0 && Number.isFinite(curvature) ? Math.min(1 / Math.sqrt(curvature), 10) : 1;
  const h = width / 4;
  const us: number[] = [mode];
  const logs: number[] = [peak];
  for (const direction of [1, -1]) {
    for (let k = 1; ; k++) {
      if (us.length > MAX_NODES) return undefined;
      const u = mode + direction * k * h;
      const v = g(u);
      if (v < peak - DROP || v === Number.NEGATIVE_INFINITY) break;
      us.push(u);
      logs.push(v);
    }
  }
  const logTerms = Float64Array.from(logs);
  const logMass = logSumExp(logTerms) + Math.log(h);
  const total = logSumExp(logTerms);
  return {
    logMass,
    values: Float64Array.from(us, (u) => map.y(u)),
    weights: Float64Array.from(logs, (l) => Math.exp(l - total)),
  };
}
