// The E-step planner finds the exact method docs/architecture.md describes for every example, and says why
// when none applies.

import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/api";
import { planEStep, STATE_CAP } from "../../src/derive";
import { lower } from "../../src/ir";
import { checkLines, exampleModels } from "../helpers";

function plan(...lines: string[]) {
  const r = checkLines(...lines);
  if (!r.model) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return planEStep(lower(r.model));
}

const expected: Record<string, string> = {
  "abo-blood-groups.lvm": "g:enumerate:6",
  "censored-normal.lvm": "",
  "censored-regression.lvm": "",
  "contaminated-normal.lvm": "z:enumerate:2",
  "factor-analysis.lvm": "z:gaussian",
  "faithful-gmm-diag.lvm": "z:enumerate:2",
  "faithful-gmm-full.lvm": "z:enumerate:2",
  "faithful-gmm-spherical.lvm": "z:enumerate:2",
  "faithful-gmm-tied.lvm": "z:enumerate:2",
  "faithful-waiting.lvm": "z:enumerate:2",
  "genetic-linkage.lvm": "g:enumerate:5",
  "gmm-map.lvm": "z:enumerate:3",
  "latent-class.lvm": "z:enumerate:3",
  "london-deaths.lvm": "z:enumerate:2",
  "missing-mvnormal.lvm": "",
  "mixture-ppca.lvm": "c,z:mixed:3",
  "nonlinear-decoder.lvm": "z:montecarlo",
  "poisson-lognormal.lvm": "z:montecarlo",
  "poisson-mixture.lvm": "z:enumerate:3",
  "ppca.lvm": "z:gaussian",
  "student-t.lvm": "u:conjugate",
};

describe("E-step plans of the examples", () => {
  for (const m of exampleModels()) {
    it(m.name, async () => {
      const report = await checkFile(m.path);
      const plans = planEStep(lower(report.model!));
      const summary = plans.map((p) =>
        [p.group.latents.map((v) => v.name).join(","), p.method, p.states]
          .filter((x) => x !== undefined)
          .join(":"),
      );
      expect(summary.join(" ")).toBe(expected[m.name]);
      for (const p of plans) expect(p.reason.length).toBeGreaterThan(20);
    });
  }
});

describe("when no exact method applies, the plan says why", () => {
  it("a hidden Markov chain couples elements", () => {
    const [p] = plan(
      "model hmm",
      "size N",
      "param A[2]: simplex[2]",
      "param pi: simplex[2]",
      "latent z[N]: cat(2)",
      "z[1] ~ Categorical(pi)",
      "for n in 2..N { z[n] ~ Categorical(A[z[n - 1]]) }",
    );
    expect(p!.method).toBe("montecarlo");
    expect(p!.reason).toMatch(/chain/);
  });

  it("a Poisson latent cannot be enumerated", () => {
    const [p] = plan(
      "model m",
      "size N",
      "data y[N]: real",
      "param r: positive",
      "latent k[N]: count",
      "for n in 1..N { k[n] ~ Poisson(r); y[n] ~ Normal(k[n], 1) }",
    );
    expect([p!.method, p!.reason]).toEqual([
      "montecarlo",
      "'k' takes infinitely many values, so its states cannot be enumerated",
    ]);
  });

  it("joint states above the cap are not enumerated", () => {
    const [p] = plan(
      "model m",
      "size N",
      "const K = 400",
      "data y[N]: real",
      "param pi: simplex[K]",
      "latent a[N]: cat(K)",
      "latent b[N]: cat(K)",
      "for n in 1..N { a[n] ~ Categorical(pi); b[n] ~ Categorical(pi); y[n] ~ Normal(a[n] + b[n], 1) }",
    );
    expect(400 * 400).toBeGreaterThan(STATE_CAP);
    expect(p!.method).toBe("montecarlo");
    expect(p!.reason).toMatch(/160000 per element, above the enumeration cap/);
  });

  it("a latent in the sd is not Gaussian; a Gamma prior with the latent in the mean is not conjugate", () => {
    const [p] = plan(
      "model m",
      "size N",
      "data y[N]: real",
      "latent u[N]: positive",
      "for n in 1..N { u[n] ~ Gamma(2, 2); y[n] ~ Normal(u[n], 1) }",
    );
    expect(p!.method).toBe("montecarlo");
    expect(p!.reason).toMatch(/not Normal or MvNormal/);
    const [q] = plan(
      "model m",
      "size N",
      "data y[N]: real",
      "latent s[N]: real",
      "for n in 1..N { s[n] ~ Normal(0, 1); y[n] ~ Normal(0, exp(s[n])) }",
    );
    expect(q!.reason).toMatch(/the sd in the '~' for y depends on s/);
  });

  it("conjugate pairs beyond the Student-t: Gamma–Poisson and Beta–Binomial", () => {
    const [g] = plan(
      "model m",
      "size N",
      "data y[N]: count",
      "param a: positive",
      "latent r[N]: positive",
      "for n in 1..N { r[n] ~ Gamma(a, 1); y[n] ~ Poisson(r[n]) }",
    );
    expect(g!.method).toBe("conjugate");
    const [b] = plan(
      "model m",
      "size N",
      "data y[N]: count",
      "latent p[N]: prob",
      "for n in 1..N { p[n] ~ Beta(2, 3); y[n] ~ Binomial(10, p[n]) }",
    );
    expect(b!.method).toBe("conjugate");
  });
});
