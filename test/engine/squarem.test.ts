// SQUAREM around the EM map: iterations count EM maps and the trace has one entry per map (after the
// start), never decreasing; --max-iter bounds the maps exactly; plain EM (accelerate none) reaches the same
// maximum with more maps; the deaths mixture's flat ridge is climbed to the MLE within 150 maps.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitFile } from "../../src/api";
import { examplesDir } from "../helpers";

// The MLE by direct maximisation of the observed likelihood (test/fixtures/london-deaths/make-reference.py).
const mle = JSON.parse(
  readFileSync(join(__dirname, "..", "fixtures", "london-deaths", "reference.json"), "utf8"),
) as {
  logLikelihood: number;
  w1: number;
  lambda: [number, number];
};
const deaths = {
  model: join(examplesDir, "london-deaths.lvm"),
  data: join(examplesDir, "data", "london-deaths.csv"),
};

describe("SQUAREM", () => {
  for (const maxIter of [1, 2, 3, 4, 7, 50]) {
    it(`--max-iter ${maxIter}: at most that many EM maps, one trace entry per map, monotone`, async () => {
      const r = (await fitFile(deaths.model, { data: deaths.data, restarts: 1, maxIter })).result!;
      expect(r.iterations).toBeLessThanOrEqual(maxIter);
      expect(r.trace).toHaveLength(r.iterations + 1);
      r.trace.forEach((t, i) => {
        if (i > 0) expect(t).toBeGreaterThanOrEqual(r.trace[i - 1]!);
      });
    });
  }

  it("reaches the deaths mixture's MLE within 150 maps, where plain EM needs many times more", async () => {
    const r = (await fitFile(deaths.model, { data: deaths.data, restarts: 1 })).result!;
    expect(r.iterations).toBeLessThanOrEqual(150);
    const w = r.params.w as number[];
    const lambda = r.params.lambda as number[];
    const first = lambda[0]! < lambda[1]! ? 0 : 1;
    expect(Math.abs(w[first]! - mle.w1)).toBeLessThan(1e-6);
    expect(Math.abs(lambda[first]! - mle.lambda[0])).toBeLessThan(1e-6);
    expect(Math.abs(lambda[1 - first]! - mle.lambda[1])).toBeLessThan(1e-6);
    expect(Math.abs(r.logLikelihood - mle.logLikelihood)).toBeLessThan(1e-8);
    const plain = (await fitFile(deaths.model, { data: deaths.data, restarts: 1, accelerate: "none" }))
      .result!;
    expect(plain.iterations).toBeGreaterThan(5 * r.iterations);
  });
});
