// Fits against references from outside (examples/data/references.json, computed by
// examples/data/reference-fits.py; DLR 1977; Lange Ex. 2.2.2), and the properties every fit must have.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FitResultJson, fitFile } from "../../src/api";
import { examplesDir } from "../helpers";

const references = JSON.parse(readFileSync(join(examplesDir, "data", "references.json"), "utf8")) as Record<
  string,
  { logLikelihood: number; params: Record<string, number | number[]> }
>;

async function fitExample(
  name: string,
  data: string,
  options: Partial<Parameters<typeof fitFile>[1]> = {},
): Promise<FitResultJson> {
  const r = await fitFile(join(examplesDir, `${name}.lvm`), {
    data: join(examplesDir, "data", data),
    restarts: 3,
    tol: 1e-13,
    ...options,
  });
  if (!r.result) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.result;
}

function expectMonotone(r: FitResultJson): void {
  for (let i = 1; i < r.trace.length; i++) {
    expect(r.trace[i]!).toBeGreaterThanOrEqual(r.trace[i - 1]! - 1e-9 * Math.abs(r.trace[i - 1]!));
  }
  expect(r.warnings.filter((w) => /decreased/.test(w))).toEqual([]);
}

describe("fits against outside references", () => {
  it("genetic linkage: θ̂ = 0.626821497871, the positive root of 197θ² − 15θ − 68 (DLR 1977)", async () => {
    const r = await fitExample("genetic-linkage", "genetic-linkage.csv");
    expect(Math.abs((r.params.theta as number) - 0.626821497871)).toBeLessThan(1e-8);
    expect(r.plan.mstep).toEqual([{ params: ["theta"], method: "closed-form", rule: "prob-log-linear" }]);
    expect(r.plan.estep).toEqual([{ latents: ["g"], method: "enumerate", states: 5 }]);
    expectMonotone(r);
  });

  it("ABO: gene counting gives Lange's 0.2136 / 0.0501 / 0.7363", async () => {
    const r = await fitExample("abo-blood-groups", "abo.csv");
    const p = r.params.p as number[];
    [0.2136, 0.0501, 0.7363].forEach((v, k) => {
      expect(Math.abs(p[k]! - v)).toBeLessThan(5e-5);
    });
    (references["abo-blood-groups"]!.params.p as number[]).forEach((v, k) => {
      expect(Math.abs(p[k]! - v)).toBeLessThan(1e-8);
    });
    expect(r.logLikelihood).toBeCloseTo(references["abo-blood-groups"]!.logLikelihood, 6);
    expectMonotone(r);
  });

  it("Poisson mixture: the reference maximum (components in any order)", async () => {
    const r = await fitExample("poisson-mixture", "poisson-mixture.csv", { restarts: 4 });
    const ref = references["poisson-mixture"]!;
    expect(Math.abs(r.logLikelihood - ref.logLikelihood)).toBeLessThan(1e-5);
    const lambda = r.params.lambda as number[];
    const order = lambda.map((_, k) => k).sort((a, b) => lambda[a]! - lambda[b]!);
    order.forEach((k, j) => {
      expect(lambda[k]!).toBeCloseTo((ref.params.lambda as number[])[j]!, 3);
      expect((r.params.w as number[])[k]!).toBeCloseTo((ref.params.w as number[])[j]!, 4);
    });
    expectMonotone(r);
  });

  it("London deaths (weighted rows): the reference log-likelihood; n = Σ weights", async () => {
    const r = await fitExample("london-deaths", "london-deaths.csv", { restarts: 2 });
    expect(Math.abs(r.logLikelihood - references["london-deaths"]!.logLikelihood)).toBeLessThan(1e-4);
    expect(r.criteria.n).toBe(1096);
    expectMonotone(r);
  });
});

describe("properties of every fit", () => {
  it("the same seed gives the same JSON, byte for byte", async () => {
    const a = await fitExample("poisson-mixture", "poisson-mixture.csv", { restarts: 2, seed: 5, tol: 1e-8 });
    const b = await fitExample("poisson-mixture", "poisson-mixture.csv", { restarts: 2, seed: 5, tol: 1e-8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("restarts are never worse than one run", async () => {
    const one = await fitExample("poisson-mixture", "poisson-mixture.csv", {
      restarts: 1,
      seed: 9,
      tol: 1e-8,
    });
    const four = await fitExample("poisson-mixture", "poisson-mixture.csv", {
      restarts: 4,
      seed: 9,
      tol: 1e-8,
    });
    expect(four.objective).toBeGreaterThanOrEqual(one.objective);
  });

  it("K = 1 is the plain MLE: λ is the mean of y", async () => {
    const r = await fitExample("poisson-mixture", "poisson-mixture.csv", { set: ["K=1"], restarts: 1 });
    const ys = readFileSync(join(examplesDir, "data", "poisson-mixture.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map(Number);
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    expect(r.params.w).toEqual([1]);
    expect(Math.abs((r.params.lambda as number[])[0]! - mean)).toBeLessThan(1e-12 * mean);
  });

  it("criteria follow §10: aic = −2ℓ + 2p, bic = −2ℓ + p ln n, icl = bic + 2·entropy", async () => {
    const r = await fitExample("poisson-mixture", "poisson-mixture.csv", { restarts: 1, tol: 1e-8 });
    const { nParams, n, aic, bic, icl } = r.criteria;
    expect(nParams).toBe(2 + 3);
    expect(n).toBe(400);
    expect(aic).toBeCloseTo(-2 * r.logLikelihood + 2 * nParams, 9);
    expect(bic).toBeCloseTo(-2 * r.logLikelihood + nParams * Math.log(n), 9);
    expect(icl!).toBeGreaterThanOrEqual(bic);
  });

  it("hard and stochastic EM run and report their algorithm", async () => {
    for (const algorithm of ["hard", "stochastic"] as const) {
      const r = await fitExample("poisson-mixture", "poisson-mixture.csv", {
        restarts: 6,
        algorithm,
        maxIter: 50,
        tol: 1e-8,
      });
      expect(r.algorithm).toBe(algorithm);
      expect(Number.isFinite(r.logLikelihood)).toBe(true);
    }
  });

  it("a model whose blocks no rule matches stops naming the block and each rule's reason", async () => {
    const r = await fitFile(join(examplesDir, "faithful-gmm-full.lvm"), {
      data: join(examplesDir, "data", "faithful.csv"),
    });
    expect(r.result).toBeUndefined();
    const mu = r.diagnostics.find((d) => d.code === "E0401" && /'mu'/.test(d.message))!;
    expect(mu.message).toMatch(/simplex-log-linear: .*prob-log-linear: .*positive-rate: /);
  });

  it("the result never holds NaN, Infinity or null", async () => {
    const r = await fitExample("genetic-linkage", "genetic-linkage.csv");
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity|null/);
  });
});
