// A data declaration's cells as read from a file, before sizes and values are checked, with a way to
// name the place of any cell in a diagnostic.

import type { Diagnostic } from "../diagnostics";
import type { Cell } from "./cells";
import { dataDiagnostic } from "./data-file";

export interface CellPlace {
  /** How the message names the cell: "row 3, column 'waiting'" or "x[3, 2]". */
  readonly where: string;
  readonly line?: number;
  readonly col?: number;
}

export interface Collected {
  readonly name: string;
  readonly file: string;
  readonly shape: readonly number[];
  /** Read from the rows of a CSV table (its first dimension is rows), rather than nested arrays. */
  readonly table: boolean;
  /** Row-major. */
  readonly cells: readonly Cell[];
  readonly place: (index: number) => CellPlace;
}

export function cellDiagnostic(
  c: Collected,
  index: number,
  code: Diagnostic["code"],
  message: string,
  hint?: string,
): Diagnostic {
  const p = c.place(index);
  return dataDiagnostic(c.file, `${p.where}: ${message}`, code, p.line, p.col, hint);
}
