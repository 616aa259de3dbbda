// `latent select` through the CLI and `select` through the API: the BIC table of a family of models on Old
// Faithful against mclust's (R mclust 6.0.0, `mclustBIC(faithful, G = 1:3, modelNames = c("VVV", "VVI", "EEE",
// "VII"))`, which prints −BIC), the JSON shape and its best indices, rows that failed, models that did not
// check, and the usage errors (exit 2, before any fit).

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type SelectFitJson, select } from "../../src/api";
import { main } from "../../src/cli/main";
import { examplesDir } from "../helpers";

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const faithful = join(examplesDir, "data", "faithful.csv");
const gmm = (structure: string) => join(examplesDir, `faithful-gmm-${structure}.lvm`);
const fast = ["--restarts", "3", "--tol", "1e-8"];

/** Four rows on two columns: one full-covariance component fits, two or more collapse in every restart. */
function tinyData(): string {
  const dir = mkdtempSync(join(tmpdir(), "latent-select-"));
  const file = join(dir, "tiny.csv");
  writeFileSync(file, "a,b\n1,2\n1.1,2.5\n3,1\n2,2.2\n");
  return file;
}

const bic = (f: SelectFitJson) => ("criteria" in f ? f.criteria.bic : Number.NaN);

describe("latent select", () => {
  it("faithful, full covariances, K = 1..3: BIC picks K = 2, as mclust does (VVV: −2607.623, −2322.192, −2349.696)", async () => {
    const r = await run("select", gmm("full"), "--data", faithful, "--over", "K=1..3", ...fast, "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["fits", "best"]);
    expect(json.fits).toHaveLength(3);
    for (const f of json.fits)
      expect(Object.keys(f)).toEqual(["model", "value", "logLikelihood", "criteria", "converged", "params"]);
    expect(json.fits.map((f: SelectFitJson) => f.value)).toEqual([1, 2, 3]);
    expect(json.fits.map((f: SelectFitJson) => f.model)).toEqual(["gmm", "gmm", "gmm"]);
    expect(json.best).toEqual({ bic: 1, icl: 1 });
    const k2 = json.fits[1];
    expect(k2.logLikelihood).toBeCloseTo(-1130.264, 3);
    expect(k2.criteria.nParams).toBe(11);
    expect(k2.criteria.n).toBe(272);
    expect(k2.criteria.bic).toBeCloseTo(2322.192, 3);
    expect(json.fits[0].criteria.bic).toBeCloseTo(2607.623, 3);
    // K = 3 has local maxima (mclust's is ℓ = −1127.20); any of them is above K = 2's BIC.
    expect(json.fits[2].criteria.bic).toBeGreaterThan(2322.192);
    expect(k2.params.pi).toHaveLength(2);
    // Progress: one line per fit on stderr, naming the model, the value and the restarts.
    expect(r.stderr).toContain("latent select: gmm K=1 (1 of 3): 3 restarts, log-lik -1289.797");
    expect(r.stderr).toContain("latent select: gmm K=2 (2 of 3): 3 restarts, log-lik -1130.264");
  });

  it("the table marks the best by BIC and by ICL; --out writes the JSON", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "latent-select-")), "select.json");
    const r = await run("select", gmm("full"), "--data", faithful, "--over", "K=1,2", ...fast, "--out", out);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^model {2}K +log-lik +params +AIC +BIC +ICL +converged$/);
    expect(lines[1]).toMatch(/^gmm +1 +-1289\.797 +5 +2589\.593 +2607\.623 +2607\.623 +yes$/);
    expect(lines[2]).toMatch(/^gmm +2 +-1130\.264 +11 +2282\.528 +2322\.192 \* +2323\.581 \* +yes$/);
    expect(r.stdout).toContain("* best by BIC: gmm, K = 2\n* best by ICL: gmm, K = 2\n");
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json.best).toEqual({ bic: 1, icl: 1 });
  });

  it("the four covariance structures × K = 1..2, through the API", async () => {
    const structures = ["full", "diag", "tied", "spherical"];
    const progress: string[] = [];
    const s = await select(structures.map(gmm), {
      data: faithful,
      over: { name: "K", values: [1, 2] },
      restarts: 3,
      tol: 1e-8,
      onProgress: (e) => {
        if (e.kind === "fit") progress.push(`${e.index}/${e.total} ${e.fit.model} ${e.fit.value}`);
      },
    });
    expect(s.refused).toBe(false);
    const fits = s.result!.fits;
    expect(fits.map((f) => `${f.model} ${f.value}`)).toEqual([
      "gmm 1",
      "gmm 2",
      "gmm_diag 1",
      "gmm_diag 2",
      "gmm_tied 1",
      "gmm_tied 2",
      "gmm_spherical 1",
      "gmm_spherical 2",
    ]);
    expect(progress).toEqual(fits.map((f, i) => `${i}/8 ${f.model} ${f.value}`));
    expect(s.runs).toHaveLength(8);
    expect(s.runs.every((r) => r.result !== undefined)).toBe(true);
    // mclust's BIC (its sign flipped) for VVV, VVI, EEE, VII at K = 1, 2. At VII, K = 2 mclust stops 0.003
    // short of the maximum in ℓ (its EM tolerance is 1e-5): our BIC is 3458.299 there, the reference fit's.
    const mclust = [2607.623, 2322.192, 3055.835, 2346.065, 2607.623, 2325.22, 4024.721, 3458.305];
    fits.forEach((f, i) => {
      expect(Math.abs(bic(f) - mclust[i]!), `${f.model} ${f.value}`).toBeLessThan(0.01);
    });
    const lowest = fits.reduce((b, f, i) => (bic(f) < bic(fits[b]!) ? i : b), 0);
    expect(s.result!.best.bic).toBe(lowest);
    expect(lowest).toBe(1); // full covariances, K = 2
    expect(s.result!.best.icl).toBe(1);
  });

  it("without --over each model is fitted once and the JSON has no value", async () => {
    const r = await run(
      "select",
      gmm("full"),
      gmm("tied"),
      "--data",
      faithful,
      "--set",
      "K=2",
      ...fast,
      "--json",
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.fits.map((f: SelectFitJson) => f.model)).toEqual(["gmm", "gmm_tied"]);
    expect(json.fits.every((f: SelectFitJson) => !("value" in f))).toBe(true);
    expect(json.best.bic).toBe(0);
  });

  it("a malformed or unknown --over is a usage error before any fit (exit 2)", async () => {
    for (const [over, message] of [
      ["K", "expected NAME=A..B"],
      ["K=3..2", "the range is empty"],
      ["K=1..x", "a range is two whole numbers"],
      ["K=a,b", "'a' is not a number"],
      ["K=1,,2", "'' is not a number"],
      ["Q=1..2", "Q is not declared in"],
      ["x=1..2", "x is a data in"],
      ["N=1.5,2", "N is a size in"],
    ] as const) {
      const r = await run("select", gmm("full"), "--data", faithful, "--over", over);
      expect(r.code, over).toBe(2);
      expect(r.stdout, over).toBe("");
      expect(r.stderr, over).toContain(message);
      expect(r.stderr, over).not.toContain("(1 of");
    }
    const twice = await run("select", gmm("full"), "--data", faithful, "--over", "K=1", "--over", "K=2");
    expect(twice.code).toBe(2);
    const both = await run("select", gmm("full"), "--data", faithful, "--over", "K=1..2", "--set", "K=3");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("K is both set and varied");
    const noData = await run("select", gmm("full"), "--over", "K=1..2");
    expect(noData.code).toBe(2);
    const out = await run("select", gmm("full"), "--data", faithful, "--out", join(tmpdir(), "no-such", "x"));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("cannot be written");
  });

  it("a fit whose restarts all fail is a failed row with its reason, not the end of the table", async () => {
    const data = tinyData();
    const r = await run("select", gmm("full"), "--data", data, "--over", "K=1..2", "--restarts", "2");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^gmm +2 +— +— +— +— +— +failed \[1\]$/m);
    expect(r.stdout).toMatch(/^\[1\] every restart failed: Sigma collapsed/m);
    expect(r.stdout).toContain("* best by BIC: gmm, K = 1");
    expect(r.stderr).toContain("gmm K=2 (2 of 2): every restart failed (2 restarts)");
    expect(r.stderr).not.toContain("E0403"); // the reason is under the table, once

    const json = JSON.parse(
      (await run("select", gmm("full"), "--data", data, "--over", "K=1..2", "--restarts", "2", "--json"))
        .stdout,
    );
    expect(Object.keys(json.fits[1])).toEqual(["model", "value", "failed"]);
    expect(json.fits[1].failed).toMatch(/^Sigma collapsed/);
    expect(json.best).toEqual({ bic: 0, icl: 0 });

    const all = await run("select", gmm("full"), "--data", data, "--over", "K=2..3", "--restarts", "2");
    expect(all.code).toBe(3);
    expect(all.stdout).toContain("no fit succeeded");
  });

  it("a model that does not check is an error row; the others are fitted; exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latent-select-"));
    const bad = join(dir, "bad.lvm");
    writeFileSync(bad, "model bad\nconst K = 2\nparam x: rael\n");
    const r = await run("select", gmm("tied"), bad, "--data", faithful, "--over", "K=1,2", ...fast, "--json");
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.fits).toHaveLength(4);
    expect(json.fits[2]).toEqual({ model: bad, value: 1, error: "E0213: unknown type 'rael'" });
    expect(json.best.bic).toBe(1);
    // The diagnostics are printed once, for the first of its fits.
    expect(r.stderr.split("error[E0213]").length).toBe(2);
  });

  it("a model without a discrete latent has no ICL; best.icl is among those that have one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latent-select-"));
    const normal = join(dir, "normal.lvm");
    writeFileSync(
      normal,
      "model normal\nsize N\ndata waiting[N]: real\nparam mu: real\nparam s: positive\nfor n in 1..N {\n  waiting[n] ~ Normal(mu, s)\n}\n",
    );
    const alone = await select([normal], { data: faithful, tol: 1e-8 });
    const [f] = alone.result!.fits;
    expect(f && "criteria" in f && f.criteria.icl).toBe(undefined);
    expect(alone.result!.best).toEqual({ bic: 0 });
    const table = await run("select", normal, "--data", faithful, "--tol", "1e-8");
    expect(table.stdout.split("\n")[0]).not.toContain("ICL");
    const both = await select([normal, join(examplesDir, "faithful-waiting.lvm")], {
      data: faithful,
      restarts: 2,
      tol: 1e-8,
    });
    expect(both.result!.best).toEqual({ bic: 1, icl: 1 });
  });

  it("the API refuses bad arguments with E0003 and fits nothing", async () => {
    const bad = await select([gmm("full")], {
      data: faithful,
      over: { name: "K", values: [1, Number.NaN] },
    });
    expect(bad.refused).toBe(true);
    expect(bad.result).toBeUndefined();
    expect(bad.diagnostics[0]?.code).toBe("E0003");
    const typo = await select([gmm("full")], { data: faithful, restart: 2 } as never);
    expect(typo.refused).toBe(true);
    expect(typo.diagnostics[0]?.message).toContain("'restart' is not an option");
  });
});
