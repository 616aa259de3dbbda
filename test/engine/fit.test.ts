// Fits against references from outside (examples/data/references.json, computed by
// examples/data/reference-fits.py; DLR 1977; Lange Ex. 2.2.2), and the properties every fit must have.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type FitResultJson, fitFile } from "../../src/api";
import { lgamma } from "../../src/special";
import { examplesDir } from "../helpers";
import { maximise } from "../support/nelder-mead";

const references = JSON.parse(readFileSync(join(examplesDir, "data", "references.json"), "utf8")) as Record<
  string,
  { logLikelihood: number; params: Record<string, number | number[]> }
>;

async function fitExample(
  name: string,
  data: string,
  options: Partial<Parameters<typeof fitFile>[1]> = {},
): Promise<FitResultJson> {
  const r = await fitFile(join(examplesDir, `${name}.lvm`), {
    data: join(examplesDir, "data", data),
    restarts: 3,
    tol: 1e-13,
    ...options,
  });
  if (!r.result) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.result;
}

function expectMonotone(r: FitResultJson): void {
  for (let i = 1; i < r.trace.length; i++) {
    expect(r.trace[i]!).toBeGreaterThanOrEqual(r.trace[i - 1]! - 1e-9 * Math.abs(r.trace[i - 1]!));
  }
  expect(r.warnings.filter((w) => w.code === "W0402")).toEqual([]);
}

describe("fits against outside references", () => {
  it("genetic linkage: θ̂ = 0.626821497871, the positive root of 197θ² − 15θ − 68 (DLR 1977)", async () => {
    const r = await fitExample("genetic-linkage", "genetic-linkage.csv");
    expect(Math.abs((r.params.theta as number) - 0.626821497871)).toBeLessThan(1e-8);
    expect(r.plan.mstep).toEqual([{ params: ["theta"], method: "closed-form", rule: "prob-log-linear" }]);
    expect(r.plan.estep).toEqual([{ latents: ["g"], method: "enumerate", states: 5 }]);
    expectMonotone(r);
  });

  it("ABO: gene counting gives Lange's 0.2136 / 0.0501 / 0.7363", async () => {
    const r = await fitExample("abo-blood-groups", "abo.csv");
    const p = r.params.p as number[];
    [0.2136, 0.0501, 0.7363].forEach((v, k) => {
      expect(Math.abs(p[k]! - v)).toBeLessThan(5e-5);
    });
    (references["abo-blood-groups"]!.params.p as number[]).forEach((v, k) => {
      expect(Math.abs(p[k]! - v)).toBeLessThan(1e-8);
    });
    expect(r.logLikelihood).toBeCloseTo(references["abo-blood-groups"]!.logLikelihood, 6);
    expectMonotone(r);
  });

  it("Poisson mixture: the reference maximum (components in any order)", async () => {
    const r = await fitExample("poisson-mixture", "poisson-mixture.csv", { restarts: 4 });
    const ref = references["poisson-mixture"]!;
    expect(Math.abs(r.logLikelihood - ref.logLikelihood)).toBeLessThan(1e-5);
    const lambda = r.params.lambda as number[];
    const order = lambda.map((_, k) => k).sort((a, b) => lambda[a]! - lambda[b]!);
    order.forEach((k, j) => {
      expect(lambda[k]!).toBeCloseTo((ref.params.lambda as number[])[j]!, 3);
      expect((r.params.w as number[])[k]!).toBeCloseTo((ref.params.w as number[])[j]!, 4);
    });
    expectMonotone(r);
  });

  it("London deaths (weighted rows): the reference log-likelihood; n = Σ weights", async () => {
    const r = await fitExample("london-deaths", "london-deaths.csv", { restarts: 2 });
    expect(Math.abs(r.logLikelihood - references["london-deaths"]!.logLikelihood)).toBeLessThan(1e-4);
    expect(r.criteria.n).toBe(1096);
    expectMonotone(r);
  });
});

