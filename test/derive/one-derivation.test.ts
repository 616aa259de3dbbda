// One derivation: the plan `fit --json` reports is the plan `explain --data` derives for the same model
// and data — on every example and on generated models — and a model fit refuses is refused by explain
// (and, where no data is needed, by check) with the same located diagnostic.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFile, explainFile, fitFile, planJson, withPlanDiagnostics } from "../../src/api";
import { fittable } from "../builder/twins";
import { examplesDir } from "../helpers";

async function bothPlans(model: string, data: string, algorithm?: "mcem" | "gem") {
  const options = { data, ...(algorithm ? { algorithm } : {}) };
  const explained = await explainFile(model, options);
  const fitted = await fitFile(model, { ...options, maxIter: 0, restarts: 1 });
  return { explained, fitted };
}

describe("one derivation for fit and explain", () => {
  for (const [name, data] of Object.entries(fittable)) {
    it(`${name}: explain --data derives the plan fit reports`, async () => {
      const { explained, fitted } = await bothPlans(
        join(examplesDir, `${name}.lvm`),
        join(examplesDir, "data", data!),
      );
      expect(fitted.result, fitted.diagnostics.map((d) => d.message).join("\n")).toBeDefined();
      expect(planJson(explained.derivation!, explained.missing)).toEqual(fitted.result!.plan);
    });
  }

  it("--algorithm mcem and gem: explain and fit apply the same override", async () => {
    for (const algorithm of ["mcem", "gem"] as const) {
      const { explained, fitted } = await bothPlans(
        join(examplesDir, "poisson-mixture.lvm"),
        join(examplesDir, "data", "poisson-mixture.csv"),
        algorithm,
      );
      expect(planJson(explained.derivation!)).toEqual(fitted.result!.plan);
    }
  });

  const dir = mkdtempSync(join(tmpdir(), "latent-derivation-"));
  writeFileSync(
    join(dir, "y.csv"),
    `y\n${Array.from({ length: 40 }, (_, i) => (i % 7) * 0.5 + 1).join("\n")}\n`,
  );

  // Generated models: a discrete latent of a few kinds, a child of a few families; whatever the planner
  // decides, fit and explain decide the same, and a refusal is the same diagnostic from both (and check).
  const latentKinds = [
    ["cat(3)", "Categorical(w)", "param w: simplex[3]"],
    ["count", "Bernoulli(p)", "param p: prob"],
    ["count", "Binomial(2, p)", "param p: prob"],
    ["count", "Poisson(r)", "param r: positive"],
    ["positive", "Gamma(2, 2)", ""],
    ["real", "Normal(0, 1)", ""],
  ] as const;
  const children = [
    "Normal(m * z[n], s)",
    "Normal(m + z[n], s)",
    "Normal(m, s / sqrt(z[n] + 1))",
    "Normal(m * exp(z[n]), s)",
  ] as const;
  it("on generated models, fit and explain agree, and refuse alike", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...latentKinds),
        fc.constantFrom(...children),
        async ([type, prior, param], child) => {
          const model = join(dir, "m.lvm");
          writeFileSync(
            model,
            [
              "model g",
              "size N",
              "data y[N]: real",
              param,
              "param m: real",
              "param s: positive",
              `latent z[N]: ${type}`,
              "for n in 1..N {",
              `  z[n] ~ ${prior}`,
              `  y[n] ~ ${child}`,
              "}",
              "",
            ].join("\n"),
          );
          const { explained, fitted } = await bothPlans(model, join(dir, "y.csv"));
          const errors = (ds: readonly { severity: string; code: string; message: string }[]) =>
            ds.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
          if (fitted.result) expect(planJson(explained.derivation!)).toEqual(fitted.result.plan);
          else if (!fitted.failed) {
            expect(errors(explained.diagnostics)).toEqual(errors(fitted.diagnostics));
            const checked = withPlanDiagnostics(await checkFile(model));
            // What check decides without data is what fit said.
            for (const e of errors(checked.diagnostics)) expect(errors(fitted.diagnostics)).toContain(e);
          }
        },
      ),
      { numRuns: 24, seed: 13 },
    );
  });
});
