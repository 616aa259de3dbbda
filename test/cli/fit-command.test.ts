// `latent fit` through the CLI: the summary, the §10 JSON (--json, --out), and exit codes 0/1/2/3.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { examplesDir } from "../helpers";

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const linkage = [
  join(examplesDir, "genetic-linkage.lvm"),
  "--data",
  join(examplesDir, "data", "genetic-linkage.csv"),
];

describe("latent fit", () => {
  it("prints a readable summary", async () => {
    const r = await run("fit", ...linkage, "--restarts", "2");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^model {6}linkage/);
    expect(r.stdout).toContain("M-step     theta: closed-form (prob-log-linear)");
    expect(r.stdout).toMatch(/theta = 0\.6268/);
  });

  it("--json prints the result object of §10 and --out writes it", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "latent-fit-")), "fit.json");
    const r = await run("fit", ...linkage, "--json", "--out", out, "--restarts", "2");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual([
      "model",
      "algorithm",
      "converged",
      "iterations",
      "logLikelihood",
      "logLikelihoodExact",
      "objective",
      "params",
      "criteria",
      "trace",
      "restarts",
      "plan",
      "warnings",
      "seed",
      "set",
    ]);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(json);
  });

  it("a model whose E-step cannot be drawn is exit 1, naming the latent group and why", async () => {
    // A Poisson-distributed count latent has infinitely many states: nothing to enumerate or to weight.
    const dir = mkdtempSync(join(tmpdir(), "latent-fit-"));
    writeFileSync(
      join(dir, "thinned.lvm"),
      [
        "model thinned",
        "size N",
        "data y[N]: count",
        "param lam: positive",
        "latent k[N]: count",
        "for n in 1..N {",
        "  k[n] ~ Poisson(lam)",
        "  y[n] ~ Poisson(k[n] + 1)",
        "}",
        "",
      ].join("\n"),
    );
    writeFileSync(join(dir, "y.csv"), "y\n1\n3\n2\n");
    const r = await run("fit", join(dir, "thinned.lvm"), "--data", join(dir, "y.csv"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E0405]: no Monte-Carlo E-step for k: k has no finite set of states");
  });

  it("bad options are usage errors (exit 2)", async () => {
    expect((await run("fit", ...linkage, "--tol", "abc")).code).toBe(2);
    expect((await run("fit", ...linkage, "--restarts", "0")).code).toBe(2);
    expect((await run("fit", ...linkage, "--algorithm", "magic")).code).toBe(2);
    expect((await run("fit", join(examplesDir, "genetic-linkage.lvm"))).code).toBe(2);
  });

  it("every restart failing is exit 3 with advice", async () => {
    const r = await run(
      "fit",
      join(examplesDir, "poisson-mixture.lvm"),
      "--data",
      join(examplesDir, "data", "poisson-mixture.csv"),
      "--set",
      "K=60",
      "--algorithm",
      "hard",
      "--restarts",
      "1",
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("error[E0403]: every restart failed");
  });

  it("degenerate data (all rows equal, a single row) is a named failure, exit 3, never NaN", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latent-degenerate-"));
    for (const [name, csv] of [
      ["equal.csv", "x1,x2\n1,2\n1,2\n1,2\n1,2\n"],
      ["single.csv", "x1,x2\n1,2\n"],
    ] as const) {
      writeFileSync(join(dir, name), csv);
      const r = await run(
        "fit",
        join(examplesDir, "faithful-gmm-full.lvm"),
        "--data",
        join(dir, name),
        "--json",
        "--restarts",
        "2",
      );
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/E0403.*Sigma collapsed .*Sigma\[k\] ~ InvWishart/);
      expect(r.stdout).toBe("");
    }
  });
});
