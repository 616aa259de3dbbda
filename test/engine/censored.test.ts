// Censored data through the conjugate E-step: the censored Normal against direct maximisation of its
// observed-data likelihood (examples/data/reference-fits.py, the survreg(dist = "gaussian") fit), the
// censored Exponential against its textbook closed form λ̂ = d / Σ tᵢ (d uncensored, Σ over every time;
// Lawless, Statistical Models and Methods for Lifetime Data, §2.2), and located errors where no E-step
// covers the censored values yet; censored values inside a mixture and under a gradient step against direct
// maximisation.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitFile } from "../../src/api";
import {
  createRng,
  sampleBinomial,
  sampleExponential,
  sampleGamma,
  sampleNormal,
  samplePoisson,
} from "../../src/random";
import { erfc, gammaQ, lgamma } from "../../src/special";
import { examplesDir } from "../helpers";
import { maximise } from "../support/nelder-mead";

const references = JSON.parse(readFileSync(join(examplesDir, "data", "references.json"), "utf8")) as Record<
  string,
  { logLikelihood: number; params: Record<string, number> }
>;

function monotone(trace: readonly number[]): boolean {
  return trace.every((v, i) => i === 0 || v >= trace[i - 1]! - 1e-9 * Math.abs(trace[i - 1]!));
}

