// `latent fit --json` on the M-step fixtures against maxima from outside (test/fixtures/mstep/
// make-reference.py: numpy EM from 200 starts, numpy lstsq): arrays of simplexes, simplexes whose length
// is a size (by --set, or from the data's columns), and regression coefficients read element by element
// or as separate scalars.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { repoRoot } from "../helpers";

const dir = join(repoRoot, "test", "fixtures", "mstep");
const reference = JSON.parse(readFileSync(join(dir, "reference.json"), "utf8"));

async function fitJson(model: string, data: string, ...extra: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(["fit", join(dir, model), "--data", join(dir, data), "--json", ...extra], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as {
    logLikelihood: number;
    params: Record<string, unknown>;
    plan: { mstep: { params: string[]; method: string; rule?: string }[] };
  };
}

type Nested = number | Nested[];
const flat = (v: Nested): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);

function permutations(k: number): number[][] {
  if (k === 1) return [[0]];
  return permutations(k - 1).flatMap((p) =>
    Array.from({ length: k }, (_, i) => [...p.slice(0, i), k - 1, ...p.slice(i)]),
  );
}

/** The largest difference over the listed params, under the best relabelling of the components. */
function labelledDifference(
  got: Record<string, unknown>,
  want: Record<string, unknown>,
  names: string[],
): number {
  const k = (want.pi as number[]).length;
  let best = Number.POSITIVE_INFINITY;
  for (const p of permutations(k)) {
    let worst = 0;
    for (const name of names) {
      const g = got[name] as Nested[];
      const w = want[name] as Nested[];
      p.forEach((from, to) => {
        const a = flat(g[from]!);
        const b = flat(w[to]!);
        a.forEach((x, i) => {
          worst = Math.max(worst, Math.abs(x - b[i]!));
        });
      });
    }
    best = Math.min(best, worst);
  }
  return best;
}

const rules = (r: Awaited<ReturnType<typeof fitJson>>) =>
  Object.fromEntries(r.plan.mstep.map((m) => [m.params.join(","), m.rule ?? m.method]));

describe("latent fit reaches the outside maxima with closed forms", () => {
  it("catmix: theta[K, M]: simplex[L], every row its own simplex", async () => {
    const r = await fitJson("catmix.lvm", "catmix.csv");
    expect(rules(r)).toEqual({ pi: "simplex-log-linear", theta: "simplex-log-linear" });
    expect(Math.abs(r.logLikelihood - reference.catmix.logLikelihood)).toBeLessThan(1e-6);
    expect(labelledDifference(r.params, reference.catmix, ["pi", "theta"])).toBeLessThan(1e-4);
  });

  it("mixcat: theta[K]: simplex[L] read in z's own plate, beside a Normal item", async () => {
    const r = await fitJson("mixcat.lvm", "mixcat.csv");
    expect(rules(r)).toEqual({
      pi: "simplex-log-linear",
      mu: "linear-mean",
      s: "covariance",
      theta: "simplex-log-linear",
    });
    expect(Math.abs(r.logLikelihood - reference.mixcat.logLikelihood)).toBeLessThan(1e-6);
    expect(labelledDifference(r.params, reference.mixcat, ["pi", "mu", "theta"])).toBeLessThan(1e-4);
    expect(Math.abs((r.params.s as number) - reference.mixcat.s)).toBeLessThan(1e-4);
  });

  it("unigrams: theta[K]: simplex[V] with V = 12 from --set", async () => {
    const r = await fitJson("unigrams.lvm", "unigrams.csv", "--set", "V=12");
    expect(rules(r)).toEqual({ pi: "simplex-log-linear", theta: "simplex-log-linear" });
    expect(Math.abs(r.logLikelihood - reference.unigrams.logLikelihood)).toBeLessThan(1e-6);
    expect(labelledDifference(r.params, reference.unigrams, ["pi", "theta"])).toBeLessThan(1e-4);
  });

  it("multmix: theta[K]: simplex[V] with V bound from the data's columns", async () => {
    const r = await fitJson("multmix.lvm", "multmix.csv");
    expect(rules(r)).toEqual({ pi: "simplex-log-linear", theta: "simplex-log-linear" });
    expect(Math.abs(r.logLikelihood - reference.multmix.logLikelihood)).toBeLessThan(1e-6);
    expect(labelledDifference(r.params, reference.multmix, ["pi", "theta"])).toBeLessThan(1e-4);
  });

  it("regression: beta[1] + beta[2]·x1 + beta[3]·x2 is OLS", async () => {
    const r = await fitJson("regression.lvm", "regression.csv");
    expect(rules(r)).toEqual({ beta: "linear-mean", s: "covariance" });
    expect(Math.abs(r.logLikelihood - reference.regression.logLikelihood)).toBeLessThan(1e-9);
    flat(r.params.beta as Nested).forEach((b, i) => {
      expect(Math.abs(b - reference.regression.beta[i])).toBeLessThan(1e-9);
    });
    expect(Math.abs((r.params.s as number) - reference.regression.s)).toBeLessThan(1e-9);
  });

  it("regression by three scalar blocks: the least-squares cycle reaches OLS too", async () => {
    const r = await fitJson("regression-scalars.lvm", "regression.csv");
    expect(rules(r)).toEqual({ b1: "linear-mean", b2: "linear-mean", b3: "linear-mean", s: "covariance" });
    expect(Math.abs(r.logLikelihood - reference.regression.logLikelihood)).toBeLessThan(1e-9);
    ["b1", "b2", "b3"].forEach((name, i) => {
      expect(Math.abs((r.params[name] as number) - reference.regression.beta[i])).toBeLessThan(1e-7);
    });
  });

  it("mixreg: beta[K]: vector[2] read by elements, per state", async () => {
    const r = await fitJson("mixreg.lvm", "mixreg.csv");
    expect(rules(r)).toEqual({ pi: "simplex-log-linear", beta: "linear-mean", s: "covariance" });
    expect(Math.abs(r.logLikelihood - reference.mixreg.logLikelihood)).toBeLessThan(1e-6);
    expect(labelledDifference(r.params, reference.mixreg, ["pi", "beta", "s"])).toBeLessThan(1e-4);
  });
});
