// The exact Gaussian E-step (continuous latents) with the linear-Gaussian M-step: PPCA against the
// closed-form maximum-likelihood solution of Tipping & Bishop (1999, eq. 7–8) on two real data sets (iris,
// Old Faithful), and factor analysis at the reference fit of examples/data/reference-fits.py.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prepareFit } from "../../src/api";
import { type EmRun, runEm } from "../../src/engine";
import type { IRVariable } from "../../src/ir";
import { symmetricEigen } from "../../src/linalg";
import { createRng } from "../../src/random";
import { examplesDir } from "../helpers";

const ppcaModel = (L: number) =>
  [
    "model ppca",
    "size N, D",
    `const L = ${L}`,
    "data x[N]: vector[D]",
    "param W: matrix[D, L]",
    "param b: vector[D]",
    "param s2: positive",
    "latent z[N]: vector[L]",
    "for n in 1..N {",
    "  z[n] ~ MvNormal(zeros(L), I(L))",
    "  x[n] ~ MvNormal(W * z[n] + b, s2 * I(D))",
    "}",
    "",
  ].join("\n");

function readRows(file: string, columns: readonly string[]): number[][] {
  const [header, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const names = header!.split(",").map((h) => h.replace(/"/g, ""));
  const at = columns.map((c) => names.indexOf(c));
  return lines.map((l) => at.map((i) => Number(l.split(",")[i])));
}

/** Tipping & Bishop (1999) eq. 7–8 from the (1/N) sample covariance: b, W = U (Λ − s2 I)^½, s2. */
function closedForm(rows: number[][], L: number) {
  const N = rows.length;
  const D = rows[0]!.length;
  const b = Array.from({ length: D }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / N);
  const S = new Float64Array(D * D);
  for (const r of rows)
    for (let i = 0; i < D; i++)
      for (let j = 0; j < D; j++) S[i * D + j]! += ((r[i]! - b[i]!) * (r[j]! - b[j]!)) / N;
  const { values, vectors } = symmetricEigen(S, D);
  let s2 = 0;
  for (let j = L; j < D; j++) s2 += values[j]! / (D - L);
  const W = new Float64Array(D * L);
  for (let i = 0; i < D; i++)
    for (let l = 0; l < L; l++) W[i * L + l] = vectors[i * D + l]! * Math.sqrt(values[l]! - s2);
  // The marginal log-likelihood Σ log N(xₙ | b, W Wᵀ + s2 I).
  const C = wwt(W, D, L).map((v, k) => v + (k % (D + 1) === 0 ? s2 : 0));
  const e = symmetricEigen(C, D);
  let ll = 0;
  for (const r of rows) {
    let q = 0;
    for (let k = 0; k < D; k++) {
      let p = 0;
      for (let i = 0; i < D; i++) p += e.vectors[i * D + k]! * (r[i]! - b[i]!);
      q += (p * p) / e.values[k]!;
    }
    ll += -0.5 * q - 0.5 * D * Math.log(2 * Math.PI) - 0.5 * e.values.reduce((s, v) => s + Math.log(v), 0);
  }
  return { b: Float64Array.from(b), W, s2, ll };
}

function wwt(W: Float64Array, D: number, L: number): Float64Array {
  const out = new Float64Array(D * D);
  for (let i = 0; i < D; i++)
    for (let j = 0; j < D; j++) for (let l = 0; l < L; l++) out[i * D + j]! += W[i * L + l]! * W[j * L + l]!;
  return out;
}

function byName(run: EmRun, name: string): Float64Array {
  for (const [v, t] of run.params) if (v.name === name) return t.data;
  throw new Error(name);
}

function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
  return worst;
}

const datasets = [
  {
    name: "iris (4 measurements, L = 2)",
    file: "iris.csv",
    columns: ["Sepal.Length", "Sepal.Width", "Petal.Length", "Petal.Width"],
    L: 2,
    converge: true,
  },
  // Eigenvalues 185 and 0.07: EM creeps here (thousands of iterations), so only the fixed point is tested.
  {
    name: "Old Faithful (L = 1)",
    file: "faithful.csv",
    columns: ["eruptions", "waiting"],
    L: 1,
    converge: false,
  },
];

describe("PPCA: the gaussian E-step against Tipping & Bishop's closed form", () => {
  for (const data of datasets) {
    it(`${data.name}: the closed-form MLE is a fixed point with its log-likelihood${data.converge ? "; EM returns to it from a perturbed start" : ""}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "latent-ppca-"));
      writeFileSync(join(dir, "ppca.lvm"), ppcaModel(data.L));
      const prepared = await prepareFit(join(dir, "ppca.lvm"), {
        data: join(examplesDir, "data", data.file),
        columns: [`x=${data.columns.join(",")}`],
      });
      expect(prepared.derivation!.estep.map((p) => p.method)).toEqual(["gaussian"]);
      const em = prepared.em!;
      const rows = readRows(join(examplesDir, "data", data.file), data.columns);
      const D = data.columns.length;
      const L = data.L;
      const exact = closedForm(rows, L);
      const v = (name: string) => [...em.ir.variables.values()].find((x) => x.name === name)!;
      const start = (W: Float64Array, b: Float64Array, s2: number) => ({
        kind: "params" as const,
        values: new Map<IRVariable, Float64Array>([
          [v("W"), W],
          [v("b"), b],
          [v("s2"), Float64Array.of(s2)],
        ]),
      });
      // At the closed form: the observed log-likelihood is the marginal one, and one iteration moves nothing.
      const still = runEm(em, {
        start: start(exact.W, exact.b, exact.s2),
        maxIter: 1,
        tol: 0,
        variant: "em",
        rng: createRng(1),
      });
      expect(Math.abs(still.trace[0]! - exact.ll) / Math.abs(exact.ll)).toBeLessThan(1e-12);
      expect(maxRelative(wwt(byName(still, "W"), D, L), wwt(exact.W, D, L))).toBeLessThan(1e-9);
      expect(maxRelative(byName(still, "b"), exact.b)).toBeLessThan(1e-9);
      expect(Math.abs(byName(still, "s2")[0]! - exact.s2) / exact.s2).toBeLessThan(1e-9);
      if (!data.converge) return;
      // From a perturbed start EM climbs monotonically back to the closed form (1e-6 relative).
      const moved = runEm(em, {
        start: start(
          exact.W.map((x, i) => x * (1.2 - 0.1 * (i % 3))),
          exact.b.map((x) => x + 0.3),
          exact.s2 * 2,
        ),
        maxIter: 4000,
        tol: 1e-15,
        variant: "em",
        rng: createRng(1),
      });
      moved.trace.forEach((t, i) => {
        if (i > 0) expect(t).toBeGreaterThanOrEqual(moved.trace[i - 1]! - 1e-9 * Math.abs(t));
      });
      expect(Math.abs(moved.logLikelihood - exact.ll) / Math.abs(exact.ll)).toBeLessThan(1e-10);
      expect(maxRelative(wwt(byName(moved, "W"), D, L), wwt(exact.W, D, L))).toBeLessThan(1e-6);
      expect(Math.abs(byName(moved, "s2")[0]! - exact.s2) / exact.s2).toBeLessThan(1e-6);
    }, 120_000);
  }
});

describe("mixture of PPCA: enumerate the component, exact Gaussian inside", () => {
  it("the reference maximum (reference-fits.py, best of 50 starts) is a fixed point with ℓ −3778.320062", async () => {
    const reference = JSON.parse(readFileSync(join(examplesDir, "data", "references.json"), "utf8"))[
      "mixture-ppca"
    ] as { logLikelihood: number; params: { pi: number[]; b: number[][]; σ2: number[]; WWt: number[][][] } };
    const prepared = await prepareFit(join(examplesDir, "mixture-ppca.lvm"), {
      data: join(examplesDir, "data", "mixture-ppca.csv"),
    });
    expect(prepared.derivation!.estep.map((p) => p.method)).toEqual(["mixed"]);
    const em = prepared.em!;
    const D = 5;
    const L = 2;
    const W = new Float64Array(3 * D * L);
    reference.params.WWt.forEach((m, k) => {
      const { values, vectors } = symmetricEigen(Float64Array.from(m.flat()), D);
      for (let i = 0; i < D; i++)
        for (let l = 0; l < L; l++)
          W[k * D * L + i * L + l] = vectors[i * D + l]! * Math.sqrt(Math.max(values[l]!, 0));
    });
    const v = (name: string) => [...em.ir.variables.values()].find((x) => x.name === name)!;
    const run = runEm(em, {
      start: {
        kind: "params",
        values: new Map<IRVariable, Float64Array>([
          [v("pi"), Float64Array.from(reference.params.pi)],
          [v("W"), W],
          [v("b"), Float64Array.from(reference.params.b.flat())],
          [v("σ2"), Float64Array.from(reference.params.σ2)],
        ]),
      },
      maxIter: 2,
      tol: 0,
      variant: "em",
      rng: createRng(1),
    });
    // The reference is rounded to 6 significant digits: ℓ agrees to that, and EM barely moves from it.
    expect(Math.abs(run.trace[0]! - reference.logLikelihood)).toBeLessThan(1e-3);
    expect(run.trace[2]! - run.trace[0]!).toBeGreaterThanOrEqual(-1e-9);
    expect(run.trace[2]! - run.trace[0]!).toBeLessThan(1e-3);
    const pi = byName(run, "pi");
    expect(maxRelative(pi, Float64Array.from(reference.params.pi))).toBeLessThan(1e-4);
    expect(maxRelative(byName(run, "σ2"), Float64Array.from(reference.params.σ2))).toBeLessThan(1e-3);
  }, 60_000);
});
