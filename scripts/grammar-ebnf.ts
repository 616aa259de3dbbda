// Renders the parser's grammar (chevrotain GAST, `parserInstance.getGAstProductions()`) as ISO-style EBNF:
// one production per rule, in the order the parser defines them, then the lexical rules. Generic over the
// rule set: nothing here names a parser rule. Used by scripts/build-grammar.ts (writes grammar/lvm.ebnf)
// and by test/grammar/ebnf-sync.test.ts (checks the committed file is current).

import {
  Alternation,
  Alternative,
  type IProduction,
  Lexer,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  type Rule,
  Terminal,
  type TokenType,
} from "chevrotain";
import { parserInstance } from "../src/syntax/parser";
import { allTokens, reservedWords, statementStarters } from "../src/syntax/tokens";

/** Tokens shown as a named class rather than a literal; each is defined in the lexical section. */
const namedTerminals: Readonly<Record<string, string>> = {
  Identifier: "NAME",
  NumberLiteral: "NUMBER",
  StringLiteral: "STRING",
  Newline: "NEWLINE",
};

/**
 * Token categories the parser consumes only to recover from errors (the `junk` of a bad statement); they
 * are marked as such wherever they appear. Any other category is shown as the choice of its members.
 */
const recoveryCategories: ReadonlySet<string> = new Set(["AnyToken"]);

/** Lines longer than this are wrapped where the notation allows it (alternatives, token lists). */
const LINE_WIDTH = 100;

/** A token that matches nothing itself and stands for its member tokens (chevrotain token category). */
export function isCategory(type: TokenType): boolean {
  return type.PATTERN === Lexer.NA;
}

/** `"text"`, or `'text'` when the text holds a double quote (ISO EBNF has no escapes in literals). */
function literal(text: string): string {
  if (!text.includes('"')) return `"${text}"`;
  if (!text.includes("'")) return `'${text}'`;
  return `? the characters ${JSON.stringify(text)} ?`;
}

/** The literal text a regular expression matches, when it matches exactly one text (`/model/`, `/\.\./`). */
function regexLiteral(re: RegExp): string | undefined {
  if (re.flags.includes("i")) return undefined;
  if (!/^(?:[^\\^$.|?*+()[\]{}]|\\[^A-Za-z0-9])+$/.test(re.source)) return undefined;
  return re.source.replace(/\\(.)/g, "$1");
}

function upperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();
}

/** How a token appears in the EBNF (and on the railroad diagrams): a quoted literal or a NAMED class. */
export function terminalText(type: TokenType): string {
  const named = namedTerminals[type.name];
  if (named !== undefined) return named;
  const pattern = type.PATTERN;
  if (typeof pattern === "string") return literal(pattern);
  if (pattern instanceof RegExp && !isCategory(type)) {
    const text = regexLiteral(pattern);
    if (text !== undefined) return literal(text);
  }
  return upperSnake(type.name);
}

/**
 * `(* text *)`, wrapped to LINE_WIDTH with continuation lines indented three spaces; refuses text that
 * would end or nest the comment early.
 */
