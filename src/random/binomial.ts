// Binomial variates: inversion when n·min(p, 1 − p) < 10, otherwise Hörmann's BTRD (transformed rejection
// with decomposition; "The generation of binomial random variates", J. Stat. Comput. Simul. 46, 1993).

import { lgammaCorrection } from "../special";
import { checkCount, checkProbability } from "./check-parameters";
import type { Rng } from "./rng";

/** BTRD is valid for n·p ≥ 10 (p ≤ ½); below that, inversion takes about n·p + 1 steps. */
const INVERSION_LIMIT = 10;

/**
 * A Binomial(n, p) variate: the number of successes in n independent trials with success probability p.
 * Exact in distribution up to double-precision rounding of the pmf. For p > ½ it returns
 * n − Binomial(n, 1 − p) (1 − p is exact there), so both samplers only see p ≤ ½.
 *
 * @example sampleBinomial(createRng(19), 100, 0.3) // 37
 */
export function sampleBinomial(rng: Rng, n: number, p: number): number {
  checkCount("sampleBinomial: n", n);
  checkProbability("sampleBinomial: p", p);
  if (p > 0.5) return n - sampleBinomial(rng, n, 1 - p);
  if (n === 0 || p === 0) return 0;
  return n * p < INVERSION_LIMIT ? binomialInversion(rng, n, p) : binomialBtrd(rng, n, p);
}

/**
 * Inversion by sequential search from 0 with p(x) = p(x − 1) · ((n + 1)/x − 1) · p/(1 − p). If U is not
 * exhausted when the pmf underflows or x passes n (rounding in the running subtraction), the draw restarts.
 */
function binomialInversion(rng: Rng, n: number, p: number): number {
  const s = p / (1 - p);
  const a = (n + 1) * s;
  const p0 = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let u = rng.double();
    let pmf = p0;
    let x = 0;
    while (u > pmf) {
      u -= pmf;
      x++;
      pmf *= a / x - s;
      if (x > n || pmf === 0) break;
    }
    if (u <= pmf && x <= n) return x;
  }
}

/**
 * The Stirling correction of log k!: log k! − [(k + ½) log(k + 1) − (k + 1) + ½ log 2π], which is the
 * correction of log Γ at k + 1.
 */
function fc(k: number): number {
  return lgammaCorrection(k + 1);
}

/** BTRD, steps 0–3.4 of Hörmann (1993), for p ≤ ½ and n·p ≥ 10. */
function binomialBtrd(rng: Rng, n: number, p: number): number {
  const m = Math.floor((n + 1) * p);
  const r = p / (1 - p);
  const nr = (n + 1) * r;
  const npq = n * p * (1 - p);
  const spq = Math.sqrt(npq);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const alpha = (2.83 + 5.1 / b) * spq;
  const vr = 0.92 - 4.2 / b;
  const urvr = 0.86 * vr;
  // Constants of step 3.3, needed only in the rare final test.
  const nm = n - m + 1;
  const h = (m + 0.5) * Math.log((m + 1) / (r * nm)) + fc(m) + fc(n - m);

  for (;;) {
    // Step 1: the quick-accept region, which holds 86% of the proposal's mass.
    let v = rng.double();
    let u: number;
    if (v <= urvr) {
      u = v / vr - 0.43;
      return Math.floor(((2 * a) / (0.5 - Math.abs(u)) + b) * u + c);
    }
    // Step 2: a fresh point of the hat outside that region.
    if (v >= vr) {
      u = rng.double() - 0.5;
    } else {
      u = v / vr - 0.93;
      u = Math.sign(u) * 0.5 - u;
      v = rng.double() * vr;
    }
    // Step 3.0.
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    v = (v * alpha) / (a / (us * us) + b);
    const km = Math.abs(k - m);
    if (km <= 15) {
      // Step 3.1: f(k)/f(m) by the recursion of the pmf ratios, for k close to the mode.
      let f = 1;
      if (m < k) {
        for (let i = m + 1; i <= k; i++) f *= nr / i - r;
      } else if (m > k) {
        for (let i = k + 1; i <= m; i++) v *= nr / i - r;
      }
      if (v <= f) return k;
      continue;
    }
    // Step 3.2: squeeze on log V with a normal-approximation bound.
    v = Math.log(v);
    const rho = (km / npq) * (((km / 3 + 0.625) * km + 1 / 6) / npq + 0.5);
    const t = (-km * km) / (2 * npq);
    if (v < t - rho) return k;
    if (v > t + rho) continue;
    // Steps 3.3–3.4: the exact test with Stirling-corrected log factorials.
    const nk = n - k + 1;
    if (v <= h + (n + 1) * Math.log(nm / nk) + (k + 0.5) * Math.log((nk * r) / (k + 1)) - fc(k) - fc(n - k)) {
      return k;
    }
  }
}
