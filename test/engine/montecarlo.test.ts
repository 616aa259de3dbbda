// Monte-Carlo EM: the Poisson–log-normal random-effects model against its maximum-likelihood fit by
// adaptive Gauss–Hermite quadrature (an independent test helper), forced MCEM on the mixture examples
// against exact EM, the importance-sampling ℓ against the exact ℓ at the same params, and the same seed
// giving the same result.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitFile, prepareFit } from "../../src/api";
import { createEmSession } from "../../src/engine";
import { createRng } from "../../src/random";
import { lgamma } from "../../src/special";
import { examplesDir } from "../helpers";
import { poissonLogNormalLogLikelihood, poissonLogNormalMle } from "../support/poisson-lognormal-quadrature";

const data = (file: string) => join(examplesDir, "data", file);

function counts(): number[] {
  return readFileSync(data("poisson-lognormal.csv"), "utf8").trim().split("\n").slice(1).map(Number);
}

describe("Monte-Carlo EM", () => {
  it("Poisson–log-normal: a and s equal the quadrature MLE to 1e-3, with ℓ an estimate flagged as such", async () => {
    const y = counts();
    const mle = poissonLogNormalMle(y);
    const r = await fitFile(join(examplesDir, "poisson-lognormal.lvm"), {
      data: data("poisson-lognormal.csv"),
    });
    const fit = r.result!;
    expect(fit.algorithm).toBe("mcem");
    expect(fit.plan.estep).toEqual([{ latents: ["z"], method: "montecarlo" }]);
    expect(fit.plan.mstep.map((m) => [m.params[0], m.method])).toEqual([
      ["a", "gradient"],
      ["s", "closed-form"],
    ]);
    expect(fit.converged).toBe(true);
    expect(fit.logLikelihoodExact).toBe(false);
    const a = fit.params.a as number;
    const s = fit.params.s as number;
    expect(Math.abs(a - mle.a)).toBeLessThan(1e-3);
    expect(Math.abs(s - mle.s)).toBeLessThan(1e-3);
    // The estimate of ℓ at the fitted params is within four of its standard errors of the exact value there.
    const se = fit.logLikelihoodSE!;
    expect(se).toBeGreaterThan(0);
    expect(Math.abs(fit.logLikelihood - poissonLogNormalLogLikelihood(y, a, s))).toBeLessThan(4 * se);
  }, 300_000);

  it("the same seed gives the same result, bit for bit", async () => {
    const options = { data: data("poisson-lognormal.csv"), maxIter: 3, seed: 5 };
    const one = await fitFile(join(examplesDir, "poisson-lognormal.lvm"), options);
    const two = await fitFile(join(examplesDir, "poisson-lognormal.lvm"), options);
    expect(JSON.stringify(two.result)).toBe(JSON.stringify(one.result));
    const other = await fitFile(join(examplesDir, "poisson-lognormal.lvm"), { ...options, seed: 6 });
    expect(other.result!.logLikelihood).not.toBe(one.result!.logLikelihood);
  });

  it.each([
    ["poisson-mixture", "poisson-mixture.csv", "lambda"],
    ["faithful-waiting", "faithful.csv", "mu"],
  ])(
    "--algorithm mcem on %s lands within Monte-Carlo error of exact EM",
    async (name, file, located) => {
      const options = { data: data(file), restarts: 1 };
      const exact = (await fitFile(join(examplesDir, `${name}.lvm`), options)).result!;
      const mc = (await fitFile(join(examplesDir, `${name}.lvm`), { ...options, algorithm: "mcem" })).result!;
      expect(mc.algorithm).toBe("mcem");
      expect(mc.plan.estep.every((e) => e.method === "montecarlo")).toBe(true);
      expect(mc.logLikelihoodExact).toBe(false);
      const sorted = (r: typeof mc) => [...(r.params[located] as number[])].sort((x, y) => x - y);
      const want = sorted(exact);
      // With 2000 draws per element the component locations carry Monte-Carlo error of order 1e-3 relative.
      sorted(mc).forEach((v, k) => {
        expect(Math.abs(v / want[k]! - 1)).toBeLessThan(5e-3);
      });
      const se = mc.logLikelihoodSE!;
      expect(Math.abs(mc.logLikelihood - exact.logLikelihood)).toBeLessThan(4 * se + 0.05);
    },
    120_000,
  );
  it("importance sampling and the Metropolis chain both give Q at the MLE, as quadrature does", async () => {
    const y = counts();
    const mle = poissonLogNormalMle(y);
    // Q(θ, θ) = Σₙ E[log p(yₙ, zₙ) | yₙ] by the trapezoid rule on a fine grid of z.
    const logJoint = (v: number, z: number) =>
      v * (mle.a + z) -
      Math.exp(mle.a + z) -
      lgamma(v + 1) -
      0.5 * Math.log(2 * Math.PI) -
      Math.log(mle.s) -
      (z * z) / (2 * mle.s * mle.s);
    let exact = 0;
    let variance = 0;
    for (const v of y) {
      const grid = Array.from({ length: 8001 }, (_, i) => -10 + (20 * i) / 8000);
      const lp = grid.map((z) => logJoint(v, z));
      const top = Math.max(...lp);
      let mass = 0;
      let moment = 0;
      let second = 0;
      grid.forEach((_z, i) => {
        const p = Math.exp(lp[i]! - top);
        mass += p;
        moment += p * lp[i]!;
        second += p * lp[i]! ** 2;
      });
      exact += moment / mass;
      variance += second / mass - (moment / mass) ** 2;
    }
    const prepared = await prepareFit(join(examplesDir, "poisson-lognormal.lvm"), {
      data: data("poisson-lognormal.csv"),
    });
    for (const sampler of ["auto", "mcmc"] as const) {
      const session = createEmSession(prepared.em!, {
        maxIter: 1,
        tol: 0,
        variant: "em",
        rng: createRng(11),
        sampler,
      });
      for (const [v, t] of session.params) t.data[0] = v.name === "a" ? mle.a : mle.s;
      session.eStep();
      // Monte-Carlo error of Q with 100 draws per element: √(Σ Var[log p] / 100) for independent draws;
      // a random-walk chain's draws are correlated (an autocorrelation time of up to ~10 here).
      const se = Math.sqrt(variance / 100) * (sampler === "mcmc" ? Math.sqrt(10) : 1);
      const error = Math.abs(session.expectedLogJoint() - exact);
      expect(error, sampler).toBeLessThan(4 * se);
    }
  });
});
