// k-means++ seeding (Arthur & Vassilvitskii 2007) for mixture starts: one centre per state, each next
// centre a row drawn with probability proportional to its squared distance from the nearest chosen one.

import { type Rng, sampleCategorical } from "../random";

function distance2(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

/** One-hot responsibilities (rows × states): every row assigned to its nearest seeded centre. */
export function kmeansPlusPlus(
  rows: readonly Float64Array[],
  states: number,
  rng: Rng,
): Float64Array | undefined {
  if (rows.length < states || rows.some((r) => r.some(Number.isNaN))) return undefined;
  const centres = [rows[Math.floor(rng.double() * rows.length)]!];
  const nearest = rows.map((r) => distance2(r, centres[0]!));
  while (centres.length < states) {
    const spread = nearest.reduce((a, b) => a + b, 0);
    // All rows already on a centre (identical rows): any row will do.
    const next = rows[spread > 0 ? sampleCategorical(rng, nearest) : Math.floor(rng.double() * rows.length)]!;
    centres.push(next);
    rows.forEach((r, i) => {
      nearest[i] = Math.min(nearest[i]!, distance2(r, next));
    });
  }
  const gamma = new Float64Array(rows.length * states);
  rows.forEach((r, i) => {
    let best = 0;
    for (let k = 1; k < states; k++) if (distance2(r, centres[k]!) < distance2(r, centres[best]!)) best = k;
    gamma[i * states + best] = 1;
  });
  return gamma;
}
