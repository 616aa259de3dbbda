// Binding a JSON data file: each key names a data declaration (or a size or constant), and its value is
// nested arrays shaped as declared, with `null` for a missing value.

import type { ModelSymbol } from "../check";
import type { Diagnostic } from "../diagnostics";
import { type Cell, describeValue, readJsonCell } from "./cells";
import type { Collected } from "./collected";
import { dataDiagnostic, type JsonData } from "./data-file";

interface Problem {
  readonly code: "E0301" | "E0313";
  readonly message: string;
  /** The problem is the nesting, so the hint recalls the declared rank. */
  readonly shape?: boolean;
}

const bad = (message: string, shape = false): Problem => ({ code: "E0313", message, shape });

/**
 * Flattens a rectangular nested array of the given depth; the shape comes from the first element at each
 * level. Stops at the first problem (so a sparse `new Array(1e9)` costs one message, not a billion).
 */
function flatten(
  v: unknown,
  depth: number,
  path: string,
  shape: number[],
  cells: Cell[],
  booleans: boolean,
  level = 0,
): Problem | undefined {
  if (depth === level) {
    const cell = readJsonCell(v, booleans);
    if (cell) {
      cells.push(cell);
      return undefined;
    }
    return bad(
      typeof v === "boolean"
        ? `${path} is ${v}: a truth value is data only where the data is integer-valued; write a number`
        : `${path} must be a number, a label or null, not ${describeValue(v)}`,
    );
  }
  if (!Array.isArray(v)) {
    return bad(
      `${path} must be an array (${depth - level} more level${depth - level === 1 ? "" : "s"} of nesting)`,
      true,
    );
  }
  if (v.length === 0)
    return { code: "E0301", message: `${path} is empty: data has at least one element along each dimension` };
  if (shape[level] === undefined) shape[level] = v.length;
  else if (shape[level] !== v.length)
    return bad(`${path} has ${v.length} elements, but its siblings have ${shape[level]}`, true);
  for (let i = 0; i < v.length; i++) {
    const at = `${path}[${i + 1}]`;
    // A hole (`[1, , 3]`) would otherwise be skipped, shifting every later value by one.
    if (!Object.hasOwn(v, i))
      return bad(`${at} is a hole in the array: give a value, or null for a missing one`);
    const problem = flatten(v[i], depth, at, shape, cells, booleans, level + 1);
    if (problem) return problem;
  }
  return undefined;
}

export function bindJson(
  data: JsonData,
  symbols: readonly ModelSymbol[],
): { collected: Collected[]; diagnostics: Diagnostic[] } {
  const collected: Collected[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const s of symbols) {
    if (!Object.hasOwn(data.value, s.name)) continue;
    const rank = s.type.dims.length;
    const shape: number[] = [];
    const cells: Cell[] = [];
    const booleans = s.type.domain.integer && !s.type.domain.categories;
    const problem = flatten(data.value[s.name], rank, s.name, shape, cells, booleans);
    const place = data.places?.get(s.name);
    if (problem) {
      diagnostics.push(
        dataDiagnostic(
          data.file,
          problem.message,
          problem.code,
          place?.line,
          place?.col,
          problem.shape
            ? `'${s.name}' is declared with ${rank} dimension${rank === 1 ? "" : "s"}`
            : undefined,
        ),
      );
      continue;
    }
    collected.push({
      name: s.name,
      file: data.file,
      table: false,
      shape,
      cells,
      place: (k) => {
        const idx: number[] = [];
        let rest = k;
        for (let d = shape.length - 1; d >= 0; d--) {
          idx.unshift((rest % shape[d]!) + 1);
          rest = Math.floor(rest / shape[d]!);
        }
        return { where: idx.length > 0 ? `${s.name}[${idx.join(", ")}]` : s.name, ...(place ?? {}) };
      },
    });
  }
  return { collected, diagnostics };
}
