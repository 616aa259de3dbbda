// The readable summary `latent fit` prints without --json: model, plan per block, convergence,
// log-likelihood and criteria, the params named and shaped as declared, warnings.

import type { FitResultJson } from "../api";

type Nested = FitResultJson["params"][string];

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toExponential(6) : String(Number(v.toPrecision(7)));
}

function formatValue(v: Nested): string {
  return typeof v === "number" ? formatNumber(v) : `[${v.map(formatValue).join(", ")}]`;
}

/** The 95% Wald interval θ ± 1.96 se of each entry, as [lo, hi] pairs in the value's shape. */
function interval(value: Nested, se: Nested): Nested {
  if (typeof value === "number" || typeof se === "number") {
    const v = value as number;
    const s = se as number;
    return [v - 1.959963984540054 * s, v + 1.959963984540054 * s];
  }
  return value.map((x, i) => interval(x, se[i]!));
}

export function formatFit(r: FitResultJson): string {
  const lines: string[] = [];
  const restarts = r.restarts.length;
  const failed = r.restarts.filter((x) => "failed" in x).length;
  lines.push(`model      ${r.model}`);
  lines.push(
    `fit        ${r.algorithm.toUpperCase()}, ${r.converged ? `converged after ${r.iterations} iterations` : `not converged after ${r.iterations} iterations`}` +
      ` (best of ${restarts} restart${restarts === 1 ? "" : "s"}${failed > 0 ? `, ${failed} failed` : ""}; seed ${r.seed})`,
  );
  for (const e of r.plan.estep)
    lines.push(
      `E-step     ${e.latents.join(", ")}: ${e.method}${e.states === undefined ? "" : ` (${e.states} states)`}`,
    );
  for (const m of r.plan.mstep)
    lines.push(`M-step     ${m.params.join(", ")}: ${m.method}${m.rule ? ` (${m.rule})` : ""}`);
  lines.push(
    `log-lik    ${formatNumber(r.logLikelihood)}${r.objective !== r.logLikelihood ? `   objective (with priors) ${formatNumber(r.objective)}` : ""}`,
  );
  const c = r.criteria;
  lines.push(
    `criteria   AIC ${formatNumber(c.aic)}   BIC ${formatNumber(c.bic)}${c.icl === undefined ? "" : `   ICL ${formatNumber(c.icl)}`}   (lower is better; ${c.nParams} free parameter${c.nParams === 1 ? "" : "s"}, n = ${formatNumber(c.n)})`,
  );
  lines.push("params");
  const width = Math.max(...Object.keys(r.params).map((k) => k.length));
  for (const [name, value] of Object.entries(r.params)) {
    lines.push(`  ${name.padEnd(width)} = ${formatValue(value)}`);
    const se = r.se?.[name];
    if (se !== undefined) {
      lines.push(`  ${" ".repeat(width)}   ± ${formatValue(se)}`);
      lines.push(`  ${" ".repeat(width)}   95% ${formatValue(interval(value, se))}`);
    }
  }
  if (r.warnings.length > 0) {
    lines.push("warnings");
    for (const w of r.warnings) lines.push(`  ${w.code} ${w.message}${w.count ? ` (${w.count} times)` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}
