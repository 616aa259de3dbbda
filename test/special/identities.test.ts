// src/special: special values, domain edges, and identities checked on random arguments (fast-check,
// fixed seeds); also runs every `@example` in the doc comments of src/special.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as special from "../../src/special";
import {
  cosPi,
  digamma,
  EULER_GAMMA,
  erf,
  erfc,
  erfcx,
  gammaP,
  gammaQ,
  lgamma,
  lgamma1p,
  lgammaCorrection,
  log1mExp,
  log1pExp,
  logAddExp,
  logBeta,
  logFactorial,
  logSumExp,
  normalCcdf,
  normalCdf,
  normalLogCdf,
  normalQuantile,
  sinPi,
  trigamma,
} from "../../src/special";
import { collectDocExamples, evaluateDocExample } from "../support/doc-examples";

const SEED = 20240601;
const positive = fc.double({ min: 1e-3, max: 1e4, noNaN: true });

function closeTo(got: number, want: number, relative: number, absolute = 0): boolean {
  return Math.abs(got - want) <= Math.max(relative * Math.abs(want), absolute);
}

describe("special values and domains", () => {
  it("log Γ is exactly 0 at 1 and 2, +∞ at the poles, and propagates NaN", () => {
    expect(lgamma(1)).toBe(0);
    expect(lgamma(2)).toBe(0);
    for (const pole of [0, -0, -1, -2, -1e20]) expect(lgamma(pole)).toBe(Number.POSITIVE_INFINITY);
    expect(lgamma(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(lgamma(Number.NaN)).toBeNaN();
    expect(lgamma(3)).toBeCloseTo(Math.log(2), 15);
  });

  it("log Γ(1 + x) keeps relative accuracy for tiny x where 1 + x rounds", () => {
    expect(lgamma1p(1e-20)).toBeCloseTo(-EULER_GAMMA * 1e-20, 35);
    expect(lgamma1p(0)).toBe(0);
    expect(lgamma1p(2.5)).toBe(lgamma(3.5));
  });

  it("the Stirling correction is continuous across its switch at 10 and ≈ 1/(12x)", () => {
    const below = lgammaCorrection(10 - 1e-12);
    const above = lgammaCorrection(10);
    expect(Math.abs(below - above)).toBeLessThan(1e-14);
    expect(lgammaCorrection(1e8)).toBeCloseTo(1 / 12e8, 22);
    expect(lgammaCorrection(0)).toBeNaN();
  });

  it("ψ and ψ′ at their poles and at known points", () => {
    expect(digamma(0)).toBeNaN();
    expect(digamma(-3)).toBeNaN();
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 15);
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.LN2, 15);
    expect(trigamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(trigamma(0.5)).toBeCloseTo((Math.PI * Math.PI) / 2, 14);
    expect(trigamma(Number.POSITIVE_INFINITY)).toBe(0);
  });

  it("log B and log n! at the edges of their domains", () => {
    expect(logBeta(1, 1)).toBe(0);
    expect(logBeta(0, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(logBeta(2, Number.POSITIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(logBeta(-1, 2)).toBeNaN();
    expect(logBeta(3, 7)).toBe(logBeta(7, 3));
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(1)).toBe(0);
    expect(logFactorial(-1)).toBeNaN();
    expect(logFactorial(171)).toBeCloseTo(lgamma(172), 12);
  });

  it("error functions at 0, ±∞ and NaN", () => {
    expect(erf(0)).toBe(0);
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erfc(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfc(Number.NEGATIVE_INFINITY)).toBe(2);
    expect(erfcx(Number.POSITIVE_INFINITY)).toBe(0);
    expect(erfcx(-30)).toBe(Number.POSITIVE_INFINITY);
    for (const f of [erf, erfc, erfcx]) expect(f(Number.NaN)).toBeNaN();
  });

  it("the normal functions at ±∞, far tails and p ∈ {0, ½, 1}", () => {
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalLogCdf(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalLogCdf(Number.POSITIVE_INFINITY)).toBe(-0);
    expect(Number.isFinite(normalLogCdf(-1e10))).toBe(true);
    expect(normalLogCdf(-1e10)).toBeCloseTo(-5e19, 0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(0.5)).toBe(0);
    for (const p of [-0.1, 1.1, Number.NaN]) expect(normalQuantile(p)).toBeNaN();
  });

  it("incomplete gamma at its edges", () => {
    expect(gammaP(2, 0)).toBe(0);
    expect(gammaQ(2, 0)).toBe(1);
    expect(gammaP(2, Number.POSITIVE_INFINITY)).toBe(1);
    expect(gammaQ(0, 3)).toBe(0);
    expect(gammaP(-1, 3)).toBeNaN();
    expect(gammaQ(1, 5)).toBeCloseTo(Math.exp(-5), 17);
    // Chi-square with 2 degrees of freedom: survival exp(−x/2).
    expect(gammaQ(1, 40 / 2)).toBeCloseTo(Math.exp(-20), 23);
  });

  it("sin(πx) and cos(πx) vanish exactly at (half-)integers and keep relative accuracy near them", () => {
    expect(sinPi(3)).toBe(0);
    expect(cosPi(2.5)).toBe(0);
    expect(sinPi(1 + 2 ** -40) / (-Math.PI * 2 ** -40)).toBeCloseTo(1, 14);
    expect(cosPi(0.5 + 2 ** -40) / (-Math.PI * 2 ** -40)).toBeCloseTo(1, 14);
    expect(sinPi(Number.POSITIVE_INFINITY)).toBeNaN();
  });
});

describe("log-space arithmetic", () => {
  it("logSumExp handles empty ranges, infinities, NaN and subranges", () => {
    const x = new Float64Array([Number.NEGATIVE_INFINITY, 1, 2, 3, Number.NaN]);
    expect(logSumExp(new Float64Array(0))).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp(x, 0, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp(x, 2, 2)).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp(x, 1, 2)).toBe(1);
    expect(logSumExp(x, 0, 4)).toBeCloseTo(Math.log(Math.E + Math.E ** 2 + Math.E ** 3), 14);
    expect(logSumExp(x)).toBeNaN();
    expect(logSumExp(new Float64Array([1, Number.POSITIVE_INFINITY]))).toBe(Number.POSITIVE_INFINITY);
  });

  it("logSumExp does not overflow or underflow and resolves a dominant term", () => {
    expect(logSumExp(new Float64Array([1000, 1000]))).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp(new Float64Array([-1000, -1000]))).toBeCloseTo(-1000 + Math.LN2, 12);
    // 0 + log(1 + e^−40): the naive log(1 + 4e−18) would round to 0.
    expect(logSumExp(new Float64Array([0, -40]))).toBe(Math.exp(-40));
  });

  it("logSumExp agrees with the direct formula on moderate random vectors", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (v) => {
          const direct = Math.log(v.reduce((sum, value) => sum + Math.exp(value), 0));
          return closeTo(logSumExp(Float64Array.from(v)), direct, 1e-14, 1e-14);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("logAddExp is symmetric, has −∞ as identity, and matches logSumExp", () => {
    expect(logAddExp(Number.NEGATIVE_INFINITY, 3)).toBe(3);
    expect(logAddExp(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    expect(logAddExp(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(logAddExp(Number.NaN, 0)).toBeNaN();
    fc.assert(
      fc.property(
        fc.double({ min: -800, max: 800, noNaN: true }),
        fc.double({ min: -800, max: 800, noNaN: true }),
        (a, b) => {
          const ab = logAddExp(a, b);
          return ab === logAddExp(b, a) && closeTo(ab, logSumExp(new Float64Array([a, b])), 1e-15, 1e-15);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("log1pExp and log1mExp at their edges", () => {
    expect(log1pExp(-800)).toBe(Math.exp(-800));
    expect(log1pExp(800)).toBe(800);
    expect(log1mExp(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log1mExp(1e-3)).toBeNaN();
    expect(log1mExp(-1e-20)).toBeCloseTo(Math.log(1e-20), 13);
  });
});

describe("identities on random arguments", () => {
  it("log Γ(x + 1) = log Γ(x) + log x", () => {
    fc.assert(
      fc.property(positive, (x) => closeTo(lgamma(x + 1), lgamma(x) + Math.log(x), 1e-14, 1e-14)),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("ψ(x + 1) = ψ(x) + 1/x and ψ′(x) = ψ′(x + 1) + 1/x²", () => {
    fc.assert(
      fc.property(positive, (x) => {
        // The sum cancels for small x (ψ(x) ≈ −1/x), so the allowed error scales with its terms.
        const psiOk = closeTo(digamma(x + 1), digamma(x) + 1 / x, 0, 1e-14 * (Math.abs(digamma(x)) + 1 / x));
        const triOk = closeTo(trigamma(x), trigamma(x + 1) + 1 / (x * x), 1e-14, 0);
        return psiOk && triOk;
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("ψ′ is the derivative of ψ and ψ the derivative of log Γ (central differences)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 100, noNaN: true }), (x) => {
        const h = 1e-5 * x;
        const dLgamma = (lgamma(x + h) - lgamma(x - h)) / (2 * h);
        const dDigamma = (digamma(x + h) - digamma(x - h)) / (2 * h);
        // Central differences are exact to O(h²) plus rounding ε·|f|/h: 1e−8 relative covers both.
        return closeTo(dLgamma, digamma(x), 1e-7, 1e-7) && closeTo(dDigamma, trigamma(x), 1e-7, 1e-7);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) where that sum does not cancel", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 30, noNaN: true }),
        fc.double({ min: 0.01, max: 30, noNaN: true }),
        (a, b) => closeTo(logBeta(a, b), lgamma(a) + lgamma(b) - lgamma(a + b), 1e-13, 1e-13),
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("erf is odd, erfc(x) + erfc(−x) = 2, and erfcx(x) = exp(x²) erfc(x)", () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (x) => {
        return (
          erf(-x) === -erf(x) &&
          closeTo(erfc(x) + erfc(-x), 2, 1e-15) &&
          closeTo(erfcx(x), Math.exp(x * x) * erfc(x), 1e-13)
        );
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("Φ(z) + Φ(−z) = 1 and Φ(Φ⁻¹(p)) = p", () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (z) =>
        closeTo(normalCdf(z) + normalCcdf(z), 1, 1e-15),
      ),
      { seed: SEED, numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1, noNaN: true, maxExcluded: true }), (p) => {
        // dΦ/dz = φ(z), so an ulp-level error in z moves Φ by ~ε|z|φ(z) ≤ ε|z|·Φ(z)·(|z| + 1) relative.
        const z = normalQuantile(p);
        const tolerance = 1e-15 * (1 + z * z);
        return p > 0.5
          ? closeTo(normalCcdf(z), 1 - p, tolerance / (1 - p), 1e-16)
          : closeTo(normalCdf(z), p, tolerance);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("P(a, x) + Q(a, x) = 1 and Q(k, x) is the Poisson tail for integer k", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-3, max: 2e3, noNaN: true }),
        (a, x) => closeTo(gammaP(a, x) + gammaQ(a, x), 1, 1e-14),
      ),
      { seed: SEED, numRuns: 300 },
    );
    // Q(k, λ) = P(N < k) for N ~ Poisson(λ): Σ_{j<k} e^−λ λ^j / j!.
    for (const [k, lambda] of [
      [1, 0.5],
      [5, 3],
      [12, 20],
      [40, 30],
    ] as const) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Math.exp(-lambda + j * Math.log(lambda) - logFactorial(j));
      expect(gammaQ(k, lambda)).toBeCloseTo(sum, 14);
    }
  });

  it("reflection: Γ(x)Γ(1 − x) = π/|sin πx| and ψ(1 − x) − ψ(x) = π cot πx", () => {
    fc.assert(
      fc.property(fc.double({ min: -20, max: 20, noNaN: true }), (x) => {
        if (Math.abs(x - Math.round(x)) < 1e-6) return true; // next to a pole both sides exceed 1e6
        const lhs = lgamma(x) + lgamma(1 - x);
        const rhs = Math.log(Math.PI / Math.abs(sinPi(x)));
        const psi = digamma(1 - x) - digamma(x);
        const cot = (Math.PI * cosPi(x)) / sinPi(x);
        const scale = Math.abs(digamma(1 - x)) + Math.abs(digamma(x));
        return closeTo(lhs, rhs, 1e-13, 1e-13) && closeTo(psi, cot, 0, 1e-13 * scale);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("doc-comment examples", () => {
  const examples = collectDocExamples(new URL("../../src/special", import.meta.url).pathname);
  it("every exported function of src/special has at least one example", () => {
    const covered = new Set(examples.map((example) => /^([A-Za-z0-9]+)\(/.exec(example.expression)?.[1]));
    const functions = Object.entries(special).filter(([, value]) => typeof value === "function");
    for (const [name] of functions) expect(covered, `no @example for ${name}`).toContain(name);
  });
  it.each(
    examples.map((example) => [`${example.file}:${example.line} ${example.expression}`, example] as const),
  )("%s", (_, example) => {
    const got = evaluateDocExample(example, special);
    expect(closeTo(got, example.expected, 1e-15, 1e-300), `got ${got}`).toBe(true);
  });
});