function write(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "latent-censored-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("censored data", () => {
  it("right-censored Normal: the maximum-likelihood reference (μ 49.6796, σ 9.75109, ℓ −903.5694351)", async () => {
    const r = await fitFile(join(examplesDir, "censored-normal.lvm"), {
      data: join(examplesDir, "data", "censored-normal.csv"),
      tol: 1e-14,
    });
    const fit = r.result!;
    const ref = references["censored-normal"]!;
    expect(Math.abs(fit.logLikelihood - ref.logLikelihood)).toBeLessThan(1e-7);
    expect(fit.params.μ as number).toBeCloseTo(ref.params.μ!, 4);
    expect(fit.params.σ as number).toBeCloseTo(ref.params.σ!, 4);
    expect(fit.plan.estep).toEqual([{ latents: ["y"], method: "conjugate" }]);
    expect(monotone(fit.trace)).toBe(true);
    expect(fit.warnings).toEqual([]);
  });

  it("right-censored Exponential: λ̂ = d / Σ t, the textbook closed form", async () => {
    const rng = createRng(11);
    const rows = ["t,cens"];
    let d = 0;
    let total = 0;
    for (let i = 0; i < 400; i++) {
      const life = sampleExponential(rng, 0.2);
      const limit = 2 + 10 * rng.double();
      const censored = life > limit;
      const t = Number((censored ? limit : life).toFixed(6));
      rows.push(`${t},${censored ? 1 : 0}`);
      total += t;
      if (!censored) d++;
    }
    const dir = write({
      "m.lvm": [
        "model lifetimes",
        "size N",
        "data t[N]: positive",
        "data cens[N]: int",
        "param rate: positive",
        "for n in 1..N {",
        "  t[n] ~ Exponential(rate) censored(right = cens[n])",
        "}",
        "",
      ].join("\n"),
      "d.csv": `${rows.join("\n")}\n`,
    });
    const r = await fitFile(join(dir, "m.lvm"), { data: join(dir, "d.csv"), tol: 1e-15, maxIter: 100000 });
    const fit = r.result!;
    const rate = d / total;
    expect(d).toBeLessThan(400);
    // EM converges linearly: a relative change of 1e-15 in ℓ leaves λ within ~1e-8 of its limit.
    expect(Math.abs((fit.params.rate as number) - rate) / rate).toBeLessThan(1e-7);
    expect(fit.logLikelihood).toBeCloseTo(d * Math.log(rate) - rate * total, 6);
    expect(monotone(fit.trace)).toBe(true);
  });

  it("right-censored LogNormal: the maximum of Σ log f + Σ log(1 − F) found by Nelder–Mead; uncensored: the log-scale mean and sd", async () => {
    const rng = createRng(12);
    const life: number[] = [];
    const limit: number[] = [];
    for (let i = 0; i < 300; i++) {
      life.push(Math.exp(1.2 + 0.7 * sampleNormal(rng, 0, 1)));
      limit.push(2 + 6 * rng.double());
    }
    const rows = [
      "t,cens",
      ...life.map((t, i) => (t > limit[i]! ? `${limit[i]!.toFixed(6)},1` : `${t.toFixed(6)},0`)),
    ];
    const dir = write({
      "m.lvm": [
        "model lifetimes",
        "size N",
        "data t[N]: positive",
        "data cens[N]: int",
        "param m: real",
        "param s: positive",
        "for n in 1..N {",
        "  t[n] ~ LogNormal(m, s) censored(right = cens[n])",
        "}",
        "",
      ].join("\n"),
      "d.csv": `${rows.join("\n")}\n`,
    });
    const r = await fitFile(join(dir, "m.lvm"), { data: join(dir, "d.csv"), tol: 1e-15, maxIter: 100000 });
    const fit = r.result!;
    expect(fit.plan.estep).toEqual([{ latents: ["t"], method: "conjugate" }]);
    const data = rows.slice(1).map((row) => row.split(",").map(Number) as [number, number]);
    // log f(t) = −log t − log s − ½ log 2π − z²/2 and log(1 − F(c)) = log Φ̄((log c − m)/s), by erfc.
    const logLikelihood = (m: number, s: number) =>
      data.reduce((sum, [t, c]) => {
        const z = (Math.log(t) - m) / s;
        return (
          sum +
          (c === 1
            ? Math.log(0.5 * erfc(z / Math.SQRT2))
            : -Math.log(t) - Math.log(s) - 0.5 * Math.log(2 * Math.PI) - 0.5 * z * z)
        );
      }, 0);
    const m = fit.params.m as number;
    const s = fit.params.s as number;
    expect(fit.logLikelihood).toBeCloseTo(logLikelihood(m, s), 8);
    const best = maximise((p) => logLikelihood(p[0]!, Math.exp(p[1]!)), [m + 0.2, Math.log(s) - 0.2]);
    expect(best.value - fit.logLikelihood).toBeLessThan(1e-8);
    expect(Math.abs(best.x[0]! - m)).toBeLessThan(1e-5);
    expect(Math.abs(Math.exp(best.x[1]!) - s)).toBeLessThan(1e-5);
    expect(monotone(fit.trace)).toBe(true);

    // With nothing censored the MLE is the mean and (1/N) sd of log t.
    const plain = write({
      "m.lvm":
        "model m\nsize N\ndata t[N]: positive\nparam m: real\nparam s: positive\nfor n in 1..N {\n  t[n] ~ LogNormal(m, s)\n}\n",
      "d.csv": `t\n${life.map((t) => t.toFixed(6)).join("\n")}\n`,
    });
    const p = (await fitFile(join(plain, "m.lvm"), { data: join(plain, "d.csv") })).result!;
    const logs = life.map((t) => Math.log(Number(t.toFixed(6))));
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
    expect(p.params.m as number).toBeCloseTo(mean, 10);
    expect(p.params.s as number).toBeCloseTo(sd, 10);
  });

  it("a mixture of right-censored Normals: the maximum of Σ log Σₖ wₖ (φ or 1 − Φ) found by Nelder–Mead", async () => {
    const rng = createRng(17);
    const lines = ["y,cens"];
    for (let n = 0; n < 300; n++) {
      const y = rng.double() < 0.4 ? sampleNormal(rng, 2, 1) : sampleNormal(rng, 7, 1.5);
      const c = 3 + 9 * rng.double();
      lines.push(y > c ? `${c},1` : `${y},0`);
    }
    const dir = write({
      "m.lvm": [
        "model m",
        "size N",
        "data y[N]: real",
        "data cens[N]: int",
        "param w: simplex[2]",
        "param mu[2]: real",
        "param s[2]: positive",
        "latent z[N]: cat(2)",
        "for n in 1..N {",
        "  z[n] ~ Categorical(w)",
        "  y[n] ~ Normal(mu[z[n]], s[z[n]]) censored(right = cens[n])",
        "}",
        "",
      ].join("\n"),
      "d.csv": `${lines.join("\n")}\n`,
    });
    const r = await fitFile(join(dir, "m.lvm"), { data: join(dir, "d.csv"), tol: 1e-13 });
    const fit = r.result!;
    expect(fit.plan.estep.map((p) => [p.latents, p.method])).toEqual([
      [["z"], "enumerate"],
      [["y"], "conjugate"],
    ]);
    expect(monotone(fit.trace)).toBe(true);
    const rows = lines.slice(1).map((l) => l.split(",").map(Number) as [number, number]);
    const logNormal = (x: number, m: number, s: number) =>
      -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
    const logAbove = (c: number, m: number, s: number) => Math.log(0.5 * erfc((c - m) / (s * Math.SQRT2)));
    // p = (logit w₁, μ₁, μ₂, log s₁, log s₂)
    const at = (p: number[]): number => {
      const w1 = 1 / (1 + Math.exp(-p[0]!));
      let ll = 0;
      for (const [y, c] of rows) {
        let total = 0;
        for (const [w, m, s] of [
          [w1, p[1]!, Math.exp(p[3]!)],
          [1 - w1, p[2]!, Math.exp(p[4]!)],
        ] as const)
          total += w * Math.exp(c === 1 ? logAbove(y, m, s) : logNormal(y, m, s));
        ll += Math.log(total);
      }
      return ll;
    };
    const w = fit.params.w as number[];
    const mu = fit.params.mu as number[];
    const s = fit.params.s as number[];
    const start = [Math.log(w[0]! / w[1]!), mu[0]!, mu[1]!, Math.log(s[0]!), Math.log(s[1]!)];
    expect(at(start)).toBeCloseTo(fit.logLikelihood, 8);
    const best = maximise(at, start, 0.05);
    expect(best.value - fit.logLikelihood).toBeLessThan(1e-7);
    best.x.forEach((v, i) => {
      expect(Math.abs(v - start[i]!)).toBeLessThan(1e-3);
    });
  });

  it("a gradient block over censored values: Q takes the truncated moments (scipy direct maximisation)", async () => {
    const dir = write({
      "m.lvm":
        "model m\nsize N\ndata y[N]: real\ndata c[N]: int\nparam m: real\nparam s: positive\nfor n in 1..N {\n  y[n] ~ Normal(exp(m), s) censored(right = c[n])\n}\n",
      "d.csv": "y,c\n1.5,0\n2.5,1\n2.0,0\n3.1,1\n0.7,0\n",
    });
    const r = await fitFile(join(dir, "m.lvm"), { data: join(dir, "d.csv"), tol: 1e-14 });
    const fit = r.result!;
    expect(fit.plan.mstep.find((p) => p.params[0] === "m")?.method).toBe("gradient");
    expect(monotone(fit.trace)).toBe(true);
    // scipy.optimize Nelder–Mead (xatol 1e-12) on Σ log φ + Σ log(1 − Φ), this data.
    expect(fit.logLikelihood).toBeCloseTo(-6.650852408430271, 8);
    expect(fit.params.m as number).toBeCloseTo(0.8330431481800487, 6);
    expect(fit.params.s as number).toBeCloseTo(1.2609058060725302, 6);
  });

  it("censored counts: Poisson above a cap and Binomial below a floor, against Nelder–Mead on their likelihood", async () => {
    const rng = createRng(23);
    const poissonRows: string[] = [];
    const binomialRows: string[] = [];
    for (let n = 0; n < 200; n++) {
      const y = samplePoisson(rng, 3.7);
      poissonRows.push(y > 5 ? "5,1" : `${y},0`);
      const b = sampleBinomial(rng, 12, 0.35);
      binomialRows.push(b < 3 ? "3,1" : `${b},0`);
    }
    const dir = write({
      "poisson.lvm":
        "model m\nsize N\ndata y[N]: count\ndata c[N]: int\nparam lam: positive\nfor n in 1..N {\n  y[n] ~ Poisson(lam) censored(right = c[n])\n}\n",
      "poisson.csv": `y,c\n${poissonRows.join("\n")}\n`,
      "binomial.lvm":
        "model m\nsize N\ndata y[N]: count\ndata c[N]: int\nparam p: prob\nfor n in 1..N {\n  y[n] ~ Binomial(12, p) censored(left = c[n])\n}\n",
      "binomial.csv": `y,c\n${binomialRows.join("\n")}\n`,
    });
    const logFactorial = (k: number) => {
      let t = 0;
      for (let i = 2; i <= k; i++) t += Math.log(i);
      return t;
    };
    const poissonPmf = (k: number, lam: number) => Math.exp(k * Math.log(lam) - lam - logFactorial(k));
    const binomialPmf = (k: number, p: number) =>
      Math.exp(
        logFactorial(12) -
          logFactorial(k) -
          logFactorial(12 - k) +
          k * Math.log(p) +
          (12 - k) * Math.log1p(-p),
      );
    const cases = [
      {
        model: "poisson",
        rows: poissonRows,
        // Right-censored at 5: the value is above 5, P(Y > 5) = 1 − P(Y ≤ 5).
        logLik: (lam: number) => (y: number, c: number) =>
          Math.log(
            c === 1 ? 1 - [0, 1, 2, 3, 4, 5].reduce((t, k) => t + poissonPmf(k, lam), 0) : poissonPmf(y, lam),
          ),
        param: "lam",
        toParam: (x: number) => Math.exp(x),
      },
      {
        model: "binomial",
        rows: binomialRows,
        // Left-censored at 3: the value is below 3.
        logLik: (p: number) => (y: number, c: number) =>
          Math.log(c === 1 ? [0, 1, 2].reduce((t, k) => t + binomialPmf(k, p), 0) : binomialPmf(y, p)),
        param: "p",
        toParam: (x: number) => 1 / (1 + Math.exp(-x)),
      },
    ];
    for (const c of cases) {
      const r = await fitFile(join(dir, `${c.model}.lvm`), { data: join(dir, `${c.model}.csv`), tol: 1e-14 });
      const fit = r.result!;
      expect(monotone(fit.trace)).toBe(true);
      const data = c.rows.map((l) => l.split(",").map(Number) as [number, number]);
      const at = (x: number[]) => data.reduce((t, [y, k]) => t + c.logLik(c.toParam(x[0]!))(y, k), 0);
      const best = maximise(at, [0.3], 0.2);
      expect(Math.abs(fit.logLikelihood - best.value)).toBeLessThan(1e-8);
      expect(Math.abs((fit.params[c.param] as number) - c.toParam(best.x[0]!))).toBeLessThan(1e-6);
    }
  });

  it("a right-censored Gamma (quadrature E-step, gradient step on its shape): Nelder–Mead on its likelihood", async () => {
    const rng = createRng(29);
    const rows: string[] = [];
    for (let n = 0; n < 120; n++) {
      const y = sampleGamma(rng, 2.5, 0.8);
      const c = 2 + 6 * rng.double();
      rows.push(y > c ? `${c},1` : `${y},0`);
    }
    const dir = write({
      "m.lvm":
        "model m\nsize N\ndata y[N]: real\ndata c[N]: int\nparam a: positive\nparam b: positive\nfor n in 1..N {\n  y[n] ~ Gamma(a, b) censored(right = c[n])\n}\n",
      "d.csv": `y,c\n${rows.join("\n")}\n`,
    });
    const r = await fitFile(join(dir, "m.lvm"), { data: join(dir, "d.csv"), tol: 1e-13, restarts: 1 });
    const fit = r.result!;
    expect(fit.plan.mstep.map((p) => [p.params[0], p.method])).toEqual([
      ["a", "gradient"],
      ["b", "closed-form"],
    ]);
    expect(monotone(fit.trace)).toBe(true);
    const data = rows.map((l) => l.split(",").map(Number) as [number, number]);
    // Σ log f(y) over observed rows + Σ log Q(a, b c) over censored ones (regularised incomplete gamma).
    const at = ([la, lb]: number[]) => {
      const a = Math.exp(la!);
      const b = Math.exp(lb!);
      return data.reduce(
        (t, [y, c]) =>
          t +
          (c === 1
            ? Math.log(gammaQ(a, b * y))
            : a * Math.log(b) - lgamma(a) + (a - 1) * Math.log(y) - b * y),
        0,
      );
    };
    const start = [Math.log(fit.params.a as number), Math.log(fit.params.b as number)];
    expect(at(start)).toBeCloseTo(fit.logLikelihood, 8);
    const best = maximise(at, start, 0.05);
    expect(best.value - fit.logLikelihood).toBeLessThan(1e-7);
    best.x.forEach((v, i) => {
      expect(Math.abs(v - start[i]!)).toBeLessThan(1e-4);
    });
  });

  it("says where no E-step covers censored values: a value read elsewhere, a Gaussian group", async () => {
    const header = ["size N", "data y[N]: real", "data cens[N]: int"];
    const dir = write({
      "read.lvm": [
        "model m",
        ...header,
        "data v[N]: real",
        "param a: real",
        "param s: positive",
        "for n in 1..N {",
        "  y[n] ~ Normal(a, s) censored(right = cens[n])",
        "  v[n] ~ Normal(y[n], s)",
        "}",
        "",
      ].join("\n"),
      "gaussian.lvm": [
        "model m",
        ...header,
        "param s: positive",
        "latent u[N]: real",
        "for n in 1..N {",
        "  u[n] ~ Normal(0, 1)",
        "  y[n] ~ Normal(u[n], s) censored(right = cens[n])",
        "}",
        "",
      ].join("\n"),
      "d.csv": "y,cens,v\n1.5,0,1\n2.5,1,2\n0.5,0,3\n3.5,0,4\n",
    });
    for (const [model, pattern] of [
      ["read.lvm", /censored y is also read by the '~' for v/],
      ["gaussian.lvm", /censored y inside a latent group with a 'gaussian' E-step/],
    ] as const) {
      const r = await fitFile(join(dir, model), { data: join(dir, "d.csv") });
      expect(r.result).toBeUndefined();
      const error = r.diagnostics.find((x) => x.code === "E0406");
      expect(error?.message).toMatch(pattern);
      expect(error?.span?.start.line).toBeGreaterThan(1);
    }
  });
});
