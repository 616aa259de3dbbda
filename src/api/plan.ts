// The plan a fit runs, for fit, explain and check alike: the derivation of the model at the given sizes,
// and the engine's word on whether it runs each planned E-step. One object, so the three never disagree.

import { type Algorithm, type Derivation, derive } from "../derive";
import { hasErrors, sortDiagnostics } from "../diagnostics";
import { estepProblems, type MissingPlan } from "../engine";
import { lower, type ModelIR } from "../ir";
import type { CheckReport } from "./check";

export function planModel(
  ir: ModelIR,
  sizes: ReadonlyMap<string, number>,
  algorithm: Algorithm = "auto",
): Derivation {
  const d = derive(ir, sizes, { algorithm });
  const problems = estepProblems(d);
  return problems.length === 0 ? d : { ...d, diagnostics: [...problems, ...d.diagnostics] };
}

/**
 * A check report with what the derivation can decide before data: E-steps the engine cannot run, params
 * no term of Q determines, censored data with no E-step — the same diagnostics `fit` gives for them.
 */
export function withPlanDiagnostics(
  report: CheckReport,
  set: ReadonlyMap<string, unknown> = new Map(),
): CheckReport {
  if (!report.model || !report.ok) return report;
  const ir = lower(report.model);
  const sizes = new Map<string, number>();
  for (const name of ir.sizes) {
    const v = set.get(name);
    if (typeof v === "number" && Number.isInteger(v) && v >= 0) sizes.set(name, v);
  }
  const found = planModel(ir, sizes).diagnostics;
  if (found.length === 0) return report;
  const diagnostics = sortDiagnostics([...report.diagnostics, ...found]);
  return { ...report, diagnostics, ok: !hasErrors(diagnostics) };
}

/** The plan as the fit result reports it: one entry per latent group (and completed data), per M-step block. */
export function planJson(d: Derivation, missing: readonly MissingPlan[] = []): PlanJson {
  return {
    estep: [
      ...d.estep.map((p) => ({
        latents: p.group.latents.map((v) => v.name),
        method: p.method,
        ...(p.states === undefined ? {} : { states: p.states }),
      })),
      ...d.censored.map((c) => ({ latents: [c.factor.target.name], method: "conjugate" })),
      ...missing.map((m) => ({ latents: [m.factor.target.name], method: "gaussian" })),
    ],
    mstep: d.mstep.map((p) =>
      p.method === "closed-form"
        ? p.cycle
          ? {
              params: [p.block.name],
              method: "ecm",
              rule: p.update.rule,
              reason: `reads ${p.cycle.map((v) => v.name).join(", ")}, which reads it: conditional maximisation given the newest values`,
            }
          : { params: [p.block.name], method: "closed-form", rule: p.update.rule }
        : { params: [p.block.name], method: p.method, reason: p.reason },
    ),
  };
}

export interface PlanJson {
  estep: { latents: string[]; method: string; states?: number }[];
  mstep: { params: string[]; method: string; rule?: string; reason?: string }[];
}
