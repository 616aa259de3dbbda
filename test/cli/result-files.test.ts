// A fit's own result is accepted wherever params are read — `fit --init`, `sample --params` — with the
// sizes and consts it records in `set`, so they need no --set again; every restart carries its trace.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitFile, sampleFile } from "../../src/api";
import { examplesDir } from "../helpers";

const model = join(examplesDir, "faithful-gmm-full.lvm");
const data = join(examplesDir, "data", "faithful.csv");

describe("fit results where params are read", () => {
  it("records the sizes and consts it used, and a trace per restart", async () => {
    const r = await fitFile(model, { data, set: ["K=3"], restarts: 2, tol: 1e-8 });
    const fit = r.result!;
    expect(fit.set).toEqual({ N: 272, D: 2, K: 3 });
    for (const run of fit.restarts) {
      expect("trace" in run && run.trace.length).toBeGreaterThan(1);
      if ("trace" in run) expect(run.trace.at(-1)).toBeCloseTo(run.logLikelihood, 8);
    }
  });

  it("fit --init takes a whole result, with its K, and starts at its maximum", async () => {
    const first = (await fitFile(model, { data, set: ["K=3"], restarts: 2, tol: 1e-10 })).result!;
    const dir = mkdtempSync(join(tmpdir(), "latent-result-"));
    const file = join(dir, "fit.json");
    writeFileSync(file, JSON.stringify(first));
    const again = await fitFile(model, { data, init: file, tol: 1e-10 });
    expect(again.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(again.result!.set.K).toBe(3);
    expect(again.result!.logLikelihood).toBeGreaterThanOrEqual(first.logLikelihood - 1e-7);
  });

  it("sample --params takes a whole result, with the sizes it fixed", async () => {
    const fit = (await fitFile(model, { data, restarts: 1 })).result!;
    const dir = mkdtempSync(join(tmpdir(), "latent-result-"));
    const file = join(dir, "fit.json");
    writeFileSync(file, JSON.stringify(fit));
    const drawn = await sampleFile(model, { params: file, n: 4, seed: 3 });
    expect(drawn.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(drawn.csv!.trim().split("\n")).toHaveLength(5);
  });
});