describe("parameter recovery on simulated data (examples/data/*.truth.json)", () => {
  const truth = (name: string) =>
    JSON.parse(readFileSync(join(examplesDir, "data", `${name}.truth.json`), "utf8")).params as Record<
      string,
      number[] | number[][]
    >;

  it("Poisson mixture: rates and weights near the truth (N = 400)", async () => {
    const r = await fitExample("poisson-mixture", "poisson-mixture.csv", { restarts: 4, tol: 1e-10 });
    const t = truth("poisson-mixture");
    const lambda = r.params.lambda as number[];
    const order = lambda.map((_, k) => k).sort((a, b) => lambda[a]! - lambda[b]!);
    order.forEach((k, j) => {
      // a rate λ from about N·w rows has standard error √(λ / (N w)); allow 5 of them
      const se = Math.sqrt((t.lambda as number[])[j]! / (400 * (t.w as number[])[j]!));
      expect(Math.abs(lambda[k]! - (t.lambda as number[])[j]!)).toBeLessThan(5 * se);
    });
  });

  it("latent class (Bernoulli mixture): the reference maximum, and θ near the truth (N = 500)", async () => {
    const r = await fitExample("latent-class", "latent-class.json", { restarts: 2, tol: 1e-10 });
    expect(Math.abs(r.logLikelihood - references["latent-class"]!.logLikelihood)).toBeLessThan(1e-5);
    const t = truth("latent-class");
    const theta = r.params.theta as number[][];
    const pi = r.params.pi as number[];
    // classes are unlabelled: match each true class to the fitted class with the closest θ row
    (t.theta as number[][]).forEach((row, k) => {
      const distance = (fit: number[]) => fit.reduce((a, v, j) => a + (v - row[j]!) ** 2, 0);
      const best = theta.map(distance).indexOf(Math.min(...theta.map(distance)));
      const se = Math.sqrt(0.25 / (500 * (t.pi as number[])[k]!));
      theta[best]!.forEach((v, j) => {
        expect(Math.abs(v - row[j]!)).toBeLessThan(5 * se + 0.02);
      });
      expect(pi[best]!).toBeGreaterThan(0);
    });
    expectMonotone(r);
  });
});

describe("starts", () => {
  it("from θ₀ = 0.5 the linkage iterates are DLR 1977 Table 1: 0.6082474, 0.6243211, 0.6264889", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latent-init-"));
    writeFileSync(join(dir, "theta0.json"), JSON.stringify({ theta: 0.5 }));
    const iterates: number[] = [];
    for (const maxIter of [1, 2, 3]) {
      const r = await fitExample("genetic-linkage", "genetic-linkage.csv", {
        init: join(dir, "theta0.json"),
        maxIter,
        tol: 0,
        restarts: 1,
      });
      expect(r.restarts).toHaveLength(1);
      iterates.push(r.params.theta as number);
    }
    [0.6082474, 0.6243211, 0.6264889].forEach((v, i) => {
      expect(iterates[i]!).toBeCloseTo(v, 7);
    });
  });

  it("k-means++ and random starts both reach the Old Faithful maximum", async () => {
    for (const init of ["kmeans++", "random"]) {
      const r = await fitExample("faithful-gmm-full", "faithful.csv", { init, restarts: 3, tol: 1e-10 });
      expect(r.logLikelihood).toBeCloseTo(-1130.26396, 4);
    }
  });
});

