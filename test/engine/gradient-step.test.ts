// Generalised-EM gradient steps: a step never lowers Q (property over models, random starts and block types —
// simplex, prob, positive, real, covariance; enumerated, Gaussian and Gamma E-steps), a 1-D step reaches the
// maximum of Q found by Nelder–Mead, and `--algorithm gem` reaches the same maximum as the closed forms.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitFile, prepareFit } from "../../src/api";
import { isClosedForm } from "../../src/derive";
import { createEmSession } from "../../src/engine";
import { createRng, sampleNormal } from "../../src/random";
import { examplesDir } from "../helpers";
import { maximise } from "../support/nelder-mead";

const data = (file: string) => join(examplesDir, "data", file);

const models: readonly [string, string][] = [
  ["faithful-waiting", "faithful.csv"],
  ["faithful-gmm-full", "faithful.csv"],
  ["poisson-mixture", "poisson-mixture.csv"],
  ["latent-class", "latent-class.json"],
  ["abo-blood-groups", "abo.csv"],
  ["student-t", "student-t.csv"],
  ["ppca", "ppca.csv"],
];

async function gemSession(name: string, file: string, seed: number) {
  const prepared = await prepareFit(join(examplesDir, `${name}.lvm`), { data: data(file), algorithm: "gem" });
  const em = prepared.em!;
  expect(em.updates.every((u) => !isClosedForm(u))).toBe(true);
  const session = createEmSession(em, { maxIter: 1, tol: 0, variant: "em", rng: createRng(seed) });
  return { em, session };
}

describe("gradient (GEM) M-steps", () => {
  it.each(models)("never lower Q: %s, from random starts", async (name, file) => {
    for (const seed of [1, 2, 3]) {
      const { em, session } = await gemSession(name, file, seed);
      const rng = createRng(100 + seed);
      if (em.groups.some((g) => g.plan.method === "enumerate" || g.plan.method === "mixed")) {
        session.randomPosteriors();
        session.mStep();
      } else {
        for (const [v, t] of session.params) {
          const d = v.type.domain;
          if (v.type.structure || d.positive || d.nonnegative || d.integer) continue;
          for (let i = 0; i < t.data.length; i++) t.data[i] = sampleNormal(rng, 0, 1);
        }
      }
      session.eStep();
      for (const u of em.updates) {
        const before = session.expectedLogJoint();
        session.applyUpdate(u);
        const after = session.expectedLogJoint();
        expect(after, `${name}: ${u.block.name}`).toBeGreaterThanOrEqual(before - 1e-9 * Math.abs(before));
      }
    }
  });

  it("a step on a scalar block reaches the maximum of Q (Student-t ν over its Gamma posterior)", async () => {
    const { em, session } = await gemSession("student-t", "student-t.csv", 1);
    const nu = em.updates.find((u) => u.block.name === "nu")!;
    for (const [v, t] of session.params) t.data[0] = v.name === "loc" ? 10 : v.name === "scale" ? 2 : 7;
    session.eStep();
    const tensor = session.params.get(nu.block)!;
    const best = maximise(
      (x) => {
        tensor.data[0] = Math.exp(x[0]!);
        return session.expectedLogJoint();
      },
      [Math.log(7)],
    );
    tensor.data[0] = 7;
    session.applyUpdate(nu);
    expect(Math.abs(Math.log(tensor.data[0]!) - best.x[0]!)).toBeLessThan(1e-6);
  });

  it("--algorithm gem fits the two-component mixture to the same maximum as the closed forms", async () => {
    const options = { data: data("faithful.csv"), restarts: 2, seed: 3 };
    const exact = await fitFile(join(examplesDir, "faithful-waiting.lvm"), options);
    const gem = await fitFile(join(examplesDir, "faithful-waiting.lvm"), { ...options, algorithm: "gem" });
    expect(gem.result!.algorithm).toBe("gem");
    expect(gem.result!.plan.mstep.every((m) => m.method === "gradient")).toBe(true);
    expect(gem.result!.logLikelihood).toBeCloseTo(exact.result!.logLikelihood, 6);
    // The components' order is arbitrary (label switching): compare the sorted means.
    const mu = [...(gem.result!.params.mu as number[])].sort((a, b) => a - b);
    const reference = [...(exact.result!.params.mu as number[])].sort((a, b) => a - b);
    expect(mu[0]).toBeCloseTo(reference[0]!, 3);
    expect(mu[1]).toBeCloseTo(reference[1]!, 3);
  });
});
