// Fits against references computed by R's own functions (examples/data/reference-fits.R, R 4.2.2;
// examples/data/references-r.json): survival::survreg for censored Normal data — Tobin's (1958) censored
// regression, whose coefficients vary the mean by row, and the right-censored sample — stats::factanal for
// factor analysis, and MASS::fitdistr (polished by Newton steps on the same likelihood) for the Student-t.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitFile, prepareFit } from "../../src/api";
import { runEm } from "../../src/engine";
import type { IRVariable } from "../../src/ir";
import { createRng } from "../../src/random";
import { examplesDir } from "../helpers";

const R = JSON.parse(readFileSync(join(examplesDir, "data", "references-r.json"), "utf8")) as Record<
  string,
  Record<string, number | number[] | number[][]>
>;

const relative = (a: number, b: number) => Math.abs(a / b - 1);
const monotone = (trace: readonly number[]) =>
  trace.every((t, i) => i === 0 || t >= trace[i - 1]! - 1e-9 * Math.abs(trace[i - 1]!));

describe("R references", () => {
  it("Tobin's censored regression equals survreg(dist = 'gaussian')", async () => {
    const r = await fitFile(join(examplesDir, "censored-regression.lvm"), {
      data: join(examplesDir, "data", "tobin.csv"),
      tol: 1e-14,
      restarts: 2,
    });
    const fit = r.result!;
    const ref = R.tobin!;
    for (const name of ["b0", "b_age", "b_quant", "s"])
      expect(relative(fit.params[name] as number, ref[name] as number)).toBeLessThan(1e-5);
    expect(Math.abs(fit.logLikelihood - (ref.logLikelihood as number))).toBeLessThan(1e-8);
    expect(fit.plan.estep).toEqual([{ latents: ["durable"], method: "conjugate" }]);
    expect(monotone(fit.trace)).toBe(true);
  });

  it("the right-censored Normal sample equals survreg(dist = 'gaussian')", async () => {
    const r = await fitFile(join(examplesDir, "censored-normal.lvm"), {
      data: join(examplesDir, "data", "censored-normal.csv"),
      tol: 1e-14,
    });
    const fit = r.result!;
    const ref = R["censored-normal"]!;
    expect(relative(fit.params.μ as number, ref.mu as number)).toBeLessThan(1e-7);
    expect(relative(fit.params.σ as number, ref.sigma as number)).toBeLessThan(1e-6);
    expect(Math.abs(fit.logLikelihood - (ref.logLikelihood as number))).toBeLessThan(1e-8);
  });

  it("factanal's maximum is a fixed point of the factor-analysis EM, with its log-likelihood", async () => {
    const prepared = await prepareFit(join(examplesDir, "factor-analysis.lvm"), {
      data: join(examplesDir, "data", "factor-analysis.csv"),
    });
    const em = prepared.em!;
    const ref = R["factor-analysis"]!;
    const v = (name: string) => [...em.ir.variables.values()].find((x) => x.name === name)!;
    const run = runEm(em, {
      start: {
        kind: "params",
        values: new Map<IRVariable, Float64Array>([
          [v("W"), Float64Array.from((ref.W as number[][]).flat())],
          [v("b"), Float64Array.from(ref.b as number[])],
          [v("psi"), Float64Array.from(ref.psi as number[])],
        ]),
      },
      maxIter: 3,
      tol: 0,
      variant: "em",
      rng: createRng(1),
    });
    // factanal stops where its optimiser's gradient is ~1e-6: three EM steps move ℓ by less than that.
    expect(Math.abs(run.trace[0]! - (ref.logLikelihood as number))).toBeLessThan(1e-8);
    expect(run.trace[3]! - run.trace[0]!).toBeGreaterThan(-1e-9);
    expect(run.trace[3]! - run.trace[0]!).toBeLessThan(1e-6);
    const psi = [...run.params].find(([x]) => x.name === "psi")![1].data;
    psi.forEach((p, j) => {
      expect(relative(p, (ref.psi as number[])[j]!)).toBeLessThan(1e-4);
    });
  });

  it("the Student-t equals MASS::fitdistr(x, 't'), polished", async () => {
    const r = await fitFile(join(examplesDir, "student-t.lvm"), {
      data: join(examplesDir, "data", "student-t.csv"),
      tol: 1e-14,
    });
    const fit = r.result!;
    const ref = R["student-t"]!;
    for (const name of ["loc", "scale", "nu"])
      expect(relative(fit.params[name] as number, ref[name] as number)).toBeLessThan(1e-5);
    expect(Math.abs(fit.logLikelihood - (ref.logLikelihood as number))).toBeLessThan(1e-8);
  });
});
