// Standard errors from the observed information: against the linkage model's closed form and a numerical
// Hessian of the Old Faithful mixture's observed likelihood (test/fixtures/standard-errors/make-reference.py),
// each to 1e-3 relative; a simplex's components each get one; a param the data do not determine is named,
// never a NaN.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitFile } from "../../src/api";
import { examplesDir } from "../helpers";

const reference = JSON.parse(
  readFileSync(join(__dirname, "..", "fixtures", "standard-errors", "reference.json"), "utf8"),
) as {
  linkage: { theta: number; se: number };
  faithfulWaiting: { params: Record<string, number>; se: Record<string, number> };
  poissonRegressions: { se: { w1: number; b0: number[]; b1: number[] } };
};

const close = (got: number, want: number) => expect(Math.abs(got / want - 1)).toBeLessThan(1e-3);

describe("standard errors", () => {
  it("genetic linkage: 1/√I(θ̂) from the observed-data likelihood in closed form", async () => {
    const r = await fitFile(join(examplesDir, "genetic-linkage.lvm"), {
      data: join(examplesDir, "data", "genetic-linkage.csv"),
      restarts: 1,
      se: true,
    });
    const fit = r.result!;
    close(fit.se!.theta as number, reference.linkage.se);
    expect(fit.seMethod).toMatch(/observed information/);
  });

  it("a two-component Normal mixture of Old Faithful's waiting times: a numerical Hessian of ℓ", async () => {
    const r = await fitFile(join(examplesDir, "faithful-waiting.lvm"), {
      data: join(examplesDir, "data", "faithful.csv"),
      restarts: 4,
      se: true,
    });
    const fit = r.result!;
    const mu = fit.params.mu as number[];
    const first = mu[0]! > mu[1]! ? 0 : 1; // the reference's component 1 is the higher mean
    const second = 1 - first;
    const se = fit.se as { w: number[]; mu: number[]; sigma: number[] };
    const want = reference.faithfulWaiting.se;
    close(se.w[first]!, want.w1!);
    close(se.w[second]!, want.w1!); // w₂ = 1 − w₁: the same standard error
    close(se.mu[first]!, want.mu1!);
    close(se.mu[second]!, want.mu2!);
    close(se.sigma[first]!, want.s1!);
    close(se.sigma[second]!, want.s2!);
  });

  it("a mixture of Poisson regressions (gradient M-steps; a 2-simplex, whose softmax has a spare coordinate)", async () => {
    const dir = join(__dirname, "..", "fixtures", "standard-errors");
    const r = await fitFile(join(dir, "poisson-regressions.lvm"), {
      data: join(dir, "poisson-regressions.csv"),
      se: true,
      tol: 1e-12,
    });
    const fit = r.result!;
    expect(fit.warnings.filter((w) => w.code === "W0410")).toEqual([]);
    const b0 = fit.params.b0 as number[];
    const first = b0[0]! > b0[1]! ? 0 : 1; // the reference's component 1 has the larger intercept
    const se = fit.se as { pi: number[]; b0: number[]; b1: number[] };
    const want = reference.poissonRegressions.se;
    close(se.pi[first]!, want.w1);
    close(se.b0[first]!, want.b0[0]!);
    close(se.b0[1 - first]!, want.b0[1]!);
    close(se.b1[first]!, want.b1[0]!);
    close(se.b1[1 - first]!, want.b1[1]!);
  });

  it("names the params the data do not determine instead of giving NaN", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latent-se-"));
    writeFileSync(
      join(dir, "m.lvm"),
      "model m\nsize N\ndata y[N]: real\nparam a: real\nparam b: real\nparam s: positive\nfor n in 1..N {\n  y[n] ~ Normal(a + b, s)\n}\n",
    );
    writeFileSync(join(dir, "y.csv"), `y\n${[1.2, 0.3, 2.2, 1.7, 0.9, 1.4].join("\n")}\n`);
    const r = await fitFile(join(dir, "m.lvm"), { data: join(dir, "y.csv"), se: true });
    const fit = r.result!;
    expect(fit.se).toBeUndefined();
    const w = fit.warnings.find((x) => x.code === "W0410");
    expect(w?.param).toBe("a, b");
    expect(w?.message).toMatch(/singular along a, b/);
    expect(JSON.stringify(fit)).not.toMatch(/NaN|null/);
  });
});
