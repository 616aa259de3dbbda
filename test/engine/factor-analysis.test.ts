// Factor analysis through the gaussian E-step: the reference fit of examples/data/reference-fits.py
// (Rubin–Thayer EM in numpy, best of 20 starts) is a fixed point with its log-likelihood; and a Heywood case
// (a coordinate with no unique variance) ends in a warning naming the uniqueness, never a crash or NaN.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitFile, prepareFit } from "../../src/api";
import { runEm } from "../../src/engine";
import type { IRVariable } from "../../src/ir";
import { symmetricEigen } from "../../src/linalg";
import { createRng, sampleNormal } from "../../src/random";
import { examplesDir } from "../helpers";

const reference = JSON.parse(readFileSync(join(examplesDir, "data", "references.json"), "utf8"))[
  "factor-analysis"
] as { logLikelihood: number; params: { b: number[]; psi: number[]; WWt: number[][] } };

describe("factor analysis", () => {
  it("the reference maximum is a fixed point with the reference log-likelihood (−3036.589051)", async () => {
    const prepared = await prepareFit(join(examplesDir, "factor-analysis.lvm"), {
      data: join(examplesDir, "data", "factor-analysis.csv"),
    });
    const em = prepared.em!;
    const D = reference.params.b.length;
    const L = 2;
    // W from W Wᵀ (rank 2): the leading eigenpairs, W = U Λ^½ — any rotation has the same likelihood.
    const { values, vectors } = symmetricEigen(Float64Array.from(reference.params.WWt.flat()), D);
    const W = new Float64Array(D * L);
    for (let i = 0; i < D; i++)
      for (let l = 0; l < L; l++) W[i * L + l] = vectors[i * D + l]! * Math.sqrt(Math.max(values[l]!, 0));
    const v = (name: string) => [...em.ir.variables.values()].find((x) => x.name === name)!;
    const run = runEm(em, {
      start: {
        kind: "params",
        values: new Map<IRVariable, Float64Array>([
          [v("W"), W],
          [v("b"), Float64Array.from(reference.params.b)],
          [v("psi"), Float64Array.from(reference.params.psi)],
        ]),
      },
      maxIter: 2,
      tol: 0,
      variant: "em",
      rng: createRng(1),
    });
    // The reference is rounded to 6 significant digits: the likelihood agrees to that, and barely moves.
    expect(Math.abs(run.trace[0]! - reference.logLikelihood)).toBeLessThan(1e-4);
    expect(run.trace[2]! - run.trace[0]!).toBeGreaterThanOrEqual(0);
    expect(run.trace[2]! - run.trace[0]!).toBeLessThan(1e-4);
    const psi = [...run.params].find(([x]) => x.name === "psi")![1].data;
    psi.forEach((p, j) => {
      expect(Math.abs(p - reference.params.psi[j]!) / reference.params.psi[j]!).toBeLessThan(1e-3);
    });
  });

  it("a Heywood case (a coordinate that is the factor itself) is a warning naming psi[1], with finite numbers", async () => {
    const rng = createRng(5);
    const rows = ["x.1,x.2,x.3,x.4"];
    for (let n = 0; n < 150; n++) {
      const z = sampleNormal(rng, 0, 1);
      const x = [
        z,
        0.8 * z + sampleNormal(rng, 0, 0.6),
        0.5 * z + sampleNormal(rng, 0, 0.8),
        -0.7 * z + sampleNormal(rng, 0, 0.7),
      ];
      rows.push(x.map((t) => t.toFixed(6)).join(","));
    }
    const dir = mkdtempSync(join(tmpdir(), "latent-heywood-"));
    writeFileSync(join(dir, "d.csv"), `${rows.join("\n")}\n`);
    writeFileSync(
      join(dir, "fa.lvm"),
      readFileSync(join(examplesDir, "factor-analysis.lvm"), "utf8").replace(/const L = 2/, "const L = 1"),
    );
    const r = await fitFile(join(dir, "fa.lvm"), { data: join(dir, "d.csv"), maxIter: 400 });
    const fit = r.result!;
    const boundary = fit.warnings.filter((w) => w.code === "W0407");
    expect(boundary).toHaveLength(1);
    expect(boundary[0]!.param).toBe("psi");
    expect(boundary[0]!.message).toMatch(/^psi\[1\] = .* under 2% .*Heywood/);
    expect(JSON.stringify(fit)).not.toMatch(/null|NaN|Infinity/);
  });
});
