// The positive-rate rule on Poisson(λ · c): c an exposure, 0/1 data or a latent state read as a value
// gives λ = Σ w y / Σ w c; a rate that is not λ times something free of λ is declined (a gradient step).

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { explainFile, type FitResultJson, fitFile } from "../../src/api";
import { repoRoot } from "../helpers";

const dataPath = join(repoRoot, "test", "fixtures", "zip", "covariates.csv");
const rows = readFileSync(dataPath, "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => line.split(",").map(Number) as [number, number, number]);
const sum = (f: (r: [number, number, number]) => number) => rows.reduce((a, r) => a + f(r), 0);

const dir = mkdtempSync(join(tmpdir(), "latent-positive-rate-"));
function modelFile(name: string, lines: readonly string[]): string {
  const path = join(dir, `${name}.lvm`);
  writeFileSync(path, `model ${name}\nsize N\ndata y[N]: count\n${lines.join("\n")}\n`);
  return path;
}

async function fitted(path: string): Promise<FitResultJson> {
  const r = await fitFile(path, { data: dataPath, tol: 1e-14, restarts: 1 });
  if (!r.result) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.result;
}

const rule = (fit: FitResultJson, param: string) => fit.plan.mstep.find((m) => m.params.includes(param));

describe("positive-rate on Poisson(λ · c)", () => {
  it("c a 0/1 data value: λ = Σ y / Σ s, the rows with s = 0 adding nothing", async () => {
    const path = modelFile("zero_one", [
      "data s[N]: count",
      "param lambda: positive",
      "for n in 1..N { y[n] ~ Poisson(lambda * s[n]) }",
    ]);
    const fit = await fitted(path);
    expect(rule(fit, "lambda")).toMatchObject({ method: "closed-form", rule: "positive-rate" });
    expect(fit.params.lambda as number).toBeCloseTo(sum((r) => r[0]) / sum((r) => r[1]), 13);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    const text = (await explainFile(path)).text!;
    expect(text).toContain("lambda = a / b,  a = Σ (yₙ),  b = Σ (sₙ)");
  });

  it("c a positive exposure: λ = Σ y / Σ t", async () => {
    const path = modelFile("exposure", [
      "data t[N]: positive",
      "param lambda: positive",
      "for n in 1..N { y[n] ~ Poisson(lambda * t[n]) }",
    ]);
    const fit = await fitted(path);
    expect(rule(fit, "lambda")).toMatchObject({ method: "closed-form", rule: "positive-rate" });
    expect(fit.params.lambda as number).toBeCloseTo(sum((r) => r[0]) / sum((r) => r[2]), 13);
    expect((await explainFile(path)).text).toContain("b = Σ (tₙ)");
  });

  // s a Bernoulli count (states 0, 1), or a category read as s − 1: the state where c is 0 has no λ in its
  // term (y log 0 is constant in it).
  const latentForms = [
    ["Bernoulli", "count", "Bernoulli(w)", "s[n]", "s = 1"],
    ["Categorical", "cat(2)", "Categorical([1 - w, w])", "(s[n] - 1)", "s = 2"],
  ] as const;
  for (const [family, type, prior, c, one] of latentForms) {
    it(`c a ${family} latent read as a value: λ = Σ E[c] y / Σ E[c] at the fixed point`, async () => {
      const path = modelFile(`state_${type.replace(/\W/g, "")}`, [
        "param w: prob",
        "param lambda: positive",
        `latent s[N]: ${type}`,
        "for n in 1..N {",
        `  s[n] ~ ${prior}`,
        `  y[n] ~ Poisson(lambda * ${c})`,
        "}",
      ]);
      const fit = await fitted(path);
      expect(rule(fit, "lambda")).toMatchObject({ method: "closed-form", rule: "positive-rate" });
      const w = fit.params.w as number;
      const lambda = fit.params.lambda as number;
      // E[c | y] is 1 where y > 0 and w e^−λ / (1 − w + w e^−λ) where y = 0.
      const zero = (w * Math.exp(-lambda)) / (1 - w + w * Math.exp(-lambda));
      const expected = sum((r) => (r[0] > 0 ? 1 : zero));
      expect(lambda).toBeCloseTo(sum((r) => r[0]) / expected, 7);
      expect((await explainFile(path)).text).toContain(`a = Σ (E[1{${one}}]·yₙ),  b = Σ (E[1{${one}}])`);
    });
  }

  it("declines λ² · c and λ + c, whose Q is not a log λ − b λ; the gradient step finds the maximum", async () => {
    const square = modelFile("square", [
      "data s[N]: count",
      "param lambda: positive",
      "for n in 1..N { y[n] ~ Poisson(lambda * lambda * s[n]) }",
    ]);
    const fit = await fitted(square);
    const m = rule(fit, "lambda")!;
    expect(m.method).toBe("gradient");
    expect(m.reason).toMatch(/positive-rate: the '~' for y puts λ² into Q, which is not a log λ − b λ/);
    expect(fit.params.lambda as number).toBeCloseTo(Math.sqrt(sum((r) => r[0]) / sum((r) => r[1])), 6);
    const shifted = modelFile("shifted", [
      "data s[N]: count",
      "param lambda: positive",
      "for n in 1..N { y[n] ~ Poisson(lambda + s[n]) }",
    ]);
    expect((await explainFile(shifted)).text).toMatch(
      /positive-rate: the '~' for y puts log\(λ \+ sₙ\) into Q/,
    );
  });
});
