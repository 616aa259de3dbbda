// `latent predict` and `predict()`: params fixed at a fit, one E-step on data, and per row log p(xₙ | θ̂) with
// the latents' posteriors — checked against densities computed here from the params, and against the fit.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { predict, predictFile } from "../../src/api";
import { main } from "../../src/cli/main";
import { examplesDir } from "../helpers";

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const example = (name: string) => join(examplesDir, `${name}.lvm`);
const data = (name: string) => join(examplesDir, "data", name);

function parseCsv(text: string): { header: string[]; rows: number[][] } {
  const [head, ...lines] = text.trim().split("\n");
  return {
    header: head!.split(",").map((h) => h.replace(/"/g, "")),
    rows: lines.map((l) => l.split(",").map(Number)),
  };
}

/** log N(x | mu, S), S given as rows (Cholesky here). */
function logMvNormal(x: number[], mu: number[], S: number[][]): number {
  const D = x.length;
  const L = S.map(() => new Array<number>(D).fill(0));
  for (let i = 0; i < D; i++)
    for (let j = 0; j <= i; j++) {
      let s = S[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      L[i]![j] = i === j ? Math.sqrt(s) : s / L[j]![j]!;
    }
  const y = new Array<number>(D).fill(0);
  let quad = 0;
  let logDet = 0;
  for (let i = 0; i < D; i++) {
    let s = x[i]! - mu[i]!;
    for (let k = 0; k < i; k++) s -= L[i]![k]! * y[k]!;
    y[i] = s / L[i]![i]!;
    quad += y[i]! * y[i]!;
    logDet += 2 * Math.log(L[i]![i]!);
  }
  return -0.5 * (D * Math.log(2 * Math.PI) + logDet + quad);
}

describe("latent predict: the Gaussian mixture on Old Faithful", () => {
  const dir = mkdtempSync(join(tmpdir(), "latent-predict-"));
  const fitPath = join(dir, "fit.json");
  const zPath = join(dir, "z.csv");
  let fit: { logLikelihood: number; params: { pi: number[]; mu: number[][]; Sigma: number[][][] } };
  const x = parseCsv(readFileSync(data("faithful.csv"), "utf8")).rows;

  beforeAll(async () => {
    const r = await run(
      "fit",
      example("faithful-gmm-full"),
      "--data",
      data("faithful.csv"),
      "--out",
      fitPath,
      "--posteriors",
      zPath,
    );
    expect(r.code).toBe(0);
    fit = JSON.parse(readFileSync(fitPath, "utf8"));
  });

  it("on the training data: per-row ℓ sums to the fit's ℓ, each is log Σ πₖ N(xₙ | μₖ, Σₖ)", async () => {
    const r = await run(
      "predict",
      example("faithful-gmm-full"),
      "--fit",
      fitPath,
      "--data",
      data("faithful.csv"),
    );
    expect(r.code).toBe(0);
    const table = parseCsv(r.stdout);
    expect(table.header).toEqual(["n", "loglik", "p.z.1", "p.z.2", "map.z"]);
    expect(table.rows).toHaveLength(272);
    const total = table.rows.reduce((s, row) => s + row[1]!, 0);
    expect(Math.abs(total - fit.logLikelihood)).toBeLessThan(1e-8);
    const { pi, mu, Sigma } = fit.params;
    table.rows.forEach((row, i) => {
      expect(row[0]).toBe(i + 1);
      const terms = [0, 1].map((k) => Math.log(pi[k]!) + logMvNormal(x[i]!, mu[k]!, Sigma[k]!));
      const top = Math.max(...terms);
      const ll = top + Math.log(terms.reduce((s, t) => s + Math.exp(t - top), 0));
      expect(Math.abs(row[1]! - ll)).toBeLessThan(1e-10);
      expect(row[2]! + row[3]!).toBeCloseTo(1, 12);
    });
    // The posteriors are those --posteriors wrote at the fit.
    const written = parseCsv(readFileSync(zPath, "utf8")).rows;
    table.rows.forEach((row, i) => {
      expect([row[0], ...row.slice(2)]).toEqual(written[i]);
    });
  });

  it("--json: the total and one object per row", async () => {
    const r = await run(
      "predict",
      example("faithful-gmm-full"),
      "--fit",
      fitPath,
      "--data",
      data("faithful.csv"),
      "--json",
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      logLikelihood: number;
      rows: { n: number; loglik: number; z: { probs: number[]; map: number } }[];
    };
    expect(Object.keys(json)).toEqual(["logLikelihood", "rows"]);
    expect(Math.abs(json.logLikelihood - fit.logLikelihood)).toBeLessThan(1e-8);
    expect(Object.keys(json.rows[0]!)).toEqual(["n", "loglik", "z"]);
    expect(json.rows[0]!.z.map).toBe(json.rows[0]!.z.probs[0]! > 0.5 ? 1 : 2);
  });

  it("new data of another size, and a plain params file, give the same rows", async () => {
    const head = readFileSync(data("faithful.csv"), "utf8").trim().split("\n").slice(0, 11).join("\n");
    const fewer = join(dir, "first-ten.csv");
    writeFileSync(fewer, `${head}\n`);
    const params = join(dir, "params.json");
    writeFileSync(params, JSON.stringify(fit.params));
    const all = parseCsv(
      (await run("predict", example("faithful-gmm-full"), "--fit", fitPath, "--data", data("faithful.csv")))
        .stdout,
    );
    const r = await run("predict", example("faithful-gmm-full"), "--fit", params, "--data", fewer);
    expect(r.code).toBe(0);
    expect(parseCsv(r.stdout).rows).toEqual(all.rows.slice(0, 10));
  });

  it("data whose shape disagrees with the params is an error naming them", async () => {
    const wide = join(dir, "wide.csv");
    writeFileSync(wide, "x.1,x.2,x.3\n1,2,3\n4,5,6\n");
    const r = await run("predict", example("faithful-gmm-full"), "--fit", fitPath, "--data", wide);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("E0315");
    expect(r.stderr).toContain("mu");
  });

  it("a fit result brings the consts it was given (--set K=3)", async () => {
    const three = join(dir, "fit3.json");
    expect(
      (
        await run(
          "fit",
          example("faithful-gmm-full"),
          "--data",
          data("faithful.csv"),
          "--set",
          "K=3",
          "--restarts",
          "2",
          "--out",
          three,
        )
      ).code,
    ).toBe(0);
    const r = await run(
      "predict",
      example("faithful-gmm-full"),
      "--fit",
      three,
      "--data",
      data("faithful.csv"),
    );
    expect(r.code).toBe(0);
    expect(parseCsv(r.stdout).header).toEqual(["n", "loglik", "p.z.1", "p.z.2", "p.z.3", "map.z"]);
    const total = parseCsv(r.stdout).rows.reduce((s, row) => s + row[1]!, 0);
    expect(Math.abs(total - JSON.parse(readFileSync(three, "utf8")).logLikelihood)).toBeLessThan(1e-8);
  });
});

describe("latent predict: PPCA", () => {
  it("rows' ℓ is log N(x | b, WWᵀ + s2 I) and the mean (WᵀW + s2 I)⁻¹Wᵀ(x − b)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latent-predict-"));
    const fitPath = join(dir, "fit.json");
    expect((await run("fit", example("ppca"), "--data", data("ppca.csv"), "--out", fitPath)).code).toBe(0);
    const fit = JSON.parse(readFileSync(fitPath, "utf8"));
    const { W, b, s2 } = fit.params as { W: number[][]; b: number[]; s2: number };
    // New rows: the first 20, shifted.
    const x = parseCsv(readFileSync(data("ppca.csv"), "utf8"))
      .rows.slice(0, 20)
      .map((row) => row.map((v, j) => v + 0.1 * j));
    const fresh = join(dir, "new.csv");
    writeFileSync(fresh, `x.1,x.2,x.3,x.4,x.5\n${x.map((row) => row.join(",")).join("\n")}\n`);
    const r = await run("predict", example("ppca"), "--fit", fitPath, "--data", fresh);
    expect(r.code).toBe(0);
    const table = parseCsv(r.stdout);
    expect(table.header).toEqual(["n", "loglik", "mean.z.1", "mean.z.2", "sd.z.1", "sd.z.2"]);
    const D = b.length;
    const C = Array.from({ length: D }, (_, i) =>
      Array.from({ length: D }, (_, j) => W[i]!.reduce((s, w, k) => s + w * W[j]![k]!, i === j ? s2 : 0)),
    );
    const M = [0, 1].map((i) =>
      [0, 1].map((j) => W.reduce((s, row) => s + row[i]! * row[j]!, i === j ? s2 : 0)),
    );
    const det = M[0]![0]! * M[1]![1]! - M[0]![1]! * M[1]![0]!;
    const Minv = [
      [M[1]![1]! / det, -M[0]![1]! / det],
      [-M[1]![0]! / det, M[0]![0]! / det],
    ];
    table.rows.forEach((row, n) => {
      expect(Math.abs(row[1]! - logMvNormal(x[n]!, b, C))).toBeLessThan(1e-8);
      const proj = [0, 1].map((i) => x[n]!.reduce((s, v, k) => s + W[k]![i]! * (v - b[k]!), 0));
      for (let i = 0; i < 2; i++) {
        const mean = Minv[i]![0]! * proj[0]! + Minv[i]![1]! * proj[1]!;
        expect(Math.abs(row[2 + i]! - mean)).toBeLessThan(1e-8);
        expect(Math.abs(row[4 + i]! - Math.sqrt(s2 * Minv[i]![i]!))).toBeLessThan(1e-8);
      }
    });
  });
});

