// Lexing: text → tokens, with located diagnostics for characters and comments that cannot be
// lexed, and the newline rule of the language (a newline inside `(…)` or `[…]` ends nothing).

import { type IToken, Lexer, type TokenType } from "chevrotain";
import type { Diagnostic, SourceFile } from "../diagnostics";
import {
  allTokens,
  BadString,
  LBrace,
  LBracket,
  LParen,
  Newline,
  RBrace,
  RBracket,
  RParen,
  statementStarters,
  UnclosedComment,
} from "./tokens";

/** Deeper bracket nesting than this is refused before parsing, so recursion can never overflow. */
export const MAX_NESTING = 100;
/** Models are small; a token stream this long is not one, and is refused rather than ground through. */
export const MAX_TOKENS = 1_000_000;

const lexer = new Lexer(allTokens, {
  positionTracking: "full",
  ensureOptimizations: false,
  skipValidations: true,
});

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
  /** False when the token stream must not be parsed (too deep or too long). */
  readonly parseable: boolean;
}

export function lex(source: SourceFile): LexResult {
  const diagnostics: Diagnostic[] = [];
  const result = lexer.tokenize(source.text);
  for (const e of result.errors) {
    const ch = String.fromCodePoint(source.text.codePointAt(e.offset) ?? 0xfffd);
    diagnostics.push({
      severity: "error",
      code: "E0101",
      message: `unexpected character '${ch}' (U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")})`,
      span: source.span(e.offset, e.offset + e.length),
    });
  }
  for (const t of result.groups.invalid ?? []) {
    if (t.tokenType === UnclosedComment) {
      diagnostics.push({
        severity: "error",
        code: "E0102",
        message: "this block comment is never closed",
        span: source.span(t.startOffset, t.startOffset + 2),
        hint: "close it with '*/'",
      });
    } else if (t.tokenType === BadString) {
      const closed = t.image.length > 1 && t.image.endsWith('"') && !t.image.endsWith('\\"');
      diagnostics.push({
        severity: "error",
        code: "E0103",
        message: closed ? "this string has an unknown escape" : "this string is never closed",
        span: source.span(t.startOffset, t.startOffset + t.image.length),
        hint: closed ? 'only \\" and \\\\ are escapes' : "close it with '\"' on the same line",
      });
    }
  }
  const tokens = result.tokens;
  if (tokens.length > MAX_TOKENS) {
    diagnostics.push({
      severity: "error",
      code: "E0109",
      message: `the model has ${tokens.length} tokens; more than ${MAX_TOKENS} is not a model this tool can read`,
      span: source.span(0, 0),
    });
    return { tokens: [], diagnostics, parseable: false };
  }
  return applyNewlineRule(source, tokens, diagnostics);
}

/**
 * Drops newlines inside `(…)` and `[…]`. A newline followed by a token that can only start a statement
 * (`param`, `for`, `}` …) is kept even inside brackets: the bracket was left open by mistake, and
 * keeping the newline lets the parser report it there instead of swallowing the rest of the file.
 */
function applyNewlineRule(source: SourceFile, tokens: IToken[], diagnostics: Diagnostic[]): LexResult {
  const out: IToken[] = [];
  const open: IToken[] = [];
  const openCount = new Map<TokenType, number>();
  let parseable = true;
  const roundOrSquare = () => {
    const top = open[open.length - 1];
    return top !== undefined && top.tokenType !== LBrace;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    if (type === Newline) {
      if (!roundOrSquare()) {
        out.push(t);
        continue;
      }
      let j = i + 1;
      while (j < tokens.length && tokens[j]!.tokenType === Newline) j++;
      const next = tokens[j];
      if (next !== undefined && statementStarters.has(next.tokenType)) {
        while (roundOrSquare()) {
          const o = open.pop()!;
          openCount.set(o.tokenType, openCount.get(o.tokenType)! - 1);
        }
        out.push(t);
      }
      continue;
    }
    if (type === LParen || type === LBracket || type === LBrace) {
      open.push(t);
      openCount.set(type, (openCount.get(type) ?? 0) + 1);
      if (open.length > MAX_NESTING && parseable) {
        parseable = false;
        diagnostics.push({
          severity: "error",
          code: "E0108",
          message: `brackets are nested more than ${MAX_NESTING} deep here`,
          span: source.span(t.startOffset, t.startOffset + t.image.length),
          hint: "split the expression with `let`",
        });
      }
    } else if (type === RParen || type === RBracket || type === RBrace) {
      const want = type === RParen ? LParen : type === RBracket ? LBracket : LBrace;
      // Pop to the matching opener if there is one; counting keeps this linear on hostile input.
      if ((openCount.get(want) ?? 0) > 0) {
        for (;;) {
          const o = open.pop()!;
          openCount.set(o.tokenType, openCount.get(o.tokenType)! - 1);
          if (o.tokenType === want) break;
        }
      }
    }
    out.push(t);
  }
  return { tokens: out, diagnostics, parseable };
}
