// Reading a data file: CSV with a header row, or JSON. The result keeps what is needed
// to report a problem at its place: the file, each row's line, and the column names.

import { constants } from "node:buffer";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse as parseCsvStream } from "csv-parse";
import { parse as parseCsv } from "csv-parse/sync";
import { type Diagnostic, SourceFile } from "../diagnostics";
import { jsonErrorOffset } from "./json-error";
import {
  DEFAULT_READ_LIMITS,
  formatBytes,
  type ReadLimits,
  ReadStopped,
  readErrorReason,
  readLimits,
  textChunks,
} from "./read-limits";

const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH;

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
  /** Where each top-level key is written (for data read from a file). */
  readonly places?: ReadonlyMap<string, { readonly line: number; readonly col: number }>;
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

/**
 * Reads a data (or params) file: JSON when it is named `.json` or starts with `{` or `[`, else CSV. The read
 * is a stream within `limits` (see `readLimits`): an endless or huge file is refused early, naming the file.
 */
export async function readDataFile(path: string, limits: Partial<ReadLimits> = {}): Promise<ReadResult> {
  const settings = readLimits(limits);
  if (settings.diagnostics.length > 0) return { data: undefined, diagnostics: settings.diagnostics };
  const chunks = textChunks(path, settings.limits);
  try {
    const head: string[] = [];
    let json = /\.json$/i.test(path) ? true : undefined;
    while (json === undefined) {
      const next = await chunks.next();
      if (next.done) break;
      head.push(next.value);
      const first = /\S/u.exec(next.value);
      if (first) json = first[0] === "{" || first[0] === "[";
    }
    async function* all(): AsyncGenerator<string> {
      yield* head;
      yield* chunks;
    }
    return json ? await readJsonChunks(path, all()) : await readCsvChunks(path, all(), settings.limits);
  } catch (e) {
    if (e instanceof ReadStopped)
      return { data: undefined, diagnostics: [dataDiagnostic(path, e.message, "E0300", e.line, 1, e.hint)] };
    return {
      data: undefined,
      diagnostics: [dataDiagnostic(path, `cannot read the data file: ${readErrorReason(e)}`, "E0300")],
    };
  } finally {
    await chunks.return(undefined);
  }
}

async function readJsonChunks(path: string, chunks: AsyncIterable<string>): Promise<ReadResult> {
  const parts: string[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    length += chunk.length;
    if (length > MAX_STRING_LENGTH) {
      throw new ReadStopped(
        `a JSON file longer than ${formatBytes(MAX_STRING_LENGTH)} cannot be parsed: it is not read further`,
        undefined,
        "give large data as CSV, which is read row by row",
      );
    }
    parts.push(chunk);
  }
  return readJsonText(path, parts.join(""));
}

const CSV_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true, info: true } as const;

type CsvRecord = { record: string[]; info: { lines: number } };

async function readCsvChunks(
  path: string,
  chunks: AsyncIterable<string>,
  limits: ReadLimits,
): Promise<ReadResult> {
  const records: CsvRecord[] = [];
  try {
    await pipeline(
      Readable.from(chunks),
      parseCsvStream({ ...CSV_OPTIONS, max_record_size: limits.maxLineBytes }),
      async (source: AsyncIterable<CsvRecord>) => {
        for await (const r of source) records.push(r);
      },
    );
  } catch (e) {
    if (e instanceof ReadStopped || !isCsvError(e)) throw e;
    return { data: undefined, diagnostics: [csvErrorDiagnostic(path, e, limits)] };
  }
  return tableFromRecords(path, records);
}

function isCsvError(e: unknown): e is Error & { code: string; lines?: number } {
  const code = (e as { code?: unknown } | undefined)?.code;
  return e instanceof Error && typeof code === "string" && code.startsWith("CSV_");
}

function csvErrorDiagnostic(
  file: string,
  err: Error & { code?: string; lines?: number },
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Diagnostic {
  if (err.code === "CSV_MAX_RECORD_SIZE") {
    return dataDiagnostic(
      file,
      `a record longer than ${formatBytes(limits.maxLineBytes)} ends past line ${err.lines ?? "?"}: the file is not read further`,
      "E0300",
      err.lines,
      undefined,
      "a quote that is never closed makes the rest of the file one cell",
    );
  }
  return dataDiagnostic(
    file,
    `the CSV cannot be parsed: ${err.message.replace(/^[^:]*: /, "")}`,
    "E0300",
    err.lines,
  );
}

/** CSV text already in memory (`fromCsv`). */
export function readCsvText(file: string, text: string): ReadResult {
  let records: CsvRecord[];
  try {
    records = parseCsv(text, CSV_OPTIONS) as unknown as CsvRecord[];
  } catch (e) {
    return { data: undefined, diagnostics: [csvErrorDiagnostic(file, e as Error & { lines?: number })] };
  }
  return tableFromRecords(file, records);
}

/** The header and rows of parsed CSV records, or why they are not a table: no rows, ragged rows, a name twice. */
function tableFromRecords(file: string, records: readonly CsvRecord[]): ReadResult {
  const [head, ...body] = records;
  if (!head)
    return {
      data: undefined,
      diagnostics: [dataDiagnostic(file, "the file is empty: a header row is required", "E0301", 1)],
    };
  const header = head.record.map((h) => h.trim());
  const diagnostics: Diagnostic[] = [];
  const first = new Map<string, number>();
  header.forEach((name, i) => {
    const j = first.get(name);
    if (j === undefined) first.set(name, i);
    else if (name !== "" && diagnostics.length < 10)
      diagnostics.push(
        dataDiagnostic(
          file,
          `columns ${j + 1} and ${i + 1} are both named '${name}'`,
          "E0318",
          head.info.lines,
          i + 1,
          "rename one of them: a column is bound to data by its name",
        ),
      );
  });
  if (diagnostics.length > 0) return { data: undefined, diagnostics };
  if (body.length === 0) {
    return {
      data: undefined,
      diagnostics: [dataDiagnostic(file, "the file has a header but no data rows", "E0301", head.info.lines)],
    };
  }
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
  const { places, twice } = topLevelKeys(text);
  if (twice.length > 0) {
    return {
      data: undefined,
      diagnostics: twice
        .slice(0, 10)
        .map((k) =>
          dataDiagnostic(
            file,
            `key '${k.key}' is given twice (first on line ${places.get(k.key)!.line})`,
            "E0318",
            k.line,
            k.col,
            "JSON keeps only the last value of a key given twice: keep one",
          ),
        ),
    };
  }
  return { data: { kind: "json", file, value: value as Record<string, unknown>, places }, diagnostics: [] };
}

type Place = { readonly line: number; readonly col: number };

/** Where each key of a (valid) JSON object's top level is written, and the keys written twice. */
function topLevelKeys(text: string): { places: Map<string, Place>; twice: (Place & { key: string })[] } {
  const places = new Map<string, Place>();
  const twice: (Place & { key: string })[] = [];
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = text.indexOf('"', i + 1);
      for (;;) {
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (depth === 1 && expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const place = { line, col: i - lineStart + 1 };
        if (places.has(key)) twice.push({ key, ...place });
        else places.set(key, place);
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 1) expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 1) expectKey = true;
    else if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { places, twice };
}
