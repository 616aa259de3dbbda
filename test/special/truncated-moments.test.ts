// Truncated and censored moments against mpmath at 120+ digits (fixtures/special/make-truncated-reference.py):
// relative error ≤ 1e−12 on every row, also 1e3–1e10 standard deviations out and intervals 1e−12 wide.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type CensorSide,
  censoredExponentialLogProb,
  censoredExponentialMoments,
  censoredLogNormalLogMoments,
  censoredLogNormalLogProb,
  censoredNormalLogProb,
  censoredNormalMoments,
  type TruncatedMoments,
  truncatedNormalMoments,
} from "../../src/special";

type Cell = number | "inf" | "-inf";
const reference = JSON.parse(
  readFileSync(new URL("../fixtures/special/truncated-reference.json", import.meta.url), "utf8"),
) as Record<"normal" | "lognormal" | "exponential", Cell[][]>;

const num = (c: Cell): number =>
  c === "inf" ? Number.POSITIVE_INFINITY : c === "-inf" ? Number.NEGATIVE_INFINITY : c;
const rows = (name: keyof typeof reference): number[][] => reference[name].map((r) => r.map(num));
const sideOf = (s: number): CensorSide => (s === 1 ? "right" : "left");

const TOLERANCE = 1e-12;

/**
 * Error of each moment in units of TOLERANCE × its scale. logMass, variance and E[y²] are compared relative
 * to themselves (logMass absolutely when |logMass| < 1: log1p-sized values are well conditioned in absolute
 * terms only). The mean is compared relative to max(|mean|, sd): a mean of a symmetric interval is 0, and
 * there the spread is the scale that matters.
 */
function ratios(got: TruncatedMoments, want: readonly number[]): number[] {
  const [logMass, mean, variance, second] = want as [number, number, number, number];
  const err = (g: number, w: number, scale: number) => (g === w ? 0 : Math.abs(g - w) / (TOLERANCE * scale));
  return [
    err(got.logMass, logMass, Math.max(1, Math.abs(logMass))),
    err(got.mean, mean, Math.max(Math.abs(mean), Math.sqrt(variance))),
    err(got.variance, variance, variance),
    err(got.secondMoment, second, second),
  ];
}

/** The worst ratio per moment over all rows, with the rows that gave them, for the failure message. */
function worst(cases: { args: number[]; got: TruncatedMoments; want: number[] }[]) {
  const names = ["logMass", "mean", "variance", "secondMoment"];
  const out = names.map((name) => ({ name, ratio: 0, args: [] as number[] }));
  for (const c of cases) {
    ratios(c.got, c.want).forEach((r, i) => {
      const slot = out[i]!;
      if (!(r <= slot.ratio)) Object.assign(slot, { ratio: Number.isNaN(r) ? Infinity : r, args: c.args });
    });
  }
  return out;
}

function expectAllWithin(cases: { args: number[]; got: TruncatedMoments; want: number[] }[]): void {
  expect(cases.length).toBeGreaterThan(20);
  for (const w of worst(cases)) {
    expect(w.ratio, `${w.name}: worst at ${JSON.stringify(w.args)}`).toBeLessThanOrEqual(1);
  }
}

describe("truncatedNormalMoments", () => {
  const cases = rows("normal").map((r) => {
    const [mu, sigma, lower, upper] = r as [number, number, number, number];
    return { args: r.slice(0, 4), got: truncatedNormalMoments(mu, sigma, lower, upper), want: r.slice(4) };
  });

  it("matches mpmath to 1e−12 relative on every interval (one-sided, two-sided, far tails, narrow)", () => {
    expectAllWithin(cases);
  });

  it("covers truncation 10, 40, 1e3 and 1e10 standard deviations out, both sides, one- and two-sided", () => {
    const far = cases.filter((c) => Math.min(Math.abs(c.args[2]!), Math.abs(c.args[3]!)) >= 10);
    expect(far.length).toBeGreaterThan(60);
    expect(far.some((c) => c.args[2] === 1e10 && c.args[3] === Number.POSITIVE_INFINITY)).toBe(true);
    expect(far.some((c) => c.args[3] === -1e3 && c.args[2] === -(1e3 + 1e-8))).toBe(true);
  });

  it("log-mass of the far upper tail is the log-CCDF, with no underflow", () => {
    const m = truncatedNormalMoments(0, 1, 40, Number.POSITIVE_INFINITY);
    expect(m.logMass).toBeCloseTo(-804.6084420137538, 12);
    expect(m.variance).toBeGreaterThan(0);
  });

  it("degenerate and invalid inputs", () => {
    expect(truncatedNormalMoments(0, 1, 2, 2)).toEqual({
      logMass: Number.NEGATIVE_INFINITY,
      mean: 2,
      variance: 0,
      secondMoment: 4,
    });
    expect(truncatedNormalMoments(0, 1, 3, 2).mean).toBeNaN();
    expect(truncatedNormalMoments(0, 0, 0, 1).mean).toBeNaN();
    expect(truncatedNormalMoments(0, -1, 0, 1).logMass).toBeNaN();
    expect(truncatedNormalMoments(Number.NaN, 1, 0, 1).variance).toBeNaN();
    expect(truncatedNormalMoments(0, 1, Number.NaN, 1).variance).toBeNaN();
  });

  it("is exact for the whole line", () => {
    expect(truncatedNormalMoments(3, 2, -Infinity, Infinity)).toEqual({
      logMass: 0,
      mean: 3,
      variance: 4,
      secondMoment: 13,
    });
  });
});

