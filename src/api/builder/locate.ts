// Diagnostics of a built model, placed in the user's files: a span made by the builder names the file of the
// call that made it (Diagnostic.file), so the renderer prints that file and line and its code frame.

import { type Diagnostic, SourceFile, type Span, sortDiagnostics } from "../../diagnostics";
import { fileOfSpan, userSource } from "./call-site";

/**
 * Every diagnostic with a place names the file it points into (`home`, the `model(…)` call's file, when the
 * builder did not make its span). One about the whole run keeps none, and is reported as the home file's.
 */
export function locate(diagnostics: readonly Diagnostic[], home: string): Diagnostic[] {
  return sortDiagnostics(diagnostics.map((d) => locateOne(d, home)));
}

function locateOne(d: Diagnostic, home: string): Diagnostic {
  if (d.file !== undefined) return d;
  if (!d.span) return d;
  const file = fileOfSpan(d.span) ?? home;
  const related = (d.related ?? []).filter((r) => (fileOfSpan(r.span) ?? home) === file);
  const elsewhere = (d.related ?? []).filter((r) => !related.includes(r));
  const notes = elsewhere.map((r) => {
    const at = `${fileOfSpan(r.span) ?? home}:${r.span.start.line}:${r.span.start.col}`;
    return `${r.message} at ${at}`;
  });
  const hint = [d.hint, ...notes].filter((h) => h !== undefined).join("; ");
  const { related: _, hint: __, ...rest } = d;
  return {
    ...rest,
    file,
    span: withinOneCall(d.span, file),
    ...(hint === "" ? {} : { hint }),
    ...(related.length > 0 ? { related } : {}),
  };
}

/**
 * A span the checker joined from two builder calls may end in another call, or before it starts: such a
 * span shows only its start.
 */
function withinOneCall(span: Span, file: string): Span {
  const endFile = fileOfSpan({ start: span.end, end: span.end });
  const ordered =
    span.end.line > span.start.line || (span.end.line === span.start.line && span.end.col >= span.start.col);
  return (endFile === undefined || endFile === file) && ordered
    ? span
    : { start: span.start, end: span.start };
}

/** The source a report renders its code frames from: the home file's text (empty when it cannot be read). */
export function homeSource(home: string): SourceFile {
  return userSource(home) ?? new SourceFile(home, "");
}