describe("Gaussian mixtures against outside references", () => {
  it("Old Faithful waiting, 2 components: λ 0.3608861, μ 54.614856 / 80.091069, σ 5.871219 / 5.867735", async () => {
    const r = await fitExample("faithful-waiting", "faithful.csv", { restarts: 3 });
    const mu = r.params.mu as number[];
    const lo = mu[0]! < mu[1]! ? 0 : 1;
    const hi = 1 - lo;
    expect((r.params.w as number[])[lo]!).toBeCloseTo(0.3608861, 6);
    expect(mu[lo]!).toBeCloseTo(54.614856, 4);
    expect(mu[hi]!).toBeCloseTo(80.091069, 4);
    expect((r.params.sigma as number[])[lo]!).toBeCloseTo(5.871219, 5);
    expect((r.params.sigma as number[])[hi]!).toBeCloseTo(5.867735, 5);
    expect(r.logLikelihood).toBeCloseTo(-1034.00175, 5);
    expect(r.plan.mstep.map((m) => m.rule)).toEqual(["simplex-log-linear", "linear-mean", "covariance"]);
    expectMonotone(r);
  });

  it("contaminated Normal (shared mean): an ECM cycle of mu and s reaches the reference maximum", async () => {
    const r = await fitExample("contaminated-normal", "newcomb.csv", { restarts: 5 });
    const ref = references["contaminated-normal"]!;
    expect(Math.abs(r.logLikelihood - ref.logLikelihood)).toBeLessThan(1e-7);
    const bulk = (r.params.w as number[])[0]! > 0.5 ? 0 : 1;
    expect((r.params.w as number[])[bulk]!).toBeCloseTo((ref.params.w as number[])[0]!, 4);
    expect(r.params.mu as number).toBeCloseTo(ref.params.mu as number, 3);
    expect((r.params.s as number[])[bulk]!).toBeCloseTo((ref.params.s as number[])[0]!, 3);
    expect(r.plan.mstep).toEqual([
      { params: ["w"], method: "closed-form", rule: "simplex-log-linear" },
      { params: ["mu"], method: "ecm", rule: "linear-mean", reason: expect.stringMatching(/reads s/) },
      { params: ["s"], method: "ecm", rule: "covariance", reason: expect.stringMatching(/reads mu/) },
    ]);
    expectMonotone(r);
  });

  for (const [name, rule] of [
    ["faithful-gmm-full", "full"],
    ["faithful-gmm-diag", "diagonal"],
    ["faithful-gmm-spherical", "spherical"],
  ] as const) {
    it(`${name} (${rule} covariances): the reference log-likelihood`, async () => {
      const r = await fitExample(name, "faithful.csv", { restarts: 3, tol: 1e-12 });
      expect(Math.abs(r.logLikelihood - references[name]!.logLikelihood)).toBeLessThan(2e-5);
      expectMonotone(r);
    });
  }

  it("MAP with Dirichlet and InvWishart priors: the reference objective, and no worse than it", async () => {
    const ref = references["gmm-map"] as unknown as { objective: number; logLikelihood: number };
    // From random starts (the reference's own strategy) EM reaches the reference's maximum …
    // (plain EM, as the reference ran: SQUAREM's extrapolations may leave a start's basin for another mode)
    const random = await fitExample("gmm-map", "gmm-map.csv", {
      init: "random",
      restarts: 3,
      tol: 1e-12,
      accelerate: "none",
    });
    expect(Math.abs(random.objective - ref.objective)).toBeLessThan(1e-5);
    expect(Math.abs(random.logLikelihood - ref.logLikelihood)).toBeLessThan(1e-4);
    expectMonotone(random);
    // … which is a local one: the default (k-means++ and random starts) finds a higher posterior mode.
    const mixed = await fitExample("gmm-map", "gmm-map.csv", { restarts: 4, tol: 1e-12 });
    expect(mixed.objective).toBeGreaterThanOrEqual(ref.objective - 1e-6);
  });
});

