// Nelder–Mead maximisation, for tests that compare a closed form with a numerical maximum of the same
// objective. Deliberately independent of everything it checks: no gradients, no shared code.

export interface Maximum {
  readonly x: number[];
  readonly value: number;
}

/** Maximises f from x0 (restarting the simplex until the best value stops improving). */
export function maximise(f: (x: number[]) => number, x0: number[], step = 0.5, tolerance = 1e-13): Maximum {
  let best: Maximum = { x: x0, value: f(x0) };
  for (let restart = 0; restart < 20; restart++) {
    const next = nelderMead(f, best.x, step, tolerance);
    const improved = next.value > best.value + tolerance * Math.max(1, Math.abs(best.value));
    best = next.value >= best.value ? next : best;
    if (!improved && restart > 0) break;
    step *= 0.5;
  }
  return best;
}

function nelderMead(f: (x: number[]) => number, x0: number[], step: number, tolerance: number): Maximum {
  const n = x0.length;
  const g = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? -v : Number.POSITIVE_INFINITY;
  };
  let simplex = [
    x0,
    ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step * Math.max(1, Math.abs(v)) : v))),
  ];
  let values = simplex.map(g);
  for (let it = 0; it < 20000 * n; it++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (Math.abs(values[n]! - values[0]!) <= tolerance * Math.max(1, Math.abs(values[0]!))) break;
    const centroid = x0.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p[j]!, 0) / n);
    const towards = (t: number) => centroid.map((c, j) => c + t * (simplex[n]![j]! - c));
    const reflected = towards(-1);
    const fr = g(reflected);
    if (fr < values[0]!) {
      const expanded = towards(-2);
      const fe = g(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = towards(fr < values[n]! ? -0.5 : 0.5);
      const fc = g(contracted);
      if (fc < Math.min(fr, values[n]!)) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        simplex = simplex.map((p) => p.map((v, j) => simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!)));
        values = simplex.map(g);
      }
    }
  }
  const i = values.indexOf(Math.min(...values));
  return { x: simplex[i]!, value: -values[i]! };
}
