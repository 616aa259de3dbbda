// Renders the parser's grammar as railroad diagrams in ONE self-contained HTML file (grammar/railroad.html).
// It mirrors chevrotain's createSyntaxDiagramsCode(), which links its scripts and stylesheet from a CDN,
// but inlines those files from node_modules/chevrotain/diagrams so the page works offline.

import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ISerializedGast, TokenType } from "chevrotain";
import { parserInstance } from "../src/syntax/parser";
import { allTokens } from "../src/syntax/tokens";
import { terminalText } from "./grammar-ebnf";

const require = createRequire(import.meta.url);

/** node_modules/chevrotain, wherever the resolver finds it (its `exports` hide package.json itself). */
function chevrotainRoot(): string {
  let dir = dirname(require.resolve("chevrotain"));
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "diagrams"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("grammar-railroad: cannot find the chevrotain package directory");
    dir = up;
  }
  return dir;
}

/** The files createSyntaxDiagramsCode() links, in its order. */
const scriptFiles = [
  "diagrams/vendor/railroad-diagrams.js",
  "diagrams/src/diagrams_builder.js",
  "diagrams/src/diagrams_behavior.js",
  "diagrams/src/main.js",
];
const cssFile = "diagrams/diagrams.css";

function readChevrotainFile(path: string): string {
  const text = readFileSync(join(chevrotainRoot(), path), "utf8").replace(/\r\n?/g, "\n");
  // Inside <script>/<style> these would end the element (or change how the HTML parser reads it) early.
  if (/<\/script|<\/style|<!--/i.test(text))
    throw new Error(`grammar-railroad: ${path} cannot be inlined as is`);
  return text.trimEnd();
}

/**
 * The diagram files are UMD modules: they pick AMD `define`, CommonJS `module`/`exports`, or else set a
 * global on `this`. Run each with those names shadowed and `this` bound to `window`, so they always take
 * the browser-globals branch (`railroad`, `diagrams_builder`, `diagrams_behavior`, `main`) whatever else
 * the page defines (an element with id "exports" would otherwise become `window.exports`).
 */
function inlineScript(path: string): string {
  return [
    `<script>`,
    `// ${path} (chevrotain ${chevrotainVersion()}), inlined unchanged`,
    `(function (define, module, exports) {`,
    readChevrotainFile(path),
    `}).call(window, undefined, undefined, undefined);`,
    `</script>`,
  ].join("\n");
}

function chevrotainVersion(): string {
  return (JSON.parse(readFileSync(join(chevrotainRoot(), "package.json"), "utf8")) as { version: string })
    .version;
}

/** The serialized grammar with every terminal labelled as in grammar/lvm.ebnf (NAME, "model", …). */
function serializedGrammar(): ISerializedGast[] {
  const byName = new Map<string, TokenType>(allTokens.map((t) => [t.name, t]));
  const relabel = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(relabel);
    if (typeof node !== "object" || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = relabel(value);
    if (out.type === "Terminal" && typeof out.name === "string") {
      const type = byName.get(out.name);
      if (type !== undefined) out.label = terminalText(type);
    }
    return out;
  };
  return relabel(parserInstance.getSerializedGastProductions()) as ISerializedGast[];
}

/** JSON that is also safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The whole grammar/railroad.html text, from the parser's current grammar. */
export function buildRailroadHtml(): string {
  const parts = [
    "<!DOCTYPE html>",
    "<!-- GENERATED FILE, do not edit: written by `npm run grammar` (scripts/build-grammar.ts) from",
    "     src/syntax/parser.ts. Self-contained: the chevrotain diagram scripts and stylesheet are inlined,",
    "     so the page loads nothing from the network. -->",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    "<title>.lvm grammar: railroad diagrams</title>",
    "<style>",
    "  body {",
    "    background-color: hsl(30, 20%, 95%)",
    "  }",
    "  .intro {",
    "    font-family: sans-serif;",
    "    max-width: 50em;",
    "    margin: 1em auto;",
    "  }",
    "</style>",
    "<style>",
    `/* ${cssFile} (chevrotain ${chevrotainVersion()}), inlined unchanged */`,
    readChevrotainFile(cssFile),
    "</style>",
    "</head>",
    "<body>",
    '<div class="intro">',
    "<h1>The <code>.lvm</code> grammar</h1>",
    "<p>One diagram per parser rule, in the order the parser defines them; the first is the start rule.",
    "Click a rule name in a diagram to jump to its definition. Token names (NAME, NUMBER, STRING, NEWLINE,",
    "ANY_TOKEN) and the lexical rules are defined in <code>grammar/lvm.ebnf</code>; ANY_TOKEN is used only",
    "for error recovery. Generated by <code>npm run grammar</code>.</p>",
    "</div>",
    ...scriptFiles.map(inlineScript),
    '<div id="diagrams" align="center"></div>',
    "<script>",
    `window.serializedGrammar = ${scriptJson(serializedGrammar())};`,
    "</script>",
    "<script>",
    'var diagramsDiv = document.getElementById("diagrams");',
    "main.drawDiagramsFromSerializedGrammar(serializedGrammar, diagramsDiv);",
    "</script>",
    "</body>",
    "</html>",
  ];
  return `${parts.join("\n")}\n`;
}
