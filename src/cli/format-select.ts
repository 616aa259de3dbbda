// The table `latent select` prints without --json: one row per model × value with ℓ, the free params, AIC,
// BIC, ICL and whether the fit converged; the lowest BIC and ICL marked; the reason of each failed or
// unfitted row given once, under the table.

import type { SelectResultJson } from "../api";

function fixed(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : String(v);
}

/** The table for a select result; `over` is the name the values belong to (no value column without it). */
export function formatSelect(r: SelectResultJson, over: string | undefined): string {
  const hasIcl = r.fits.some((f) => "criteria" in f && f.criteria.icl !== undefined);
  const notes: string[] = [];
  const note = (text: string): string => {
    let i = notes.indexOf(text);
    if (i < 0) i = notes.push(text) - 1;
    return `[${i + 1}]`;
  };
  const header = [
    "model",
    ...(over === undefined ? [] : [over]),
    "log-lik",
    "params",
    "AIC",
    "BIC",
    ...(hasIcl ? ["ICL"] : []),
    "converged",
  ];
  const rows = r.fits.map((f, i) => {
    const value = over === undefined ? [] : [f.value === undefined ? "" : String(f.value)];
    if (!("criteria" in f)) {
      const status =
        "failed" in f
          ? `failed ${note(`every restart failed: ${f.failed}`)}`
          : `error ${note(`not fitted: ${f.error} (the diagnostics are on stderr)`)}`;
      return [f.model, ...value, "—", "—", "—", "—", ...(hasIcl ? ["—"] : []), status];
    }
    const c = f.criteria;
    return [
      f.model,
      ...value,
      fixed(f.logLikelihood),
      String(c.nParams),
      fixed(c.aic),
      `${fixed(c.bic)}${r.best.bic === i ? " *" : ""}`,
      ...(hasIcl ? [c.icl === undefined ? "—" : `${fixed(c.icl)}${r.best.icl === i ? " *" : ""}`] : []),
      f.converged ? "yes" : "no",
    ];
  });
  // Text columns align left, numbers right; a trailing " *" hangs outside the numbers' alignment.
  const left = new Set([0, ...(over === undefined ? [] : [1]), header.length - 1]);
  const body = (cell: string) => cell.replace(/ \*$/, "");
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => body(row[j]!).length)));
  const marked = header.map((_, j) => rows.some((row) => row[j]!.endsWith(" *")));
  const line = (cells: readonly string[], isHeader: boolean) =>
    cells
      .map((cell, j) => {
        const w = widths[j]!;
        const text = isHeader ? cell : body(cell);
        const padded = left.has(j) ? text.padEnd(w) : text.padStart(w);
        return marked[j] ? `${padded}${!isHeader && cell.endsWith(" *") ? " *" : "  "}` : padded;
      })
      .join("  ")
      .trimEnd();
  const lines = [line(header, true), ...rows.map((row) => line(row, false))];
  const describe = (i: number) => {
    const f = r.fits[i]!;
    return `${f.model}${over === undefined || f.value === undefined ? "" : `, ${over} = ${f.value}`}`;
  };
  lines.push("");
  if (r.best.bic !== undefined) lines.push(`* best by BIC: ${describe(r.best.bic)}`);
  if (r.best.icl !== undefined) lines.push(`* best by ICL: ${describe(r.best.icl)}`);
  if (r.best.bic === undefined) lines.push("no fit succeeded");
  const ns = new Set(r.fits.flatMap((f) => ("criteria" in f ? [f.criteria.n] : [])));
  lines.push(`(lower is better; params = free parameters${ns.size === 1 ? `; n = ${[...ns][0]}` : ""})`);
  for (const [i, text] of notes.entries()) lines.push(`[${i + 1}] ${text}`);
  return `${lines.join("\n")}\n`;
}
