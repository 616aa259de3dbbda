// Missing data (docs/language.md, Data): missing MvNormal coordinates integrated out exactly (conditional Gaussian
// per missingness pattern), checked against the reference EM of examples/data/reference-fits.py and against
// a direct Nelder–Mead maximisation of the observed-data log-likelihood written here from the plain
// formula; a row with nothing observed is skipped with a warning; a missing scalar drops out; a missing
// categorical label is a latent of its row; missing coordinates inside a Gaussian mixture against direct
// maximisation; what is not covered yet is a located E0407.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitFile } from "../../src/api";
import { cholesky, logDetFromCholesky, solveLower } from "../../src/linalg";
import { examplesDir } from "../helpers";
import { maximise } from "../support/nelder-mead";

const references = JSON.parse(readFileSync(join(examplesDir, "data", "references.json"), "utf8")) as Record<
  string,
  { logLikelihood: number; params: { mu: number[]; Sigma: number[][] } }
>;

/** Σ over rows of log N(x_o | μ_o, Σ_oo), the observed coordinates only. */
function observedLogLikelihood(rows: number[][], mu: number[], sigma: number[][]): number {
  let ll = 0;
  for (const row of rows) {
    const o = row.flatMap((v, i) => (Number.isNaN(v) ? [] : [i]));
    if (o.length === 0) continue;
    const S = Float64Array.from(o.flatMap((i) => o.map((j) => sigma[i]![j]!)));
    const c = cholesky(S, o.length);
    if (!c.ok) return Number.NEGATIVE_INFINITY;
    const r = solveLower(c.L, o.length, Float64Array.from(o.map((i) => row[i]! - mu[i]!)));
    const q = r.reduce((s, v) => s + v * v, 0);
    ll += -0.5 * q - 0.5 * logDetFromCholesky(c.L, o.length) - 0.5 * o.length * Math.log(2 * Math.PI);
  }
  return ll;
}

