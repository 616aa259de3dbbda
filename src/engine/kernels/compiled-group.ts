// A latent group whose E-step and moment accumulation run as one generated pass (codegen.ts). Built when
// every factor of the group can be: its plates are the group's, it is not censored, its arguments are the
// same for every element given the states (so they are prepared once per state per pass), and its target
// is the group's own latent (a per-state constant) or a complete row of data. Otherwise the engine
// interprets the group (em.ts), which is slower but handles every model.

import type { EnumeratedGroup } from "../../derive";
import { targetExpr } from "../../derive";
import type { IRExpr, IRFactor, IRPlate, IRVariable } from "../../ir";
import type { Rng } from "../../random";
import { sampleCategorical } from "../../random";
import { FitError, type ModelState } from "../model-state";
import { compilePass, type MomentSpec, type Pass, type PassEnv } from "./codegen";
import { type DensityCode, densityCode, prepareDensity } from "./density-code";
import type { ElementTable } from "./elements";
import { isDataRead, rowFree } from "./row-free";

type Variant = "em" | "hard" | "stochastic";

interface CompiledFactor {
  readonly factor: IRFactor;
  readonly code: DensityCode;
  readonly params: Float64Array;
  readonly data: Float64Array;
  readonly offsets: Int32Array;
  readonly prepared: ((x: number | Float64Array) => number)[] | null;
  readonly views: Float64Array[] | null;
}

/** A data read whose per-state moments the pass accumulates. */
export interface MomentRead {
  readonly key: string;
  /** The data variable read and its subscripts (none for a weight-only read). */
  readonly variable: IRVariable | undefined;
  readonly indices: readonly IRExpr[];
  readonly length: number;
  order: 1 | 2;
  /** Per state, a rowFree expression to centre on (the component mean), if a form offered one. */
  readonly centres: (IRExpr | undefined)[];
}

export interface GroupMoments {
  readonly weight: number;
  readonly sum: Float64Array;
  readonly scatter: Float64Array;
  readonly centre: Float64Array;
}

const samePlates = (f: IRFactor, g: EnumeratedGroup) =>
  f.plates.length === g.plan.group.plates.length && f.plates.every((p, i) => p === g.plan.group.plates[i]);

export function exprKey(e: IRExpr): string {
  switch (e.kind) {
    case "const":
      return `c${JSON.stringify(e.value)}`;
    case "size":
      return `s:${e.name}`;
    case "variable":
      return `v:${e.variable.name}`;
    case "plate-index":
      return `p${e.plate.id}`;
    case "index":
      return `${exprKey(e.base)}[${e.indices.map(exprKey).join(",")}]`;
    case "unary":
      return `${e.op}(${exprKey(e.operand)})`;
    case "binary":
      return `(${exprKey(e.left)}${e.op}${exprKey(e.right)})`;
    case "call":
      return `${e.fn}(${e.args.map(exprKey).join(",")})`;
    case "array":
      return `[${e.elements.map(exprKey).join(",")}]`;
  }
}

export class CompiledGroup {
  readonly latents: ReadonlySet<IRVariable>;
  private readonly priors: IRFactor[] = [];
  private readonly factors: CompiledFactor[] = [];
  private readonly reads: MomentRead[] = [];
  private readonly constants: Float64Array;
  private readonly weightsOfStates: Float64Array;
  private accumulators = new Float64Array(0);
  private readonly centres: Float64Array[] = [];
  private readonly columnMeans: Float64Array[] = [];
  private bases: number[] = [];
  private strides: number[] = [];
  private pass: Pass | undefined;
  private seededPass: Pass | undefined;
  private likelihoodPass: Pass | undefined;
  /** Posteriors (elements × states), kept only when an update reads them. */
  gamma: Float64Array | null = null;
  /** The generated source, for tests that check what it contains. */
  source = "";
  entropy = 0;

  private constructor(
    readonly group: EnumeratedGroup,
    readonly table: ElementTable,
    private readonly state: ModelState,
    private readonly setStates: (s: ReadonlyMap<IRVariable, number>) => void,
  ) {
    this.latents = new Set(group.plan.group.latents);
    this.constants = new Float64Array(group.states.length);
    this.weightsOfStates = new Float64Array(group.states.length);
  }

  get plates(): readonly IRPlate[] {
    return this.group.plan.group.plates;
  }

