// Writing results: `--out` is checked before any work (exit 2), a write that fails after the fit is an
// error (exit 2), never "this is a bug" (70); a reader that closes the pipe (`| head -1`) ends the command
// quietly (exit 0), and a full stdout is exit 1 with a message.

import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { examplesDir, repoRoot } from "../helpers";
import { files, run } from "./helpers";

const linkage = [
  join(examplesDir, "genetic-linkage.lvm"),
  "--data",
  join(examplesDir, "data", "genetic-linkage.csv"),
];

/** Runs a shell command line with the development `latent` as $LATENT; resolves to the exit status and stderr. */
function shell(command: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const latent = [process.execPath, "--import", "tsx", join(repoRoot, "scripts", "latent-dev.ts")]
    .map((a) => JSON.stringify(a))
    .join(" ");
  const child = spawn("bash", ["-c", command.replaceAll("$LATENT", latent)], { cwd: repoRoot });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((done) => child.on("close", (status) => done({ status, stdout, stderr })));
}

describe("--out", () => {
  it("a directory is a usage error before any work: the data is not even read", async () => {
    const f = files({});
    const r = await run(
      "fit",
      join(examplesDir, "genetic-linkage.lvm"),
      "--data",
      f.at("none.csv"),
      "--out",
      f.dir,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`latent fit: --out ${f.dir} cannot be written: it is a directory\n`);
  });

  it("a file in a folder that does not exist is a usage error, and nothing is created", async () => {
    const f = files({});
    const out = join(f.dir, "missing", "fit.json");
    const r = await run("fit", ...linkage, "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the folder ${join(f.dir, "missing")} does not exist`);
    expect(existsSync(join(f.dir, "missing"))).toBe(false);
    expect(r.stdout).toBe("");
  });

  it("a file inside a file, or an empty path, is a usage error", async () => {
    const f = files({ "plain.txt": "x" });
    expect((await run("fit", ...linkage, "--out", join(f.at("plain.txt"), "fit.json"))).code).toBe(2);
    expect((await run("fit", ...linkage, "--out", "")).code).toBe(2);
  });

  it("/dev/full: the summary is printed, the failed write is reported, exit 2", async () => {
    const r = await run("fit", ...linkage, "--out", "/dev/full");
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^model {6}linkage/);
    expect(r.stderr).toBe(
      "latent fit: the result could not be written to --out /dev/full: no space left on the device\n",
    );
  });

  it("a writable path still gets the result", async () => {
    const f = files({});
    const r = await run("fit", ...linkage, "--out", f.at("fit.json"), "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(f.at("fit.json"), "utf8"))).toEqual(JSON.parse(r.stdout));
  });
});

describe("stdout", () => {
  it("`latent sample … | head -1` ends quietly with exit 0", async () => {
    const model = join(examplesDir, "faithful-gmm-full.lvm");
    const params = join(examplesDir, "data", "faithful-gmm-full.params.json");
    const r = await shell(
      `$LATENT sample ${model} --params ${params} -n 200000 | head -1; exit "\${PIPESTATUS[0]}"`,
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("x.1,x.2\n");
    expect(r.status).toBe(0);
  }, 60_000);

  it("a full stdout is exit 1 with a message, not a stack trace", async () => {
    const r = await shell(`$LATENT fit ${linkage.join(" ")} --json > /dev/full`);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("latent: the output could not be written: no space left on the device\n");
  }, 60_000);
});
