// Where in the user's code a builder call was made: the first stack frame outside the builder, as a span in
// that file. The stack is read only to find this place; it is never shown. Spans remember their file here.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Position, SourceFile, type Span } from "../../diagnostics";

/** The file of every span the builder made, by its start position (checkers pass positions on unchanged). */
const fileOfPosition = new WeakMap<Position, string>();

/** The file a span was made in by the builder, if it was. */
export function fileOfSpan(span: Span): string | undefined {
  return fileOfPosition.get(span.start);
}

/** Registers a span as being in `file`; returns it. */
export function inFile(span: Span, file: string): Span {
  fileOfPosition.set(span.start, file);
  fileOfPosition.set(span.end, file);
  return span;
}

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

function frameFile(location: string): string {
  // Code run by eval or `new Function` has no file of its own to point at.
  if (location.startsWith("eval at ")) return "<eval>";
  return location.startsWith("file://") ? fileURLToPath(location) : location;
}

/** This module's own file: frames in it, or in its folder (the builder's files), are the builder's. */
const ownFile = (() => {
  const line = (new Error().stack ?? "").split("\n")[1] ?? "";
  const m = FRAME.exec(line);
  return m ? frameFile(m[1]!) : "";
})();
const ownFolder = ownFile.replace(/[\\/][^\\/]*$/, "");

function isBuilderFrame(file: string): boolean {
  return file === ownFile || file.replace(/[\\/][^\\/]*$/, "") === ownFolder;
}

function isUserFrame(file: string): boolean {
  return !isBuilderFrame(file) && !file.startsWith("node:") && file !== "<anonymous>" && file !== "native";
}

export interface CallSite {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** The user's call that is running now; undefined when no frame outside the builder can be found. */
export function findCallSite(): CallSite | undefined {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  try {
    Error.captureStackTrace(holder, findCallSite);
  } finally {
    Error.stackTraceLimit = limit;
  }
  for (const line of (holder.stack ?? "").split("\n").slice(1)) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const file = frameFile(m[1]!);
    if (isUserFrame(file)) return { file, line: Number(m[2]), col: Number(m[3]) };
  }
  return undefined;
}

const sources = new Map<string, SourceFile | undefined>();

/** The text of a user's file, read once; undefined when it cannot be read (bundled, deleted, virtual). */
export function userSource(file: string): SourceFile | undefined {
  if (!sources.has(file)) {
    let text: string | undefined;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      text = undefined;
    }
    sources.set(file, text === undefined ? undefined : new SourceFile(file, text));
  }
  return sources.get(file);
}

/** The UTF-16 offset of a 1-based line and code-point column of a source. */
export function offsetAt(source: SourceFile, line: number, col: number): number {
  const text = source.text;
  let start = 0;
  for (let l = 1; l < line; l++) {
    const lf = text.indexOf("\n", start);
    if (lf < 0) return text.length;
    start = lf + 1;
  }
  let i = start;
  for (let k = 1; k < col && i < text.length && text[i] !== "\n"; k++)
    i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return i;
}

/** The end of the call that starts at `offset`: a name, then its balanced `(…)` if that closes on the line. */
function callEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && /[\p{L}\p{Nd}_$]/u.test(text[i]!)) i++;
  if (i === offset) return Math.min(text.length, offset + 1);
  let j = i;
  while (text[j] === " ") j++;
  if (text[j] !== "(") return i;
  let depth = 0;
  for (; j < text.length && text[j] !== "\n"; j++) {
    if (text[j] === "(") depth++;
    else if (text[j] === ")" && --depth === 0) return j + 1;
  }
  return i;
}

/** A span over the user's call at a site: the called name and its arguments when they fit on the line. */
export function spanOfSite(site: CallSite): Span {
  const source = userSource(site.file);
  if (source) {
    const start = offsetAt(source, site.line, site.col);
    return inFile(source.span(start, callEnd(source.text, start)), site.file);
  }
  const start = { offset: 0, line: site.line, col: site.col };
  return inFile({ start, end: { ...start, col: site.col + 1 } }, site.file);
}

/** The home of spans when no user frame can be found (a REPL, eval): a name, never a stack. */
export const UNKNOWN_FILE = "<builder>";

/** The span of the user's call being made now. */
export function callSpan(): Span {
  const site = findCallSite();
  if (site) return spanOfSite(site);
  const start = { offset: 0, line: 1, col: 1 };
  return inFile({ start, end: start }, UNKNOWN_FILE);
}
