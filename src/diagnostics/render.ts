// The diagnostics renderer: `FILE:LINE:COL: error[CODE]: message`, the source line, a caret
// under the whole span, and a hint. Also the JSON form of `latent check --json`.

import type { Diagnostic } from "./diagnostic";
import type { SourceFile } from "./source-file";

/** Longest source line shown in full; longer lines are shown as a window around the span. */
const MAX_SHOWN_COLUMNS = 160;

function locationPrefix(d: Diagnostic, fileName: string): string {
  if (!d.span) return `${fileName}: `;
  return `${fileName}:${d.span.start.line}:${d.span.start.col}: `;
}

/** Control characters would corrupt a terminal: show them as their Unicode control pictures. */
function visible(ch: string): string {
  const c = ch.codePointAt(0)!;
  if (ch === "\t") return ch;
  if (c < 0x20) return String.fromCodePoint(0x2400 + c);
  if (c === 0x7f) return "\u2421";
  return ch;
}

function codeFrame(d: Diagnostic, source: SourceFile): string[] {
  if (!d.span) return [];
  const { start, end } = d.span;
  const chars = Array.from(source.lineText(start.line)).map(visible);
  const lastCol = end.line === start.line ? end.col : chars.length + 1;
  let from = 0;
  let to = chars.length;
  if (chars.length > MAX_SHOWN_COLUMNS) {
    from = Math.max(0, start.col - 1 - MAX_SHOWN_COLUMNS / 2);
    to = Math.min(chars.length, from + MAX_SHOWN_COLUMNS);
  }
  const prefix = from > 0 ? "…" : "";
  const suffix = to < chars.length ? "…" : "";
  const shown = chars.slice(from, to);
  const gutter = String(start.line).length;
  const pad = " ".repeat(gutter);
  const lead =
    (prefix ? " " : "") +
    shown
      .slice(0, Math.max(0, start.col - 1 - from))
      .map((ch) => (ch === "\t" ? "\t" : " "))
      .join("");
  const width = Math.max(1, Math.min(lastCol, to + 1) - start.col);
  return [`${start.line} | ${prefix}${shown.join("")}${suffix}`, `${pad} | ${lead}${"^".repeat(width)}`];
}

/** Renders one diagnostic for a terminal. `source` is the file the span refers to, when there is one. */
export function renderDiagnostic(d: Diagnostic, source?: SourceFile): string {
  const fileName = d.file ?? source?.name ?? "<input>";
  const lines = [`${locationPrefix(d, fileName)}${d.severity}[${d.code}]: ${d.message}`];
  const frameSource = source && (d.file === undefined || d.file === source.name) ? source : undefined;
  if (frameSource) lines.push(...codeFrame(d, frameSource).map((l) => `  ${l}`));
  if (d.hint) lines.push(`  = hint: ${d.hint}`);
  for (const r of d.related ?? []) {
    lines.push(`  = note: ${r.message} at ${fileName}:${r.span.start.line}:${r.span.start.col}`);
  }
  return lines.join("\n");
}

export function renderDiagnostics(ds: readonly Diagnostic[], source?: SourceFile): string {
  return ds.map((d) => renderDiagnostic(d, source)).join("\n\n");
}

/** The JSON form of `latent check --json`: one object per diagnostic, null where a place or hint is absent. */
export interface DiagnosticJson {
  file: string;
  line: number | null;
  col: number | null;
  endLine: number | null;
  endCol: number | null;
  severity: string;
  code: string;
  message: string;
  hint: string | null;
}

export function diagnosticToJson(d: Diagnostic, fileName: string): DiagnosticJson {
  return {
    file: d.file ?? fileName,
    line: d.span?.start.line ?? null,
    col: d.span?.start.col ?? null,
    endLine: d.span?.end.line ?? null,
    endCol: d.span?.end.col ?? null,
    severity: d.severity,
    code: d.code,
    message: d.message,
    hint: d.hint ?? null,
  };
}
