// The syntax stage's entry point: source text → AST plus diagnostics. Syntax errors are collected
// (the parser recovers), relocated to where a person would look, and capped.

import type { IRecognitionException, IToken } from "chevrotain";
import { type Diagnostic, hasErrors, SourceFile, type Span } from "../diagnostics";
import type { Program } from "./ast";
import { decodeSource } from "./decode";
import { lex } from "./lexer";
import { parserInstance } from "./parser";
import { lowerProgram } from "./to-ast";
import * as T from "./tokens";

/** More syntax errors than this are noise: later ones are usually caused by earlier ones. */
export const MAX_SYNTAX_ERRORS = 25;
/** Models are small; refusing huge text up front keeps every input fast (lexing 10 MB takes seconds). */
export const MAX_MODEL_CHARS = 1_000_000;

export interface ParseResult {
  /** Present only when the text has no syntax errors. */
  readonly program: Program | undefined;
  readonly source: SourceFile;
  readonly diagnostics: Diagnostic[];
}

/** Parses model text. Never throws for any input text. */
export function parseText(text: string, fileName = "<model>"): ParseResult {
  return parseSource(new SourceFile(fileName, text));
}

/** Parses the bytes of a model file: checks UTF-8 and binary content first. */
export function parseBytes(bytes: Uint8Array, fileName: string): ParseResult {
  const decoded = decodeSource(fileName, bytes);
  if (!decoded.ok) return { program: undefined, source: decoded.source, diagnostics: decoded.diagnostics };
  return parseSource(decoded.source);
}

function parseSource(source: SourceFile): ParseResult {
  const text = source.text;
  if (text.trim() === "" || onlyComments(text)) {
    return {
      program: undefined,
      source,
      diagnostics: [
        {
          severity: "error",
          code: "E0105",
          message: "the file has no model: it must start with `model NAME`",
          span: source.endSpan(),
          hint: 'begin with a header such as `model gmm "a Gaussian mixture"`',
        },
      ],
    };
  }
  if (text.length > MAX_MODEL_CHARS) {
    return {
      program: undefined,
      source,
      diagnostics: [
        {
          severity: "error",
          code: "E0109",
          message: `the model text is ${(text.length / 1e6).toFixed(1)} million characters; model files are read up to ${MAX_MODEL_CHARS / 1e6} million`,
          span: source.span(0, 0),
          hint: "a model is a few dozen lines: data belongs in a data file (--data)",
        },
      ],
    };
  }
  const lexed = lex(source);
  if (!lexed.parseable) return { program: undefined, source, diagnostics: lexed.diagnostics };
  const diagnostics: Diagnostic[] = [];

  parserInstance.input = lexed.tokens;
  let cst: ReturnType<typeof parserInstance.program>;
  try {
    cst = parserInstance.program();
  } catch (e) {
    if (e instanceof RangeError) {
      diagnostics.push({
        severity: "error",
        code: "E0108",
        message: "the model is nested too deeply to parse",
        span: source.span(0, 0),
      });
      return { program: undefined, source, diagnostics };
    }
    throw e;
  }
  // Lexing errors (a stray character) come first: a parse error in the same statement is their echo.
  const syntaxErrors = firstPerStatement(
    [...lexed.diagnostics, ...parserInstance.errors.map((e) => syntaxDiagnostic(e, lexed.tokens, source))],
    [
      ...parserInstance.missingTerminators.map((t) => missingTerminator(t, lexed.tokens, source)),
      ...skippedTokens(parserInstance.junk, lexed.tokens, source),
    ],
    lexed.tokens,
  );
  diagnostics.push(...syntaxErrors.slice(0, MAX_SYNTAX_ERRORS));
  if (syntaxErrors.length > MAX_SYNTAX_ERRORS) {
    diagnostics.push({
      severity: "error",
      code: "E0113",
      message: `${syntaxErrors.length - MAX_SYNTAX_ERRORS} more syntax errors are not shown`,
      span: source.endSpan(),
    });
  }
  if (hasErrors(diagnostics)) return { program: undefined, source, diagnostics };
  const lowered = lowerProgram(cst, source);
  const all = diagnostics.concat(lowered.diagnostics);
  return { program: hasErrors(all) ? undefined : lowered.program, source, diagnostics: all };
}

