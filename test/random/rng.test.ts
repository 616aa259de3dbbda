// The generator and seeds: determinism, the open interval of double(), unbiased integers, and derived
// seeds that are stable, distinct and give uncorrelated streams. Also runs src/random's @example lines.

import { describe, expect, it } from "vitest";
import * as random from "../../src/random";
import {
  AliasTable,
  createRng,
  deriveSeed,
  fillStandardNormal,
  type Rng,
  sampleBeta,
  sampleBinomial,
  sampleCategorical,
  sampleDirichlet,
  sampleExponential,
  sampleGamma,
  sampleInverseWishart,
  sampleMvNormal,
  samplePoisson,
  sampleStandardNormal,
  sampleStudentT,
  sampleWishart,
  uniformInt,
} from "../../src/random";
import { collectDocExamples, evaluateDocExample } from "../support/doc-examples";
import { chiSquareTest, countValues, expectGoodFit, expectMoments } from "./statistics";

function take(rng: Rng, n: number, draw: (rng: Rng) => number): number[] {
  return Array.from({ length: n }, () => draw(rng));
}

describe("createRng", () => {
  it("gives the same stream for the same seed, and a number seeds like its decimal string", () => {
    expect(take(createRng(42), 1000, (r) => r.double())).toEqual(
      take(createRng(42), 1000, (r) => r.double()),
    );
    expect(take(createRng("run-7"), 200, (r) => r.uint32())).toEqual(
      take(createRng("run-7"), 200, (r) => r.uint32()),
    );
    expect(take(createRng(42), 50, (r) => r.double())).toEqual(take(createRng("42"), 50, (r) => r.double()));
  });

  it("gives different streams for different seeds", () => {
    const a = take(createRng(1), 100, (r) => r.uint32());
    const b = take(createRng(2), 100, (r) => r.uint32());
    expect(a.filter((v, i) => v === b[i]).length).toBeLessThan(3);
  });

  it("double() lies in the open interval (0, 1) and is uniform", () => {
    const rng = createRng(3);
    const draws = new Float64Array(200_000);
    let outside = 0;
    for (let i = 0; i < draws.length; i++) {
      const u = rng.double();
      if (!(u > 0 && u < 1)) outside++;
      draws[i] = u;
    }
    expect(outside).toBe(0);
    // Uniform(0, 1): mean ½, variance 1/12, fourth central moment 1/80.
    expectMoments(draws, { mean: 0.5, variance: 1 / 12, fourthCentral: 1 / 80 }, "double()");
    const counts = new Float64Array(100);
    for (const u of draws) counts[Math.floor(u * 100)]! += 1;
    expectGoodFit(chiSquareTest(counts, new Float64Array(100).fill(0.01)), "double() in 100 bins");
  });

  it("uint32() covers [0, 2³²) uniformly", () => {
    const rng = createRng(4);
    const draws = new Float64Array(100_000);
    let invalid = 0;
    for (let i = 0; i < draws.length; i++) {
      const v = rng.uint32();
      if (!(Number.isInteger(v) && v >= 0 && v < 2 ** 32)) invalid++;
      draws[i] = v / 2 ** 32;
    }
    expect(invalid).toBe(0);
    expectMoments(draws, { mean: 0.5 - 2 ** -33, variance: 1 / 12, fourthCentral: 1 / 80 }, "uint32()");
  });

  it("rejects non-finite numeric seeds", () => {
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
    expect(() => createRng(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("uniformInt", () => {
  it("is unbiased for a small n and exact at the edges n = 1 and n = 2³²", () => {
    const rng = createRng(5);
    const draws = take(rng, 60_000, (r) => uniformInt(r, 6));
    expectGoodFit(chiSquareTest(countValues(draws, 6), new Float64Array(6).fill(1 / 6)), "uniformInt(6)", 6);
    expect(uniformInt(rng, 1)).toBe(0);
    const big = uniformInt(rng, 2 ** 32);
    expect(big >= 0 && big < 2 ** 32).toBe(true);
    expect(() => uniformInt(rng, 0)).toThrow(RangeError);
    expect(() => uniformInt(rng, 2.5)).toThrow(RangeError);
  });

  // n = 3·2³⁰ is where Math.floor(u·n) on 32-bit u would favour the low third 2:1; rejection must not.
  it("has no modulo bias for n close to 2³²", () => {
    const rng = createRng(6);
    const n = 3 * 2 ** 30;
    const thirds = new Float64Array(3);
    for (let i = 0; i < 30_000; i++) thirds[Math.floor((uniformInt(rng, n) / n) * 3)]! += 1;
    expectGoodFit(chiSquareTest(thirds, [1 / 3, 1 / 3, 1 / 3]), "uniformInt(3·2³⁰) by thirds", 3);
  });
});

describe("deriveSeed", () => {
  // The hash is part of the reproducibility contract (documented in derive-seed.ts): these values must
  // never change, or a restart printed by an old run could no longer be reproduced.
  it("is stable: pinned values", () => {
    expect(deriveSeed(42, 0)).toBe(8538537164931154);
    expect(deriveSeed(42, 1)).toBe(deriveSeed("42", 1));
    expect(deriveSeed("seed", 3, 7)).toBe(deriveSeed("seed", 3, 7));
  });

  it("gives distinct integer seeds in [0, 2⁵³) for distinct paths", () => {
    const seen = new Set<number>();
    for (let r = 0; r < 5000; r++) {
      for (const seed of [42, "42x"]) {
        const s = deriveSeed(seed, r);
        if (!(Number.isSafeInteger(s) && s >= 0)) throw new Error(`deriveSeed(${seed}, ${r}) = ${s}`);
        seen.add(s);
      }
      seen.add(deriveSeed(42, 0, r));
    }
    expect(seen.size).toBe(15_000);
    expect(deriveSeed(42)).not.toBe(deriveSeed(42, 0));
    expect(deriveSeed("1", 2)).not.toBe(deriveSeed("12"));
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(1, 23));
    expect(deriveSeed(0, 0)).not.toBe(deriveSeed(0, 0, 0));
  });

  it("rejects path elements that are not non-negative integers", () => {
    expect(() => deriveSeed(1, -1)).toThrow(RangeError);
    expect(() => deriveSeed(1, 0.5)).toThrow(RangeError);
    expect(() => deriveSeed(Number.NaN, 1)).toThrow(RangeError);
  });

  it("gives uncorrelated streams for neighbouring restarts", () => {
    // For independent uniforms the sample correlation of N pairs has standard error 1/√N.
    const n = 20_000;
    const a = createRng(deriveSeed(7, 0));
    const b = createRng(deriveSeed(7, 1));
    let sab = 0;
    for (let i = 0; i < n; i++) sab += (a.double() - 0.5) * (b.double() - 0.5);
    const correlation = sab / n / (1 / 12);
    expect(Math.abs(correlation)).toBeLessThan(5 / Math.sqrt(n));
  });
});

describe("reproducibility of every sampler", () => {
  const samplers: Record<string, (rng: Rng) => number> = {
    standardNormal: (r) => sampleStandardNormal(r),
    fillStandardNormal: (r) => fillStandardNormal(r, new Float64Array(3))[2]!,
    exponential: (r) => sampleExponential(r, 1.5),
    gammaSmall: (r) => sampleGamma(r, 0.3, 2),
    gammaLarge: (r) => sampleGamma(r, 7.5, 2),
    beta: (r) => sampleBeta(r, 0.5, 3),
    dirichlet: (r) => sampleDirichlet(r, [0.5, 1, 2])[1]!,
    studentT: (r) => sampleStudentT(r, 3, 1, 2),
    poissonSmall: (r) => samplePoisson(r, 2),
    poissonLarge: (r) => samplePoisson(r, 200),
    binomialSmall: (r) => sampleBinomial(r, 30, 0.1),
    binomialLarge: (r) => sampleBinomial(r, 3000, 0.7),
    categorical: (r) => sampleCategorical(r, [1, 2, 3]),
    alias: (r) => new AliasTable([1, 2, 3]).sample(r),
    mvNormal: (r) => sampleMvNormal(r, new Float64Array(2), new Float64Array([1, 0, 0.5, 1]), 2)[1]!,
    wishart: (r) => sampleWishart(r, 4, new Float64Array([1, 0, 0.5, 1]), 2)[1]!,
    inverseWishart: (r) => sampleInverseWishart(r, 5, new Float64Array([1, 0, 0.5, 1]), 2)[3]!,
  };
  it.each(Object.entries(samplers))("%s: same seed ⇒ same draws", (_, draw) => {
    const first = take(createRng(99), 50, draw);
    expect(take(createRng(99), 50, draw)).toEqual(first);
    expect(first.every(Number.isFinite)).toBe(true);
  });
});

describe("doc-comment examples", () => {
  const examples = collectDocExamples(new URL("../../src/random", import.meta.url).pathname);
  it("every exported function of src/random has an example", () => {
    const covered = new Set(examples.map((e) => /^(?:new\s+)?([A-Za-z0-9]+)\(/.exec(e.expression)?.[1]));
    for (const [name, value] of Object.entries(random)) {
      if (typeof value === "function") expect(covered, `no @example for ${name}`).toContain(name);
    }
  });
  it.each(examples.map((e) => [`${e.file}:${e.line} ${e.expression}`, e] as const))("%s", (_, example) => {
    expect(evaluateDocExample(example, random)).toBe(example.expected);
  });
});
