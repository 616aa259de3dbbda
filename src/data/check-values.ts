// Checks of bound values: each cell against its declared type, data targets against their
// distributions' supports, and missing values where the model cannot integrate them out.

import type { CheckedModel, ModelSymbol } from "../check";
import type { Diagnostic } from "../diagnostics";
import type { Expr } from "../syntax";
import type { Cell } from "./cells";
import { type Collected, cellDiagnostic } from "./collected";

/** What a value must satisfy, and how to say it. */
interface Constraint {
  readonly test: (v: number) => boolean;
  readonly what: string;
}

function declaredConstraint(s: ModelSymbol, categories: number | undefined): Constraint | undefined {
  const d = s.type.domain;
  if (d.categories) {
    return categories === undefined
      ? { test: (v) => Number.isInteger(v) && v >= 1, what: "a category 1, 2, …" }
      : {
          test: (v) => Number.isInteger(v) && v >= 1 && v <= categories,
          what: `a category in 1..${categories}`,
        };
  }
  if (d.integer && d.nonnegative)
    return { test: (v) => Number.isInteger(v) && v >= 0, what: "a count (0, 1, 2, …)" };
  if (d.integer) return { test: Number.isInteger, what: "an integer" };
  if (d.atMostOne && d.nonnegative) return { test: (v) => v >= 0 && v <= 1, what: "a probability in [0, 1]" };
  if (d.positive) return { test: (v) => v > 0, what: "positive" };
  return undefined;
}

const supportConstraints: Record<string, Constraint> = {
  positive: { test: (v) => v > 0, what: "positive" },
  prob: { test: (v) => v > 0 && v < 1, what: "in (0, 1)" },
  count: { test: (v) => Number.isInteger(v) && v >= 0, what: "a count (0, 1, 2, …)" },
  binary: { test: (v) => v === 0 || v === 1, what: "0 or 1" },
  "count-vector": { test: (v) => Number.isInteger(v) && v >= 0, what: "a count (0, 1, 2, …)" },
};

const MAX_VALUE_ERRORS = 5;

export function checkValues(
  model: CheckedModel,
  symbol: ModelSymbol,
  c: Collected,
  values: Float64Array,
  categories: number | undefined,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (i: number, message: string, hint?: string) => {
    if (out.length < MAX_VALUE_ERRORS) out.push(cellDiagnostic(c, i, "E0307", message, hint));
  };
  const declared = declaredConstraint(symbol, categories);
  // int data read as a count argument (Binomial's n): each value must be ≥ 0 there.
  const countArgument = model.tildes.find((t) =>
    t.distribution.params.some((p, k) => p.requires === "count" && reads(model, t.statement.args[k], symbol)),
  );
  const tildes = model.tildes.filter((t) => t.target === symbol);
  const supports = tildes.flatMap((t) => {
    const k = supportConstraints[t.distribution.support];
    return k ? [{ k, dist: t.distribution.name }] : [];
  });
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (declared && !declared.test(v)) {
      report(i, `${v} is not ${declared.what}, as '${symbol.name}' is declared`);
      continue;
    }
    if (countArgument && v < 0) {
      report(
        i,
        `${v} is negative, but '${symbol.name}' is a count of ${countArgument.distribution.name} (≥ 0)`,
      );
      continue;
    }
    for (const { k, dist } of supports) {
      if (!k.test(v)) {
        report(i, `${v} is not ${k.what}, the values ${dist} takes`);
        break;
      }
    }
  }
  return out;
}

/** Whether an argument is the symbol itself or an element of it (`m`, `m[n]`). */
function reads(model: CheckedModel, e: Expr | undefined, symbol: ModelSymbol): boolean {
  if (!e) return false;
  if (e.kind === "index") return reads(model, e.base, symbol);
  return e.kind === "name" && model.resolved.get(e) === symbol;
}

/** Missing cells are allowed only in data that is the target of a `~` (the E-step may integrate them out). */
export function checkMissing(
  model: CheckedModel,
  symbol: ModelSymbol,
  c: Collected,
  cells: readonly Cell[],
): Diagnostic[] {
  if (model.tildes.some((t) => t.target === symbol)) return [];
  const i = cells.findIndex((x) => x.kind === "missing");
  if (i < 0) return [];
  return [
    cellDiagnostic(
      c,
      i,
      "E0309",
      `a missing value in '${symbol.name}', which no '~' models (it is a covariate: a weight, flag or design value), so it cannot be integrated out`,
      "fill it in, or drop the row",
    ),
  ];
}
