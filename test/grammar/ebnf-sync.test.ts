// grammar/lvm.ebnf and grammar/railroad.html are generated from the parser (`npm run grammar`): the
// committed files must be exactly what the generator writes today, and the diagrams page must be
// self-contained (it loads nothing from the network).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CstParser } from "chevrotain";
import { describe, expect, it } from "vitest";
import { buildEbnf, ruleNames } from "../../scripts/grammar-ebnf";
import { buildRailroadHtml } from "../../scripts/grammar-railroad";
import * as T from "../../src/syntax/tokens";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const read = (path: string) => readFileSync(resolve(root, path), "utf8");
const stale = (path: string) =>
  `${path} is out of date with src/syntax/parser.ts: run \`npm run grammar\` and commit the result`;

describe("grammar/lvm.ebnf", () => {
  const committed = read("grammar/lvm.ebnf");

  it("is exactly what `npm run grammar` generates from the parser", () => {
    // A plain boolean first, so the failure message leads with what to do rather than a long diff.
    expect(buildEbnf() === committed, stale("grammar/lvm.ebnf")).toBe(true);
  });

  it("has one production for every parser rule", () => {
    const rules = ruleNames();
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const productions = committed.match(new RegExp(`^${rule} = `, "gm")) ?? [];
      expect(productions.length, `production for rule ${rule}`).toBe(1);
    }
  });

  it("starts with a generated-file header that names its source and how to regenerate it", () => {
    expect(committed.startsWith("(*")).toBe(true);
    const header = committed.slice(0, committed.indexOf("*)"));
    expect(header).toContain("npm run grammar");
    expect(header).toContain("src/syntax/parser.ts");
  });
});

// The generator is generic over the rule set: a toy parser over the same tokens uses every kind of
// production (the .lvm parser may not, today).
class ToyParser extends CstParser {
  constructor() {
    super(T.allTokens, { skipValidations: true });
    this.performSelfAnalysis();
  }
  top = this.RULE("top", () => {
    this.AT_LEAST_ONE(() => this.SUBRULE(this.item));
    this.AT_LEAST_ONE2(() => {
      this.CONSUME(T.Plus);
      this.CONSUME(T.Identifier);
    });
    this.MANY_SEP({
      SEP: T.Semicolon,
      DEF: () => {
        this.CONSUME2(T.Identifier);
        this.CONSUME(T.Colon);
      },
    });
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => this.OR([{ ALT: () => this.CONSUME(T.True) }, { ALT: () => this.CONSUME(T.False) }]),
    });
    this.OPTION(() =>
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(T.Minus);
            this.CONSUME(T.NumberLiteral);
          },
        },
        { ALT: () => this.CONSUME(T.StringLiteral) },
      ]),
    );
  });
  item = this.RULE("item", () =>
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      { ALT: () => this.CONSUME(T.Quote) },
      { ALT: () => this.CONSUME(T.AnyToken, { LABEL: "junk" }) },
    ]),
  );
}

describe("the EBNF generator", () => {
  it("renders every kind of chevrotain production", () => {
    const ebnf = buildEbnf(new ToyParser().getGAstProductions());
    expect(ebnf).toContain(
      [
        'top = item { item } "+" NAME { "+" NAME } [ NAME ":" { ";" NAME ":" } ]',
        '      ( "true" | "false" ) { "," ( "true" | "false" ) } [ "-" NUMBER | STRING ] ;',
        "",
        `item = "*" | "'" | ANY_TOKEN (* junk: error recovery only, see ANY_TOKEN *) ;`,
      ].join("\n"),
    );
    expect(ebnf).toMatch(/^ANY_TOKEN = /m);
  });
});

describe("grammar/railroad.html", () => {
  const html = read("grammar/railroad.html");

  it("is exactly what `npm run grammar` generates from the parser", () => {
    expect(buildRailroadHtml() === html, stale("grammar/railroad.html")).toBe(true);
  });

  it("is self-contained: no external scripts, stylesheets or other resources", () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<(?:img|iframe|object|embed|source|audio|video)\b/i);
    // What chevrotain's createSyntaxDiagramsCode() would have linked instead.
    expect(html).not.toContain("unpkg.com");

    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const markup = html.replace(/<(script|style)>[\s\S]*?<\/\1>/g, "");
    expect(markup).not.toMatch(/https?:\/\//);
    for (const css of styles) expect(css).not.toMatch(/@import|url\(/i);
    for (const js of scripts) {
      // Comments of the inlined scripts (credits, references) may hold URLs; the code may only hold SVG
      // namespace URIs, and must not load anything.
      const code = js.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[\s;{}])\/\/[^\n]*/g, "$1");
      for (const url of code.match(/https?:\/\/[^\s"'`)]*/g) ?? []) {
        expect(["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]).toContain(url);
      }
      expect(code).not.toMatch(
        /\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts|\bimport\(/,
      );
      expect(code).not.toMatch(/\.src\s*=|createElement\(\s*["'](?:script|link|img|iframe)/);
    }
  });

  it("draws every parser rule", () => {
    expect(html).toContain("main.drawDiagramsFromSerializedGrammar(");
    for (const rule of ruleNames()) expect(html, `rule ${rule}`).toContain(`"name": "${rule}"`);
  });
});
