// Discrete latents enumerate the values they take, not 1..n: a count latent under Binomial(3, p) is
// 0..3 (four states, in explain as in fit), under Bernoulli 0 and 1; and Binomial's n may be int data,
// checked ≥ 0 at binding with a located error.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { explainFile, fitFile } from "../../src/api";

const dir = join(__dirname, "..", "fixtures", "generality");

/** The exact ℓ of y under the mixture Σ_c Binomial(c | 3, p) Normal(y | mu c, s), computed directly. */
function binomialNormalLogLikelihood(y: readonly number[], p: number, mu: number, s: number): number {
  const choose = [1, 3, 3, 1];
  let ll = 0;
  for (const v of y) {
    let total = 0;
    for (let c = 0; c <= 3; c++)
      total +=
        (choose[c]! * p ** c * (1 - p) ** (3 - c) * Math.exp(-((v - mu * c) ** 2) / (2 * s * s))) /
        (s * Math.sqrt(2 * Math.PI));
    ll += Math.log(total);
  }
  return ll;
}

describe("the values of discrete latents", () => {
  it("a Binomial(3, p) count latent has four states, 0..3, in explain and in fit", async () => {
    const x = await explainFile(join(dir, "binlat.lvm"));
    expect(x.text).toContain("c: enumerate (4 states per element)");
    expect(x.text).toContain("for c = 0 the log joint is");
    const r = await fitFile(join(dir, "binlat.lvm"), { data: join(dir, "binlat.csv"), restarts: 3 });
    const fit = r.result!;
    expect(fit.plan.estep).toEqual([{ latents: ["c"], method: "enumerate", states: 4 }]);
    const y = (await import("node:fs"))
      .readFileSync(join(dir, "binlat.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map(Number);
    const { p, mu, s } = fit.params as { p: number; mu: number; s: number };
    // ℓ reported is ℓ at the reported params, computed independently over c ∈ {0, 1, 2, 3}.
    expect(Math.abs(fit.logLikelihood - binomialNormalLogLikelihood(y, p, mu, s))).toBeLessThan(1e-8);
    // The data were drawn with p = 0.3, mu = 1.5, s = 0.3 (N = 500: test/fixtures/generality/make-data.py).
    expect(Math.abs(p - 0.3)).toBeLessThan(0.05);
    expect(Math.abs(mu - 1.5)).toBeLessThan(0.05);
  });

  it("Binomial's n may be int data; a negative n is a located data error", async () => {
    const r = await fitFile(join(dir, "binomial-int-trials.lvm"), {
      data: join(dir, "binomial-int-trials.csv"),
    });
    expect(r.result!.params.p).toBeCloseTo(10 / 25, 12);
    const tmp = mkdtempSync(join(tmpdir(), "latent-binomial-"));
    writeFileSync(join(tmp, "bad.csv"), "m,y\n5,2\n-3,1\n");
    const bad = await fitFile(join(dir, "binomial-int-trials.lvm"), { data: join(tmp, "bad.csv") });
    expect(bad.result).toBeUndefined();
    const e = bad.diagnostics.find((d) => d.code === "E0307");
    expect(e?.message).toBe("row 2, column 'm': -3 is negative, but 'm' is a count of Binomial (≥ 0)");
  });
});
