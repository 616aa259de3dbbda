// `latent sample`: forward simulation reproduces the parameters' moments, the same seed gives the same
// bytes, and bad parameters are diagnostics that name the param.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sampleFile } from "../../src/api";
import { main } from "../../src/cli/main";
import { examplesDir } from "../helpers";

const dir = mkdtempSync(join(tmpdir(), "latent-sample-"));
function paramsFile(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

function columns(csv: string): Record<string, number[]> {
  const [head, ...rows] = csv.trim().split("\n");
  const names = head!.split(",");
  const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const r of rows) {
    r.split(",").forEach((v, i) => {
      out[names[i]!]!.push(Number(v));
    });
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("sampling reproduces the parameters", () => {
  // n draws; each check allows 5 standard errors of the estimated quantity (false alarm < 1e-6).
  const n = 20_000;

  it("Old Faithful GMM: component shares and the mixture mean", async () => {
    const pi = [0.355873, 0.644127];
    const mu = [
      [2.03639, 54.4785],
      [4.28966, 79.9681],
    ];
    const Sigma = [
      [
        [0.0691677, 0.435168],
        [0.435168, 33.6973],
      ],
      [
        [0.169968, 0.940609],
        [0.940609, 36.0462],
      ],
    ];
    const r = await sampleFile(join(examplesDir, "faithful-gmm-full.lvm"), {
      params: paramsFile("gmm.json", { pi, mu, Sigma }),
      n,
      seed: 11,
      latents: true,
    });
    expect(r.diagnostics).toEqual([]);
    const c = columns(r.csv!);
    expect(Object.keys(c)).toEqual(["x.1", "x.2", "z"]);
    const share = c.z!.filter((z) => z === 1).length / n;
    expect(Math.abs(share - pi[0]!)).toBeLessThan(5 * Math.sqrt((pi[0]! * pi[1]!) / n));
    for (const j of [0, 1]) {
      const m = pi[0]! * mu[0]![j]! + pi[1]! * mu[1]![j]!;
      const second =
        pi[0]! * (Sigma[0]![j]![j]! + mu[0]![j]! ** 2) + pi[1]! * (Sigma[1]![j]![j]! + mu[1]![j]! ** 2);
      expect(Math.abs(mean(c[`x.${j + 1}`]!) - m)).toBeLessThan(5 * Math.sqrt((second - m * m) / n));
    }
    // Within component 1, x.1 and x.2 have the covariance of Sigma[1].
    const rows = c.z!.map((z, i) => [z, c["x.1"]![i]!, c["x.2"]![i]!] as const).filter(([z]) => z === 1);
    const m1 = mean(rows.map((r) => r[1]));
    const m2 = mean(rows.map((r) => r[2]));
    const cov = mean(rows.map((r) => (r[1] - m1) * (r[2] - m2)));
    expect(Math.abs(cov - 0.435168)).toBeLessThan(
      5 * Math.sqrt((0.0691677 * 33.6973 + 0.435168 ** 2) / rows.length),
    );
  });

  it("Poisson mixture: the mean of y", async () => {
    const w = [0.340687, 0.472562, 0.186751];
    const lambda = [2.17812, 8.64614, 19.7435];
    const r = await sampleFile(join(examplesDir, "poisson-mixture.lvm"), {
      params: paramsFile("pm.json", { w, lambda }),
      n,
    });
    const y = columns(r.csv!).y!;
    const m = w.reduce((s, wk, k) => s + wk * lambda[k]!, 0);
    const second = w.reduce((s, wk, k) => s + wk * (lambda[k]! + lambda[k]! ** 2), 0);
    expect(y.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    expect(Math.abs(mean(y) - m)).toBeLessThan(5 * Math.sqrt((second - m * m) / n));
  });

  it("latent class: 2-D count data written as x.1 … x.J", async () => {
    const r = await sampleFile(join(examplesDir, "latent-class.lvm"), {
      params: paramsFile("lc.json", {
        pi: [0.5, 0.5],
        theta: [
          [0.9, 0.8, 0.7],
          [0.1, 0.2, 0.3],
        ],
      }),
      n: 4000,
      set: ["K=2"],
    });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const c = columns(r.csv!);
    expect(Object.keys(c)).toEqual(["x.1", "x.2", "x.3"]);
    expect(Math.abs(mean(c["x.1"]!) - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / 4000));
  });
});

describe("sample is deterministic and careful", () => {
  const params = () => paramsFile("pm2.json", { w: [0.2, 0.3, 0.5], lambda: [1, 5, 20] });
  const model = join(examplesDir, "poisson-mixture.lvm");

  it("the same seed gives the same bytes; another seed, other bytes", async () => {
    const a = await sampleFile(model, { params: params(), n: 50, seed: 3, latents: true });
    const b = await sampleFile(model, { params: params(), n: 50, seed: 3, latents: true });
    const c = await sampleFile(model, { params: params(), n: 50, seed: 4, latents: true });
    expect(a.csv).toBe(b.csv);
    expect(a.csv).not.toBe(c.csv);
  });

  it("names the param whose value breaks its type, and a missing param", async () => {
    const bad = await sampleFile(model, {
      params: paramsFile("bad.json", { w: [0.5, 0.6, 0.1], lambda: [1, -2, 3] }),
      n: 5,
    });
    expect(bad.csv).toBeUndefined();
    expect(bad.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["E0315", "'w' is declared a simplex: it sums to 1.2000000000000002, not 1"],
      ["E0315", "'lambda' is declared positive, but an entry is -2"],
    ]);
    const missing = await sampleFile(model, {
      params: paramsFile("missing.json", { w: [0.2, 0.3, 0.5] }),
      n: 5,
    });
    expect(missing.diagnostics.map((d) => d.code)).toEqual(["E0314"]);
  });

  it("-n and --set that disagree are a usage error (exit 2); a bad -n too", async () => {
    const io = { stdout: () => {}, stderr: () => {} };
    expect(await main(["sample", model, "--params", params(), "-n", "10", "--set", "N=20"], io)).toBe(2);
    expect(await main(["sample", model, "--params", params(), "-n", "ten"], io)).toBe(2);
    expect(await main(["sample", model, "--params", params(), "-n", "10", "--set", "N=10"], io)).toBe(0);
  });

  it("a run too large to hold is refused with a message, not an out-of-memory crash", async () => {
    const r = await sampleFile(model, { params: params(), n: 100_000_000 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0316"]);
  });

  it("a covariate with no data file is named", async () => {
    const r = await sampleFile(join(examplesDir, "genetic-linkage.lvm"), {
      params: paramsFile("theta.json", { theta: 0.6 }),
      n: 4,
    });
    expect(r.diagnostics.map((d) => [d.code, d.message])).toContainEqual([
      "E0305",
      "data 'count' needs a data file (--data FILE)",
    ]);
  });
});
