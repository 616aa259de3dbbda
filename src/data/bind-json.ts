// Binding a JSON data file: each key names a data declaration (or a size or constant), and its value is
// nested arrays shaped as declared, with `null` for a missing value.

import type { ModelSymbol } from "../check";
import type { Diagnostic } from "../diagnostics";
import { type Cell, readJsonCell } from "./cells";
import type { Collected } from "./collected";
import { dataDiagnostic, type JsonData } from "./data-file";

/** Flattens a rectangular nested array of the given depth; the shape comes from the first element at each level. */
function flatten(
  v: unknown,
  depth: number,
  path: string,
  shape: number[],
  cells: Cell[],
  problems: string[],
  level = 0,
): void {
  if (depth === level) {
    const cell = readJsonCell(v);
    if (cell) cells.push(cell);
    else {
      problems.push(`${path} must be a number, a label or null, not ${JSON.stringify(v)?.slice(0, 40)}`);
      cells.push({ kind: "missing" });
    }
    return;
  }
  if (!Array.isArray(v)) {
    problems.push(
      `${path} must be an array (${depth - level} more level${depth - level === 1 ? "" : "s"} of nesting)`,
    );
    return;
  }
  if (shape[level] === undefined) shape[level] = v.length;
  else if (shape[level] !== v.length) {
    problems.push(`${path} has ${v.length} elements, but its siblings have ${shape[level]}`);
    return;
  }
  v.forEach((x, i) => {
    flatten(x, depth, `${path}[${i + 1}]`, shape, cells, problems, level + 1);
  });
}

export function bindJson(
  data: JsonData,
  symbols: readonly ModelSymbol[],
): { collected: Collected[]; diagnostics: Diagnostic[] } {
  const collected: Collected[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const s of symbols) {
    if (!(s.name in data.value)) continue;
    const rank = s.type.dims.length;
    const shape: number[] = [];
    const cells: Cell[] = [];
    const problems: string[] = [];
    flatten(data.value[s.name], rank, s.name, shape, cells, problems);
    if (problems.length > 0) {
      diagnostics.push(
        dataDiagnostic(
          data.file,
          problems[0]!,
          "E0313",
          undefined,
          undefined,
          `'${s.name}' is declared with ${rank} dimension${rank === 1 ? "" : "s"}`,
        ),
      );
      continue;
    }
    while (shape.length < rank) shape.push(0);
    collected.push({
      name: s.name,
      file: data.file,
      shape,
      cells,
      place: (k) => {
        const idx: number[] = [];
        let rest = k;
        for (let d = shape.length - 1; d >= 0; d--) {
          idx.unshift((rest % shape[d]!) + 1);
          rest = Math.floor(rest / shape[d]!);
        }
        return { where: idx.length > 0 ? `${s.name}[${idx.join(", ")}]` : s.name };
      },
    });
  }
  return { collected, diagnostics };
}
