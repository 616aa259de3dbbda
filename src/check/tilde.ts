// A `~` statement: its target (data, latent or param), its distribution's arguments (shapes and
// allowed values), the target's type against the distribution's support, and censoring.

import { closestName, type Span } from "../diagnostics";
import {
  type DistributionSignature,
  distributions,
  type ParameterSpec,
  SUPPORT_TEXT,
} from "../distributions";
import type * as A from "../syntax";
import { printExpr, printTarget, printType } from "../syntax";
import type { CheckContext } from "./context";
import { type Dim, dimsEqual, formatDim } from "./dims";
import type { ExpressionChecker, ExprInfo } from "./expressions";
import { functions } from "./functions";
import type { ModelSymbol } from "./symbols";
import { formatType, rank, type ValueType } from "./types";

export interface TildeParts {
  readonly target: ModelSymbol;
  readonly targetType: ValueType;
  readonly indices: readonly ExprInfo[];
  readonly distribution: DistributionSignature;
}

export interface TildeCheck {
  /** Present when the statement has no errors. */
  readonly parts: TildeParts | undefined;
  /** The target's symbol when it names a declared variable, even if the statement has errors. */
  readonly target: ModelSymbol | undefined;
}

export function checkTilde(s: A.TildeStmt, ctx: CheckContext, exprs: ExpressionChecker): TildeCheck {
  const parts = tildeParts(s, ctx, exprs);
  const symbol = ctx.scope.lookup(s.target.name.name);
  const isVariable =
    symbol && (symbol.kind === "data" || symbol.kind === "latent" || symbol.kind === "param");
  return { parts, target: isVariable ? symbol : undefined };
}

function tildeParts(s: A.TildeStmt, ctx: CheckContext, exprs: ExpressionChecker): TildeParts | undefined {
  const target = ctx.scope.lookup(s.target.name.name);
  if (!target) {
    exprs.unknownName(s.target.name.name, s.target.name.span);
    checkArgumentsOnly(s, exprs);
    return undefined;
  }
  if (target.poisoned) {
    checkArgumentsOnly(s, exprs);
    return undefined;
  }
  if (target.poisoned) {
    checkArgumentsOnly(s, exprs);
    return undefined;
  }
  if (target.kind !== "data" && target.kind !== "latent" && target.kind !== "param") {
    target.used = true;
    target.used = true;
    ctx.error(
      "E0216",
      s.target.name.span,
      `'${target.name}' is a ${target.kind === "index" ? "plate index" : target.kind}; only data, latent and param names can be the target of '~'`,
      undefined,
      [{ span: target.span, message: `'${target.name}' is declared` }],
    );
    checkArgumentsOnly(s, exprs);
    return undefined;
  }
  const nameExpr: A.NameExpr = { kind: "name", name: s.target.name.name, span: s.target.name.span };
  const targetExpr: A.Expr =
    s.target.indices.length === 0
      ? nameExpr
      : { kind: "index", base: nameExpr, indices: s.target.indices, span: s.target.span };
  // Being a target is not a use: a param read only by its own prior is still reported unused.
  const wasUsed = target.used;
  const targetInfo = exprs.infer(targetExpr);
  target.used = wasUsed;
  const indices = s.target.indices.map((i) => exprs.infer(i));
  const dist = distributions.get(s.distribution.name);
  if (!dist) {
    reportUnknownDistribution(s.distribution, ctx);
    checkArgumentsOnly(s, exprs);
    return undefined;
  }
  const args = s.args.map((a) => exprs.infer(a));
  if (args.length !== dist.params.length) {
    const names = dist.params.map((p) => p.name).join(", ");
    ctx.error(
      "E0206",
      s.distribution.span,
      `${dist.name} takes ${dist.params.length} argument${dist.params.length === 1 ? "" : "s"} (${names}), found ${args.length}`,
      `usage: ${dist.summary}`,
    );
    return undefined;
  }
  let ok = !targetInfo.poisoned;
  dist.params.forEach((p, k) => {
    const info = args[k]!;
    if (!info.poisoned && !checkArgument(ctx, dist, p, info, s.args[k]!.span)) ok = false;
    if (info.poisoned) ok = false;
    if (info.dependsOn.has("data") && target.kind === "param") {
      // A prior that reads data is allowed (empirical Bayes) but unusual; nothing to report.
    }
  });
  if (ok) checkSupport(ctx, s, dist, target, targetInfo.type, args);
  checkCensoring(ctx, s, dist, target, exprs);
  return ok ? { target, targetType: targetInfo.type, indices, distribution: dist } : undefined;
}