function write(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "latent-missing-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("missing data", () => {
  it("MvNormal with 80 missing cells: the reference fit, and no direction improves the observed likelihood", async () => {
    const data = join(examplesDir, "data", "missing-mvnormal.csv");
    const r = await fitFile(join(examplesDir, "missing-mvnormal.lvm"), { data, tol: 1e-14 });
    const fit = r.result!;
    const ref = references["missing-mvnormal"]!;
    expect(Math.abs(fit.logLikelihood - ref.logLikelihood)).toBeLessThan(1e-7);
    (fit.params.mu as number[]).forEach((v, i) => {
      expect(v).toBeCloseTo(ref.params.mu[i]!, 5);
    });
    (fit.params.Sigma as number[][]).flat().forEach((v, i) => {
      expect(v).toBeCloseTo(ref.params.Sigma.flat()[i]!, 5);
    });
    expect(fit.plan.estep).toEqual([{ latents: ["x"], method: "gaussian" }]);
    expect(fit.trace.every((t, i) => i === 0 || t >= fit.trace[i - 1]! - 1e-9 * Math.abs(t))).toBe(true);

    // Direct maximisation over (μ, Cholesky factor of Σ) from the fit: no better point within 1e-7.
    const rows = readFileSync(data, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",").map((c) => (c === "NA" ? Number.NaN : Number(c))));
    const mu = fit.params.mu as number[];
    const sigma = fit.params.Sigma as number[][];
    const L = cholesky(Float64Array.from(sigma.flat()), 3);
    if (!L.ok) throw new Error("Sigma is not PD");
    const start = [...mu, ...[0, 3, 4, 6, 7, 8].map((k) => L.L[k]!)];
    const at = (p: number[]): number => {
      const l = [p[3]!, 0, 0, p[4]!, p[5]!, 0, p[6]!, p[7]!, p[8]!];
      const s = [0, 1, 2].map((i) =>
        [0, 1, 2].map((j) => [0, 1, 2].reduce((t, k) => t + l[i * 3 + k]! * l[j * 3 + k]!, 0)),
      );
      return observedLogLikelihood(rows, p.slice(0, 3), s);
    };
    expect(at(start)).toBeCloseTo(fit.logLikelihood, 8);
    const best = maximise(at, start, 0.05);
    expect(best.value - fit.logLikelihood).toBeLessThan(1e-7);
    best.x.slice(0, 3).forEach((v, i) => {
      expect(Math.abs(v - mu[i]!)).toBeLessThan(1e-3);
    });
  });

  it("skips a row with nothing observed (warning) and drops a missing scalar from Q", async () => {
    const dir = write({
      "mvn.lvm":
        "model m\nsize N, D\ndata x[N]: vector[D]\nparam mu: vector[D]\nparam S: cov[D]\nfor n in 1..N {\n  x[n] ~ MvNormal(mu, S)\n}\n",
      "mvn.csv": "x.1,x.2\n1,2\nNA,NA\n3,1\n2,2.5\nNA,1\n4,3\n",
      "scalar.lvm":
        "model m\nsize N\ndata y[N]: real\nparam mu: real\nparam s: positive\nfor n in 1..N {\n  y[n] ~ Normal(mu, s)\n}\n",
      "scalar.csv": "y\n1.0\nNA\n3.0\n2.5\n",
    });
    const mvn = await fitFile(join(dir, "mvn.lvm"), { data: join(dir, "mvn.csv") });
    expect(mvn.result!.warnings).toContainEqual({
      code: "W0408",
      message: "element 2 of x has no observed value: skipped",
    });
    const scalar = await fitFile(join(dir, "scalar.lvm"), { data: join(dir, "scalar.csv") });
    expect(scalar.result!.params.mu as number).toBeCloseTo((1 + 3 + 2.5) / 3, 12);
    expect(Number.isFinite(scalar.result!.logLikelihood)).toBe(true);
  });

  it("a categorical label missing in some rows is a latent there: the fit maximises the observed likelihood", async () => {
    // Old Faithful waiting times, every third row labelled by the side of 67 minutes it falls on.
    const x = readFileSync(join(examplesDir, "data", "faithful.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => Number(line.split(",")[1]));
    const label = x.map((v, i) => (i % 3 === 0 ? (v < 67 ? 1 : 2) : Number.NaN));
    const dir = write({
      "semi.lvm":
        "model m\nsize N\nconst K = 2\ndata x[N]: real\ndata c[N]: cat(K)\nparam pi: simplex[K]\nparam mu[K]: real\nparam s[K]: positive\nfor n in 1..N {\n  c[n] ~ Categorical(pi)\n  x[n] ~ Normal(mu[c[n]], s[c[n]])\n}\n",
      "d.csv": `x,c\n${x.map((v, i) => `${v},${Number.isNaN(label[i]!) ? "NA" : label[i]}`).join("\n")}\n`,
    });
    const r = await fitFile(join(dir, "semi.lvm"), { data: join(dir, "d.csv"), tol: 1e-13 });
    const fit = r.result!;
    expect(fit.plan.estep).toEqual([{ latents: ["c"], method: "enumerate", states: 2 }]);
    // log p(x, recorded labels): the labelled rows by their component, the others summed over both.
    const logNormal = (v: number, m: number, sd: number) =>
      -0.5 * Math.log(2 * Math.PI) - Math.log(sd) - (v - m) ** 2 / (2 * sd * sd);
    const observed = (p: number[]) => {
      const w1 = 1 / (1 + Math.exp(-p[0]!));
      const w = [w1, 1 - w1];
      const mu = [p[1]!, p[2]!];
      const sd = [Math.exp(p[3]!), Math.exp(p[4]!)];
      return x.reduce((total, v, i) => {
        const joint = [0, 1].map((k) => Math.log(w[k]!) + logNormal(v, mu[k]!, sd[k]!));
        const c = label[i]!;
        if (!Number.isNaN(c)) return total + joint[c - 1]!;
        const top = Math.max(...joint);
        return total + top + Math.log(joint.reduce((s, j) => s + Math.exp(j - top), 0));
      }, 0);
    };
    const pi = fit.params.pi as number[];
    const mu = fit.params.mu as number[];
    const sd = fit.params.s as number[];
    const at = [Math.log(pi[0]! / pi[1]!), mu[0]!, mu[1]!, Math.log(sd[0]!), Math.log(sd[1]!)];
    expect(fit.logLikelihood).toBeCloseTo(observed(at), 8);
    const best = maximise(
      observed,
      at.map((v) => v + 0.05),
    );
    expect(best.value - fit.logLikelihood).toBeLessThan(1e-7);
    // The labels pin the components: component 1 is the short waits.
    expect(mu[0]!).toBeLessThan(mu[1]!);
  });

  it("missing coordinates inside a Gaussian mixture: no direction improves the observed likelihood", async () => {
    // Old Faithful with eruptions missing in every 9th row and waiting in every 7th (from the 4th): 70 cells,
    // 4 rows with nothing observed (skipped).
    const lines = readFileSync(join(examplesDir, "data", "faithful.csv"), "utf8")
      .trim()
      .split("\n");
    const rows = lines.slice(1).map((l, n) => {
      const [a, b] = l.split(",").map(Number) as [number, number];
      return [n % 9 === 0 ? Number.NaN : a, n % 7 === 3 ? Number.NaN : b];
    });
    const dir = write({
      "d.csv": `x.1,x.2\n${rows.map((r) => r.map((v) => (Number.isNaN(v) ? "NA" : v)).join(",")).join("\n")}\n`,
    });
    const r = await fitFile(join(examplesDir, "faithful-gmm-full.lvm"), {
      data: join(dir, "d.csv"),
      tol: 1e-13,
    });
    const fit = r.result!;
    expect(fit.plan.estep.map((p) => [p.latents, p.method])).toEqual([
      [["z"], "enumerate"],
      [["x"], "gaussian"],
    ]);
    expect(fit.trace.every((t, i) => i === 0 || t >= fit.trace[i - 1]! - 1e-9 * Math.abs(t))).toBe(true);
    expect(
      fit.warnings.filter(
        (w) => w.code === "W0408" && /^element \d+ of x has no observed value/.test(w.message),
      ),
    ).toHaveLength(4);
    const pi = fit.params.pi as number[];
    const mu = fit.params.mu as number[][];
    const sigma = fit.params.Sigma as number[][][];
    // p = (logit π₁, μ₁, μ₂, then per component the Cholesky factor's l₁₁, l₂₁, l₂₂)
    const at = (p: number[]): number => {
      const w1 = 1 / (1 + Math.exp(-p[0]!));
      const component = (k: number) => {
        const [a, b, c] = p.slice(5 + 3 * k, 8 + 3 * k) as [number, number, number];
        return [
          [a * a, a * b],
          [a * b, b * b + c * c],
        ];
      };
      let ll = 0;
      for (const row of rows) {
        const one = (m: number[], S: number[][]) => Math.exp(observedLogLikelihood([row], m, S));
        ll += Math.log(w1 * one(p.slice(1, 3), component(0)) + (1 - w1) * one(p.slice(3, 5), component(1)));
      }
      return ll;
    };
    const chol = (S: number[][]) => {
      const a = Math.sqrt(S[0]![0]!);
      const b = S[0]![1]! / a;
      return [a, b, Math.sqrt(S[1]![1]! - b * b)];
    };
    const start = [Math.log(pi[0]! / pi[1]!), ...mu[0]!, ...mu[1]!, ...chol(sigma[0]!), ...chol(sigma[1]!)];
    expect(at(start)).toBeCloseTo(fit.logLikelihood, 8);
    const best = maximise(at, start, 0.01);
    expect(best.value - fit.logLikelihood).toBeLessThan(1e-6);
  });

  it("missing coordinates beside a Gaussian latent (PPCA) are a located E0407, not NaN", async () => {
    const dir = write({
      "ppca.lvm":
        "model m\nsize N, D, L\ndata x[N]: vector[D]\nparam W: matrix[D, L]\nparam b: vector[D]\nparam s2: positive\nlatent z[N]: vector[L]\nfor n in 1..N {\n  z[n] ~ MvNormal(zeros(L), I(L))\n  x[n] ~ MvNormal(W * z[n] + b, s2 * I(D))\n}\n",
      "d.csv": "x.1,x.2\n1,2\nNA,3\n3,1\n2,2.5\n",
    });
    const r = await fitFile(join(dir, "ppca.lvm"), { data: join(dir, "d.csv"), set: ["L=1"] });
    expect(r.result).toBeUndefined();
    const e = r.diagnostics.find((d) => d.code === "E0407");
    expect(e?.message).toMatch(
      /missing cells of x inside a latent group with a 'gaussian' E-step .* \(first at row 2, column 1\)/,
    );
    expect(e?.span?.start.line).toBe(10);
  });
});
