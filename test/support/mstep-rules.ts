// Shared by the M-step rule tests: derive a model written as lines, and check a closed form against a
// numerical maximisation of Q (Nelder–Mead, independent of the rules) unit by unit, with the posterior held.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, isAbsolute, join } from "node:path";
import { expect } from "vitest";
import { prepareFit } from "../../src/api";
import { type ClosedForm, type Derivation, derive, isClosedForm, type MStepPlan } from "../../src/derive";
import { createEmSession } from "../../src/engine";
import { lower } from "../../src/ir";
import { createRng } from "../../src/random";
import { checkLines, repoRoot } from "../helpers";
import { maximise } from "./nelder-mead";

export const fixtures = join(repoRoot, "test", "fixtures", "mstep");

/** A small data file in a fresh temporary folder. */
export function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "latent-mstep-")), name);
  writeFileSync(path, text);
  return path;
}

export function deriveLines(lines: readonly string[], sizes: Record<string, number> = {}): Derivation {
  const report = checkLines(...lines);
  expect(report.errors, JSON.stringify(report.diagnostics)).toEqual([]);
  return derive(lower(report.model!), new Map(Object.entries(sizes)));
}

export function planOf(d: Derivation, name: string): MStepPlan {
  const p = d.mstep.find((m) => m.block.name === name);
  if (!p) throw new Error(`no plan for ${name}`);
  return p;
}

export function closedForm(d: Derivation, name: string): ClosedForm {
  const p = planOf(d, name);
  expect(p.method, p.method === "closed-form" ? "" : p.reason).toBe("closed-form");
  return (p as Extract<MStepPlan, { method: "closed-form" }>).update;
}

/** A data file (a fixture's, unless absolute), or a copy of its first `rows` rows (Q is interpreted per row, many times). */
function dataFile(file: string, rows: number | undefined): string {
  const path = isAbsolute(file) ? file : join(fixtures, file);
  if (rows === undefined) return path;
  const lines = readFileSync(path, "utf8").split("\n");
  const copy = join(mkdtempSync(join(tmpdir(), "latent-mstep-")), basename(file));
  writeFileSync(copy, `${lines.slice(0, rows + 1).join("\n")}\n`);
  return copy;
}

/** Unconstrained coordinates of one unit: log-ratios for a simplex, the values otherwise. */
function coordinates(
  simplex: boolean,
  unit: Float64Array,
): { from: number[]; to: (u: number[]) => number[] } {
  if (!simplex) return { from: Array.from(unit), to: (u) => u };
  return {
    from: Array.from(unit.slice(1), (v) => Math.log(v / unit[0]!)),
    to: (u) => {
      const e = [1, ...u.map(Math.exp)];
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    },
  };
}

/**
 * Fits nothing: one M-step from random responsibilities and an E-step give a generic posterior; then the
 * block's closed form runs, and each of its units (up to `maxUnits`) is maximised numerically on the same Q.
 * Returns the block's values after the closed form.
 */
export async function checkAgainstNumericalMaximum(
  model: string,
  data: string,
  block: string,
  options: { set?: string[]; maxUnits?: number; rows?: number } = {},
): Promise<Float64Array> {
  const prepared = await prepareFit(isAbsolute(model) ? model : join(fixtures, model), {
    data: dataFile(data, options.rows),
    ...(options.set ? { set: options.set } : {}),
  });
  expect(prepared.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const em = prepared.em!;
  const session = createEmSession(em, {
    maxIter: 1,
    tol: 0,
    variant: "em",
    rng: createRng(`mstep-${model}`),
  });
  session.randomPosteriors();
  session.mStep();
  session.eStep();
  const u = em.updates.filter(isClosedForm).find((x) => x.block.name === block)!;
  expect(u, `${block} has a closed form`).toBeDefined();
  session.applyUpdate(u);
  const values = session.params.get(u.block)!;
  const atClosedForm = session.expectedLogJoint();
  const units = values.shape.slice(0, u.unitRank).reduce((a, b) => a * b, 1);
  const stride = values.data.length / units;
  for (let unit = 0; unit < Math.min(units, options.maxUnits ?? units); unit++) {
    const saved = values.data.slice(unit * stride, (unit + 1) * stride);
    const c = coordinates(u.block.type.structure === "simplex", saved);
    const q = (x: number[]) => {
      values.data.set(c.to(x), unit * stride);
      return session.expectedLogJoint();
    };
    const best = maximise(q, c.from, 0.3);
    values.data.set(saved, unit * stride);
    expect(atClosedForm, `${block} unit ${unit}`).toBeGreaterThanOrEqual(
      best.value - 1e-9 * Math.max(1, Math.abs(atClosedForm)),
    );
    c.to(best.x).forEach((v, k) => {
      expect(Math.abs(v - saved[k]!), `${block} unit ${unit} [${k}]`).toBeLessThan(
        2e-4 * Math.max(1, Math.abs(v)),
      );
    });
  }
  return values.data.slice();
}