function checkArgumentsOnly(s: A.TildeStmt, exprs: ExpressionChecker): void {
  for (const a of s.args) exprs.infer(a);
}

function reportUnknownDistribution(d: A.Identifier, ctx: CheckContext): void {
  if (functions.has(d.name)) {
    ctx.error(
      "E0204",
      d.span,
      `'${d.name}' is a function, not a distribution`,
      `the distributions are ${[...distributions.keys()].join(", ")}`,
    );
    return;
  }
  const near = closestName(d.name, distributions.keys());
  ctx.error(
    "E0204",
    d.span,
    `unknown distribution '${d.name}'`,
    near ? `did you mean '${near}'?` : `the distributions are ${[...distributions.keys()].join(", ")}`,
  );
}

const shapeRank = { scalar: 0, vector: 1, matrix: 2 } as const;

/** Checks an argument's shape, and its values where they are certainly wrong. */
function checkArgument(
  ctx: CheckContext,
  dist: DistributionSignature,
  p: ParameterSpec,
  info: ExprInfo,
  span: Span,
): boolean {
  const what = `the ${p.name} of ${dist.name}`;
  const t = info.type;
  if (rank(t) !== shapeRank[p.shape]) {
    ctx.error(
      "E0207",
      span,
      `${what} must be a ${p.shape}; this is a ${formatType(t)}`,
      `usage: ${dist.summary}`,
    );
    return false;
  }
  if (p.requires === "cov" && dimsEqual(t.dims[0]!, t.dims[1]!) === "no") {
    ctx.error("E0207", span, `${what} must be a square matrix; this is a ${formatType(t)}`);
    return false;
  }
  const v = info.variable;
  const estimated = v !== undefined && (v.kind === "param" || v.kind === "latent");
  const declare = (type: string) =>
    v ? `declare it \`${v.kind} ${v.name}${formatArrayDims(v)}: ${type}\`` : undefined;
  const values = flatValues(info.value);
  switch (p.requires) {
    case "positive":
      if (values?.some((x) => !(x > 0)))
        return bad(ctx, span, `${what} must be positive, but it is ${showValue(info.value)}`);
      if (estimated && !t.domain.positive) {
        return bad(
          ctx,
          span,
          `${what} must be positive, but '${v.name}' is declared ${declaredType(v)}`,
          declare("positive"),
        );
      }
      return true;
    case "nonnegative":
      if (values?.some((x) => !(x >= 0)))
        return bad(ctx, span, `${what} must be ≥ 0, but it is ${showValue(info.value)}`);
      if (estimated && !t.domain.nonnegative) {
        return bad(
          ctx,
          span,
          `${what} must be ≥ 0, but '${v.name}' is declared ${declaredType(v)}`,
          declare("positive"),
        );
      }
      return true;
    case "prob":
      if (values?.some((x) => !(x >= 0 && x <= 1)))
        return bad(ctx, span, `${what} must be in [0, 1], but it is ${showValue(info.value)}`);
      if (estimated && !(t.domain.nonnegative && t.domain.atMostOne)) {
        return bad(
          ctx,
          span,
          `${what} must be a probability, but '${v.name}' is declared ${declaredType(v)}`,
          declare("prob"),
        );
      }
      return true;
    case "count":
      if (values?.some((x) => !(Number.isInteger(x) && x >= 0))) {
        return bad(ctx, span, `${what} must be a count (0, 1, 2, …), but it is ${showValue(info.value)}`);
      }
      // int data may be a count: its values are checked at binding (n ≥ 0 where it is used as one).
      if (v && !(t.domain.integer && (t.domain.nonnegative || v.kind === "data")) && !t.domain.categories) {
        return bad(
          ctx,
          span,
          `${what} must be a count, but '${v.name}' is declared ${declaredType(v)}`,
          v.kind === "data" ? declare("count") : "a count must be data or a constant",
        );
      }
      return true;
    case "simplex":
      if (
        values &&
        (values.some((x) => !(x >= 0)) || Math.abs(values.reduce((a, b) => a + b, 0) - 1) > 1e-9)
      ) {
        return bad(
          ctx,
          span,
          `${what} must be non-negative and sum to 1, but it is ${showValue(info.value)}`,
        );
      }
      if (estimated && t.structure !== "simplex") {
        return bad(
          ctx,
          span,
          `${what} must be a simplex, but '${v.name}' is declared ${declaredType(v)}`,
          declare(`simplex[${writtenSize(v, t.dims[0]!)}]`),
        );
      }
      return true;
    case "cov":
      if (estimated && t.structure !== "cov") {
        return bad(
          ctx,
          span,
          `${what} must be a covariance matrix, but '${v.name}' is declared ${declaredType(v)}`,
          declare(`cov[${writtenSize(v, t.dims[0]!)}]`),
        );
      }
      if (Array.isArray(info.value) && !isSymmetric(info.value as number[][])) {
        return bad(ctx, span, `${what} must be symmetric`);
      }
      return true;
    case "real":
      return true;
  }
}

