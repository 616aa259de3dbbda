// An L-BFGS maximiser for generalised-EM M-steps: it never returns a point worse than its start, so a
// gradient M-step that cannot reach the maximum still keeps EM's monotone increase of the objective.

/** Returns f(x) and writes ∇f(x) into `gradient`; may return −Infinity or NaN (read as −Infinity) where x is infeasible. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface MaximiseOptions {
  /** Accepted steps at most. Default 20: an M-step need only improve, not converge. */
  readonly maxIterations?: number;
  /** Curvature pairs kept. Default 6. */
  readonly memory?: number;
  /** Stop when ‖∇f‖∞ ≤ gradientTolerance · max(1, |f|). Default 1e-8. */
  readonly gradientTolerance?: number;
  /** Stop when a step raises f by at most relativeTolerance · max(1, |f|). Default 1e-12. */
  readonly relativeTolerance?: number;
}

export interface MaximiseResult {
  /** The best point found: a copy of x0 when no step increased f. */
  readonly x: Float64Array;
  /** f(x), exactly as evaluated there; never below f(x0). */
  readonly value: number;
  /** f(x0) (−Infinity when it was NaN). */
  readonly start: number;
  /** Accepted steps. */
  readonly iterations: number;
  /** Calls of f. */
  readonly evaluations: number;
  /** value > start. */
  readonly improved: boolean;
}

const ARMIJO = 1e-4;
const MAX_HALVINGS = 40;

/**
 * Maximises f from x0 by L-BFGS (two-loop recursion on the curvature pairs of −f) with a backtracking Armijo
 * line search. Only steps that strictly increase f are taken, so the result is x0 itself (copied, with
 * improved = false) unless some point with a larger finite value was found. A non-finite f(x0) or ∇f(x0)
 * returns x0 at once.
 */
export function maximise(f: Objective, x0: Float64Array, options: MaximiseOptions = {}): MaximiseResult {
  const maxIterations = options.maxIterations ?? 20;
  const memory = Math.max(0, Math.floor(options.memory ?? 6));
  const gradientTolerance = options.gradientTolerance ?? 1e-8;
  const relativeTolerance = options.relativeTolerance ?? 1e-12;
  const n = x0.length;

  let evaluations = 0;
  const evaluate = (x: Float64Array, g: Float64Array): number => {
    evaluations++;
    const v = f(x, g);
    return Number.isNaN(v) ? -Infinity : v;
  };

  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let value = evaluate(x, g);
  const start = value;
  const done = (iterations: number): MaximiseResult => {
    // value only ever rises, so value > start exactly when some step was taken
    const improved = value > start;
    return {
      x: improved ? x : Float64Array.from(x0),
      value: improved ? value : start,
      start,
      iterations,
      evaluations,
      improved,
    };
  };
  if (!Number.isFinite(value) || !allFinite(g)) return done(0);

  // curvature pairs of −f: s = x⁺ − x, y = ∇(−f)(x⁺) − ∇(−f)(x) = g − g⁺, kept only when yᵀs > 0
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const rhos: number[] = [];
  const alphas = new Float64Array(memory);
  const d = new Float64Array(n);
  let xTrial = new Float64Array(n);
  let gTrial = new Float64Array(n);

  let iterations = 0;
  while (iterations < maxIterations) {
    if (normInf(g) <= gradientTolerance * Math.max(1, Math.abs(value))) break;

    direction(g, ss, ys, rhos, alphas, d);
    let slope = dot(g, d);
    if (!(slope > 0) || !allFinite(d)) {
      // not an ascent direction: the memory is misleading, so start again from steepest ascent
      ss.length = ys.length = rhos.length = 0;
      d.set(g);
      slope = dot(g, g);
    }

    // with no curvature information the gradient's scale is arbitrary: cap the first step at 1 in ∞-norm
    let t = ss.length === 0 ? Math.min(1, 1 / normInf(d)) : 1;
    let accepted = false;
    let trialValue = -Infinity;
    for (let h = 0; h <= MAX_HALVINGS; h++, t *= 0.5) {
      for (let i = 0; i < n; i++) xTrial[i] = x[i]! + t * d[i]!;
      trialValue = evaluate(xTrial, gTrial);
      // strict increase as well as Armijo: at tiny steps the Armijo bound rounds to f(x) itself
      if (Number.isFinite(trialValue) && trialValue > value && trialValue >= value + ARMIJO * t * slope) {
        accepted = true;
        break;
      }
    }
    if (!accepted) {
      if (ss.length === 0) break;
      ss.length = ys.length = rhos.length = 0;
      continue;
    }

    iterations++;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xTrial[i]! - x[i]!;
      y[i] = g[i]! - gTrial[i]!;
    }
    const previous = value;
    [x, xTrial] = [xTrial, x];
    [g, gTrial] = [gTrial, g];
    value = trialValue;

    // the point is better and kept, but with no usable gradient there is no next direction
    if (!allFinite(g)) break;
    const ys1 = dot(y, s);
    if (memory > 0 && ys1 > 0 && Number.isFinite(ys1)) {
      if (ss.length === memory) {
        ss.shift();
        ys.shift();
        rhos.shift();
      }
      ss.push(s);
      ys.push(y);
      rhos.push(1 / ys1);
    }
    if (value - previous <= relativeTolerance * Math.max(1, Math.abs(value))) break;
  }
  return done(iterations);
}

/** The two-loop recursion: d = H g with H the L-BFGS inverse-Hessian estimate of −f, scaled by sᵀy/yᵀy. */
function direction(
  g: Float64Array,
  ss: readonly Float64Array[],
  ys: readonly Float64Array[],
  rhos: readonly number[],
  alphas: Float64Array,
  d: Float64Array,
): void {
  d.set(g);
  const m = ss.length;
  if (m === 0) return;
  for (let k = m - 1; k >= 0; k--) {
    const a = rhos[k]! * dot(ss[k]!, d);
    alphas[k] = a;
    axpy(-a, ys[k]!, d);
  }
  const yLast = ys[m - 1]!;
  const gamma = 1 / (rhos[m - 1]! * dot(yLast, yLast));
  for (let i = 0; i < d.length; i++) d[i] = d[i]! * gamma;
  for (let k = 0; k < m; k++) {
    const b = rhos[k]! * dot(ys[k]!, d);
    axpy(alphas[k]! - b, ss[k]!, d);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + a * x[i]!;
}

function normInf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}
