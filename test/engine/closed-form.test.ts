// Every closed-form update equals a numerical maximisation of the same Q — one generic test over every
// rule and every example that uses it. Q is computed from the numeric log-densities with the posterior
// held fixed (EmSession.expectedLogJoint), independently of the symbolic decomposition the rules use;
// the numerical maximum is Nelder–Mead over the block's unconstrained coordinates.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prepareFit } from "../../src/api";
import { isClosedForm } from "../../src/derive";
import { createEmSession } from "../../src/engine";
import { createRng, sampleNormal } from "../../src/random";
import { examplesDir } from "../helpers";
import { enumeratedExamples } from "../support/examples-that-fit";
import { maximise } from "../support/nelder-mead";

const cases: readonly [string, string, number?][] = [
  ...enumeratedExamples,
  // Gaussian and mixed E-steps: Q is the expectation over the latent's Gaussian posterior (on the first
  // rows of the data: Q is interpreted per row, thousands of times per maximisation).
  ["ppca", "ppca.csv", 60],
  ["factor-analysis", "factor-analysis.csv", 60],
  ["mixture-ppca", "mixture-ppca.csv", 45],
];

/** The data file, or a copy of its first `rows` rows. */
function dataFile(file: string, rows: number | undefined): string {
  const path = join(examplesDir, "data", file);
  if (rows === undefined) return path;
  const lines = readFileSync(path, "utf8").split("\n");
  const copy = join(mkdtempSync(join(tmpdir(), "latent-cf-")), file);
  writeFileSync(copy, `${lines.slice(0, rows + 1).join("\n")}\n`);
  return copy;
}

/** Unconstrained coordinates of one unit of a block, by its declared type. */
function coordinates(
  kind: string,
  unit: Float64Array,
  isCov: boolean,
): { from: number[]; to: (u: number[]) => number[] } {
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
  if (kind === "linear-mean") return { from: Array.from(unit), to: (u) => u };
  if (kind === "covariance" && isCov) {
    // A full covariance through its Cholesky factor, the diagonal on the log scale.
    const d = Math.round(Math.sqrt(unit.length));
    const L = new Float64Array(d * d);
    for (let j = 0; j < d; j++) {
      let s2 = unit[j * d + j]!;
      for (let k = 0; k < j; k++) s2 -= L[j * d + k]! ** 2;
      L[j * d + j] = Math.sqrt(s2);
      for (let i = j + 1; i < d; i++) {
        let s = unit[i * d + j]!;
        for (let k = 0; k < j; k++) s -= L[i * d + k]! * L[j * d + k]!;
        L[i * d + j] = s / L[j * d + j]!;
      }
    }
    const from: number[] = [];
    for (let i = 0; i < d; i++)
      for (let j = 0; j <= i; j++) from.push(i === j ? Math.log(L[i * d + j]!) : L[i * d + j]!);
    return {
      from,
      to: (u) => {
        const M = new Float64Array(d * d);
        let t = 0;
        for (let i = 0; i < d; i++)
          for (let j = 0; j <= i; j++) M[i * d + j] = i === j ? Math.exp(u[t++]!) : u[t++]!;
        const out: number[] = [];
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            let v = 0;
            for (let k = 0; k < d; k++) v += M[i * d + k]! * M[j * d + k]!;
            out.push(v);
          }
        }
        return out;
      },
    };
  }
  return { from: Array.from(unit, Math.log), to: (u) => u.map(Math.exp) };
}

describe("closed-form updates equal numerical maximisation of Q", () => {
  for (const [name, data, rows] of cases) {
    it(name, async () => {
      const prepared = await prepareFit(join(examplesDir, `${name}.lvm`), { data: dataFile(data, rows) });
      const em = prepared.em!;
      const session = createEmSession(em, {
        maxIter: 1,
        tol: 0,
        variant: "em",
        rng: createRng(`cf-${name}`),
      });
      // A generic point: one M-step from random responsibilities (or, with a continuous latent, random
      // unconstrained params), then a fixed posterior from an E-step.
      if (prepared.derivation!.estep.some((p) => p.method === "gaussian" || p.method === "mixed")) {
        const rng = createRng(`cf-start-${name}`);
        for (const [v, t] of session.params) {
          const d = v.type.domain;
          if (v.type.structure || d.positive || d.nonnegative || d.integer) continue;
          for (let i = 0; i < t.data.length; i++) t.data[i] = sampleNormal(rng, 0, 1);
        }
      } else {
        session.randomPosteriors();
        session.mStep();
      }
      session.eStep();
      for (const u of em.updates.filter(isClosedForm)) {
        session.applyUpdate(u);
        const block = session.params.get(u.block)!;
        const atClosedForm = session.expectedLogJoint();
        const units = block.shape.slice(0, u.unitRank).reduce((a, b) => a * b, 1);
        const stride = block.data.length / units;
        // Each unit is a separate maximisation (Q separates over a block's units); check the first two.
        for (let unit = 0; unit < Math.min(units, 2); unit++) {
          const saved = block.data.slice(unit * stride, (unit + 1) * stride);
          const c = coordinates(u.rule, saved, u.block.type.structure === "cov");
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
