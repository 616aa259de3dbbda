// The zero-inflated Poisson — y ~ Poisson(λ s) with s a 0/1 latent, rate 0 the point mass at 0 — and its
// regression form, 0/1 data and an exposure, against R (test/fixtures/zip/make-reference.R: pscl, glm).

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FitResultJson, fitFile, sampleFile } from "../../src/api";
import { repoRoot } from "../helpers";

const fixtures = join(repoRoot, "test", "fixtures", "zip");
const R = JSON.parse(readFileSync(join(fixtures, "reference.json"), "utf8")) as Record<
  string,
  Record<string, number>
>;

const relative = (a: number, b: number) => Math.abs(a / b - 1);
const monotone = (trace: readonly number[]) =>
  trace.every((t, i) => i === 0 || t >= trace[i - 1]! - 1e-9 * Math.abs(trace[i - 1]!));

const dir = mkdtempSync(join(tmpdir(), "latent-zip-"));
function modelFile(name: string, lines: readonly string[]): string {
  const path = join(dir, `${name}.lvm`);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

// s = 0 is the structural zero, where the rate λ s is 0; w is P(s = 1), pscl's 1 − π.
const zip = modelFile("zip", [
  'model zip "zero-inflated Poisson"',
  "size N",
  "data y[N]: count",
  "param w: prob",
  "param lambda: positive",
  "latent s[N]: count",
  "for n in 1..N {",
  "  s[n] ~ Bernoulli(w)",
  "  y[n] ~ Poisson(lambda * s[n])",
  "}",
]);
// The same model with s a category: state 1 is the structural zero, where λ (s − 1) is 0.
const zipCategorical = modelFile("zip-categorical", [
  "model zip_categorical",
  "size N",
  "data y[N]: count",
  "param w: prob",
  "param lambda: positive",
  "latent s[N]: cat(2)",
  "for n in 1..N {",
  "  s[n] ~ Categorical([1 - w, w])",
  "  y[n] ~ Poisson(lambda * (s[n] - 1))",
  "}",
]);

async function fitted(model: string, data: string, options: Partial<Parameters<typeof fitFile>[1]> = {}) {
  const r = await fitFile(model, { data: join(fixtures, data), tol: 1e-14, restarts: 2, ...options });
  if (!r.result) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.result;
}

function expectReference(fit: FitResultJson, ref: Record<string, number>, names: readonly string[]): void {
  expect(Math.abs(fit.logLikelihood - ref.logLikelihood!)).toBeLessThan(1e-6);
  for (const name of names) expect(relative(fit.params[name] as number, ref[name]!)).toBeLessThan(1e-5);
}

describe("zero-inflated Poisson", () => {
  it("equals zeroinfl(y ~ 1 | 1, dist = 'poisson'): ℓ within 1e-6, w and λ within 1e-5", async () => {
    const fit = await fitted(zip, "zip.csv");
    expect(fit.plan.estep).toEqual([{ latents: ["s"], method: "enumerate", states: 2 }]);
    expect(fit.plan.mstep.map((m) => m.rule)).toEqual(["prob-log-linear", "positive-rate"]);
    expectReference(fit, R.zip!, ["w", "lambda"]);
    expect(fit.logLikelihoodExact).toBe(true);
    expect(monotone(fit.trace)).toBe(true);
  });

  it("is the same fit with s a cat(2) latent, the rate λ (s − 1)", async () => {
    const fit = await fitted(zipCategorical, "zip.csv");
    expect(fit.plan.mstep.map((m) => m.rule)).toEqual(["prob-log-linear", "positive-rate"]);
    expectReference(fit, R.zip!, ["w", "lambda"]);
  });

  it("reaches the same maximum by gradient steps (--algorithm gem), which evaluate Q at rate 0", async () => {
    const fit = await fitted(zip, "zip.csv", { algorithm: "gem" });
    expect(fit.plan.mstep.map((m) => m.method)).toEqual(["gradient", "gradient"]);
    expectReference(fit, R.zip!, ["w", "lambda"]);
    expect(monotone(fit.trace)).toBe(true);
  });

  it("as a regression, exp(b0 + b1 x) s, by gradient steps: equals zeroinfl(y ~ x | 1)", async () => {
    const model = modelFile("zip-regression", [
      "model zip_regression",
      "size N",
      "data y[N]: count",
      "data x[N]: real",
      "param w: prob",
      "param b0: real",
      "param b1: real",
      "latent s[N]: count",
      "for n in 1..N {",
      "  s[n] ~ Bernoulli(w)",
      "  y[n] ~ Poisson(exp(b0 + b1 * x[n]) * s[n])",
      "}",
    ]);
    const fit = await fitted(model, "regression.csv");
    expect(fit.plan.mstep.map((m) => m.method)).toEqual(["closed-form", "gradient", "gradient"]);
    expectReference(fit, R.regression!, ["w", "b0", "b1"]);
    expect(monotone(fit.trace)).toBe(true);
  });

  it("draws y = 0 wherever the rate is 0", async () => {
    const params = join(dir, "zip.params.json");
    writeFileSync(params, JSON.stringify({ w: R.zip!.w, lambda: R.zip!.lambda }));
    const r = await sampleFile(zip, { params, n: 400, seed: 5, latents: true });
    const lines = r.csv!.trim().split("\n");
    const header = lines[0]!.split(",");
    const rows = lines.slice(1).map((l) => l.split(",").map(Number));
    const [iy, is] = [header.indexOf("y"), header.indexOf("s")];
    const zeroState = rows.filter((x) => x[is] === 0);
    expect(zeroState.length).toBeGreaterThan(100);
    expect(zeroState.every((x) => x[iy] === 0)).toBe(true);
    expect(rows.some((x) => x[is] === 1 && x[iy]! > 0)).toBe(true);
  });

  it("with s as 0/1 data: λ = Σ y / Σ s and ℓ as glm with offset log s", async () => {
    const model = modelFile("zip-data", [
      "model zip_data",
      "size N",
      "data y[N]: count",
      "data s[N]: count",
      "param lambda: positive",
      "for n in 1..N { y[n] ~ Poisson(lambda * s[n]) }",
    ]);
    const fit = await fitted(model, "covariates.csv");
    expect(fit.plan.mstep).toEqual([{ params: ["lambda"], method: "closed-form", rule: "positive-rate" }]);
    expectReference(fit, R["data-s"]!, ["lambda"]);
  });

  it("with an exposure t: λ = Σ y / Σ t and ℓ as glm with offset log t", async () => {
    const model = modelFile("exposure", [
      "model exposure",
      "size N",
      "data y[N]: count",
      "data t[N]: positive",
      "param lambda: positive",
      "for n in 1..N { y[n] ~ Poisson(lambda * t[n]) }",
    ]);
    expectReference(await fitted(model, "covariates.csv"), R.exposure!, ["lambda"]);
  });
});
