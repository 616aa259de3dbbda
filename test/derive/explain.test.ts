// `latent explain` and `latent explain --ir` as golden text for every example (review a changed file like
// code; a missing or changed file fails unless UPDATE_GOLDEN=1 regenerates it), and every example
// explained without error, in Unicode and LaTeX.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { explainFile } from "../../src/api";
import { generaliseState } from "../../src/derive/explain";
import { exampleModels, examplesDir } from "../helpers";

const golden = join(__dirname, "..", "golden", "explain");
const update = process.env.UPDATE_GOLDEN === "1";

describe("explain", () => {
  for (const { name: file, path: model } of exampleModels()) {
    const name = file.replace(/\.lvm$/, "");
    for (const ir of [false, true]) {
      it(`${name}${ir ? " --ir" : ""} (golden)`, async () => {
        const r = await explainFile(model, { ir });
        const path = join(golden, `${name}${ir ? ".ir" : ""}.txt`);
        if (update) writeFileSync(path, r.text!);
        expect(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
        expect(r.text).toBe(readFileSync(path, "utf8"));
      });
    }
  }

  it("the linkage M-step reads as DLR's: θ = (E[g = 2] + E[g = 5]) / (… + E[g = 3] + E[g = 4])", async () => {
    const r = await explainFile(join(examplesDir, "genetic-linkage.lvm"));
    expect(r.text).toContain(
      "theta = a / (a + b),  a = Σ (E[1{g = 2}] + E[1{g = 5}]),  b = Σ (E[1{g = 3}] + E[1{g = 4}])",
    );
  });

  it("the GMM reads like the textbook: weighted means and scatter for a generic component k", async () => {
    const r = await explainFile(join(examplesDir, "faithful-gmm-full.lvm"));
    expect(r.text).toContain("μₖ = Σ E[1{z = k}]·xₙ / Σ E[1{z = k}]");
    expect(r.text).toContain("Σₖ = Σ E[1{z = k}]·(xₙ − μₖ)(xₙ − μₖ)ᵀ / Σ E[1{z = k}]");
    expect(r.text).toContain("Σ_n p(z = k | data, θ′) · [ log πₖ ]");
    const latex = await explainFile(join(examplesDir, "faithful-gmm-full.lvm"), { latex: true });
    expect(latex.text).toMatch(/\\mu_\{?k/);
  });

  it("a state index becomes k only where states 1 and 2 differ by it alone", () => {
    expect(generaliseState("μ₁ = Σ E[1{z = 1}]·x₁", "μ₂ = Σ E[1{z = 2}]·x₁")).toBe("μₖ = Σ E[1{z = k}]·x₁");
    expect(generaliseState("a = 1.5", "a = 2.5")).toBeUndefined();
    expect(generaliseState("θ₁", "θ₃")).toBeUndefined();
  });

  for (const m of exampleModels()) {
    it(`${m.name} explains, in Unicode and LaTeX`, async () => {
      const unicode = await explainFile(m.path);
      expect(unicode.text).toMatch(/E-step[\s\S]*M-step/);
      const latex = await explainFile(m.path, { latex: true });
      expect(latex.text).toBeDefined();
    });
  }
});
