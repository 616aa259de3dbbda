// The TextMate grammar (grammar/lvm.tmLanguage.json) tokenised by the engine VS Code uses:
// scopes of chosen tokens in sample.lvm, and every example model tokenised without an `invalid` scope.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

// Both packages ship UMD bundles whose named exports Node's ESM loader cannot see: load them with require.
const require = createRequire(import.meta.url);
const vsctm: typeof import("vscode-textmate") = require("vscode-textmate");
const oniguruma: typeof import("vscode-oniguruma") = require("vscode-oniguruma");

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");

interface Token {
  line: number; // 1-based
  text: string;
  scopes: string[];
}

let grammar: import("vscode-textmate").IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(join(root, "node_modules/vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== "source.lvm") return null;
      const path = join(root, "grammar/lvm.tmLanguage.json");
      return vsctm.parseRawGrammar(readFileSync(path, "utf8"), path);
    },
  });
  const loaded = await registry.loadGrammar("source.lvm");
  if (!loaded) throw new Error("grammar source.lvm did not load");
  grammar = loaded;
});

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let state = vsctm.INITIAL;
  source.split("\n").forEach((text, i) => {
    const result = grammar.tokenizeLine(text, state);
    for (const t of result.tokens) {
      tokens.push({ line: i + 1, text: text.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    state = result.ruleStack;
  });
  return tokens;
}

describe("lvm.tmLanguage.json on test/grammar/sample.lvm", () => {
  const source = readFileSync(join(here, "sample.lvm"), "utf8");
  const lines = source.split("\n");
  let tokens: Token[];
  beforeAll(() => {
    tokens = tokenize(source);
  });

  /** The line (1-based) of the first line of sample.lvm that contains `fragment`. */
  function lineOf(fragment: string): number {
    const i = lines.findIndex((l) => l.includes(fragment));
    if (i < 0) throw new Error(`sample.lvm has no line containing ${JSON.stringify(fragment)}`);
    return i + 1;
  }

  /** Scopes of the `nth` token whose text is exactly `text` on the line containing `fragment`. */
  function scopes(fragment: string, text: string, nth = 0): string[] {
    const line = lineOf(fragment);
    const found = tokens.filter((t) => t.line === line && t.text.trim() === text);
    const token = found[nth];
    if (!token) {
      const seen = tokens.filter((t) => t.line === line).map((t) => JSON.stringify(t.text));
      throw new Error(
        `no token ${JSON.stringify(text)} (#${nth}) on line ${line}; tokens: ${seen.join(" ")}`,
      );
    }
    return token.scopes;
  }

  it("puts every token under source.lvm", () => {
    for (const t of tokens) expect(t.scopes[0]).toBe("source.lvm");
  });

  it("scopes keywords", () => {
    expect(scopes("model sample", "model")).toContain("keyword.other.model.lvm");
    expect(scopes("model sample", "sample")).toContain("entity.name.type.model.lvm");
    expect(scopes("size N, D", "size")).toContain("storage.type.size.lvm");
    expect(scopes("size N, D", "D")).toContain("entity.name.variable.size.lvm");
    expect(scopes("const K = 3", "const")).toContain("storage.type.const.lvm");
    expect(scopes("const K = 3", "K")).toContain("entity.name.variable.const.lvm");
    expect(scopes("data   cens", "data")).toContain("storage.type.data.lvm");
    expect(scopes("param  S", "param")).toContain("storage.type.param.lvm");
    expect(scopes("latent z", "latent")).toContain("storage.type.latent.lvm");
    expect(scopes("let v =", "let", 0)).toContain("storage.type.let.lvm");
    expect(scopes("let v =", "let", 1)).toContain("storage.type.let.lvm");
    expect(scopes("for n in", "for")).toContain("keyword.control.for.lvm");
    expect(scopes("for n in", "n")).toContain("entity.name.variable.index.lvm");
    expect(scopes("for n in", "in")).toContain("keyword.control.in.lvm");
    expect(scopes("for n in", "weighted")).toContain("keyword.other.weighted.lvm");
    expect(scopes("censored(", "censored")).toContain("keyword.other.censored.lvm");
    expect(scopes("censored(", "right")).toContain("variable.parameter.censoring.lvm");
    expect(scopes("const on = true", "true")).toContain("constant.language.boolean.true.lvm");
  });

  it("scopes all three kinds of comment", () => {
    // a comment is its punctuation, then its text, both inside the comment scope
    const header = "// Sample for";
    expect(scopes(header, "//")).toContain("comment.line.double-slash.lvm");
    expect(scopes(header, "//")).toContain("punctuation.definition.comment.lvm");
    const text = lines[lineOf(header) - 1]!.slice(2).trim();
    expect(scopes(header, text)).toContain("comment.line.double-slash.lvm");
    expect(scopes("# sizes", "#")).toContain("comment.line.number-sign.lvm");
    expect(scopes("# sizes", "sizes are bound from the data")).toContain("comment.line.number-sign.lvm");
    expect(scopes("data   log[N]", "a variable called log")).toContain("comment.line.double-slash.lvm");
    expect(scopes("/* a block", "/*")).toContain("punctuation.definition.comment.begin.lvm");
    expect(scopes("/* a block", "a block comment")).toContain("comment.block.lvm");
    expect(scopes("over two lines", "over two lines")).toContain("comment.block.lvm");
    expect(scopes("over two lines", "*/")).toContain("punctuation.definition.comment.end.lvm");
    // code after the block comment on the same line is code again
    expect(scopes("over two lines", "const")).toContain("storage.type.const.lvm");
    expect(scopes("over two lines", "const")).not.toContain("comment.block.lvm");
  });

  it("scopes every number form, and 1..N as number, range, identifier", () => {
    expect(scopes("const K = 3", "3")).toContain("constant.numeric.lvm");
    for (const n of ["0.5", ".5", "1e-3"]) expect(scopes("const w:", n)).toContain("constant.numeric.lvm");
    expect(scopes("const w:", "3")).toContain("constant.numeric.lvm");
    expect(scopes("const big", "2.5E+4")).toContain("constant.numeric.lvm");
    expect(scopes("const small", "2")).toContain("constant.numeric.lvm");
    expect(scopes("const small", "1")).toContain("constant.numeric.lvm");
    expect(scopes("for n in", "1", 0)).toContain("constant.numeric.lvm");
    expect(scopes("for n in", "..")).toContain("keyword.operator.range.lvm");
    const N = scopes("for n in", "N");
    expect(N).toContain("variable.other.lvm");
    expect(N).not.toContain("constant.numeric.lvm");
  });

  it("scopes distribution, function and type names only in context", () => {
    expect(scopes("z[n] ~", "Categorical")).toContain("support.class.distribution.lvm");
    expect(scopes("log[n] ~", "Normal")).toContain("support.class.distribution.lvm");
    expect(scopes("x[n] ~", "MvNormal")).toContain("support.class.distribution.lvm");
    expect(scopes("z[n] ~", "softmax")).toContain("support.function.builtin.lvm");
    expect(scopes("log[n] ~", "sqrt")).toContain("support.function.builtin.lvm");
    expect(scopes("let v =", "log")).toContain("support.function.builtin.lvm");
    expect(scopes("let v =", "sum")).toContain("support.function.builtin.lvm");
    expect(scopes("data   log[N]", "real")).toContain("support.type.lvm");
    expect(scopes("data   x[N]", "vector")).toContain("support.type.lvm");
    expect(scopes("latent z", "cat")).toContain("support.type.lvm");
    expect(scopes("param  S", "cov")).toContain("support.type.lvm");
    expect(scopes("data   count[N]", "count", 1)).toContain("support.type.lvm");
  });

  it("does not see keywords or function names inside longer identifiers", () => {
    expect(scopes("let inside", "inside")).toContain("entity.name.variable.let.lvm");
    expect(scopes("let inside", "inside")).not.toContain("keyword.control.in.lvm");
    for (const f of ["logdet", "inv", "log1p", "transpose"]) {
      expect(scopes("let inside", f)).toContain("support.function.builtin.lvm");
    }
  });

  it("treats a variable named log (or count) as a variable", () => {
    expect(scopes("data   log[N]", "log")).toContain("entity.name.variable.data.lvm");
    const use = scopes("log[n] ~", "log");
    expect(use).toContain("variable.other.lvm");
    expect(use).not.toContain("support.function.builtin.lvm");
    expect(scopes("data   count[N]", "count", 0)).toContain("entity.name.variable.data.lvm");
    const weight = scopes("for n in", "count");
    expect(weight).toContain("variable.other.lvm");
    expect(weight).not.toContain("support.type.lvm");
  });

  it("scopes operators", () => {
    expect(scopes("z[n] ~", "~")).toContain("keyword.operator.tilde.lvm");
    expect(scopes("let v =", "'")).toContain("keyword.operator.transpose.lvm");
    expect(scopes("let v =", "*")).toContain("keyword.operator.arithmetic.lvm");
    expect(scopes("let v =", "=")).toContain("keyword.operator.assignment.lvm");
    expect(scopes("let v =", ";")).toContain("punctuation.terminator.statement.lvm");
    expect(scopes("censored(", "==")).toContain("keyword.operator.comparison.lvm");
    expect(scopes("const small", "^")).toContain("keyword.operator.arithmetic.lvm");
    expect(scopes("const small", "-")).toContain("keyword.operator.arithmetic.lvm");
  });

  it("scopes the header string and its escapes", () => {
    const line = "model sample";
    expect(scopes(line, '"', 0)).toContain("punctuation.definition.string.begin.lvm");
    expect(scopes(line, "grammar")).toContain("string.quoted.double.lvm");
    expect(scopes(line, '\\"', 0)).toContain("constant.character.escape.lvm");
    expect(scopes(line, "\\\\")).toContain("constant.character.escape.lvm");
    expect(scopes(line, '"', 1)).toContain("punctuation.definition.string.end.lvm");
    // the string ends at its closing quote: nothing after the header line is inside it
    expect(
      tokens.filter((t) => t.line > lineOf(line) && t.scopes.includes("string.quoted.double.lvm")),
    ).toEqual([]);
  });

  it("reads Unicode identifiers as single identifiers", () => {
    expect(scopes("param  μ", "μ")).toContain("entity.name.variable.param.lvm");
    expect(scopes("param  σ2", "σ2")).toContain("entity.name.variable.param.lvm");
    expect(scopes("log[n] ~", "μ")).toContain("variable.other.lvm");
    const s2 = scopes("log[n] ~", "σ2");
    expect(s2).toContain("variable.other.lvm");
    expect(s2).not.toContain("constant.numeric.lvm");
  });
});

describe("lvm.tmLanguage.json on examples/*.lvm", () => {
  const dir = join(root, "examples");
  const files = readdirSync(dir).filter((f) => f.endsWith(".lvm"));

  it("finds the examples", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s has no invalid token and no unclosed comment or string", (file) => {
    const tokens = tokenize(readFileSync(join(dir, file), "utf8"));
    expect(tokens.filter((t) => t.scopes.some((s) => s.startsWith("invalid")))).toEqual([]);
    const last = tokens.at(-1);
    expect(last?.scopes).toEqual(["source.lvm"]);
  });
});
