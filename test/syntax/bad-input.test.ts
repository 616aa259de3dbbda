// Hostile input, as docs/language.md promises to handle it: an empty file, bytes that are not UTF-8, a binary file,
// 10 MB of tokens, 10 000 nested parentheses. Each gives a located diagnostic, never a crash or a hang.

import { describe, expect, it } from "vitest";
import { check } from "../../src/api";
import { parseBytes } from "../../src/syntax";

const codesOf = (text: string) => check(text).diagnostics.map((d) => d.code);

describe("bad input", () => {
  it("an empty file: E0105 at 1:1", () => {
    const [d] = check("").diagnostics;
    expect(d?.code).toBe("E0105");
    expect([d?.span?.start.line, d?.span?.start.col]).toEqual([1, 1]);
  });

  it("only comments and blank lines: E0105 at the end", () => {
    expect(codesOf("// nothing here\n\n/* still nothing */\n")).toEqual(["E0105"]);
  });

  it("bytes that are not UTF-8: E0100 at the first bad byte", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("model m\nsize N\n  data"), 0xc3, 0x28]);
    const r = parseBytes(bytes, "bad.lvm");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0100"]);
    expect([r.diagnostics[0]?.span?.start.line, r.diagnostics[0]?.span?.start.col]).toEqual([3, 7]);
  });

  it("overlong and surrogate encodings are not UTF-8", () => {
    for (const seq of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ]) {
      expect(parseBytes(new Uint8Array(seq), "x.lvm").diagnostics[0]?.code).toBe("E0100");
    }
  });

  it("a binary file: E0104 (NUL byte) or E0100, never a crash", () => {
    let state = 12345;
    const bytes = new Uint8Array(4096).map(() => {
      state = (state * 1103515245 + 12345) >>> 0;
      return state >>> 24;
    });
    const codes = parseBytes(bytes, "random.bin").diagnostics.map((d) => d.code);
    expect(["E0104", "E0100"]).toContain(codes[0]);
    expect(parseBytes(new Uint8Array([0x6d, 0, 0, 0]), "nul.bin").diagnostics[0]?.code).toBe("E0104");
  });

  it("10 MB of tokens: E0109, quickly", () => {
    const t0 = performance.now();
    expect(codesOf(`model m\n${"x ".repeat(5_000_000)}`)).toEqual(["E0109"]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("10 000 nested parentheses: E0108", () => {
    expect(codesOf(`model m\nlet a = ${"(".repeat(10_000)}1${")".repeat(10_000)}\n`)).toEqual(["E0108"]);
  });

  it("10 000 nested brackets and 10 000 unary minuses: E0108", () => {
    expect(codesOf(`model m\nlet a = ${"[".repeat(10_000)}1${"]".repeat(10_000)}\n`)).toEqual(["E0108"]);
    expect(codesOf(`model m\nlet a = ${"-".repeat(10_000)}1\n`)).toEqual(["E0108"]);
    expect(codesOf(`model m\nlet a = 2${"^2".repeat(10_000)}\n`)).toEqual(["E0108"]);
  });

  it("10 000 unclosed parentheses: diagnostics, no crash", () => {
    expect(codesOf(`model m\nlet a = ${"(".repeat(10_000)}`)).toContain("E0108");
  });

  it("a very long line renders as a window around the error", () => {
    const r = check(`model m\nlet a = ${"1 + ".repeat(2000)}@\n`);
    expect(r.diagnostics[0]?.code).toBe("E0101");
  });

  it("many errors are capped", () => {
    const r = check(`model m\n${"let = \n".repeat(500)}`);
    expect(r.diagnostics.length).toBeLessThanOrEqual(26);
    expect(r.diagnostics.at(-1)?.code).toBe("E0113");
  });

  it("a number too large to represent: E0114", () => {
    expect(codesOf("model m\nconst K = 1e999\n")).toEqual(["E0114"]);
  });

  it("CRLF line endings count lines like LF", () => {
    const r = check("model m\r\nsize N\r\nparam mu: rael\r\n");
    expect(r.diagnostics.map((d) => [d.code, d.span?.start.line, d.span?.start.col])).toEqual([
      ["E0213", 3, 11],
    ]);
  });
});