/** The size of a variable's vector or matrix type as written (`K` in `vector[K]`), else as resolved. */
function writtenSize(v: ModelSymbol, resolved: Dim): string {
  const decl = v.declaration;
  const arg = decl.kind === "variable" ? decl.type.args[0] : undefined;
  return arg ? printExpr(arg) : formatDim(resolved);
}

/** A variable's type as its declaration wrote it (`real` for `trials[N]: real`). */
function declaredType(v: ModelSymbol): string {
  return v.declaration.kind === "variable" ? printType(v.declaration.type) : formatType(v.type);
}

function formatArrayDims(v: ModelSymbol): string {
  const arrayRank =
    v.type.dims.length - (v.type.structure === "cov" ? 2 : v.type.structure === "simplex" ? 1 : 0);
  const dims = v.type.dims.slice(
    0,
    Math.max(0, v.declaration.kind === "variable" ? v.declaration.dims.length : arrayRank),
  );
  return dims.length === 0 ? "" : `[${dims.map(formatDim).join(", ")}]`;
}

function bad(ctx: CheckContext, span: Span, message: string, hint?: string): false {
  ctx.error("E0208", span, message, hint);
  return false;
}

function flatValues(v: ExprInfo["value"]): number[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number") return [v];
  return (v as readonly (number | readonly number[])[]).flat() as number[];
}

function showValue(v: ExprInfo["value"]): string {
  return JSON.stringify(v).replaceAll(",", ", ");
}

function isSymmetric(m: number[][]): boolean {
  return m.every((row, i) =>
    row.every((x, j) => Math.abs(x - (m[j]?.[i] ?? Number.NaN)) <= 1e-12 * (1 + Math.abs(x))),
  );
}

/** The size an argument fixes for a vector or matrix outcome (MvNormal's mean length, InvWishart's order). */
function outcomeSize(dist: DistributionSignature, args: readonly ExprInfo[]): Dim | undefined {
  if (dist.sizeFrom === undefined) return undefined;
  return args[dist.sizeFrom]!.type.dims[0];
}

interface Problem {
  readonly message: string;
  readonly hint: string | undefined;
}

function checkSupport(
  ctx: CheckContext,
  s: A.TildeStmt,
  dist: DistributionSignature,
  target: ModelSymbol,
  t: ValueType,
  args: readonly ExprInfo[],
): void {
  const p = supportProblem(ctx, s, dist, target, t, args);
  if (p)
    ctx.error("E0221", s.target.span, p.message, p.hint, [
      { span: target.span, message: `'${target.name}' is declared` },
    ]);
}

