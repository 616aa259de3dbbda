// Structural questions the planners ask of an expression: does it depend on a symbol, and is it affine in
// it? Affinity is decided numerically — f at the midpoint of two points equals the mean of f there, at
// several well-spread points — which holds exactly for affine f and fails for any other analytic f.

import * as S from "../symbolic";

/** Concrete stand-ins for symbolic sizes, small enough to be cheap, distinct to catch mix-ups. */
export const TRIAL_SIZES = [3, 4, 5, 6, 7, 8, 9];

function concreteSizes(e: S.Expr): Record<string, number> {
  const sizes: Record<string, number> = {};
  let next = 0;
  for (const s of S.freeSymbols(e)) {
    for (const d of S.dimsOf(s.shape)) {
      if (typeof d === "string" && !(d in sizes)) sizes[d] = TRIAL_SIZES[next++ % TRIAL_SIZES.length]!;
    }
  }
  return sizes;
}

/**
 * Points spread over (−2, 2) without a random generator: the golden-ratio sequence, deterministic and
 * free of the rational relations that could make a non-affine function pass by accident.
 */
class Points {
  private k = 0;
  next(): number {
    this.k++;
    return 4 * ((this.k * 0.6180339887498949 + 0.1234567) % 1) - 2;
  }
}

function randomValue(s: S.SymbolExpr, sizes: Record<string, number>, rng: Points): number | Float64Array {
  const [r, c] = S.dimsOf(s.shape).map((d) => (typeof d === "number" ? d : sizes[d]!)) as [number, number];
  const draw = () => {
    const z = rng.next();
    if (s.domain === "positive") return Math.exp(z / 2);
    if (s.domain === "prob") return 1 / (1 + Math.exp(-z));
    if (s.domain === "nonnegative") return Math.abs(z);
    if (s.domain === "integer") return 1 + Math.floor(Math.abs(z) * 1.4);
    return z;
  };
  if (S.isScalar(s.shape)) return draw();
  const out = Float64Array.from({ length: r * c }, draw);
  if (s.shape.kind === "matrix" && r === c) {
    // Square matrices get a positive definite value, so inv and logdet are defined.
    const spd = new Float64Array(r * r);
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++)
        for (let k = 0; k < r; k++) spd[i * r + j]! += out[i * r + k]! * out[j * r + k]!;
    for (let i = 0; i < r; i++) spd[i * r + i]! += r;
    return spd;
  }
  return out;
}

function toArray(v: S.Value): Float64Array {
  return typeof v === "number" ? Float64Array.of(v) : v;
}

/**
 * Whether a comparison reads `u`: a step function, which the midpoint test cannot see — 1{g = 2} is 0 at
 * almost every real point, and at points of a positive domain may never meet its step.
 */
function comparesOn(e: S.Expr, u: S.SymbolExpr): boolean {
  // Arguments come before the nodes that read them, so one pass marks every node that reads u.
  const reads = new Set<S.Expr>();
  for (const node of S.topologicalOrder(e)) {
    const here = node.kind === "symbol" ? node.name === u.name : node.args.some((a) => reads.has(a));
    if (!here) continue;
    if (node.kind === "compare") return true;
    reads.add(node);
  }
  return false;
}

/** Whether `e` is affine in the symbol `u` (and defined at random points of its other symbols). */
export function isAffineIn(e: S.Expr, u: S.SymbolExpr, trials = 3): boolean {
  if (!S.dependsOn(e, u)) return true;
  if (comparesOn(e, u)) return false;
  const sizes = concreteSizes(e);
  const rng = new Points();
  const others = S.freeSymbols(e).filter((s) => s.name !== u.name);
  for (let t = 0; t < trials; t++) {
    const env: Record<string, S.Value> = {};
    for (const s of others) env[s.name] = randomValue(s, sizes, rng);
    const a = toArray(randomValue(u, sizes, rng));
    const b = toArray(randomValue(u, sizes, rng));
    const mid = a.map((x, i) => (x + b[i]!) / 2);
    const at = (v: Float64Array) =>
      toArray(S.evaluate(e, { ...env, [u.name]: S.isScalar(u.shape) ? v[0]! : v }, { sizes }));
    const fa = at(a);
    const fb = at(b);
    const fm = at(mid);
    for (let i = 0; i < fm.length; i++) {
      const want = (fa[i]! + fb[i]!) / 2;
      const scale = Math.max(1, Math.abs(fa[i]!), Math.abs(fb[i]!));
      if (!(Math.abs(fm[i]! - want) <= 1e-9 * scale)) return false;
    }
  }
  return true;
}

/**
 * Whether `e` is affine in several symbols jointly: affine along random lines θᵢ = cᵢ + t·dᵢ through them
 * (β₁·β₂ is affine in each alone, not jointly). A continuous function affine on every line is affine.
 */
export function isJointlyAffineIn(e: S.Expr, symbols: readonly S.SymbolExpr[]): boolean {
  if (symbols.length === 1) return isAffineIn(e, symbols[0]!);
  const t = S.symbol("⟨line⟩t", S.SCALAR);
  const line = new Map<string, S.Expr>();
  symbols.forEach((s, i) => {
    const c = S.symbol(`⟨line⟩c${i}`, s.shape);
    const d = S.symbol(`⟨line⟩d${i}`, s.shape);
    line.set(s.name, S.add(c, S.mul(t, d)));
  });
  return isAffineIn(S.substitute(e, line), t);
}

/** Whether `e` reads none of these symbols. */
export function independentOf(e: S.Expr, symbols: readonly S.SymbolExpr[]): boolean {
  return symbols.length === 0 || !S.dependsOn(e, symbols);
}