function onlyComments(text: string): boolean {
  return text.replace(/\/\*[\s\S]*?\*\/|(?:\/\/|#)[^\r\n]*/g, "").trim() === "";
}

/**
 * Keeps one error per statement: later ones in the same statement are nearly always caused by the
 * first (recovery re-reading the rest of the line), and only add noise. The parser's own errors are
 * preferred to the ones inferred afterwards (a missing terminator, skipped tokens).
 */
function firstPerStatement(
  parserErrors: Diagnostic[],
  inferred: Diagnostic[],
  tokens: IToken[],
): Diagnostic[] {
  const separators = tokens.filter((t) => separatorTokens.has(t.tokenType)).map((t) => t.startOffset);
  const statementOf = (offset: number) => {
    let lo = 0;
    let hi = separators.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (separators[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const byStatement = new Map<number, Diagnostic>();
  const offset = (d: Diagnostic) => d.span?.start.offset ?? 0;
  for (const group of [parserErrors, inferred]) {
    for (const d of [...group].sort((a, b) => offset(a) - offset(b))) {
      const k = statementOf(offset(d));
      if (!byStatement.has(k)) byStatement.set(k, d);
    }
  }
  return [...byStatement.values()].sort((a, b) => offset(a) - offset(b));
}

const comparisonTokens = new Set([T.Less, T.LessEq, T.Greater, T.GreaterEq, T.EqEq, T.NotEq]);
const separatorTokens = new Set([T.Newline, T.Semicolon, T.LBrace, T.RBrace]);

function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}

function isRealToken(t: IToken | undefined): t is IToken {
  return t !== undefined && t.tokenType.name !== "EOF" && Number.isFinite(t.startOffset);
}

/**
 * A syntax error as a diagnostic, placed where a person would look: a missing token at the end of the
 * token before it (chevrotain reports it at the next token, often on the next line), an error at the end
 * of input at the end position (chevrotain reports NaN there).
 */
function syntaxDiagnostic(e: IRecognitionException, tokens: IToken[], source: SourceFile): Diagnostic {
  const token = e.token;
  const previous = (e as { previousToken?: IToken }).previousToken;
  let span: Span;
  if (!isRealToken(token)) {
    span = source.endSpan();
  } else if (
    isRealToken(previous) &&
    e.name === "MismatchedTokenException" &&
    (token.tokenType === T.Newline ||
      source.position(token.startOffset).line > source.position(tokenEnd(previous)).line)
  ) {
    span = source.span(tokenEnd(previous), tokenEnd(previous));
    const expected = /^expected (.*), found /.exec(e.message)?.[1];
    if (expected)
      return {
        severity: "error",
        code: "E0106",
        message: `expected ${expected} after ${describe(previous)}`,
        span,
      };
  } else {
    span = source.span(token.startOffset, tokenEnd(token));
  }
  if (isRealToken(token) && comparisonTokens.has(token.tokenType) && followsComparison(tokens, token)) {
    return {
      severity: "error",
      code: "E0112",
      message: "comparisons do not chain",
      span,
      hint: "compare two values at a time, e.g. `(a < b) * (b < c)`",
    };
  }
  if (isRealToken(token) && T.reservedWords.has(token.image) && expectsName(tokens, token, e.message)) {
    return {
      severity: "error",
      code: "E0111",
      message: `'${token.image}' is a reserved word and cannot be used as a name`,
      span,
      hint: "choose another name",
    };
  }
  return { severity: "error", code: "E0106", message: e.message, span };
}

function missingTerminator(next: IToken, tokens: IToken[], source: SourceFile): Diagnostic {
  const previous = tokens[tokens.indexOf(next) - 1];
  const at = previous ? tokenEnd(previous) : next.startOffset;
  if (comparisonTokens.has(next.tokenType) && followsComparison(tokens, next)) {
    return {
      severity: "error",
      code: "E0112",
      message: "comparisons do not chain",
      span: source.span(next.startOffset, tokenEnd(next)),
      hint: "compare two values at a time, e.g. `(a < b) * (b < c)`",
    };
  }
  if (!T.statementStarters.has(next.tokenType) && next.tokenType !== T.Identifier) {
    return {
      severity: "error",
      code: "E0106",
      message: `unexpected ${describe(next)}`,
      span: source.span(next.startOffset, tokenEnd(next)),
    };
  }
  return {
    severity: "error",
    code: "E0107",
    message: `expected a newline or ';' before ${describe(next)}`,
    span: source.span(at, at),
    hint: "put each statement on its own line, or separate them with ';'",
  };
}

function describe(t: IToken): string {
  return `'${t.image.length > 40 ? `${t.image.slice(0, 40)}…` : t.image}'`;
}

/** One diagnostic per run of skipped tokens. */
function skippedTokens(junk: IToken[], tokens: IToken[], source: SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const index = new Map(tokens.map((t, i) => [t, i]));
  let lastRunEnd = -2;
  for (const t of junk) {
    const i = index.get(t) ?? -1;
    const continuesRun = i === lastRunEnd + 1;
    lastRunEnd = i;
    if (continuesRun) continue;
    const comparison = comparisonTokens.has(t.tokenType) && followsComparison(tokens, t);
    out.push(
      comparison
        ? {
            severity: "error",
            code: "E0112",
            message: "comparisons do not chain",
            span: source.span(t.startOffset, tokenEnd(t)),
            hint: "compare two values at a time, e.g. `(a < b) * (b < c)`",
          }
        : {
            severity: "error",
            code: "E0106",
            message: `expected a statement, found ${describe(t)}`,
            span: source.span(t.startOffset, tokenEnd(t)),
          },
    );
  }
  return out;
}

/** Tokens after which a name or value comes: a keyword there was meant as a name. */
const valueContext = new Set([
  T.LParen,
  T.LBracket,
  T.Comma,
  T.Plus,
  T.Minus,
  T.Star,
  T.Slash,
  T.Caret,
  T.Assign,
  T.Tilde,
  T.Colon,
  ...comparisonTokens,
]);

function expectsName(tokens: IToken[], token: IToken, message: string): boolean {
  if (token.image === "true" || token.image === "false") return false;
  if (/expected a name/.test(message)) return true;
  const previous = tokens[tokens.indexOf(token) - 1];
  return previous !== undefined && valueContext.has(previous.tokenType);
}

/** Whether a comparison operator appears earlier in the same statement at the same bracket depth. */
function followsComparison(tokens: IToken[], at: IToken): boolean {
  const i = tokens.indexOf(at);
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const t = tokens[j]!;
    if (t.tokenType === T.RParen || t.tokenType === T.RBracket) depth++;
    else if (t.tokenType === T.LParen || t.tokenType === T.LBracket) {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0 && separatorTokens.has(t.tokenType)) return false;
    else if (depth === 0 && comparisonTokens.has(t.tokenType)) return true;
  }
  return false;
}