/** Why the target's declared type does not fit the distribution's support, if it does not. */
function supportProblem(
  ctx: CheckContext,
  s: A.TildeStmt,
  dist: DistributionSignature,
  target: ModelSymbol,
  t: ValueType,
  args: readonly ExprInfo[],
): Problem | undefined {
  const shown = `'${printTarget(s.target)}'`;
  const fail = (message: string, hint?: string): Problem => ({ message, hint });
  const role = target.kind;
  const d = t.domain;
  const over = SUPPORT_TEXT[dist.support];
  const wantRank = { vector: 1, simplex: 1, "count-vector": 1, cov: 2 }[dist.support as string] ?? 0;
  if (rank(t) !== wantRank) {
    const kind = wantRank === 0 ? "scalars" : wantRank === 1 ? "vectors" : "matrices";
    const hint =
      wantRank === 0 && rank(t) === 1
        ? "use MvNormal for a vector, or a plate over its elements"
        : wantRank === 1 && rank(t) === 0
          ? "the target must be a whole vector"
          : undefined;
    return fail(`${dist.name} is a distribution over ${kind}, but ${shown} is a ${formatType(t)}`, hint);
  }
  if (
    role === "param" &&
    (dist.support === "count" ||
      dist.support === "binary" ||
      dist.support === "categorical" ||
      dist.support === "count-vector")
  ) {
    return fail(
      `${dist.name} is over ${over}, but a param is continuous`,
      "a discrete unknown is a `latent`",
    );
  }
  const size = outcomeSize(dist, args);
  switch (dist.support) {
    case "real":
    case "positive":
    case "prob": {
      if (d.categories)
        return fail(`${dist.name} is over ${over}, but ${shown} is categorical (${formatType(t)})`);
      if (role === "data") return undefined;
      if (d.integer)
        return fail(
          `${dist.name} is continuous, but ${shown} is declared ${formatType(t)}`,
          "declare it real, positive or prob",
        );
      const declaredWithin = (sup: string) =>
        sup === "positive" ? d.positive : sup === "prob" ? d.atMostOne && d.nonnegative : true;
      if (role === "latent" && dist.support === "real" && d.positive) {
        return fail(
          `${dist.name} puts mass on negative values, but latent ${shown} is declared ${formatType(t)}`,
          "declare it real, or use a distribution on (0, ∞) such as Gamma or LogNormal",
        );
      }
      if (role === "latent" && dist.support === "positive" && d.atMostOne) {
        return fail(`${dist.name} puts mass above 1, but latent ${shown} is declared ${formatType(t)}`);
      }
      if (role === "param" && !declaredWithin(dist.support)) {
        return fail(
          `the prior ${dist.name} is over ${over}, but param ${shown} is declared ${formatType(t)}`,
          `declare it ${dist.support}`,
        );
      }
      return undefined;
    }
    case "count":
    case "binary":
      if (!d.integer || d.categories) {
        return fail(
          `${dist.name} is over ${over}, but ${shown} is declared ${formatType(t)}`,
          role === "data" ? "declare it `int` or `count`" : "declare it `count`",
        );
      }
      return undefined;
    case "categorical": {
      if (!d.categories)
        return fail(
          `Categorical is over ${over}, but ${shown} is declared ${formatType(t)}`,
          "declare it cat(K)",
        );
      if (size)
        sameSize(
          ctx,
          d.categories,
          size,
          s.args[0]!.span,
          `${shown} takes values 1..${formatDim(d.categories)}, but the probabilities have length ${formatDim(size)}`,
          true,
        );
      return undefined;
    }
    case "vector":
    case "count-vector":
    case "simplex":
    case "cov": {
      if (dist.support === "count-vector" && !d.integer)
        return fail(
          `${dist.name} is over ${over}, but ${shown} is a ${formatType(t)}`,
          "declare it as counts, e.g. `data y[N, K]: count`",
        );
      if (dist.support === "vector" && (d.categories || (role !== "data" && d.integer)))
        return fail(`MvNormal is over real vectors, but ${shown} is a ${formatType(t)}`);
      if (role !== "data" && dist.support === "simplex" && t.structure !== "simplex")
        return fail(
          `Dirichlet is over ${over}, but ${shown} is declared ${formatType(t)}`,
          `declare it simplex[${formatDim(t.dims[0]!)}]`,
        );
      if (role !== "data" && dist.support === "cov" && t.structure !== "cov")
        return fail(
          `InvWishart is over ${over}, but ${shown} is declared ${formatType(t)}`,
          `declare it cov[${formatDim(t.dims[0]!)}]`,
        );
      if (role !== "data" && dist.support === "vector" && t.structure === "simplex")
        return fail(`MvNormal is over real vectors, but ${shown} is a simplex`);
      if (size)
        sameSize(
          ctx,
          t.dims[0]!,
          size,
          s.args[dist.sizeFrom!]!.span,
          `${shown} has length ${formatDim(t.dims[0]!)}, but this argument has ${formatDim(size)}`,
        );
      if (dist.name === "MvNormal") {
        const mean = args[0]!.type.dims[0]!;
        const cov = args[1]!.type.dims[0]!;
        sameSize(
          ctx,
          mean,
          cov,
          s.args[1]!.span,
          `the mean has length ${formatDim(mean)}, but the covariance is ${formatDim(cov)}×${formatDim(cov)}`,
        );
      }
      return undefined;
    }
  }
}