  /** The compiled form of a group, or undefined when one of its factors needs the interpreter. */
  static build(
    group: EnumeratedGroup,
    table: ElementTable,
    state: ModelState,
    setStates: (s: ReadonlyMap<IRVariable, number>) => void,
  ): CompiledGroup | undefined {
    const g = new CompiledGroup(group, table, state, setStates);
    const S = group.states.length;
    for (const f of [...group.plan.group.priors, ...group.plan.group.children]) {
      if (!samePlates(f, group) || f.censoring.length > 0) return undefined;
      if (!f.args.every((a) => rowFree(a, g.latents))) return undefined;
      if (g.latents.has(f.target)) {
        // The latent's own '~': its value is the state, so its density is one number per state.
        g.priors.push(f);
        continue;
      }
      const target = targetExpr(f);
      if (!isDataRead(target)) return undefined;
      const { offsets, length } = table.offsets(f.target, f.targetIndices);
      const data = state.values.get(f.target)!.data;
      for (const o of offsets)
        for (let j = 0; j < length; j++) if (Number.isNaN(data[o + j]!)) return undefined;
      const vector = f.target.type.dims.length > f.targetIndices.length;
      const code = densityCode(f.distribution, length, vector);
      g.factors.push({
        factor: f,
        code,
        params: new Float64Array(Math.max(1, code.stride * S)),
        data,
        offsets,
        prepared: code.usesPrepared ? [] : null,
        views: code.usesPrepared && vector ? Array.from(offsets, (o) => data.subarray(o, o + length)) : null,
      });
    }
    return g;
  }

  /** Registers a data read whose moments an update needs; returns its handle, or undefined if it cannot. */
  requestMoments(
    ir: IRExpr,
    order: 0 | 1 | 2,
    state: number,
    centre?: IRExpr,
    log = false,
  ): number | undefined {
    // The generated pass accumulates moments of the values themselves, not of their logs.
    if (log) return undefined;
    // Every read accumulates Σ w per state: a weight-only request reuses any of them.
    if (order === 0 && this.reads.length > 0) return 0;
    if (order > 0 && !isDataRead(ir)) return undefined;
    const key = order === 0 ? "" : exprKey(ir);
    let r = this.reads.findIndex((x) => x.key === key);
    if (r < 0) {
      // isDataRead: a data variable, whole or indexed by plate indices and constants.
      const variable =
        order === 0
          ? undefined
          : ir.kind === "index" && ir.base.kind === "variable"
            ? ir.base.variable
            : ir.kind === "variable"
              ? ir.variable
              : undefined;
      if (order > 0 && !variable) return undefined;
      const indices = ir.kind === "index" ? ir.indices : [];
      const length = variable ? this.table.offsets(variable, indices).length : 0;
      this.reads.push({ key, variable, indices, length, order: 1, centres: [] });
      r = this.reads.length - 1;
    }
    const read = this.reads[r]!;
    if (order === 2) read.order = 2;
    if (centre && rowFree(centre, this.latents) && read.centres[state] === undefined)
      read.centres[state] = centre;
    return r;
  }

  /** Generates the passes; call after every update has requested its moments. */
  compile(variant: Variant, rng: Rng, storeGamma: boolean): void {
    const S = this.group.states.length;
    const E = this.table.count;
    const specs: MomentSpec[] = [];
    const MX: Float64Array[] = [];
    const MO: Int32Array[] = [];
    let base = 0;
    this.bases = [];
    this.strides = [];
    for (const read of this.reads) {
      const d = read.length;
      const stride = 1 + d + (read.order === 2 ? (d * (d + 1)) / 2 : 0);
      specs.push({ length: d, order: read.order, base, stride });
      this.bases.push(base);
      this.strides.push(stride);
      base += stride * S;
      if (d === 0 || !read.variable) {
        MX.push(new Float64Array(1));
        MO.push(new Int32Array(E));
        this.columnMeans.push(new Float64Array(0));
      } else {
        const data = this.state.values.get(read.variable)!.data;
        const { offsets } = this.table.offsets(read.variable, read.indices);
        for (const o of offsets)
          for (let j = 0; j < d; j++)
            if (Number.isNaN(data[o + j]!)) throw new FitError("missing values in a row the M-step reads");
        MX.push(data);
        MO.push(offsets);
        // The weighted column means: the centre when no form offers a better one.
        const mean = new Float64Array(d);
        let W = 0;
        for (let e = 0; e < E; e++) {
          const w = this.table.weights[e]!;
          W += w;
          for (let j = 0; j < d; j++) mean[j]! += w * data[offsets[e]! + j]!;
        }
        for (let j = 0; j < d; j++) mean[j] = W > 0 ? mean[j]! / W : 0;
        this.columnMeans.push(mean);
      }
      this.centres.push(new Float64Array(Math.max(1, S * d)));
    }
    this.accumulators = new Float64Array(Math.max(1, base));
    if (storeGamma) this.gamma = new Float64Array(E * S);
    const env: PassEnv = {
      E,
      WT: this.table.weights,
      C: this.constants,
      L: this.weightsOfStates,
      A: this.accumulators,
      GAM: this.gamma,
      RND: variant === "stochastic" ? (p) => sampleCategorical(rng, p) : null,
      P: this.factors.map((f) => f.params),
      X: this.factors.map((f) => f.data),
      O: this.factors.map((f) => f.offsets),
      F: this.factors.map((f) => f.prepared),
      V: this.factors.map((f) => f.views),
      MX,
      MO,
      MC: this.centres,
    };
    const spec = { states: S, factors: this.factors, moments: specs, variant };
    const made = compilePass({ ...spec, storeGamma, fromGamma: false }, env);
    this.pass = made.pass;
    this.source = made.source;
    if (!this.gamma) this.gamma = new Float64Array(E * S);
    this.seededPass = compilePass(
      { ...spec, storeGamma: false, fromGamma: true },
      { ...env, GAM: this.gamma },
    ).pass;
    this.likelihoodPass = compilePass(
      { ...spec, moments: [], variant: "em", storeGamma: false, fromGamma: false },
      { ...env, A: new Float64Array(1) },
    ).pass;
  }

