// Reading a data file: CSV with a header row, or JSON. The result keeps what is needed
// to report a problem at its place: the file, each row's line, and the column names.

import { readFile } from "node:fs/promises";
import { parse as parseCsv } from "csv-parse/sync";
import { type Diagnostic, SourceFile } from "../diagnostics";
import { jsonErrorOffset } from "./json-error";

export interface CsvTable {
  readonly kind: "csv";
  readonly file: string;
  readonly header: readonly string[];
  /** Data rows (row 1 is the first row after the header), cells as text. */
  readonly rows: readonly (readonly string[])[];
  /** The file line each data row ends on (for diagnostics). */
  readonly lines: readonly number[];
}

export interface JsonData {
  readonly kind: "json";
  readonly file: string;
  readonly value: Record<string, unknown>;
}

export type DataFile = CsvTable | JsonData;

export type ReadResult =
  | { readonly data: DataFile; readonly diagnostics: Diagnostic[] }
  | { readonly data: undefined; readonly diagnostics: Diagnostic[] };

/** A diagnostic about a place in a data file: LINE is the file line, COL the 1-based field. */
export function dataDiagnostic(
  file: string,
  message: string,
  code: Diagnostic["code"],
  line?: number,
  col?: number,
  hint?: string,
  severity: Diagnostic["severity"] = "error",
): Diagnostic {
  const at = line === undefined ? undefined : { offset: 0, line, col: col ?? 1 };
  return {
    severity,
    code,
    message,
    file,
    ...(at ? { span: { start: at, end: at } } : {}),
    ...(hint === undefined ? {} : { hint }),
  };
}

export async function readDataFile(path: string): Promise<ReadResult> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(path));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason =
      err.code === "ENOENT"
        ? "no such file"
        : err instanceof TypeError
          ? "it is not UTF-8 text"
          : err.message;
    return {
      data: undefined,
      diagnostics: [dataDiagnostic(path, `cannot read the data file: ${reason}`, "E0300")],
    };
  }
  return /\.json$/i.test(path) || /^\s*[{[]/.test(text) ? readJsonText(path, text) : readCsvText(path, text);
}

export function readCsvText(file: string, text: string): ReadResult {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number };
    return {
      data: undefined,
      diagnostics: [
        dataDiagnostic(
          file,
          `the CSV cannot be parsed: ${err.message.replace(/^[^:]*: /, "")}`,
          "E0300",
          err.lines,
        ),
      ],
    };
  }
  const [head, ...body] = records;
  if (!head)
    return {
      data: undefined,
      diagnostics: [dataDiagnostic(file, "the file is empty: a header row is required", "E0301", 1)],
    };
  const header = head.record.map((h) => h.trim());
  if (body.length === 0) {
    return {
      data: undefined,
      diagnostics: [dataDiagnostic(file, "the file has a header but no data rows", "E0301", head.info.lines)],
    };
  }
  const diagnostics: Diagnostic[] = [];
  body.forEach((r, i) => {
    if (r.record.length !== header.length && diagnostics.length < 10) {
      diagnostics.push(
        dataDiagnostic(
          file,
          `row ${i + 1} has ${r.record.length} cell${r.record.length === 1 ? "" : "s"}, but the header has ${header.length}`,
          "E0302",
          r.info.lines,
          Math.min(r.record.length, header.length) + 1,
        ),
      );
    }
  });
  if (diagnostics.length > 0) return { data: undefined, diagnostics };
  return {
    data: {
      kind: "csv",
      file,
      header,
      rows: body.map((r) => r.record),
      lines: body.map((r) => r.info.lines),
    },
    diagnostics,
  };
}

export function readJsonText(file: string, text: string): ReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const offset = jsonErrorOffset(text);
    const where = offset >= 0 ? new SourceFile(file, text).position(offset) : undefined;
    return {
      data: undefined,
      diagnostics: [
        dataDiagnostic(
          file,
          "the JSON cannot be parsed here",
          "E0300",
          where?.line,
          where?.col,
          (e as Error).message.split("\n")[0],
        ),
      ],
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      data: undefined,
      diagnostics: [
        dataDiagnostic(file, "a JSON data file is an object whose keys are data names", "E0313", 1, 1),
      ],
    };
  }
  return { data: { kind: "json", file, value: value as Record<string, unknown> }, diagnostics: [] };
}
