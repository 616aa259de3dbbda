// The `~` rules of the language over elements: every latent element the target of exactly one `~`,
// a data element of at most one, a param at most one prior. Decided on index intervals where sizes
// allow; otherwise left to data binding.

import type { Span } from "../diagnostics";
import type { CheckContext } from "./context";
import { addDims, type Dim, dimAtMost, dimsEqual, formatDim, knownDim } from "./dims";
import type { ExprInfo } from "./expressions";
import type { ModelSymbol } from "./symbols";

/** The closed range lo..hi of one dimension that a `~` covers. */
export interface Interval {
  readonly lo: Dim;
  readonly hi: Dim;
}

export interface Coverage {
  readonly symbol: ModelSymbol;
  readonly span: Span;
  readonly covers: readonly Interval[] | undefined;
}

/**
 * The box a target covers: a plate index (± a constant) gives its plate's range, a constant one
 * element, and the dims left unindexed their whole length. Undefined when only data can tell (a
 * subscript read from data, or a plate whose range is read from data). Reports a subscript that
 * depends on a param or latent, which could cover any element.
 */
export function targetBox(
  ctx: CheckContext,
  symbol: ModelSymbol,
  indices: readonly ExprInfo[],
  indexSpans: readonly Span[],
): readonly Interval[] | undefined | "error" {
  const box: Interval[] = [];
  const seen = new Set<ModelSymbol>();
  let known = true;
  for (let k = 0; k < indices.length; k++) {
    const ix = indices[k]!;
    const span = indexSpans[k]!;
    if (ix.dependsOn.has("param") || ix.dependsOn.has("latent")) {
      ctx.error(
        "E0228",
        span,
        `the subscript of a '~' target must not depend on a param or latent: which element of '${symbol.name}' it names would be unknown`,
        "index targets by plate indices (n, n - 1) or constants",
      );
      return "error";
    }
    if (ix.plateRange) {
      if (seen.has(ix.plateRange.index)) {
        ctx.error(
          "E0228",
          span,
          `the plate index '${ix.plateRange.index.name}' appears twice in this target`,
          "use one plate per dimension",
        );
        return "error";
      }
      seen.add(ix.plateRange.index);
      box.push({ lo: ix.plateRange.from, hi: ix.plateRange.to });
    } else if (ix.dim !== undefined && !ix.dependsOn.has("index") && !ix.dependsOn.has("data")) {
      box.push({ lo: ix.dim, hi: ix.dim });
    } else {
      known = false;
    }
  }
  for (let k = indices.length; k < symbol.type.dims.length; k++)
    box.push({ lo: knownDim(1), hi: symbol.type.dims[k]! });
  return known ? box : undefined;
}

type Decision = "yes" | "no" | "unknown";

function intervalsOverlap(a: Interval, b: Interval): Decision {
  const aBeforeB = dimAtMost(addDims(a.hi, knownDim(1)), b.lo);
  const bBeforeA = dimAtMost(addDims(b.hi, knownDim(1)), a.lo);
  if (aBeforeB === "yes" || bBeforeA === "yes") return "no";
  if (aBeforeB === "no" && bBeforeA === "no") return "yes";
  return "unknown";
}

function boxesOverlap(a: readonly Interval[], b: readonly Interval[]): Decision {
  let result: Decision = "yes";
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const d = intervalsOverlap(a[k]!, b[k]!);
    if (d === "no") return "no";
    if (d === "unknown") result = "unknown";
  }
  return result;
}

function formatBox(name: string, box: readonly Interval[]): string {
  if (box.length === 0) return name;
  const parts = box.map((i) =>
    dimsEqual(i.lo, i.hi) === "yes" ? formatDim(i.lo) : `${formatDim(i.lo)}..${formatDim(i.hi)}`,
  );
  return `${name}[${parts.join(", ")}]`;
}

