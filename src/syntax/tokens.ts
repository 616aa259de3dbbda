// The token vocabulary of `.lvm` (docs/language.md, Lexical rules): keywords, names, numbers, strings,
// operators, and the two statement terminators (newline and `;`).

import { createToken, Lexer, type TokenType } from "chevrotain";

/**
 * Every token that can appear inside a statement belongs to this category; the parser uses it to skip
 * the rest of a bad statement (separators and `}` are not in it, so skipping stops at them).
 */
export const AnyToken = createToken({ name: "AnyToken", pattern: Lexer.NA });

/** A Unicode letter or `_`, then letters, digits, combining marks or `_` (`μ`, `σ2`, `x̄`). */
const identifierPattern = /[\p{L}_][\p{L}\p{Nd}\p{Mn}\p{Mc}_]*/uy;

export const Identifier = createToken({
  name: "Identifier",
  // chevrotain drops the `u` flag of a plain RegExp pattern, so Unicode classes need a custom matcher.
  pattern: {
    exec(text: string, offset: number): RegExpExecArray | null {
      identifierPattern.lastIndex = offset;
      return identifierPattern.exec(text);
    },
  },
  line_breaks: false,
  label: "a name",
  categories: [AnyToken],
});

function keyword(word: string): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label: `'${word}'`,
    categories: [AnyToken],
  });
}

export const Model = keyword("model");
export const Size = keyword("size");
export const Const = keyword("const");
export const Data = keyword("data");
export const Param = keyword("param");
export const Latent = keyword("latent");
export const Let = keyword("let");
export const For = keyword("for");
export const In = keyword("in");
export const Weighted = keyword("weighted");
export const Censored = keyword("censored");
export const True = keyword("true");
export const False = keyword("false");

export const keywords = [
  Model,
  Size,
  Const,
  Data,
  Param,
  Latent,
  Let,
  For,
  In,
  Weighted,
  Censored,
  True,
  False,
];
export const reservedWords: ReadonlySet<string> = new Set(keywords.map((k) => String(k.LABEL).slice(1, -1)));

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[^\S\r\n]+/, group: Lexer.SKIPPED });
export const Newline = createToken({
  name: "Newline",
  pattern: /\r\n|\r|\n/,
  line_breaks: true,
  label: "a newline",
});
export const LineComment = createToken({
  name: "LineComment",
  pattern: /(?:\/\/|#)[^\r\n]*/,
  group: Lexer.SKIPPED,
});
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  line_breaks: true,
  group: Lexer.SKIPPED,
});
/** A `/*` with no closing `*\/`: lexed as one token so the error points at where it opens. */
export const UnclosedComment = createToken({
  name: "UnclosedComment",
  pattern: /\/\*[\s\S]*/,
  line_breaks: true,
  group: "invalid",
});
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\r\n]|\\["\\])*"/,
  label: "a string",
  categories: [AnyToken],
});
/** A string with an unknown escape or no closing quote on its line. */
export const BadString = createToken({
  name: "BadString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n]?)*"?/,
  group: "invalid",
});
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/,
  label: "a number",
  categories: [AnyToken],
});

function operator(name: string, text: string): TokenType {
  const separator = text === ";" || text === "}";
  return createToken({ name, pattern: text, label: `'${text}'`, categories: separator ? [] : [AnyToken] });
}

export const DotDot = operator("DotDot", "..");
export const Tilde = operator("Tilde", "~");
export const LessEq = operator("LessEq", "<=");
export const GreaterEq = operator("GreaterEq", ">=");
export const EqEq = operator("EqEq", "==");
export const NotEq = operator("NotEq", "!=");
export const Less = operator("Less", "<");
export const Greater = operator("Greater", ">");
export const Assign = operator("Assign", "=");
export const Plus = operator("Plus", "+");
export const Minus = operator("Minus", "-");
export const Star = operator("Star", "*");
export const Slash = operator("Slash", "/");
export const Caret = operator("Caret", "^");
export const Quote = operator("Quote", "'");
export const Comma = operator("Comma", ",");
export const Colon = operator("Colon", ":");
export const Semicolon = operator("Semicolon", ";");
export const LParen = operator("LParen", "(");
export const RParen = operator("RParen", ")");
export const LBracket = operator("LBracket", "[");
export const RBracket = operator("RBracket", "]");
export const LBrace = operator("LBrace", "{");
export const RBrace = operator("RBrace", "}");

/** Lexing order matters: comments before `/`, `..` before numbers, two-character operators first. */
export const allTokens: TokenType[] = [
  AnyToken,
  WhiteSpace,
  Newline,
  LineComment,
  BlockComment,
  UnclosedComment,
  StringLiteral,
  BadString,
  DotDot,
  NumberLiteral,
  ...keywords,
  Identifier,
  Tilde,
  LessEq,
  GreaterEq,
  EqEq,
  NotEq,
  Less,
  Greater,
  Assign,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  Quote,
  Comma,
  Colon,
  Semicolon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
];

/** Tokens that can only begin a statement: a newline before one always ends the statement before it. */
export const statementStarters: ReadonlySet<TokenType> = new Set([
  Model,
  Size,
  Const,
  Data,
  Param,
  Latent,
  Let,
  For,
  LBrace,
  RBrace,
]);
