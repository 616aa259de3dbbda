// The syntax stage: `.lvm` text → typed AST with spans, or located diagnostics.
export type * from "./ast";
export { decodeSource, firstInvalidUtf8Byte } from "./decode";
export { lex, MAX_NESTING, MAX_TOKENS } from "./lexer";
export { MAX_SYNTAX_ERRORS, type ParseResult, parseBytes, parseText } from "./parse";
export { LvmParser, parserInstance } from "./parser";
export { printExpr, printProgram, printTarget, printType } from "./print";
export { allTokens, reservedWords } from "./tokens";
