// A mixture of Student-t components written through their Gamma scales — z discrete, u[n] ~ Gamma(ν/2, ν/2),
// x[n] ~ Normal(mu[z[n]], s[z[n]] / sqrt(u[n])) — is planned `mixed` (enumerate z, a conjugate Gamma for u
// given each state) and reaches the maximum of the observed t-mixture likelihood, which
// test/fixtures/t-mixture/make-reference.py found by direct numerical maximisation (scipy, 200 starts);
// the data are simulated by test/fixtures/generality/make-data.py.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { explainFile, fitFile } from "../../src/api";

const dir = join(__dirname, "..", "fixtures", "t-mixture");
const reference = JSON.parse(readFileSync(join(dir, "reference.json"), "utf8")) as {
  logLikelihood: number;
  pi: number[];
  mu: number[];
  s: number[];
};

describe("a t mixture through its Gamma scales", () => {
  it("is planned mixed by explain and by fit alike", async () => {
    const x = await explainFile(join(dir, "model.lvm"));
    expect(x.text).toContain("z, u: mixed (2 states per element)");
    expect(x.text).toMatch(/enumerate z; given each state, u: its Gamma distribution is conjugate/);
  });

  it("fits the observed-likelihood maximum found by direct maximisation", async () => {
    const r = await fitFile(join(dir, "model.lvm"), { data: join(dir, "data.csv"), tol: 1e-13 });
    const fit = r.result!;
    expect(fit.plan.estep).toEqual([{ latents: ["z", "u"], method: "mixed", states: 2 }]);
    expect(fit.trace.every((t, i) => i === 0 || t >= fit.trace[i - 1]! - 1e-9 * Math.abs(t))).toBe(true);
    expect(Math.abs(fit.logLikelihood - reference.logLikelihood)).toBeLessThan(1e-6);
    // Components in the reference's order (by decreasing mean).
    const mu = fit.params.mu as number[];
    const order = mu[0]! > mu[1]! ? [0, 1] : [1, 0];
    for (const [name, want] of [
      ["pi", reference.pi],
      ["mu", reference.mu],
      ["s", reference.s],
    ] as const) {
      const got = fit.params[name] as number[];
      order.forEach((j, i) => {
        expect(Math.abs(got[j]! / want[i]! - 1)).toBeLessThan(1e-4);
      });
    }
  });
});
