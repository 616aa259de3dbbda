// The one Diagnostic type every stage returns, and the source positions it points at.
// Stages collect diagnostics as values; nothing a user wrote is ever reported by throwing.

import type { Code } from "./codes";

/** A 1-based position in a source file; `col` counts Unicode code points, as an editor does. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly col: number;
}

/** A half-open range [start, end) of a source text. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

/** A note informs (a label mapping) and never fails a run; a warning may deserve action; an error stops it. */
export type Severity = "error" | "warning" | "note";

/** Another place a diagnostic refers to ("first declared here"). */
export interface RelatedPlace {
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: Code;
  readonly message: string;
  /** Absent for diagnostics about the whole run (a command-line argument, a file that cannot be read). */
  readonly span?: Span;
  /** The file the span is in; absent when it is the model file being checked. */
  readonly file?: string;
  readonly hint?: string;
  readonly related?: readonly RelatedPlace[];
}

export function isError(d: Diagnostic): boolean {
  return d.severity === "error";
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some(isError);
}

/** Diagnostics in reading order: by position, then errors before warnings. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => {
    const pa = a.span?.start.offset ?? -1;
    const pb = b.span?.start.offset ?? -1;
    if (pa !== pb) return pa - pb;
    const rank = { error: 0, warning: 1, note: 2 } as const;
    if (a.severity !== b.severity) return rank[a.severity] - rank[b.severity];
    return 0;
  });
}
