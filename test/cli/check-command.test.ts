// `latent check` through the CLI entry point: output streams, JSON shape and exit codes (docs/language.md, the command line).

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { repoRoot } from "../helpers";

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const good = join(repoRoot, "examples", "faithful-gmm-full.lvm");
const bad = join(repoRoot, "test", "golden", "diagnostics", "05-data-two-tildes.lvm");

describe("latent check", () => {
  it("exits 0 on a clean model and says so on stdout", async () => {
    const r = await run("check", good);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(": ok");
    expect(r.stderr).toBe("");
  });

  it("exits 1 on a model with errors, diagnostics on stderr", async () => {
    const r = await run("check", bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/05-data-two-tildes\.lvm:7:3: error\[E0218\]/);
    expect(r.stdout).toBe("");
  });

  it("--json prints the diagnostics array with the fields of §9", async () => {
    const r = await run("check", bad, "--json");
    expect(r.code).toBe(1);
    const [d] = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Object.keys(d!).sort()).toEqual([
      "code",
      "col",
      "endCol",
      "endLine",
      "file",
      "hint",
      "line",
      "message",
      "severity",
    ]);
    expect(d).toMatchObject({ line: 7, col: 3, endLine: 7, endCol: 7, severity: "error", code: "E0218" });
  });

  it("--json prints [] for a clean model", async () => {
    const r = await run("check", good, "--json");
    expect([r.code, JSON.parse(r.stdout)]).toEqual([0, []]);
  });

  it("a missing file is E0001, exit 1", async () => {
    const r = await run("check", "no/such/model.lvm");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[E0001]");
  });

  it("usage errors exit 2", async () => {
    expect((await run()).code).toBe(2);
    expect((await run("check")).code).toBe(2);
    expect((await run("check", good, "--bogus")).code).toBe(2);
    expect((await run("frobnicate")).code).toBe(2);
  });

  it("--help shows an example and exits 0", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("$ latent check examples/");
    const c = await run("check", "--help");
    expect(c.stdout).toContain("Examples:");
  });

  it("explain prints the derivation and exits 0", async () => {
    const r = await run("explain", good);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/E-step[\s\S]*Q\(θ, θ′\)[\s\S]*M-step/);
  });

  it("the installed binary runs and never prints a stack trace", () => {
    const bin = join(repoRoot, "bin", "latent.js");
    expect(existsSync(join(repoRoot, "dist", "cli.js")), "dist/ is missing: run `npm run build`").toBe(true);
    const r = spawnSync(
      process.execPath,
      [bin, "check", join(repoRoot, "test", "golden", "diagnostics", "46-binary-file.lvm")],
      {
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[E0104]");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