describe("predict() in the library", () => {
  it("is predictFile, with the CSV and the JSON form", async () => {
    expect(predict).toBe(predictFile);
    const dir = mkdtempSync(join(tmpdir(), "latent-predict-"));
    const params = join(dir, "params.json");
    writeFileSync(params, JSON.stringify({ loc: 10, scale: 2, nu: 4 }));
    const r = await predict(example("student-t"), { fit: params, data: data("student-t.csv") });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const rows = r.result!.rows;
    expect(rows).toHaveLength(400);
    // log of the t density with ν = 4, loc 10, scale 2 at the first row, and E[u] there.
    const x0 = 9.4756;
    const z = (x0 - 10) / 2;
    const logT = Math.log(3 / 8) - Math.log(2) - 2.5 * Math.log(1 + (z * z) / 4);
    expect(rows[0]!.loglik).toBeCloseTo(logT, 10);
    const u = rows[0]!.u as { mean: number; sd: number };
    expect(Object.keys(u)).toEqual(["mean", "sd"]);
    expect(typeof u.mean).toBe("number");
    expect(u.mean).toBeCloseTo(5 / (4 + z * z), 10);
    expect(u.sd).toBeCloseTo(u.mean / Math.sqrt(2.5), 10);
    const sum = rows.reduce((s, row) => s + (row.loglik as number), 0);
    expect(Math.abs(sum - r.result!.logLikelihood)).toBeLessThan(1e-8);
    expect(r.csv!.split("\n")[0]).toBe("n,loglik,mean.u,sd.u");
  });

  it("a model whose latent is shared by the rows is a usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latent-predict-"));
    const model = join(dir, "shared.lvm");
    writeFileSync(
      model,
      "model shared\nsize N\ndata y[N]: real\nparam s: positive\nlatent u: real\nu ~ Normal(0, 1)\nfor n in 1..N {\n  y[n] ~ Normal(u, s)\n}\n",
    );
    writeFileSync(join(dir, "y.csv"), "y\n1\n2\n");
    writeFileSync(join(dir, "p.json"), '{ "s": 1 }');
    const r = await run("predict", model, "--fit", join(dir, "p.json"), "--data", join(dir, "y.csv"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not one per row");
  });

  it("--help shows examples", async () => {
    const r = await run("predict", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("latent predict examples/faithful-gmm-full.lvm --fit fit.json");
  });
});
