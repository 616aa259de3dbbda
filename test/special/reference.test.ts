// src/special against reference values from mpmath at 60 digits (test/fixtures/special/make-reference.py).
// Each block states its tolerance and why; every tolerance is a bound on the worst case over all rows.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  digamma,
  erf,
  erfc,
  erfcx,
  gammaP,
  gammaQ,
  lgamma,
  log1mExp,
  log1pExp,
  logBeta,
  logFactorial,
  normalCdf,
  normalLogCcdf,
  normalLogCdf,
  normalQuantile,
  trigamma,
} from "../../src/special";

type Row = number[];
const reference = JSON.parse(
  readFileSync(new URL("../fixtures/special/reference.json", import.meta.url), "utf8"),
) as Record<string, Row[]>;

function rows(name: string): Row[] {
  const found = reference[name];
  if (found === undefined || found.length === 0) throw new Error(`reference.json has no rows for ${name}`);
  return found;
}

/** Relative error, 0 when both are equal (including ±0 and equal infinities). */
function relativeError(got: number, want: number): number {
  if (got === want) return 0;
  return Math.abs(got - want) / Math.abs(want);
}

interface Worst {
  readonly ratio: number;
  readonly row: Row;
  readonly got: number;
}

/**
 * Evaluates fn on every row (arguments, then the reference value last) and returns the row whose error is
 * the largest multiple of its allowed error; the test then asserts that multiple is ≤ 1, and a failure
 * prints the offending arguments.
 */
function worstCase(
  fn: (...args: number[]) => number,
  data: Row[],
  allowed: (got: number, row: Row) => number,
) {
  let worst: Worst = { ratio: 0, row: [], got: 0 };
  for (const row of data) {
    const args = row.slice(0, -1);
    const want = row[row.length - 1]!;
    const got = fn(...args);
    const error = got === want ? 0 : Math.abs(got - want);
    const ratio = Number.isNaN(got) ? Number.POSITIVE_INFINITY : error / allowed(want, row);
    if (ratio > worst.ratio) worst = { ratio, row, got };
  }
  return worst;
}

function expectWithin(worst: Worst): void {
  expect(worst.ratio, `worst row ${JSON.stringify(worst.row)} gave ${worst.got}`).toBeLessThanOrEqual(1);
}

/** Allowed error as a fraction of the reference value. */
const relative = (tolerance: number) => (want: number) => tolerance * Math.abs(want);
/** Relative where |value| ≥ 1, absolute below: for functions with zeros, where relative error is moot. */
const mixed = (tolerance: number) => (want: number) => tolerance * Math.max(1, Math.abs(want));

describe("log Γ", () => {
  // The brief asks for 1e−12 relative; the implementation achieves a few ulps (worst measured 3.4e−16), so
  // the test holds it to 1e−14 to catch regressions long before they matter.
  it("is accurate to 1e−14 relative for x > 0, from 5e−324 to 1e300", () => {
    expectWithin(worstCase(lgamma, rows("lgamma"), relative(1e-14)));
  });

  // log Γ vanishes at 1 and 2, so relative error is the demanding measure there and absolute error the
  // usual fallback. Both are checked: relative because the series about 2 makes it attainable, absolute
  // to show that no row near a zero has an error above 1e−16 (≈ half an ulp of 1).
  it("keeps relative and absolute accuracy next to its zeros at 1 and 2", () => {
    const nearZeros = rows("lgamma").filter(([x]) => Math.abs(x! - 1) < 0.5 || Math.abs(x! - 2) < 0.5);
    expect(nearZeros.length).toBeGreaterThan(40);
    expectWithin(worstCase(lgamma, nearZeros, relative(1e-14)));
    expectWithin(worstCase(lgamma, nearZeros, () => 1e-16));
  });

  // For x < 0 the reflection formula subtracts log Γ(1 − x) from log(π/|sin πx|), so only absolute accuracy
  // (relative to the size of the terms, ~max(1, |value|)) is promised; worst measured 2.8e−14 at a value
  // of −0.08.
  it("is accurate in absolute terms for x < 0 through the reflection formula", () => {
    expectWithin(worstCase(lgamma, rows("lgammaNegative"), mixed(1e-13)));
  });
});

describe("ψ (digamma) and ψ′ (trigamma)", () => {
  // Includes 24 arguments within 0.3 of the root x₀ ≈ 1.4616 (down to the double nearest x₀ and its
  // neighbours), where ψ is O(x − x₀): relative accuracy there needs the root-centred series.
  it("ψ is accurate to 1e−14 relative for x > 0, including next to its root", () => {
    expectWithin(worstCase(digamma, rows("digamma"), relative(1e-14)));
  });

  it("ψ is accurate in absolute terms for x < 0 (reflection formula)", () => {
    expectWithin(worstCase(digamma, rows("digammaNegative"), mixed(1e-13)));
  });

  // ψ′ > 0 for x > 0 and is a sum of positive terms in our evaluation, so relative accuracy is expected;
  // for x < 0 the reflection π²/sin²(πx) − ψ′(1 − x) may cancel, hence the mixed criterion.
  it("ψ′ is accurate to 1e−14 relative for x > 0 and in absolute terms for x < 0", () => {
    const all = rows("trigamma");
    expectWithin(
      worstCase(
        trigamma,
        all.filter(([x]) => x! > 0),
        relative(1e-14),
      ),
    );
    expectWithin(
      worstCase(
        trigamma,
        all.filter(([x]) => x! < 0),
        mixed(1e-13),
      ),
    );
  });
});

