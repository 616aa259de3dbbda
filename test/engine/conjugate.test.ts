// The conjugate (Gamma) E-step: the Student-t as a Gamma scale mixture of Normals with ν fixed, against a
// Nelder–Mead maximisation of the t log-likelihood written here from its density; and the full Student-t
// example, whose ν has no closed form (ECME on the observed likelihood), against the direct ML reference.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitFile } from "../../src/api";
import { examplesDir } from "../helpers";
import { maximise } from "../support/nelder-mead";

// log Γ(5/2) − log Γ(2) − ½ log(4π): the normalising constant of t with ν = 4.
const LOG_T4_CONSTANT = 0.2846828704729192 - 0 - 0.5 * Math.log(4 * Math.PI);

function t4LogLikelihood(x: readonly number[], loc: number, scale: number): number {
  let ll = 0;
  for (const v of x) {
    const z = (v - loc) / scale;
    ll += LOG_T4_CONSTANT - Math.log(scale) - 2.5 * Math.log(1 + (z * z) / 4);
  }
  return ll;
}

describe("conjugate Gamma E-step", () => {
  it("Student-t with ν = 4: loc and scale equal the direct maximum of the t likelihood", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latent-t4-"));
    const model = readFileSync(join(examplesDir, "student-t.lvm"), "utf8").replace(
      /param {2}nu: positive.*\n/,
      "const nu = 4\n",
    );
    writeFileSync(join(dir, "t4.lvm"), model);
    const data = join(examplesDir, "data", "student-t.csv");
    const r = await fitFile(join(dir, "t4.lvm"), { data, tol: 1e-14 });
    const fit = r.result!;
    expect(fit.plan.estep).toEqual([{ latents: ["u"], method: "conjugate" }]);
    const x = readFileSync(data, "utf8").trim().split("\n").slice(1).map(Number);
    const loc = fit.params.loc as number;
    const scale = fit.params.scale as number;
    expect(fit.logLikelihood).toBeCloseTo(t4LogLikelihood(x, loc, scale), 8);
    const best = maximise(
      (p) => t4LogLikelihood(x, p[0]!, Math.exp(p[1]!)),
      [loc + 0.5, Math.log(scale) + 0.3],
    );
    expect(best.value - fit.logLikelihood).toBeLessThan(1e-8);
    expect(Math.abs(best.x[0]! - loc)).toBeLessThan(1e-5);
    expect(Math.abs(Math.exp(best.x[1]!) - scale)).toBeLessThan(1e-5);
    expect(fit.trace.every((t, i) => i === 0 || t >= fit.trace[i - 1]! - 1e-9 * Math.abs(t))).toBe(true);
  });

  it("the full Student-t: loc and scale by ECM, ν by ECME, equal the direct maximum-likelihood fit", async () => {
    const r = await fitFile(join(examplesDir, "student-t.lvm"), {
      data: join(examplesDir, "data", "student-t.csv"),
    });
    const fit = r.result!;
    expect(fit.plan.mstep.map((m) => [m.params[0], m.method])).toEqual([
      ["loc", "ecm"],
      ["scale", "ecm"],
      ["nu", "ecme"],
    ]);
    // examples/data/reference-fits.py: scipy maximisation of the t log-likelihood (references.json).
    const reference = { loc: 10.1003, scale: 2.14592, nu: 4.18064 };
    for (const [name, value] of Object.entries(reference))
      expect(Math.abs((fit.params[name] as number) / value - 1)).toBeLessThan(1e-4);
    expect(fit.logLikelihood).toBeCloseTo(-973.4205779, 6);
    expect(fit.logLikelihoodExact).toBe(true);
    expect(fit.trace.every((t, i) => i === 0 || t >= fit.trace[i - 1]! - 1e-9 * Math.abs(t))).toBe(true);
  });
});
