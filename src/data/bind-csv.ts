// Binding CSV columns to data declarations (docs/language.md, Data): `--columns` first; then scalar data
// to the column of its name, vector data to `x1..xD` or `x.1..x.D`; then the one unbound vector, if only one
// is left, to all remaining columns in file order.

import type { ModelSymbol } from "../check";
import { closestName, type Diagnostic } from "../diagnostics";
import { readCell } from "./cells";
import type { Collected } from "./collected";
import { type CsvTable, dataDiagnostic } from "./data-file";

export interface CsvBinding {
  readonly collected: Collected[];
  readonly diagnostics: Diagnostic[];
}

/** Columns `x1, x2, …` or `x.1, x.2, …` present in the header, in order; [] when there are none. */
function numberedColumns(name: string, header: readonly string[]): number[] {
  for (const sep of ["", "."]) {
    const found: number[] = [];
    for (let k = 1; ; k++) {
      const i = header.indexOf(`${name}${sep}${k}`);
      if (i < 0) break;
      found.push(i);
    }
    if (found.length > 0) return found;
  }
  return [];
}

export function bindCsv(
  table: CsvTable,
  symbols: readonly ModelSymbol[],
  columnOption: ReadonlyMap<string, readonly string[]>,
): CsvBinding {
  const diagnostics: Diagnostic[] = [];
  const chosen = new Map<ModelSymbol, number[]>();
  const used = new Set<number>();
  const unbound: ModelSymbol[] = [];
  const header = table.header;
  const noColumn = (s: ModelSymbol, name: string) => {
    const near = closestName(name, header);
    diagnostics.push(
      dataDiagnostic(
        table.file,
        `no column '${name}' for data '${s.name}'; the columns are ${header.map((h) => `'${h}'`).join(", ")}`,
        "E0305",
        1,
        undefined,
        near
          ? `did you mean '${near}'? (or bind it with --columns ${s.name}=…)`
          : `bind it with --columns ${s.name}=…`,
      ),
    );
  };

  for (const s of symbols) {
    const rank = s.type.dims.length;
    const explicit = columnOption.get(s.name);
    if (rank === 0 || rank > 2) {
      diagnostics.push(
        dataDiagnostic(
          table.file,
          `data '${s.name}' has ${rank} dimensions; a CSV file binds data with 1 (a column) or 2 (columns) — use a JSON data file`,
          "E0305",
        ),
      );
      continue;
    }
    if (explicit) {
      const idx = explicit.map((c) => header.indexOf(c));
      const missing = explicit.filter((_, k) => idx[k]! < 0);
      if (missing.length > 0) {
        noColumn(s, missing[0]!);
        continue;
      }
      if (rank === 1 && idx.length !== 1) {
        diagnostics.push(
          dataDiagnostic(
            table.file,
            `data '${s.name}' is one value per row: --columns takes exactly one column for it`,
            "E0311",
          ),
        );
        continue;
      }
      chosen.set(s, idx);
    } else if (rank === 1) {
      const i = header.indexOf(s.name);
      if (i < 0) {
        unbound.push(s);
        continue;
      }
      chosen.set(s, [i]);
    } else {
      const idx = numberedColumns(s.name, header);
      if (idx.length === 0) {
        unbound.push(s);
        continue;
      }
      chosen.set(s, idx);
    }
    for (const i of chosen.get(s)!) used.add(i);
  }

  // The remaining columns go to the one unbound vector-valued declaration, if exactly one is left.
  const vectors = unbound.filter((s) => s.type.dims.length === 2);
  if (unbound.length === 1 && vectors.length === 1) {
    const rest = header.map((_, i) => i).filter((i) => !used.has(i));
    if (rest.length > 0) {
      chosen.set(vectors[0]!, rest);
      unbound.length = 0;
    }
  }
  for (const s of unbound) noColumn(s, s.type.dims.length === 2 ? `${s.name}1` : s.name);

  const collected: Collected[] = [];
  for (const [s, idx] of chosen) {
    const rank = s.type.dims.length;
    const cells = table.rows.flatMap((row) => idx.map((i) => readCell(row[i] ?? "")));
    collected.push({
      name: s.name,
      file: table.file,
      table: true,
      shape: rank === 1 ? [table.rows.length] : [table.rows.length, idx.length],
      cells,
      place: (k) => {
        const row = Math.floor(k / idx.length);
        const column = idx[k % idx.length]!;
        return {
          where: `row ${row + 1}, column '${header[column]}'`,
          line: table.lines[row]!,
          col: column + 1,
        };
      },
    });
  }
  return { collected, diagnostics };
}
