// Every closed-form update equals a numerical maximisation of the same Q — one generic test over every
// rule and every example that uses it. Q is computed from the numeric log-densities with the posterior
// held fixed (EmSession.expectedLogJoint), independently of the symbolic decomposition the rules use;
// the numerical maximum is Nelder–Mead over the block's unconstrained coordinates.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prepareFit } from "../../src/api";
import { createEmSession } from "../../src/engine";
import { createRng } from "../../src/random";
import { examplesDir } from "../helpers";
import { maximise } from "../support/nelder-mead";

const cases: [string, string][] = [
  ["genetic-linkage", "genetic-linkage.csv"],
  ["abo-blood-groups", "abo.csv"],
  ["poisson-mixture", "poisson-mixture.csv"],
  ["london-deaths", "london-deaths.csv"],
  ["latent-class", "latent-class.json"],
];

/** Unconstrained coordinates of one unit of a block, by its declared type. */
function coordinates(kind: string, unit: Float64Array): { from: number[]; to: (u: number[]) => number[] } {
  if (kind === "simplex-log-linear") {
    return {
      from: Array.from(unit.slice(1), (v) => Math.log(v / unit[0]!)),
      to: (u) => {
        const e = [1, ...u.map(Math.exp)];
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      },
    };
  }
  if (kind === "prob-log-linear") {
    return { from: [Math.log(unit[0]! / (1 - unit[0]!))], to: ([u]) => [1 / (1 + Math.exp(-u!))] };
  }
  return { from: [Math.log(unit[0]!)], to: ([u]) => [Math.exp(u!)] };
}

describe("closed-form updates equal numerical maximisation of Q", () => {
  for (const [name, data] of cases) {
    it(name, async () => {
      const prepared = await prepareFit(join(examplesDir, `${name}.lvm`), {
        data: join(examplesDir, "data", data),
      });
      const em = prepared.em!;
      const session = createEmSession(em, {
        maxIter: 1,
        tol: 0,
        variant: "em",
        rng: createRng(`cf-${name}`),
      });
      // A generic point: one M-step from random responsibilities, then a fixed posterior from an E-step.
      session.randomPosteriors();
      session.mStep();
      session.eStep();
      for (const u of em.updates) {
        session.applyUpdate(u);
        const block = session.params.get(u.block)!;
        const atClosedForm = session.expectedLogJoint();
        const units = block.shape.slice(0, u.unitRank).reduce((a, b) => a * b, 1);
        const stride = block.data.length / units;
        // Each unit is a separate maximisation (Q separates over a block's units); check the first two.
        for (let unit = 0; unit < Math.min(units, 2); unit++) {
          const saved = block.data.slice(unit * stride, (unit + 1) * stride);
          const c = coordinates(u.rule, saved);
          const q = (x: number[]) => {
            block.data.set(c.to(x), unit * stride);
            return session.expectedLogJoint();
          };
          const best = maximise(q, c.from, 0.3);
          block.data.set(saved, unit * stride);
          const scale = Math.max(1, Math.abs(atClosedForm));
          expect(atClosedForm, `${u.block.name} unit ${unit}`).toBeGreaterThanOrEqual(
            best.value - 1e-9 * scale,
          );
          const numerical = c.to(best.x);
          numerical.forEach((v, k) => {
            expect(Math.abs(v - saved[k]!), `${u.block.name}[${unit}][${k}]`).toBeLessThan(
              2e-4 * Math.max(1, Math.abs(v)),
            );
          });
        }
      }
    });
  }
});