function comment(text: string): string {
  if (text.includes("*)") || text.includes("(*"))
    throw new Error(`EBNF comment text cannot hold "*)" or "(*": ${text}`);
  const lines: string[] = [];
  let line = "(*";
  for (const word of text.split(/\s+/)) {
    if (line.length + 1 + word.length > LINE_WIDTH - 3 && line.trim() !== "(*") {
      lines.push(line);
      line = "  ";
    }
    line += ` ${word}`;
  }
  lines.push(`${line} *)`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------------------
// Productions

function renderTerminal(t: Terminal): string {
  const text = terminalText(t.terminalType);
  if (!isCategory(t.terminalType)) return text;
  const what = t.label === undefined ? "" : `${t.label}: `;
  const note = recoveryCategories.has(t.terminalType.name) ? "error recovery only, " : "";
  return `${text} ${comment(`${what}${note}see ${text}`)}`;
}

/** The sequences of an alternation (chevrotain types its children as plain productions; each is an Alternative). */
function alternativesOf(alt: Alternation): IProduction[][] {
  return alt.definition.map((a) => (a instanceof Alternative ? a.definition : [a]));
}

/** A sequence of productions, space separated (juxtaposition is concatenation). */
function renderSequence(items: readonly IProduction[]): string {
  if (items.length === 0) return comment("nothing");
  return items.map((item) => renderItem(item, items.length > 1)).join(" ");
}

/** A sequence that will sit next to other items: an alternation in it is always parenthesised. */
function renderGroupedSequence(items: readonly IProduction[]): string {
  if (items.length === 0) return comment("nothing");
  return items.map((item) => renderItem(item, true)).join(" ");
}

/** Alternatives joined by `|`; `grouped` puts them in `( … )` when the alternation sits inside a sequence. */
function renderAlternation(alt: Alternation, grouped: boolean): string {
  const body = alternativesOf(alt).map(renderSequence).join(" | ");
  return grouped ? `( ${body} )` : body;
}

/** A body inside `[ … ]` or `{ … }`: a lone alternation needs no parentheses there. */
function renderBody(items: readonly IProduction[]): string {
  const only = items.length === 1 ? items[0] : undefined;
  if (only instanceof Alternation) return renderAlternation(only, false);
  return renderSequence(items);
}

function renderItem(item: IProduction, inSequence: boolean): string {
  if (item instanceof Terminal) return renderTerminal(item);
  if (item instanceof NonTerminal) return item.nonTerminalName;
  if (item instanceof Option) return `[ ${renderBody(item.definition)} ]`;
  if (item instanceof Repetition) return `{ ${renderBody(item.definition)} }`;
  if (item instanceof RepetitionMandatory) {
    // One or more: the body once, then zero or more times.
    return `${renderGroupedSequence(item.definition)} { ${renderBody(item.definition)} }`;
  }
  if (item instanceof RepetitionMandatoryWithSeparator || item instanceof RepetitionWithSeparator) {
    // x { "," x }, optional as a whole for MANY_SEP.
    const once = renderGroupedSequence(item.definition);
    const list = `${once} { ${terminalText(item.separator)} ${once} }`;
    return item instanceof RepetitionWithSeparator ? `[ ${list} ]` : list;
  }
  if (item instanceof Alternation) return renderAlternation(item, inSequence);
  if (item instanceof Alternative) return renderSequence(item.definition);
  throw new Error(`grammar-ebnf: unknown GAST production ${item.constructor.name}`);
}

/**
 * `name = body ;` on one line; a rule that is one alternation (possibly inside one `{ … }` or `[ … ]`)
 * with three or more alternatives, not all single tokens, or that would not fit on a line, gets one
 * alternative per line.
 */
function renderProduction(name: string, definition: readonly IProduction[]): string {
  const oneLine = `${name} = ${renderBody(definition)} ;`;
  let wrapper: { open: string; close: string } | undefined;
  let alternation: Alternation | undefined;
  const only = definition.length === 1 ? definition[0] : undefined;
  if (only instanceof Alternation) {
    alternation = only;
  } else if ((only instanceof Repetition || only instanceof Option) && only.definition.length === 1) {
    const inner = only.definition[0];
    if (inner instanceof Alternation) {
      alternation = inner;
      wrapper = only instanceof Repetition ? { open: "{", close: "}" } : { open: "[", close: "]" };
    }
  }
  if (alternation === undefined) return wrapSequence(name, definition, oneLine);
  const sequences = alternativesOf(alternation);
  const onlyTokens = sequences.every((a) => a.length === 1 && a[0] instanceof Terminal);
  if ((sequences.length < 3 || onlyTokens) && oneLine.length <= LINE_WIDTH) return oneLine;
  const alts = sequences.map(renderSequence);
  const pad = " ".repeat(name.length + 1 + (wrapper ? 2 : 0));
  const lines = [`${name} = ${wrapper ? `${wrapper.open} ` : ""}${alts[0]}`];
  for (const a of alts.slice(1)) lines.push(`${pad}| ${a}`);
  lines.push(wrapper ? `${pad}${wrapper.close} ;` : `${pad};`);
  return lines.join("\n");
}

/** A long `name = a b c … ;` broken between the rule's top-level items, continuation lines aligned. */
function wrapSequence(name: string, definition: readonly IProduction[], oneLine: string): string {
  if (oneLine.length <= LINE_WIDTH || definition.length < 2) return oneLine;
  const pad = " ".repeat(name.length + 3);
  const lines: string[] = [];
  let line = `${name} =`;
  for (const item of definition) {
    const piece = ` ${renderItem(item, true)}`;
    if (line.length + piece.length > LINE_WIDTH && line !== `${name} =`) {
      lines.push(line);
      line = pad + piece.trimStart();
    } else {
      line += piece;
    }
  }
  lines.push(`${line} ;`);
  return lines.join("\n");
}

/** `name = a | b | … ;` wrapped to LINE_WIDTH, continuation lines aligned under the first alternative. */
function wrappedChoice(name: string, alternatives: readonly string[]): string {
  const pad = " ".repeat(name.length + 1);
  const lines: string[] = [];
  let line = `${name} =`;
  alternatives.forEach((a, i) => {
    const piece = i === 0 ? ` ${a}` : ` | ${a}`;
    if (line.length + piece.length > LINE_WIDTH && i > 0) {
      lines.push(line);
      line = `${pad}| ${a}`;
    } else {
      line += piece;
    }
  });
  lines.push(`${line} ;`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------------------
// Lexical rules. Written by hand (a regular expression does not translate itself), so each is tied to the
// token it describes: when that token's pattern changes, generation stops and asks for the text to change.

interface LexicalRule {
  /** The token in src/syntax/tokens.ts this describes. */
  readonly token: string;
  /** The token's RegExp source this text was written for (for RegExp patterns). */
  readonly source?: string;
  /** Texts the token must match whole, and texts it must not match at their start (for custom matchers). */
  readonly accepts?: readonly string[];
  readonly rejects?: readonly string[];
  readonly text: readonly string[];
}

const lexicalRules: readonly LexicalRule[] = [
  {
    token: "Identifier",
    accepts: ["x", "_", "μ", "σ2", "x̄", "Sigma_k2", "π"],
    rejects: ["2x", "'", "·", "\u0304x"],
    text: [
      'NAME = ( letter | "_" ) { letter | digit | mark | "_" } ;',
      "letter = ? any Unicode letter (general category L) ? ;",
      "digit = ? any Unicode decimal digit (general category Nd) ? ;",
      "mark = ? any Unicode combining mark (general category Mn or Mc) ? ;",
    ],
  },
  {
    token: "NumberLiteral",
    source: String.raw`(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?`,
    text: [
      'NUMBER = ( digits [ "." digits ] | "." digits ) [ ( "e" | "E" ) [ "+" | "-" ] digits ] ;',
      "digits = decimal_digit { decimal_digit } ;",
      'decimal_digit = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" ;',
    ],
  },
  {
    token: "StringLiteral",
    source: String.raw`"(?:[^"\\\r\n]|\\["\\])*"`,
    text: [
      `STRING = '"' { string_character | '\\"' | "\\\\" } '"' ;`,
      "string_character = ? any character except a double quote, a backslash, CR or LF ? ;",
      comment(String.raw`the only escapes are \" and \\; a string ends on the line it starts`),
    ],
  },
  {
    token: "Newline",
    source: String.raw`\r\n|\r|\n`,
    text: ["NEWLINE = ? CR LF ? | ? CR ? | ? LF ? ;"],
  },
  {
    token: "WhiteSpace",
    source: String.raw`[^\S\r\n]+`,
    text: [
      comment("Skipped between tokens: white space other than CR and LF, and comments."),
      "white_space = ? any white space character except CR and LF ? { ? the same ? } ;",
    ],
  },
  {
    token: "LineComment",
    source: String.raw`(?:\/\/|#)[^\r\n]*`,
    text: ['line_comment = ( "//" | "#" ) { ? any character except CR or LF ? } ;'],
  },
  {
    token: "BlockComment",
    source: String.raw`\/\*[\s\S]*?\*\/`,
    text: [
      'block_comment = "/*" { ? any character ? } "*/" ;',
      comment('block comments do not nest: one ends at the first "*/"'),
    ],
  },
];

function tokenNamed(name: string): TokenType {
  const type = allTokens.find((t) => t.name === name);
  if (type === undefined) {
    throw new Error(
      `grammar-ebnf: token ${name} is gone from src/syntax/tokens.ts; update scripts/grammar-ebnf.ts`,
    );
  }
  return type;
}

/** Throws when a token no longer matches what its lexical rule says. */
function checkLexicalRule(rule: LexicalRule): void {
  const type = tokenNamed(rule.token);
  const pattern = type.PATTERN;
  const stale = (why: string) =>
    new Error(
      `grammar-ebnf: the ${rule.token} token changed (${why}); update its lexical rule in scripts/grammar-ebnf.ts`,
    );
  if (rule.source !== undefined && (!(pattern instanceof RegExp) || pattern.source !== rule.source)) {
    throw stale(`its pattern is no longer /${rule.source}/`);
  }
  const exec = (text: string): string | undefined => {
    if (pattern instanceof RegExp) return new RegExp(`^(?:${pattern.source})`, pattern.flags).exec(text)?.[0];
    if (typeof pattern === "object" && pattern !== null && "exec" in pattern) {
      return pattern.exec(text, 0, [], {})?.[0];
    }
    return undefined;
  };
  for (const text of rule.accepts ?? []) {
    if (exec(text) !== text) throw stale(`it no longer matches ${JSON.stringify(text)}`);
  }
  for (const text of rule.rejects ?? []) {
    if (exec(text) !== undefined) throw stale(`it now matches ${JSON.stringify(text)}`);
  }
}

/** Member tokens of a category, in lexing order (nested categories expanded). */
function categoryMembers(category: TokenType): TokenType[] {
  const out: TokenType[] = [];
  for (const t of allTokens) {
    if (!t.CATEGORIES?.includes(category)) continue;
    if (isCategory(t)) out.push(...categoryMembers(t));
    else out.push(t);
  }
  return out;
}

function collectCategories(items: readonly IProduction[], into: Set<TokenType>): void {
  for (const item of items) {
    if (item instanceof Terminal) {
      if (isCategory(item.terminalType)) into.add(item.terminalType);
    } else if (item instanceof NonTerminal) {
      // its rule is visited on its own
    } else {
      if (item instanceof RepetitionWithSeparator || item instanceof RepetitionMandatoryWithSeparator) {
        if (isCategory(item.separator)) into.add(item.separator);
      }
      if ("definition" in item && Array.isArray(item.definition)) collectCategories(item.definition, into);
    }
  }
}

function lexicalSection(categories: ReadonlySet<TokenType>): string[] {
  const out: string[] = [];
  out.push(comment("---------------------------------------------------------------- Lexical rules"));
  out.push(comment("From src/syntax/tokens.ts and src/syntax/lexer.ts. Source text is UTF-8."));
  out.push("");
  for (const rule of lexicalRules) {
    checkLexicalRule(rule);
    out.push(...rule.text, "");
  }
  out.push(
    comment(
      `Reserved words: a word spelled like one is that keyword, never a NAME: ${[...reservedWords].join(" ")}.`,
    ),
  );
  out.push("");
  const starters = allTokens.filter((t) => statementStarters.has(t)).map(terminalText);
  out.push(
    comment(
      'Statements end at NEWLINE or ";". A NEWLINE inside "(" ... ")" or "[" ... "]" is dropped before parsing, ' +
        `so it ends nothing; inside "{" ... "}" it counts. (Recovery only: a NEWLINE inside brackets that is ` +
        `followed by a token only a statement can start with, ${starters.join(" ")}, is kept, so an ` +
        "unclosed bracket is reported where it is.)",
    ),
  );
  for (const category of [...categories].sort((a, b) => a.name.localeCompare(b.name))) {
    out.push("");
    const name = terminalText(category);
    const what = `${name}: any one token of the ${category.name} category`;
    out.push(
      comment(
        recoveryCategories.has(category.name)
          ? `${what}, that is every token that can appear inside a statement. The grammar uses it only for ` +
              "error recovery: the parser skips such a token when no statement can start with it, and " +
              "reports it. It is not part of the language."
          : `${what}.`,
      ),
    );
    out.push(wrappedChoice(name, categoryMembers(category).map(terminalText)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------

const header = [
  "(* The grammar of .lvm model files in ISO-style EBNF; docs/language.md describes the language.",
  "",
  "   GENERATED FILE, do not edit: it is written by `npm run grammar` (scripts/build-grammar.ts) from",
  "   the chevrotain parser in src/syntax/parser.ts and the tokens in src/syntax/tokens.ts, and",
  "   test/grammar/ebnf-sync.test.ts fails when it is out of date. grammar/railroad.html shows the same",
  "   rules as railroad diagrams.",
  "",
  "   Notation: juxtaposition is sequence, | separates alternatives, [ ... ] is optional,",
  "   { ... } repeats zero or more times, ( ... ) groups. \"...\" and '...' are literal tokens;",
  "   UPPER_CASE names are token classes, defined with the other lexical rules after the",
  "   productions; ? ... ? is a description in words. Rules are listed in the order the parser",
  "   defines them; the first one is the start rule. *)",
];

/**
 * The whole grammar/lvm.ebnf text, from the parser's current grammar (or from another parser's
 * `getGAstProductions()` over the same tokens, which the tests use to exercise every production kind).
 */
export function buildEbnf(productions: Record<string, Rule> = parserInstance.getGAstProductions()): string {
  const rules = Object.values(productions);
  const categories = new Set<TokenType>();
  const rendered: string[] = [];
  for (const rule of rules) {
    collectCategories(rule.definition, categories);
    rendered.push(renderProduction(rule.name, rule.definition));
  }
  const lines = [...header, "", ...rendered.flatMap((p) => [p, ""]), ...lexicalSection(categories)];
  return `${lines.join("\n")}\n`;
}

/** The parser's rule names, in definition order. */
export function ruleNames(): string[] {
  return Object.keys(parserInstance.getGAstProductions());
}