describe("censored Normal", () => {
  it("is the one-sided truncation, and its log-probability the log-CDF/CCDF", () => {
    const right = censoredNormalMoments(1, 2, 5, "right");
    expect(right).toEqual(truncatedNormalMoments(1, 2, 5, Number.POSITIVE_INFINITY));
    expect(censoredNormalMoments(1, 2, 5, "left")).toEqual(truncatedNormalMoments(1, 2, -Infinity, 5));
    expect(censoredNormalLogProb(1, 2, 5, "right")).toBe(right.logMass);
    expect(censoredNormalLogProb(0, 1, -40, "left")).toBeCloseTo(-804.6084420137538, 12);
    expect(censoredNormalLogProb(0, 0, 1, "left")).toBeNaN();
  });
});

describe("censored LogNormal (moments of log y)", () => {
  const cases = rows("lognormal").map((r) => {
    const [mu, sigma, c, side] = r as [number, number, number, number];
    return {
      args: r.slice(0, 4),
      got: censoredLogNormalLogMoments(mu, sigma, c, sideOf(side)),
      want: r.slice(4),
    };
  });

  it("matches mpmath to 1e−12 relative", () => {
    expectAllWithin(cases);
  });

  it("log-probability agrees with the moments' logMass", () => {
    for (const c of cases) {
      const [mu, sigma, cut, side] = c.args as [number, number, number, number];
      expect(censoredLogNormalLogProb(mu, sigma, cut, sideOf(side))).toBe(c.got.logMass);
    }
  });

  it("c ≤ 0: right censoring is uninformative, left censoring impossible", () => {
    expect(censoredLogNormalLogMoments(1, 2, 0, "right")).toEqual({
      logMass: 0,
      mean: 1,
      variance: 4,
      secondMoment: 5,
    });
    expect(censoredLogNormalLogMoments(1, 2, -1, "left").logMass).toBe(Number.NEGATIVE_INFINITY);
    expect(censoredLogNormalLogMoments(1, 2, -1, "left").mean).toBeNaN();
    expect(censoredLogNormalLogProb(1, 2, 0, "right")).toBe(0);
    expect(censoredLogNormalLogProb(1, 2, 0, "left")).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe("censored Exponential", () => {
  const cases = rows("exponential").map((r) => {
    const [rate, c, side] = r as [number, number, number];
    return { args: r.slice(0, 3), got: censoredExponentialMoments(rate, c, sideOf(side)), want: r.slice(3) };
  });

  it("matches mpmath to 1e−12 relative, rate·c from 1e−12 to 1e4", () => {
    expectAllWithin(cases);
  });

  it("log-probability agrees with the moments' logMass", () => {
    for (const c of cases) {
      const [rate, cut, side] = c.args as [number, number, number];
      const got = censoredExponentialLogProb(rate, cut, sideOf(side));
      expect(Math.abs(got - c.got.logMass)).toBeLessThanOrEqual(1e-15 * Math.abs(c.got.logMass));
    }
  });

  it("c ≤ 0 and invalid rates", () => {
    expect(censoredExponentialMoments(2, -1, "right")).toEqual({
      logMass: -0,
      mean: 0.5,
      variance: 0.25,
      secondMoment: 0.5,
    });
    expect(censoredExponentialMoments(2, 0, "left").logMass).toBe(Number.NEGATIVE_INFINITY);
    expect(censoredExponentialLogProb(2, 0, "left")).toBe(Number.NEGATIVE_INFINITY);
    expect(censoredExponentialMoments(0, 1, "right").mean).toBeNaN();
    expect(censoredExponentialLogProb(-1, 1, "right")).toBeNaN();
  });
});
