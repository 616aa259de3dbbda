// Reads are bounded: a model file stops at 16 MiB, a data or params file at a total (2 GiB by default) and
// at a line with no end in sight (64 MiB), each a located error naming the file (exit 1) within seconds.

import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readDataFile } from "../../src/data";
import { formatBytes, parseByteSize } from "../../src/data/read-limits";
import { repoRoot } from "../helpers";
import { files, normalModel, run } from "./helpers";

const saved = { ...process.env };
afterEach(() => {
  for (const key of ["LATENT_MAX_DATA_BYTES", "LATENT_MAX_LINE_BYTES"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe("endless files", () => {
  it("--data /dev/zero is an error at once (exit 1)", async () => {
    const f = files({ "m.lvm": normalModel });
    const started = Date.now();
    const r = await run("fit", f.at("m.lvm"), "--data", "/dev/zero");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "/dev/zero:1:1: error[E0300]: the file has a NUL byte on this line: it is binary",
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a model file /dev/zero stops at 16 MiB (E0109)", async () => {
    const r = await run("check", "/dev/zero");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("/dev/zero: error[E0109]: '/dev/zero' is larger than 16 MiB");
    const sample = await run("sample", "/dev/zero", "--params", "/dev/zero");
    expect(sample.code).toBe(1);
  });

  it("--params and --init /dev/zero are errors too", async () => {
    const f = files({ "m.lvm": normalModel, "y.csv": "y\n1\n2\n" });
    const sample = await run("sample", f.at("m.lvm"), "--params", "/dev/zero", "-n", "2");
    expect(sample.code).toBe(1);
    expect(sample.stderr).toContain("/dev/zero:1:1: error[E0300]");
    const fit = await run("fit", f.at("m.lvm"), "--data", f.at("y.csv"), "--init", "/dev/zero");
    expect(fit.code).toBe(1);
    expect(fit.stderr).toContain("/dev/zero:1:1: error[E0300]");
  });

  it("an endless stream of text without a line break stops at 64 MiB, through the real command", async () => {
    const f = files({ "m.lvm": normalModel });
    // A shell pipe (a real pipe, which /dev/stdin can open) from a writer that never stops.
    const writer = `${JSON.stringify(process.execPath)} -e 'const b = Buffer.alloc(65536, 97); const w = () => { while (process.stdout.write(b)); process.stdout.once("drain", w); }; process.stdout.on("error", () => process.exit(0)); w();'`;
    const latent = [process.execPath, "--import", "tsx", join(repoRoot, "scripts", "latent-dev.ts")]
      .map((a) => JSON.stringify(a))
      .join(" ");
    const command = `${writer} | ${latent} fit ${JSON.stringify(f.at("m.lvm"))} --data /dev/stdin`;
    const child = spawn("sh", ["-c", command], { cwd: repoRoot });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(code).toBe(1);
    expect(stderr).toContain(
      "/dev/stdin:1:1: error[E0300]: line 1 is longer than 64 MiB: the file is not read further",
    );
    expect(stderr).toContain("LATENT_MAX_LINE_BYTES");
  }, 60_000);
});

describe("limits", () => {
  it("a line longer than LATENT_MAX_LINE_BYTES is refused, naming the line", async () => {
    const f = files({ "m.lvm": normalModel, "y.csv": `y\n1\n${"2".repeat(5000)}\n3\n` });
    process.env.LATENT_MAX_LINE_BYTES = "1KiB";
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("y.csv"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${f.at("y.csv")}:3:1: error[E0300]: line 3 is longer than 1 KiB`);
  });

  it("a file larger than LATENT_MAX_DATA_BYTES is refused", async () => {
    const f = files({ "m.lvm": normalModel, "y.csv": `y\n${"1\n".repeat(4000)}` });
    process.env.LATENT_MAX_DATA_BYTES = "4096";
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("y.csv"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${f.at("y.csv")}: error[E0300]: the file is larger than 4 KiB: it is not read further`,
    );
  });

  it("a JSON file may be one long line", async () => {
    const y = Array.from({ length: 400 }, (_, i) => i % 7);
    const f = files({ "m.lvm": normalModel, "d.json": JSON.stringify({ y }) });
    process.env.LATENT_MAX_LINE_BYTES = "100";
    const r = await run("fit", f.at("m.lvm"), "--data", f.at("d.json"));
    expect(r.code).toBe(0);
  });

  it("a CSV record that a quote left open is refused at the record limit", async () => {
    const r = await readDataFile(files({ "q.csv": `y\n"1\n${"2\n".repeat(2000)}` }).at("q.csv"), {
      maxLineBytes: 1000,
    });
    expect(r.data).toBeUndefined();
    expect(r.diagnostics[0]?.message).toMatch(/^a record longer than 1000 bytes ends past line \d+/);
  });

  it("an unreadable limit is a usage error", async () => {
    process.env.LATENT_MAX_DATA_BYTES = "lots";
    const r = await readDataFile("/dev/null");
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["E0002", "LATENT_MAX_DATA_BYTES=lots: a read limit is a number of bytes, such as 4GiB or 100MiB"],
    ]);
  });

  it("sizes read and print in binary units", () => {
    expect(parseByteSize("64MiB")).toBe(64 * 1024 * 1024);
    expect(parseByteSize("2g")).toBe(2 * 1024 ** 3);
    expect(parseByteSize("1000")).toBe(1000);
    expect(parseByteSize("0")).toBeUndefined();
    expect(parseByteSize("-1k")).toBeUndefined();
    expect(formatBytes(2 * 1024 ** 3)).toBe("2 GiB");
    expect(formatBytes(1536)).toBe("1.5 KiB");
  });
});

describe("text that streams in pieces", () => {
  it("reads multi-byte characters, a BOM, CRLF and a last line without a break as before", async () => {
    const f = files({ "y.csv": "\ufeffy,label\r\n1,é\r\n2,日本\r\n3,ü" });
    const r = await readDataFile(f.at("y.csv"));
    expect(r.diagnostics).toEqual([]);
    expect(r.data?.kind === "csv" && r.data.rows).toEqual([
      ["1", "é"],
      ["2", "日本"],
      ["3", "ü"],
    ]);
    expect(r.data?.kind === "csv" && r.data.header).toEqual(["y", "label"]);
  });

  it("bytes that are not UTF-8, a directory and a missing file are E0300, naming the file", async () => {
    const f = files({ "bad.csv": "y\n1\n" });
    const { writeFileSync } = await import("node:fs");
    writeFileSync(f.at("bad.csv"), Buffer.from([0x79, 0x0a, 0xff, 0xfe, 0x0a]));
    for (const [path, message] of [
      [f.at("bad.csv"), "the file is not UTF-8 text"],
      [f.dir, "cannot read the data file: it is a directory"],
      [f.at("none.csv"), "cannot read the data file: no such file"],
    ]) {
      const r = await readDataFile(path!);
      expect(r.diagnostics.map((d) => [d.code, d.file, d.message])).toEqual([["E0300", path, message]]);
    }
  });
});
