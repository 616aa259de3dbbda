// `npm run grammar`: regenerates grammar/lvm.ebnf and grammar/railroad.html from the chevrotain parser
// (src/syntax/parser.ts), so the documented grammar cannot drift from the one that parses.
// test/grammar/ebnf-sync.test.ts fails when the committed files are stale.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildEbnf } from "./grammar-ebnf";
import { buildRailroadHtml } from "./grammar-railroad";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outputs: [string, string][] = [
  ["grammar/lvm.ebnf", buildEbnf()],
  ["grammar/railroad.html", buildRailroadHtml()],
];
for (const [path, text] of outputs) {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${relative(process.cwd(), file) || file} (${Buffer.byteLength(text)} bytes)`);
}