/** Reports sizes that differ (E0229 for a categorical range, E0209 otherwise); defers undecided ones. */
function sameSize(ctx: CheckContext, a: Dim, b: Dim, span: Span, message: string, categorical = false): void {
  const same = dimsEqual(a, b);
  if (same === "no") ctx.error(categorical ? "E0229" : "E0209", span, message);
  else if (same === "unknown") ctx.deferEqual(a, b, span, message.replace(/, but /, " and "));
}

function checkCensoring(
  ctx: CheckContext,
  s: A.TildeStmt,
  dist: DistributionSignature,
  target: ModelSymbol,
  exprs: ExpressionChecker,
): void {
  if (s.censoring.length === 0) return;
  const clauseSpan = {
    start: s.censoring[0]!.span.start,
    end: s.censoring[s.censoring.length - 1]!.span.end,
  };
  if (target.kind !== "data") {
    ctx.error(
      "E0222",
      clauseSpan,
      `only data can be censored; '${target.name}' is a ${target.kind}`,
      "censoring says an observed value is only a bound",
    );
  } else if (!dist.censorable) {
    ctx.error(
      "E0223",
      clauseSpan,
      `${dist.name} outcomes cannot be censored`,
      "censoring applies to scalar distributions with ordered values (Normal, LogNormal, Exponential, …)",
    );
  }
  const seen = new Map<string, Span>();
  for (const c of s.censoring) {
    const side = c.side.name;
    if (side !== "right" && side !== "left") {
      const near = closestName(side, ["right", "left"]);
      ctx.error(
        "E0223",
        c.side.span,
        `censoring is 'right = …' or 'left = …', not '${side}'`,
        near ? `did you mean '${near}'?` : undefined,
      );
    } else if (seen.has(side)) {
      ctx.error("E0223", c.side.span, `'${side}' censoring is given twice`, undefined, [
        { span: seen.get(side)!, message: "the first" },
      ]);
    } else {
      seen.set(side, c.side.span);
    }
    const info = exprs.infer(c.condition);
    if (info.poisoned) continue;
    if (rank(info.type) !== 0) {
      ctx.error(
        "E0207",
        c.condition.span,
        `a censoring condition is a scalar (non-zero: censored); this is a ${formatType(info.type)}`,
      );
    } else if (info.dependsOn.has("param") || info.dependsOn.has("latent")) {
      ctx.error(
        "E0230",
        c.condition.span,
        "a censoring condition must be read from data, not from params or latents",
      );
    }
  }
}