  /** Sets the group's latents to a state at the first element (for evaluating row-free expressions). */
  enterState(k: number): void {
    this.table.enter(0);
    this.setStates(this.group.states[k]!);
  }

  /** Per state: packed arguments of every factor, the prior constants, and the centres of the moments. */
  private prepare(centres = true): void {
    const S = this.group.states.length;
    for (let k = 0; k < S; k++) {
      this.enterState(k);
      let c = 0;
      for (const f of this.priors) {
        const lp = this.state.logDensity(f, targetExpr(f));
        c += lp;
      }
      this.constants[k] = c;
      for (const cf of this.factors) {
        const args = cf.factor.args.map((a) => this.state.eval(a));
        const problem = cf.factor.distribution.validate(args);
        if (problem) throw new FitError(`${cf.factor.distribution.name}: ${problem}`, cf.factor);
        cf.code.pack(args, cf.params, k * cf.code.stride);
        if (cf.prepared) cf.prepared[k] = prepareDensity(cf.factor.distribution, args);
      }
      if (!centres) continue;
      this.reads.forEach((read, r) => {
        const d = read.length;
        const centre = read.centres[k];
        const value = centre ? this.state.eval(centre) : undefined;
        const usable =
          value !== undefined &&
          (typeof value === "number"
            ? d === 1 && Number.isFinite(value)
            : value.length === d && value.every(Number.isFinite));
        const into = this.centres[r]!;
        if (usable) {
          if (typeof value === "number") into[k * d] = value;
          else into.set(value, k * d);
        } else {
          into.set(this.columnMeans[r]!, k * d);
        }
      });
    }
    this.table.leave();
  }

  /** The E-step and moments in one pass; returns the group's observed-data log-likelihood. */
  run(): number {
    if (this.table.count === 0) return 0;
    this.prepare();
    this.accumulators.fill(0);
    return this.runPass(this.pass!, true);
  }

  /** The observed-data log-likelihood alone: the moments, centres and posteriors are left as they are. */
  logLikelihood(): number {
    if (this.table.count === 0) return 0;
    this.prepare(false);
    return this.runPass(this.likelihoodPass!, false);
  }

  private runPass(pass: Pass, keepEntropy: boolean): number {
    const result = new Float64Array(2);
    const failed = pass(result);
    if (failed > 0) {
      this.table.enter(failed - 1);
      const where = [...this.state.plateIndex.values()].join(", ");
      this.table.leave();
      throw new FitError(`element [${where}] has zero probability under every state of its latents`);
    }
    if (keepEntropy) this.entropy = result[1]!;
    return result[0]!;
  }

  /** Moments from given posteriors (a start's responsibilities), without an E-step. */
  runFromGamma(gamma: Float64Array): void {
    if (this.table.count === 0) return;
    this.prepare();
    this.accumulators.fill(0);
    this.gamma!.set(gamma);
    this.seededPass!(new Float64Array(2));
  }

  /** The moments of read r at state k, as the rules' MomentForm expects (scatter expanded to full). */
  moments(r: number, k: number): GroupMoments {
    const d = this.reads[r]!.length;
    const b = this.bases[r]! + k * this.strides[r]!;
    const A = this.accumulators;
    const sum = A.slice(b + 1, b + 1 + d);
    const scatter = new Float64Array(d * d);
    if (this.reads[r]!.order === 2) {
      let slot = b + 1 + d;
      for (let i = 0; i < d; i++)
        for (let j = i; j < d; j++) {
          scatter[i * d + j] = A[slot]!;
          scatter[j * d + i] = A[slot]!;
          slot++;
        }
    }
    return { weight: A[b]!, sum, scatter, centre: this.centres[r]!.slice(k * d, (k + 1) * d) };
  }

  /** Posterior weights (elements × states) and element weights, for updates that read them directly. */
  posteriors(): { gamma: Float64Array; weights: Float64Array } {
    return { gamma: this.gamma!, weights: this.table.weights };
  }
}
