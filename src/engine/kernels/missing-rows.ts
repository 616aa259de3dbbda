import type { IRFactor } from "../../ir";
import { groupRowsByMissingPattern, type MissingPattern, prepareConditionalGaussian } from "../../linalg";
import { FitError, type ModelState } from "../model-state";
import type { GroupMoments } from "./compiled-group";
import { ElementTable } from "./elements";
import { FactorMoments } from "./factor-moments";
import type { MomentSource } from "./moment-update";
import { rowFree } from "./row-free";

export class MissingRows extends FactorMoments implements MomentSource {
  /** Elements with nothing observed (0-based), skipped. */
  readonly empty: number[] = [];
  private readonly data: Float64Array;
  private readonly patterns: MissingPattern[];
  private readonly centre: Float64Array;
  private weight = 0;
  private sum: Float64Array;
  private scatter: Float64Array;

  private constructor(
    factor: IRFactor,
    table: ElementTable,
    private readonly state: ModelState,
    private readonly offsets: Int32Array,
    readonly dimension: number,
  ) {
    super(factor, table);
    const D = dimension;
    const E = table.count;
    this.data = state.values.get(factor.target)!.data;
    // Rows as a contiguous E×D block, with the missing mask (1 = missing).
    const rows = new Float64Array(E * D);
    const mask = new Uint8Array(E * D);
    for (let e = 0; e < E; e++)
      for (let j = 0; j < D; j++) {
        const v = this.data[offsets[e]! + j]!;
        rows[e * D + j] = v;
        mask[e * D + j] = Number.isNaN(v) ? 1 : 0;
      }
    this.patterns = groupRowsByMissingPattern(mask, E, D);
    // The centre: each column's weighted mean over the rows where it is observed.
    this.centre = new Float64Array(D);
    for (let j = 0; j < D; j++) {
      let W = 0;
      let S = 0;
      for (let e = 0; e < E; e++) {
        if (mask[e * D + j]) continue;
        W += table.weights[e]!;
        S += table.weights[e]! * rows[e * D + j]!;
      }
      this.centre[j] = W > 0 ? S / W : 0;
    }
    for (const p of this.patterns) if (p.mask.every((m) => m === 1)) this.empty.push(...p.rows);
    this.sum = new Float64Array(D);
    this.scatter = new Float64Array(D * D);
  }

  /** The missing-data E-step of an MvNormal data factor with missing cells, if it applies (else a reason). */
  static build(f: IRFactor, table: ElementTable, state: ModelState): MissingRows | string | undefined {
    if (f.target.role !== "data" || f.censoring.length > 0) return undefined;
    const vector = f.target.type.dims.length > f.targetIndices.length;
    if (!vector) return undefined;
    const { offsets, length } = table.offsets(f.target, f.targetIndices);
    const data = state.values.get(f.target)!.data;
    let missing = false;
    for (const o of offsets)
      for (let j = 0; j < length && !missing; j++) missing = Number.isNaN(data[o + j]!);
    if (!missing) return undefined;
    if (f.distribution.name !== "MvNormal")
      return `missing cells of ${f.target.name} in a ${f.distribution.name} '~' (the missing-data E-step covers MvNormal)`;
    if (!f.args.every((a) => rowFree(a, new Set())))
      return `missing cells of ${f.target.name} under a mean or covariance that varies by row`;
    return new MissingRows(f, table, state, offsets, length);
  }

  /** The E-step: moments of the completed rows and the observed-data log-likelihood. */
  run(evaluateOnly = false): number {
    const f = this.factor;
    const D = this.dimension;
    const c = this.centre;
    this.table.enter(0);
    const args = f.args.map((a) => this.state.eval(a));
    this.table.leave();
    const problem = f.distribution.validate(args);
    if (problem) throw new FitError(`${f.distribution.name}: ${problem}`, f);
    const mean = args[0] as Float64Array;
    const cov = args[1] as Float64Array;
    let ll = 0;
    let weight = 0;
    const sum = new Float64Array(D);
    const scatter = new Float64Array(D * D);
    const row = new Float64Array(D);
    for (const pattern of this.patterns) {
      const prepared = prepareConditionalGaussian(mean, cov, D, pattern.mask);
      if (!prepared.ok) {
        if (prepared.reason === "nothing-observed") continue;
        throw new FitError(
          `the covariance of ${f.target.name}'s observed coordinates is not positive definite`,
          f,
        );
      }
      const cg = prepared.value;
      for (const e of pattern.rows) {
        const w = this.table.weights[e]!;
        const offset = this.offsets[e]!;
        ll += w * cg.logDensity(this.data, offset);
        cg.completeRow(this.data, offset, row);
        weight += w;
        for (let i = 0; i < D; i++) {
          const ui = row[i]! - c[i]!;
          sum[i]! += w * ui;
          for (let j = 0; j < D; j++) scatter[i * D + j]! += w * ui * (row[j]! - c[j]!);
        }
        cg.addCovarianceTo(scatter, w);
      }
    }
    if (!evaluateOnly) {
      this.weight = weight;
      this.sum = sum;
      this.scatter = scatter;
    }
    return ll;
  }

  moments(): GroupMoments {
    return { weight: this.weight, sum: this.sum, scatter: this.scatter, centre: this.centre };
  }
}

export interface MissingPlan {
  readonly factor: IRFactor;
  /** Why no E-step covers these missing cells yet; undefined when MissingRows does. */
  readonly problem: string | undefined;
  /** Elements (0-based, in plate order) with nothing observed: skipped. */
  readonly empty: readonly number[];
}

/** The data factors whose vector rows have missing cells, and whether the missing-data E-step covers them. */
export function planMissing(
  factors: readonly IRFactor[],
  inGroup: ReadonlySet<IRFactor>,
  state: ModelState,
): MissingPlan[] {
  const out: MissingPlan[] = [];
  for (const f of factors) {
    if (f.censoring.length > 0 || f.target.role !== "data") continue;
    const missing = MissingRows.build(f, new ElementTable(f.plates, state), state);
    if (missing === undefined) continue;
    // Name the first missing cell: row and column of the data as bound (1-based).
    const t = state.values.get(f.target)!;
    const first = t.data.findIndex(Number.isNaN);
    const columns = t.shape.slice(1).reduce((a, b) => a * b, 1);
    const cell = ` (first at row ${Math.floor(first / columns) + 1}, column ${(first % columns) + 1})`;
    if (inGroup.has(f))
      out.push({
        factor: f,
        problem: `missing cells of ${f.target.name}${cell} inside a latent group (a mixture with missing values)`,
        empty: [],
      });
    else if (typeof missing === "string") out.push({ factor: f, problem: `${missing}${cell}`, empty: [] });
    else out.push({ factor: f, problem: undefined, empty: missing.empty });
  }
  return out;
}
