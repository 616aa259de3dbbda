// `latent fit --posteriors FILE` and `FitResult.posteriors()`: each latent's posterior at the reported params,
// checked against the posteriors computed here from those params (a Gaussian mixture's responsibilities,
// PPCA's closed form, the Student-t's Gamma weights), and the path and format checked before any work.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitFile, lvm } from "../../src/api";
import { main } from "../../src/cli/main";
import { examplesDir } from "../helpers";

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const dir = () => mkdtempSync(join(tmpdir(), "latent-posteriors-"));
const example = (name: string) => join(examplesDir, `${name}.lvm`);
const data = (name: string) => join(examplesDir, "data", name);

/** The numeric rows of a CSV file (header first). */
function readCsv(path: string): { header: string[]; rows: number[][] } {
  const [head, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  return {
    header: head!.split(",").map((h) => h.replace(/"/g, "")),
    rows: lines.map((l) => l.split(",").map(Number)),
  };
}

/** log N(x | mu, S) for a 2 × 2 covariance. */
function logNormal2(x: number[], mu: number[], S: number[][]): number {
  const det = S[0]![0]! * S[1]![1]! - S[0]![1]! * S[1]![0]!;
  const d0 = x[0]! - mu[0]!;
  const d1 = x[1]! - mu[1]!;
  const q = (S[1]![1]! * d0 * d0 - 2 * S[0]![1]! * d0 * d1 + S[0]![0]! * d1 * d1) / det;
  return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q;
}

/** A small dense solve (Gaussian elimination with partial pivoting). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

describe("latent fit --posteriors", () => {
  it("GMM on Old Faithful: responsibilities at the reported params, as JSON and CSV", async () => {
    const d = dir();
    const out = join(d, "fit.json");
    const json = join(d, "z.json");
    const csv = join(d, "z.csv");
    const args = [example("faithful-gmm-full"), "--data", data("faithful.csv"), "--out", out];
    expect((await run("fit", ...args, "--posteriors", json)).code).toBe(0);
    expect((await run("fit", ...args, "--posteriors", csv)).code).toBe(0);
    const fit = JSON.parse(readFileSync(out, "utf8"));
    const post = JSON.parse(readFileSync(json, "utf8"));
    expect(Object.keys(post)).toEqual(["z"]);
    expect(Object.keys(post.z)).toEqual(["probs", "map"]);
    const { probs, map } = post.z as { probs: number[][]; map: number[] };
    const x = readCsv(data("faithful.csv")).rows;
    expect(probs).toHaveLength(272);
    const { pi, mu, Sigma } = fit.params as { pi: number[]; mu: number[][]; Sigma: number[][][] };
    probs.forEach((p, n) => {
      expect(p[0]! + p[1]!).toBeCloseTo(1, 12);
      expect(map[n]).toBe(p[0]! >= p[1]! ? 1 : 2);
      // Recomputed from the params: γₙₖ ∝ πₖ N(xₙ | μₖ, Σₖ).
      const lw = [0, 1].map((k) => Math.log(pi[k]!) + logNormal2(x[n]!, mu[k]!, Sigma[k]!));
      const top = Math.max(...lw);
      const total = lw.reduce((s, l) => s + Math.exp(l - top), 0);
      expect(Math.abs(p[0]! - Math.exp(lw[0]! - top) / total)).toBeLessThan(1e-10);
    });
    // The CSV holds the same numbers at full precision.
    const table = readCsv(csv);
    expect(table.header).toEqual(["n", "p.z.1", "p.z.2", "map.z"]);
    table.rows.forEach((r, i) => {
      expect(r).toEqual([i + 1, probs[i]![0], probs[i]![1], map[i]]);
    });
  });

  it("PPCA: the posterior mean is (WᵀW + s2 I)⁻¹Wᵀ(x − b) and the covariance s2 (WᵀW + s2 I)⁻¹", async () => {
    const d = dir();
    const out = join(d, "fit.json");
    const json = join(d, "z.json");
    const r = await run(
      "fit",
      example("ppca"),
      "--data",
      data("ppca.csv"),
      "--out",
      out,
      "--posteriors",
      json,
    );
    expect(r.code).toBe(0);
    const { W, b, s2 } = JSON.parse(readFileSync(out, "utf8")).params as {
      W: number[][];
      b: number[];
      s2: number;
    };
    const post = JSON.parse(readFileSync(json, "utf8")).z as {
      mean: number[][];
      cov: number[][][];
      sd: number[][];
    };
    expect(Object.keys(JSON.parse(readFileSync(json, "utf8")).z)).toEqual(["mean", "cov", "sd"]);
    const x = readCsv(data("ppca.csv")).rows;
    const D = b.length;
    const L = W[0]!.length;
    const M = Array.from({ length: L }, (_, i) =>
      Array.from({ length: L }, (_, j) => {
        let s = i === j ? s2 : 0;
        for (let k = 0; k < D; k++) s += W[k]![i]! * W[k]![j]!;
        return s;
      }),
    );
    const Minv = [0, 1].map((j) =>
      solve(
        M,
        [0, 1].map((i) => (i === j ? 1 : 0)),
      ),
    );
    x.forEach((row, n) => {
      const rhs = Array.from({ length: L }, (_, i) =>
        row.reduce((s, v, k) => s + W[k]![i]! * (v - b[k]!), 0),
      );
      const mean = solve(M, rhs);
      for (let i = 0; i < L; i++) {
        expect(Math.abs(post.mean[n]![i]! - mean[i]!)).toBeLessThan(1e-8);
        for (let j = 0; j < L; j++)
          expect(Math.abs(post.cov[n]![i]![j]! - s2 * Minv[i]![j]!)).toBeLessThan(1e-8);
        expect(Math.abs(post.sd[n]![i]! - Math.sqrt(s2 * Minv[i]![i]!))).toBeLessThan(1e-8);
      }
    });
  });

  it("Student-t: a Gamma latent's mean is E[u] = (ν + 1)/(ν + ((x − loc)/scale)²), its sd E[u]/√shape", async () => {
    const d = dir();
    const out = join(d, "fit.json");
    const csv = join(d, "u.csv");
    const r = await run(
      "fit",
      example("student-t"),
      "--data",
      data("student-t.csv"),
      "--out",
      out,
      "--posteriors",
      csv,
    );
    expect(r.code).toBe(0);
    const { loc, scale, nu } = JSON.parse(readFileSync(out, "utf8")).params as Record<string, number>;
    const x = readCsv(data("student-t.csv")).rows.map((row) => row[0]!);
    const table = readCsv(csv);
    expect(table.header).toEqual(["n", "mean.u", "sd.u"]);
    table.rows.forEach(([n, mean, sd], i) => {
      expect(n).toBe(i + 1);
      const z = (x[i]! - loc!) / scale!;
      const a = (nu! + 1) / 2;
      const eu = (nu! + 1) / (nu! + z * z);
      expect(Math.abs(mean! - eu)).toBeLessThan(1e-8);
      expect(Math.abs(sd! - eu / Math.sqrt(a))).toBeLessThan(1e-8);
    });
  });

  it("hard EM writes the 0/1 classification", async () => {
    const d = dir();
    const json = join(d, "z.json");
    const r = await run(
      "fit",
      example("faithful-gmm-full"),
      "--data",
      data("faithful.csv"),
      "--algorithm",
      "hard",
      "--posteriors",
      json,
    );
    expect(r.code).toBe(0);
    const { probs, map } = JSON.parse(readFileSync(json, "utf8")).z as { probs: number[][]; map: number[] };
    probs.forEach((p, n) => {
      expect([...p].sort()).toEqual([0, 1]);
      expect(p[map[n]! - 1]).toBe(1);
    });
  });

  it("a bad path, an unknown format or a model with no latent is a usage error before any work", async () => {
    const d = dir();
    mkdirSync(join(d, "folder.json"));
    // The data file does not exist: had the fit started, it would say so (exit 1).
    const fitWith = (posteriors: string, model = example("faithful-gmm-full")) =>
      run("fit", model, "--data", join(d, "absent.csv"), "--posteriors", posteriors);
    for (const [path, says] of [
      [join(d, "z.txt"), "a .json or a .csv file"],
      [join(d, "z"), "a .json or a .csv file"],
      [join(d, "folder.json"), "it is a directory"],
      [join(d, "missing", "z.csv"), "does not exist"],
    ] as const) {
      const r = await fitWith(path);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(says);
      expect(r.stderr).not.toContain("absent.csv");
      expect(r.stdout).toBe("");
    }
    const none = await fitWith(join(d, "x.json"), example("censored-normal"));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("declares no latent");
    expect(existsSync(join(d, "z.txt")) || existsSync(join(d, "x.json"))).toBe(false);
  });

  it("a latent shared by every row is written as JSON; CSV is a usage error saying to use .json", async () => {
    const d = dir();
    const model = join(d, "shared.lvm");
    writeFileSync(
      model,
      "model shared\nsize N\ndata y[N]: real\nparam s: positive\nlatent u: real\nu ~ Normal(0, 1)\nfor n in 1..N {\n  y[n] ~ Normal(u, s)\n}\n",
    );
    const ys = [0.5, 1.2, 0.9, 2.0, 1.1];
    const csvData = join(d, "y.csv");
    writeFileSync(csvData, `y\n${ys.join("\n")}\n`);
    const csv = await run("fit", model, "--data", csvData, "--posteriors", join(d, "u.csv"));
    expect(csv.code).toBe(2);
    expect(csv.stderr).toContain(".json");
    const out = join(d, "fit.json");
    const r = await run("fit", model, "--data", csvData, "--out", out, "--posteriors", join(d, "u.json"));
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(out, "utf8")).params.s as number;
    const u = JSON.parse(readFileSync(join(d, "u.json"), "utf8")).u as { mean: number; sd: number };
    // u | y ~ N(Σy/s² / (1 + N/s²), 1 / (1 + N/s²)).
    const precision = 1 + ys.length / (s * s);
    expect(Math.abs(u.mean - ys.reduce((a, b) => a + b, 0) / (s * s) / precision)).toBeLessThan(1e-10);
    expect(Math.abs(u.sd - 1 / Math.sqrt(precision))).toBeLessThan(1e-10);
  });
});

describe("FitResult.posteriors()", () => {
  it("fitFile: the same object the CLI writes, and the CSV beside it", async () => {
    const r = await fitFile(example("faithful-gmm-full"), { data: data("faithful.csv"), restarts: 2 });
    const computed = r.posteriors!();
    expect(computed.diagnostics).toEqual([]);
    const z = computed.posteriors!.z as { probs: number[][]; map: number[] };
    expect(z.probs).toHaveLength(272);
    expect(computed.csv!.split("\n")[0]).toBe("n,p.z.1,p.z.2,map.z");
    // The E-step at the reported params gives the same ℓ the fit reports: recomputing agrees.
    expect(r.result!.logLikelihood).toBeCloseTo(-1130.2639602, 6);
  });

  it("the builder's fit(…).posteriors()", async () => {
    const m = lvm<{ loc: number; scale: number; nu: number }>`model t
size N
data x[N]: real
param loc: real
param scale: positive
param nu: positive
latent u[N]: positive
for n in 1..N {
  u[n] ~ Gamma(nu / 2, nu / 2)
  x[n] ~ Normal(loc, scale / sqrt(u[n]))
}`;
    const xs = [9.1, 10.4, 10.0, 11.7, 3.2, 9.8, 10.2, 14.9];
    const r = await m.fit({ x: xs });
    const { loc, scale, nu } = r.result!.params;
    const u = r.posteriors!().posteriors!.u as { mean: number[]; sd: number[] };
    xs.forEach((x, i) => {
      const z = (x - loc) / scale;
      expect(Math.abs(u.mean[i]! - (nu + 1) / (nu + z * z))).toBeLessThan(1e-8);
    });
  });
});