/** Checks the targets of one declared name against the rules for its role. */
export function checkCoverage(ctx: CheckContext, symbol: ModelSymbol, targets: readonly Coverage[]): void {
  for (let i = 0; i < targets.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = targets[j]!;
      const b = targets[i]!;
      if (!a.covers || !b.covers) continue;
      const overlap = boxesOverlap(a.covers, b.covers);
      if (overlap === "yes") {
        const param = symbol.kind === "param";
        ctx.error(
          param ? "E0219" : "E0218",
          b.span,
          param
            ? `'${symbol.name}' already has a prior: a param has at most one`
            : `${formatBox(symbol.name, b.covers)} is already the target of a '~': a ${symbol.kind} element can have only one`,
          param ? "combine the priors into one distribution" : undefined,
          [{ span: a.span, message: "the first '~'" }],
        );
      } else if (overlap === "unknown") {
        ctx.defer(
          "disjoint",
          knownDim(0),
          knownDim(0),
          b.span,
          `the '~' statements for '${symbol.name}' must not cover one element twice`,
        );
      }
    }
  }
  if (symbol.kind !== "latent") return;
  if (targets.length === 0) {
    ctx.error(
      "E0217",
      symbol.span,
      `latent '${symbol.name}' is never the target of a '~'`,
      `give every element a distribution, e.g. ${symbol.name}${symbol.type.dims.length > 0 ? "[n]" : ""} ~ …`,
    );
    return;
  }
  checkLatentCovered(ctx, symbol, targets);
}

/** Leaves "every element of this latent is covered" to data binding, which knows the sizes. */
function deferCoverage(ctx: CheckContext, symbol: ModelSymbol): void {
  ctx.defer(
    "covers",
    knownDim(0),
    knownDim(0),
    symbol.span,
    `every element of latent '${symbol.name}' must be the target of a '~'`,
  );
}

/** Every latent element is covered: decided for one box, or boxes that split a single dimension. */
function checkLatentCovered(ctx: CheckContext, symbol: ModelSymbol, targets: readonly Coverage[]): void {
  const dims = symbol.type.dims;
  const full = dims.map((d) => ({ lo: knownDim(1), hi: d }));
  if (targets.some((t) => !t.covers)) {
    deferCoverage(ctx, symbol);
    return;
  }
  const boxes = targets.map((t) => t.covers!);
  // The dimension along which the boxes differ; the others must each span the whole dimension.
  let split = -1;
  for (let k = 0; k < dims.length; k++) {
    const whole = boxes.every(
      (b) => dimsEqual(b[k]!.lo, knownDim(1)) === "yes" && dimsEqual(b[k]!.hi, dims[k]!) === "yes",
    );
    if (whole) continue;
    if (split >= 0) {
      deferCoverage(ctx, symbol);
      return;
    }
    split = k;
  }
  if (split < 0) return;
  const pieces = boxes.map((b) => b[split]!).sort((a, b) => (dimAtMost(a.lo, b.lo) === "yes" ? -1 : 1));
  let expected: Dim = knownDim(1);
  let gap = false;
  for (const p of pieces) {
    const starts = dimsEqual(p.lo, expected);
    if (starts === "no" && dimAtMost(addDims(expected, knownDim(1)), p.lo) === "yes") {
      gap = true; // element `expected` lies after the previous piece and before this one
      break;
    }
    if (starts !== "yes") {
      deferCoverage(ctx, symbol);
      return;
    }
    expected = addDims(p.hi, knownDim(1));
  }
  const end = gap ? "no" : dimsEqual(expected, addDims(dims[split]!, knownDim(1)));
  if (end === "yes") return;
  if (end === "unknown") {
    deferCoverage(ctx, symbol);
    return;
  }
  const covered = boxes.map((b) => formatBox(symbol.name, b)).join(" and ");
  ctx.error(
    "E0220",
    targets[0]!.span,
    `the '~' statements for latent '${symbol.name}' cover ${covered}, not all of ${formatBox(symbol.name, full)}`,
    "every latent element needs exactly one distribution",
    [{ span: symbol.span, message: `'${symbol.name}' is declared` }],
  );
}