describe("log B and log n!", () => {
  // log B(a, b) crosses zero on the curve B(a, b) = 1 (e.g. a = b = 1), hence the mixed criterion. The rows
  // include arguments up to 1e300 where three log Γ values would cancel in ~300 digits.
  it("log B is accurate to 1e−14 (relative, or absolute below 1)", () => {
    expectWithin(worstCase(logBeta, rows("logBeta"), mixed(1e-14)));
  });

  it("log n! is accurate to 1e−15 relative (table to 170, log Γ beyond)", () => {
    expectWithin(worstCase(logFactorial, rows("logFactorial"), relative(1e-15)));
  });
});

describe("error functions", () => {
  // Cody's approximations have a maximal relative error below 1e−17 before rounding; evaluation adds a
  // few ulps (worst measured 4.4e−16), so 2e−15 relative allows ~9 ulps.
  it("erf, erfc and erfcx are accurate to 2e−15 relative", () => {
    expectWithin(worstCase(erf, rows("erf"), relative(2e-15)));
    expectWithin(worstCase(erfc, rows("erfc"), relative(2e-15)));
    expectWithin(worstCase(erfcx, rows("erfcx"), relative(2e-15)));
  });
});

describe("the normal distribution", () => {
  // Φ(z) down to z = −38.4 (Φ ≈ 1e−322, subnormal): the exp(−z²/2) split keeps full relative accuracy in the
  // tail. Subnormal results have fewer significant bits, so they are compared with an absolute 1e−323 floor.
  it("Φ is accurate to 2e−15 relative into the far lower tail", () => {
    expectWithin(worstCase(normalCdf, rows("normalCdf"), (want) => Math.max(2e-15 * Math.abs(want), 1e-323)));
  });

  // log Φ from z = −1e150 (value −5e299) to z = 40 (value −3.6e−350, which rounds to −0).
  it("log Φ and log(1 − Φ) are accurate to 2e−15 relative in both tails", () => {
    const data = rows("normalLogCdf");
    expectWithin(worstCase(normalLogCdf, data, relative(2e-15)));
    expectWithin(worstCase((z) => normalLogCcdf(-z), data, relative(2e-15)));
  });

  it("log Φ(±40) is finite and right: −804.608… and −0", () => {
    expect(normalLogCdf(-40)).toBeCloseTo(-804.6084420137538, 12);
    expect(normalLogCcdf(40)).toBe(normalLogCdf(-40));
    expect(normalLogCdf(40)).toBe(-0);
  });

  // AS 241 is designed for 1e−16 relative accuracy; 2e−15 allows for the rounding of its evaluation.
  // The rows go down to p = 1e−310 (subnormal) and up to p = 1 − 2⁻⁵³.
  it("Φ⁻¹ is accurate to 2e−15 relative", () => {
    expectWithin(worstCase(normalQuantile, rows("normalQuantile"), relative(2e-15)));
  });
});

describe("incomplete gamma", () => {
  // An error of ε in x is amplified by the condition number κ = |x ∂P/∂x / P| = xᵃe⁻ˣ / (Γ(a) P) (the same
  // for Q), so rounding x to a double already moves the true value by κε/2: κ ≈ |x − a| in the tails and
  // ≈ 0.8√a at x ≈ a. A tiny value is also exp of a sum of terms of size ~|log value| (a log x, x, log Γ(a)),
  // each rounded, which costs ~ε|log value| relative. The tolerance is 1e−14 + 4ε(κ + |log value|) relative.
  // Worst measured: 1.2e−13 at a = 1e5, x = 9e4 (allowed 9e−12); 4.3e−14 at a = 30, x = 1e−5 (value 4e−183,
  // allowed 4e−13); 5.5e−15 at a = x = 1e5 (allowed 2.3e−13), where the series and the continued fraction
  // each sum ~√a terms. Rows cover a from 1e−10 to 1e5 and both tails.
  const allowed = (want: number, row: Row) => {
    const [a, x] = row as [number, number];
    const kappa = Math.exp(a * Math.log(x) - x - lgamma(a)) / Math.abs(want);
    return Math.abs(want) * (1e-14 + 4 * Number.EPSILON * (kappa + Math.abs(Math.log(want))));
  };
  it("P(a, x) is accurate to 1e−14 + 4ε(κ + |log P|) relative", () => {
    expectWithin(worstCase(gammaP, rows("gammaP"), allowed));
  });
  it("Q(a, x) is accurate to 1e−14 + 4ε(κ + |log Q|) relative", () => {
    expectWithin(worstCase(gammaQ, rows("gammaQ"), allowed));
  });
});

describe("log-space helpers", () => {
  it("log1pExp and log1mExp are accurate to 1e−15 relative", () => {
    expectWithin(worstCase(log1pExp, rows("log1pExp"), relative(1e-15)));
    expectWithin(worstCase(log1mExp, rows("log1mExp"), relative(1e-15)));
  });
});

describe("the reference file", () => {
  it("was produced by the committed generator and covers every function", () => {
    expect(String(reference.source)).toContain("make-reference.py");
    for (const name of ["lgamma", "digamma", "trigamma", "logBeta", "normalQuantile", "gammaQ"]) {
      expect(rows(name).length).toBeGreaterThan(10);
    }
    expect(relativeError(1, 1)).toBe(0);
  });
});