describe("properties of every fit", () => {
  it("the same seed gives the same JSON, byte for byte", async () => {
    const a = await fitExample("poisson-mixture", "poisson-mixture.csv", { restarts: 2, seed: 5, tol: 1e-8 });
    const b = await fitExample("poisson-mixture", "poisson-mixture.csv", { restarts: 2, seed: 5, tol: 1e-8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("restarts are never worse than one run", async () => {
    const one = await fitExample("poisson-mixture", "poisson-mixture.csv", {
      restarts: 1,
      seed: 9,
      tol: 1e-8,
    });
    const four = await fitExample("poisson-mixture", "poisson-mixture.csv", {
      restarts: 4,
      seed: 9,
      tol: 1e-8,
    });
    expect(four.objective).toBeGreaterThanOrEqual(one.objective);
  });

  it("K = 1 is the plain MLE: λ is the mean of y", async () => {
    const r = await fitExample("poisson-mixture", "poisson-mixture.csv", { set: ["K=1"], restarts: 1 });
    const ys = readFileSync(join(examplesDir, "data", "poisson-mixture.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map(Number);
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    expect(r.params.w).toEqual([1]);
    expect(Math.abs((r.params.lambda as number[])[0]! - mean)).toBeLessThan(1e-12 * mean);
  });

  it("criteria follow §10: aic = −2ℓ + 2p, bic = −2ℓ + p ln n, icl = bic + 2·entropy", async () => {
    const r = await fitExample("poisson-mixture", "poisson-mixture.csv", { restarts: 1, tol: 1e-8 });
    const { nParams, n, aic, bic, icl } = r.criteria;
    expect(nParams).toBe(2 + 3);
    expect(n).toBe(400);
    expect(aic).toBeCloseTo(-2 * r.logLikelihood + 2 * nParams, 9);
    expect(bic).toBeCloseTo(-2 * r.logLikelihood + nParams * Math.log(n), 9);
    expect(icl!).toBeGreaterThanOrEqual(bic);
  });

  it("hard and stochastic EM run and report their algorithm", async () => {
    for (const algorithm of ["hard", "stochastic"] as const) {
      const r = await fitExample("poisson-mixture", "poisson-mixture.csv", {
        restarts: 6,
        algorithm,
        maxIter: 50,
        tol: 1e-8,
      });
      expect(r.algorithm).toBe(algorithm);
      expect(Number.isFinite(r.logLikelihood)).toBe(true);
    }
  });

  it("a block no rule matches gets gradient steps: the Gamma shape reaches the direct maximum", async () => {
    // Q in a Gamma shape holds log Γ(a): no closed form, so a is planned `gradient` (b stays closed form).
    const dir = mkdtempSync(join(tmpdir(), "latent-fit-"));
    writeFileSync(
      join(dir, "m.lvm"),
      "model g\nsize N\ndata y[N]: positive\nparam a: positive\nparam b: positive\nfor n in 1..N { y[n] ~ Gamma(a, b) }\n",
    );
    const y = [1.2, 0.7, 2.5, 0.4, 1.9, 3.1, 0.8, 1.1];
    writeFileSync(join(dir, "d.csv"), `y\n${y.join("\n")}\n`);
    const r = await fitFile(join(dir, "m.lvm"), { data: join(dir, "d.csv"), tol: 1e-14 });
    const fit = r.result!;
    const a = fit.plan.mstep.find((m) => m.params[0] === "a")!;
    expect(a.method).toBe("gradient");
    expect(a.reason).toMatch(/positive-rate: the '~' for y puts log Γ\(a\) into Q/);
    const logLik = (shape: number, rate: number) =>
      y.reduce(
        (s, v) => s + shape * Math.log(rate) - lgamma(shape) + (shape - 1) * Math.log(v) - rate * v,
        0,
      );
    const best = maximise((x) => logLik(Math.exp(x[0]!), Math.exp(x[1]!)), [0, 0]);
    expect(fit.logLikelihood).toBeCloseTo(best.value, 8);
    expect(fit.params.a as number).toBeCloseTo(Math.exp(best.x[0]!), 4);
    expect(fit.trace.every((t, i) => i === 0 || t >= fit.trace[i - 1]! - 1e-9 * Math.abs(t))).toBe(true);
  });

  it("a param that no term of Q contains stops the fit with E0401", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latent-fit-"));
    writeFileSync(
      join(dir, "m.lvm"),
      "model g\nsize N\ndata y[N]: real\nparam mu: real\nparam unused: real\nfor n in 1..N { y[n] ~ Normal(mu, 1) }\n",
    );
    writeFileSync(join(dir, "d.csv"), "y\n1.2\n0.7\n");
    const r = await fitFile(join(dir, "m.lvm"), { data: join(dir, "d.csv") });
    expect(r.result).toBeUndefined();
    const e = r.diagnostics.find((d) => d.code === "E0401")!;
    expect(e.message).toMatch(/^no M-step for 'unused': no term of Q contains unused/);
  });

  it("means may read plate indices and matrix literals of params (regressions)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latent-fit-"));
    writeFileSync(join(dir, "d.csv"), "y\n1.2\n0.3\n2.2\n-0.5\n");
    writeFileSync(
      join(dir, "trend.lvm"),
      "model t\nsize N\ndata y[N]: real\nparam mu: real\nfor n in 1..N { y[n] ~ Normal(mu + n, 1) }\n",
    );
    const trend = await fitFile(join(dir, "trend.lvm"), { data: join(dir, "d.csv") });
    // μ̂ is the mean of yₙ − n = (0.2 − 1.7 − 0.8 − 4.5) / 4
    expect((trend.result!.params.mu as number) - -1.7).toBeCloseTo(0, 12);
    writeFileSync(
      join(dir, "matrix.lvm"),
      "model m\nsize N\ndata y[N]: real\nparam a: real\nparam b: real\nlet M = [[a, b], [b, a]]\nfor n in 1..N { y[n] ~ Normal(M[1, 1] + M[1, 2], 1) }\n",
    );
    const matrix = await fitFile(join(dir, "matrix.lvm"), { data: join(dir, "d.csv") });
    // a and b enter only as a + b: each block update is exact given the other, and their sum is ȳ = 0.8
    const p = matrix.result!.params;
    expect((p.a as number) + (p.b as number)).toBeCloseTo(0.8, 8);
  });

  it("the result never holds NaN, Infinity or null", async () => {
    const r = await fitExample("genetic-linkage", "genetic-linkage.csv");
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity|null/);
  });
});
