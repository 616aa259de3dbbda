// The state EM runs on, and one E-step and M-step over it: every group's E-step built through the
// registry (estep/), censored values and missing cells completed by their exact E-step, each rule's
// statistics from the passes' moments or from the posterior points element by element, gradient (GEM)
// and ECME steps for blocks no rule matches. The loops that drive it are em.ts (exact) and mcem.ts.

import {
  type ClosedForm,
  type Contribution,
  type EnumeratedGroup,
  type FallbackUpdate,
  isClosedForm,
  type QTerm,
  readsOf,
  type Update,
} from "../derive";
import type { IRExpr, IRFactor, IRVariable, Tensor } from "../ir";
import { sampleCategorical, sampleGamma, sampleNormal } from "../random";
import * as S from "../symbolic";
import { EcmeStep } from "./ecme-step";
import {
  type EmModel,
  type EmOptions,
  type EmRun,
  type EmSession,
  type KernelReport,
  MC_START,
} from "./em-types";
import { buildEStep, type EStepContext, type GroupEStep } from "./estep";
import { MonteCarloEStep } from "./estep/montecarlo";
import { GradientStep, type PosteriorPoints } from "./gradient-step";
import { CompiledGroup } from "./kernels/compiled-group";
import { CompletedMoments } from "./kernels/completed-moments";
import { DataCompletion } from "./kernels/data-completion";
import { ElementTable } from "./kernels/elements";
import { hasMissingCells } from "./kernels/missing-plan";
import { MomentUpdate } from "./kernels/moment-update";
import { kmeansPlusPlus } from "./kmeans-plus-plus";
import { FitError, ModelState } from "./model-state";
import { forEachElement } from "./plate-loop";
import { collectPosteriors, type PosteriorReport } from "./posteriors";

function targetOf(f: IRFactor): IRExpr {
  const whole: IRExpr = { kind: "variable", variable: f.target, type: f.target.type };
  return f.targetIndices.length === 0
    ? whole
    : { kind: "index", base: whole, indices: f.targetIndices, type: f.target.type };
}

/** Whether a latent of the group is enumerated or drawn from its states (not continuous). */
const isEnumerated = (v: IRVariable, g: EnumeratedGroup) => g.states[0]!.has(v) || v.type.domain.integer;

const stateKey = (m: ReadonlyMap<IRVariable, number>) => [...m].map(([v, k]) => `${v.name}=${k}`).join(",");

/** The default starting value of a param: uniform simplex, ½ for prob, 1 for positive, identity covariances, 0 otherwise. */
function defaultParam(v: IRVariable, sizes: ReadonlyMap<string, number>): Tensor {
  const shape = v.type.dims.map((d) => d.terms.reduce((s, [n, k]) => s + k * sizes.get(n)!, d.constant));
  const n = shape.reduce((a, b) => a * b, 1);
  const d = v.type.domain;
  let fill = 0;
  if (v.type.structure === "simplex") fill = 1 / shape[shape.length - 1]!;
  else if (d.atMostOne && d.nonnegative) fill = 0.5;
  else if (d.positive) fill = 1;
  const data = new Float64Array(n).fill(fill);
  if (v.type.structure === "cov") {
    // Identity covariances: a start that every Gaussian term can evaluate.
    const k = shape[shape.length - 1]!;
    for (let off = 0; off < n; off += k * k) for (let i = 0; i < k; i++) data[off + i * k + i] = 1;
  }
  return { shape, data };
}

export class EmMachine implements EmSession {
  private readonly state: ModelState;
  readonly params = new Map<IRVariable, Tensor>();
  /** Posterior weights per group: elements × states, and each element's frequency weight. */
  private readonly gamma: Float64Array[] = [];
  private readonly weights: Float64Array[] = [];
  private readonly stateIndex = new Map<QTerm, number>();
  private entropy = 0;
  private readonly inGroup = new Set<IRFactor>();
  private readonly sizeOptions: S.EvaluateOptions;
  /** Per group, its compiled pass (undefined: interpreted). */
  private readonly compiled: (CompiledGroup | undefined)[] = [];
  private readonly momentUpdates = new Map<ClosedForm, MomentUpdate>();
  private readonly fallbacks = new Map<FallbackUpdate, GradientStep | EcmeStep>();
  /** Per group, its E-step, built by the registry from the group's planned method. */
  private readonly esteps: GroupEStep[] = [];
  /** Draws per element of the Monte-Carlo E-steps, grown by the ascent rule. */
  drawsPerElement = MC_START;
  /** The Monte-Carlo estimate of ℓ from the last E-step, and its variance (for the reported standard error). */
  monteCarloEstimate = { logLikelihood: 0, variance: 0 };
  /** Data factors with censored values or missing cells, each with its E-step (per state inside a group). */
  private readonly completions = new Map<IRFactor, DataCompletion>();
  /** The group (index) of each completion inside one. */
  private readonly completionGroup = new Map<DataCompletion, number>();
  /** Completions outside groups whose rules read their summed moments (arguments that do not vary by row). */
  private readonly momentSources = new Map<IRFactor, CompletedMoments>();
  private readonly coefficients = new Map<S.Expr, ReturnType<EmMachine["compileCoefficient"]>>();
  /** Elements visited by updates run from stored posteriors (the cost of a pass, for the sweep budget). */
  private visits = 0;
  /** The M-step's updates in order, cycles of coupled least-squares blocks grouped (see `sweeps`). */
  private readonly steps: readonly (Update | ClosedForm[])[];

  /** A coefficient's free symbols and compiled evaluator (or its value, when it is a constant), once. */
  private coefficient(e: S.Expr): ReturnType<EmMachine["compileCoefficient"]> {
    let c = this.coefficients.get(e);
    if (!c) {
      c = this.compileCoefficient(e);
      this.coefficients.set(e, c);
    }
    return c;
  }

  private compileCoefficient(e: S.Expr) {
    const symbols = S.freeSymbols(e);
    const evaluator = S.compileEvaluator(e);
    const constant = symbols.length === 0 ? (evaluator({}, this.sizeOptions) as number) : undefined;
    return { symbols, evaluator, constant };
  }

  constructor(
    private readonly model: EmModel,
    private readonly options: EmOptions,
  ) {
    const values = new Map<IRVariable, Tensor>(model.data);
    for (const v of model.ir.variables.values()) {
      if (v.role === "param") {
        const t = defaultParam(v, model.sizes);
        this.params.set(v, t);
        values.set(v, t);
      } else if (v.role === "latent") {
        values.set(v, defaultParam(v, model.sizes));
      }
    }
    this.state = new ModelState(values, model.sizes);
    this.sizeOptions = { sizes: Object.fromEntries(model.sizes) };
    for (const g of model.groups) {
      for (const f of [...g.plan.group.priors, ...g.plan.group.children]) this.inGroup.add(f);
      const keys = g.states.map(stateKey);
      for (const t of model.terms)
        if (t.group === g.plan) this.stateIndex.set(t, keys.indexOf(stateKey(t.states)));
    }
    for (const f of model.ir.factors) {
      if (f.censoring.length === 0 && !hasMissingCells(f, this.state)) continue;
      const gi = model.groups.findIndex(
        (g) => g.plan.group.children.includes(f) || g.plan.group.priors.includes(f),
      );
      const g = model.groups[gi];
      if (g && (g.plan.method !== "enumerate" || f.plates.length !== g.plan.group.plates.length))
        throw new FitError(
          `censored or missing ${f.target.name} inside a '${g.plan.method}' latent group, or in a plate nested in it, is not supported yet`,
          f,
        );
      const completion = new DataCompletion(
        f,
        new ElementTable(f.plates, this.state),
        this.state,
        g ? g.states.length : 1,
        new Set(g?.plan.group.latents ?? []),
      );
      if (!completion.needed) continue;
      this.completions.set(f, completion);
      if (g) this.completionGroup.set(completion, gi);
    }
    for (const u of model.updates) {
      if (isClosedForm(u)) continue;
      const tensor = this.params.get(u.block)!;
      this.fallbacks.set(
        u,
        u.method === "ecme"
          ? new EcmeStep(u.block, tensor)
          : new GradientStep(u.block, u.terms, tensor, this.state, this.sizeOptions),
      );
    }
    this.compileKernels(options.kernels ?? true);
    const context: EStepContext = {
      state: this.state,
      rng: options.rng,
      setStates: (g, states) => this.setStates(states, g),
      completion: (f) => this.completions.get(f),
      classify: (gamma, S) => this.transform(gamma, S),
      drawsPerElement: () => this.drawsPerElement,
    };
    model.groups.forEach((g, gi) => {
      this.esteps[gi] = buildEStep(g, context, {
        compiled: this.compiled[gi],
        terms: model.terms,
        sizeOptions: this.sizeOptions,
        sampler: options.sampler,
      });
    });
    this.steps = sweeps(model.updates);
  }

  kernelReport(): KernelReport {
    return {
      groups: this.model.groups.map((_, gi) => (this.compiled[gi] ? "compiled" : "interpreted")),
      updates: Object.fromEntries(
        this.model.updates
          .filter(isClosedForm)
          .map((u) => [u.block.name, this.momentUpdates.has(u) ? "moments" : "posteriors"]),
      ),
      sources: this.compiled.flatMap((g) => (g ? [g.source] : [])),
    };
  }

  /**
   * Compiled passes for the groups that allow them (`kernels`), and the updates that run from moments:
   * those of the compiled groups, and always those that read censored values (their E-step gives moments).
   */
  private compileKernels(kernels: boolean): void {
    if (kernels) {
      this.model.groups.forEach((g, gi) => {
        if (g.plan.method !== "enumerate") return;
        const table = new ElementTable(g.plan.group.plates, this.state);
        this.compiled[gi] = CompiledGroup.build(g, table, this.state, (s) => this.setStates(s, g));
      });
    }
    // A completion outside groups feeds the rules its summed moments unless some rule needs it row by row
    // (a mean that varies by row) or a gradient step reads it: then every rule reads its points.
    for (const [f, completion] of this.completions)
      if (!this.completionGroup.has(completion)) this.momentSources.set(f, new CompletedMoments(completion));
    const context = {
      state: this.state,
      sizeOptions: this.sizeOptions,
      groupOf: (term: QTerm) => {
        const gi = this.model.groups.findIndex((g) => g.plan === term.group);
        const source = this.momentSources.get(term.factor);
        if (source) return { group: source, state: 0 };
        if (gi < 0) return undefined;
        const group = this.compiled[gi];
        return group ? { group, state: this.stateIndex.get(term)! } : null;
      },
      direct: (u: ClosedForm, c: Contribution, stats: Float64Array) => this.accumulate(u, c, stats),
    };
    const readsSource = (u: ClosedForm) => u.contributions.some((c) => this.momentSources.has(c.term.factor));
    for (const u of this.model.updates)
      if (!isClosedForm(u)) for (const t of u.terms) this.momentSources.delete(t.term.factor);
    for (let changed = true; changed; ) {
      changed = false;
      for (const u of this.model.updates.filter(isClosedForm))
        if (readsSource(u) && !MomentUpdate.plan(u, context))
          for (const c of u.contributions) changed = this.momentSources.delete(c.term.factor) || changed;
    }
    for (const u of this.model.updates.filter(isClosedForm)) {
      if (!kernels && !readsSource(u)) continue;
      const planned = MomentUpdate.plan(u, context);
      if (planned) this.momentUpdates.set(u, planned);
    }
    // Posteriors are kept only when an update must read them element by element.
    const storeGamma = this.model.updates.some((u) => !isClosedForm(u) || !this.momentUpdates.has(u));
    for (const group of this.compiled) group?.compile(this.options.variant, this.options.rng, storeGamma);
  }

  private setStates(states: ReadonlyMap<IRVariable, number>, group: EnumeratedGroup): void {
    for (const f of group.plan.group.priors) {
      const k = states.get(f.target);
      if (k === undefined) continue;
      const { offset } = this.state.offset(f.target, f.targetIndices);
      this.state.values.get(f.target)!.data[offset] = k;
    }
  }

  /** Σ over the factor's plates beyond `outer` of w · log p; missing targets contribute nothing. */
  private factorLogDensity(f: IRFactor, outer: number): number {
    let total = 0;
    const target = targetOf(f);
    forEachElement(f.plates.slice(outer), this.state.ctx, this.state.plateIndex, (w) => {
      const lp = this.state.logDensity(f, target);
      if (!Number.isNaN(lp)) total += w * lp;
    });
    return total;
  }

  /** The objective at the current params, leaving the E-step's posteriors and moments as they are. */
  observedObjective(): number {
    const gamma = [...this.gamma];
    const weights = [...this.weights];
    const entropy = this.entropy;
    const ll = this.eStep(true);
    this.gamma.splice(0, this.gamma.length, ...gamma);
    this.weights.splice(0, this.weights.length, ...weights);
    this.entropy = entropy;
    return ll + this.logPrior();
  }

  snapshot(): Map<IRVariable, Float64Array> {
    return new Map([...this.params].map(([v, t]) => [v, t.data.slice()]));
  }

  restore(values: ReadonlyMap<IRVariable, Float64Array>): void {
    for (const [v, data] of values) this.params.get(v)!.data.set(data);
  }

  /**
   * Which update made the objective fall below `previous` (the warning names the block).
   * Each closed-form or conditional update increases Q, so by the GEM inequality the objective after any
   * prefix of the M-step is at least `previous`: the first update after which it is not is the culprit.
   * Replays the M-step from `before`, then leaves the params and the E-step as they were.
   */
  blame(before: ReadonlyMap<IRVariable, Float64Array>, previous: number): string | undefined {
    const after = this.snapshot();
    this.restore(before);
    this.eStep();
    let culprit: string | undefined;
    for (const u of this.model.updates) {
      this.runUpdate(u);
      if (this.observedObjective() < previous - 1e-9 * Math.max(1, Math.abs(previous))) {
        culprit = u.block.name;
        break;
      }
    }
    this.restore(after);
    this.eStep();
    return culprit;
  }

  /**
   * E-step: posterior weights of every enumerated group; returns the observed-data log-likelihood.
   * `evaluateOnly` computes the likelihood without replacing the compiled passes' moments.
   */
  eStep(evaluateOnly = false): number {
    let ll = 0;
    if (!evaluateOnly) {
      this.entropy = 0;
      this.monteCarloEstimate = { logLikelihood: 0, variance: 0 };
    }
    this.esteps.forEach((estep, gi) => {
      const pass = estep.run(evaluateOnly);
      ll += pass.logLikelihood;
      if (evaluateOnly) return;
      this.entropy += pass.entropy;
      if (estep.monteCarlo) {
        this.monteCarloEstimate.logLikelihood += pass.logLikelihood;
        this.monteCarloEstimate.variance += pass.variance;
      }
      this.gamma[gi] = pass.gamma;
      this.weights[gi] = pass.weights;
    });
    for (const f of this.model.ir.factors) {
      if (this.inGroup.has(f) || f.target.role !== "data") continue;
      const completion = this.completions.get(f);
      ll += completion ? completion.run(evaluateOnly) : this.factorLogDensity(f, 0);
    }
    return ll;
  }

  /** Hard EM keeps the most probable state; stochastic EM draws one. */
  private transform(gamma: Float64Array, S: number): Float64Array {
    if (this.options.variant === "em") return gamma;
    const out = new Float64Array(gamma.length);
    for (let e = 0; e < gamma.length / S; e++) {
      const row = gamma.subarray(e * S, (e + 1) * S);
      let k = 0;
      if (this.options.variant === "hard") for (let j = 1; j < S; j++) k = row[j]! > row[k]! ? j : k;
      else k = sampleCategorical(this.options.rng, row);
      out[e * S + k] = 1;
    }
    return out;
  }

  /** The log-densities of the params' priors (MAP). */
  logPrior(): number {
    let total = 0;
    for (const f of this.model.ir.factors)
      if (f.target.role === "param") total += this.factorLogDensity(f, 0);
    return total;
  }

  randomPosteriors(): void {
    this.model.groups.forEach((g, gi) => {
      const S = g.states.length;
      const gammas: number[] = [];
      const ws: number[] = [];
      forEachElement(g.plan.group.plates, this.state.ctx, this.state.plateIndex, (w) => {
        const draws = Array.from({ length: S }, () => sampleGamma(this.options.rng, 1));
        const total = draws.reduce((a, b) => a + b, 0);
        gammas.push(...draws.map((d) => d / total));
        ws.push(w);
      });
      this.gamma[gi] = Float64Array.from(gammas);
      this.weights[gi] = Float64Array.from(ws);
    });
  }

  /**
   * k-means++ starting responsibilities from the data rows that a Normal/MvNormal child of the (single)
   * enumerated group reads. False when the model has no such rows (then starts are random).
   */
  private kmeansPosteriors(): boolean {
    const g = this.model.groups[0];
    // One group whose latents are all enumerated (or drawn from their states).
    const discrete = g?.plan.group.latents.every((v) => isEnumerated(v, g));
    if (!g || this.model.groups.length > 1 || !discrete) return false;
    const f = g.plan.group.children.find(
      (c) =>
        c.target.role === "data" &&
        c.plates.length === g.plan.group.plates.length &&
        c.distribution.gaussian?.of === "value",
    );
    if (!f) return false;
    const rows: Float64Array[] = [];
    const ws: number[] = [];
    forEachElement(g.plan.group.plates, this.state.ctx, this.state.plateIndex, (w) => {
      const x = this.state.eval(targetOf(f));
      rows.push(typeof x === "number" ? Float64Array.of(x) : Float64Array.from(x));
      ws.push(w);
    });
    const gamma = kmeansPlusPlus(rows, g.states.length, this.options.rng);
    if (!gamma) return false;
    this.gamma[0] = gamma;
    this.weights[0] = Float64Array.from(ws);
    return true;
  }

  mStep(): void {
    for (const step of this.steps) {
      if (!Array.isArray(step)) {
        this.runUpdate(step);
        continue;
      }
      // Weighted least squares blocks that read each other: Q is a concave quadratic in them jointly, so
      // repeating the cycle (Gauss–Seidel) converges to their joint maximiser; every pass raises Q.
      const blocks = step.map((u) => this.params.get(u.block)!.data);
      const start = this.visits;
      for (let sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
        const before = blocks.map((b) => b.slice());
        for (const u of step) this.runUpdate(u);
        const change = Math.max(
          ...blocks.map((b, i) =>
            b.reduce((m, v, j) => Math.max(m, Math.abs(v - before[i]![j]!) / Math.max(1, Math.abs(v))), 0),
          ),
        );
        // Passes read from stored posteriors cost a visit per element: their number is bounded by a budget
        // (deterministic, unlike time), so a large model gets a few passes, not a hundred.
        const work = this.visits - start;
        if (!(change > SWEEP_TOLERANCE) || work + work / sweep > SWEEP_BUDGET) break;
      }
    }
  }

  private runUpdate(u: Update): void {
    if (!isClosedForm(u)) {
      const step = this.fallbacks.get(u)!;
      if (step instanceof EcmeStep) step.run(() => this.observedObjective());
      else step.run(this.points);
      return;
    }
    const compiled = this.momentUpdates.get(u);
    if (compiled) this.solveUpdate(u, (stats, shape) => compiled.statistics(stats, shape));
    else this.applyUpdate(u);
  }

  applyUpdate(u: Update): void {
    if (!isClosedForm(u)) {
      this.runUpdate(u);
      return;
    }
    this.solveUpdate(u, (stats) => {
      for (const c of u.contributions) this.accumulate(u, c, stats);
    });
  }

  /** Fills every unit's statistics (`fill`), solves each unit and writes the new values into the block. */
  private solveUpdate(u: ClosedForm, fill: (stats: Float64Array, shape: readonly number[]) => void): void {
    const block = this.params.get(u.block)!;
    const units = block.shape.slice(0, u.unitRank).reduce((a, b) => a * b, 1);
    const stats = new Float64Array(units * u.slotsPerUnit);
    const unitStride = block.data.length / units;
    fill(stats, block.shape);
    for (let unit = 0; unit < units; unit++) {
      const solved = u.solve(stats.subarray(unit * u.slotsPerUnit, (unit + 1) * u.slotsPerUnit));
      if (typeof solved === "string") {
        const which = units > 1 ? ` (${u.block.name}[${unit + 1}])` : "";
        throw new FitError(`${solved}${which}`);
      }
      block.data.set(solved, unit * unitStride);
    }
  }

  /** Adds one contribution's statistics, element by element, from the stored posteriors (interpreted). */
  private accumulate(u: ClosedForm, c: Contribution, stats: Float64Array): void {
    const block = this.params.get(u.block)!;
    const term = c.term;
    const source = term.sources.get(c.symbol.name)!;
    const unitOf = (): number => {
      const indices =
        source.ir.kind === "index" ? source.ir.indices.map((i) => this.state.eval(i) as number) : [];
      let unit = 0;
      for (let k = 0; k < u.unitRank; k++) unit = unit * block.shape[k]! + (indices[k]! - 1);
      return unit;
    };
    let add: (w: number) => void;
    const gi = this.model.groups.findIndex((g) => g.plan === term.group);
    if ("accumulate" in c) {
      c.begin?.();
      // A rule may read a symbol many times for one element (linearising it): read each once.
      const seen = new Map<string, number | Float64Array>();
      const read = (name: string) => {
        let value = seen.get(name);
        if (value === undefined) {
          value = this.state.eval(term.sources.get(name)!.ir);
          seen.set(name, value);
        }
        return value;
      };
      add = (w) => {
        this.visits++;
        seen.clear();
        const unit = unitOf();
        c.accumulate(read, stats.subarray(unit * u.slotsPerUnit, (unit + 1) * u.slotsPerUnit), w);
      };
    } else {
      const { symbols, constant, evaluator } = this.coefficient(c.coefficient);
      add = (w) => {
        this.visits++;
        let coefficient = constant;
        if (coefficient === undefined) {
          const env: Record<string, number | Float64Array> = {};
          for (const s of symbols) env[s.name] = this.state.eval(term.sources.get(s.name)!.ir);
          coefficient = evaluator(env, this.sizeOptions) as number;
        }
        const unit = unitOf();
        let slot = c.slot;
        if (slot === "last-subscript") {
          const indices =
            source.ir.kind === "index" ? source.ir.indices.map((i) => this.state.eval(i) as number) : [];
          slot = indices[u.unitRank]! - 1;
        }
        stats[unit * u.slotsPerUnit + slot]! += w * coefficient;
      };
    }
    const f = term.factor;
    // A missing data value drops out of Q (it is integrated out): its element adds nothing.
    const target = targetOf(f);
    const observed =
      f.target.role === "data"
        ? () => {
            const x = this.state.eval(target);
            return typeof x === "number" ? !Number.isNaN(x) : !x.some(Number.isNaN);
          }
        : () => true;
    const addObserved = (w: number) => {
      if (observed()) add(w);
    };
    // A censored value or a row with missing cells reads as its E-step's points (data-completion).
    const completion = this.completions.get(f);
    if (gi < 0) {
      let e = 0;
      forEachElement(f.plates, this.state.ctx, this.state.plateIndex, (w) => {
        if (completion?.unknown(e) === true) completion.forEachPoint(e, 0, (q) => add(w * q));
        else addObserved(w);
        e++;
      });
      return;
    }
    const g = this.model.groups[gi]!;
    const S_ = g.states.length;
    const k = this.stateIndex.get(term)!;
    const gamma = this.gamma[gi]!;
    const estep = this.esteps[gi]!;
    let e = 0;
    forEachElement(g.plan.group.plates, this.state.ctx, this.state.plateIndex, () => {
      const p = gamma[e * S_ + k]! * this.weights[gi]![e]!;
      e++;
      if (p === 0) return;
      this.setStates(term.states, g);
      const inner = (q: number) =>
        completion?.unknown(e - 1) === true
          ? completion.forEachPoint(e - 1, k, (r) => add(q * r))
          : forEachElement(
              f.plates.slice(g.plan.group.plates.length),
              this.state.ctx,
              this.state.plateIndex,
              (w) => addObserved(q * w),
            );
      // Each posterior point of the group's continuous latents (none: the state alone) with its weight.
      estep.forEachPoint(e - 1, k, (omega) => inner(p * omega));
    });
  }

  /**
   * The posterior points of a term (for gradient steps): every element, and per element the term's
   * discrete state weighted by its posterior; a Gaussian latent at its mean and ± the columns of its
   * posterior covariance's Cholesky factor (weights 1 − L and ½: exact for a log-density quadratic in it);
   * a Gamma latent at m/2, m and 2m, weighted to give E[u] and E[log u] (exact for α log u − β u + c).
   * Missing data values drop out, as in Q.
   */
  private readonly points: PosteriorPoints = (term, visit) => {
    const f = term.factor;
    const target = targetOf(f);
    const observed = (): boolean => {
      if (f.target.role !== "data") return true;
      const x = this.state.eval(target);
      return typeof x === "number" ? !Number.isNaN(x) : !x.some(Number.isNaN);
    };
    const gi = this.model.groups.findIndex((g) => g.plan === term.group);
    const completion = this.completions.get(f);
    if (gi < 0) {
      let e = 0;
      forEachElement(f.plates, this.state.ctx, this.state.plateIndex, (w) => {
        if (completion?.unknown(e) === true) completion.forEachPoint(e, 0, (q) => visit(w * q));
        else if (observed()) visit(w);
        e++;
      });
      return;
    }
    const g = this.model.groups[gi]!;
    const outer = g.plan.group.plates.length;
    const S_ = g.states.length;
    const k = this.stateIndex.get(term)!;
    let e = 0;
    const inner = (p: number) =>
      completion?.unknown(e - 1) === true
        ? completion.forEachPoint(e - 1, k, (q) => visit(p * q))
        : forEachElement(f.plates.slice(outer), this.state.ctx, this.state.plateIndex, (w) => {
            if (observed()) visit(p * w);
          });
    const gamma = this.gamma[gi]!;
    const weights = this.weights[gi]!;
    const estep = this.esteps[gi]!;
    forEachElement(g.plan.group.plates, this.state.ctx, this.state.plateIndex, () => {
      const p = gamma[e * S_ + k]! * weights[e]!;
      const element = e++;
      if (p === 0) return;
      this.setStates(term.states, g);
      estep.forEachPoint(element, k, (omega) => inner(p * omega));
    });
  };

  /**
   * Q(θ) at the current params with the posterior weights held fixed: Σ w γ log p over the enumerated
   * factors, plus the observed likelihood terms and the priors — computed from the numeric densities,
   * independently of the symbolic decomposition the rules use (so tests can check the rules against it).
   */
  expectedLogJoint(exactOnly = false): number {
    let q = 0;
    this.model.groups.forEach((g, gi) => {
      const estep = this.esteps[gi]!;
      if (estep.monteCarlo && exactOnly) return;
      const factors = [...g.plan.group.priors, ...g.plan.group.children];
      const S = g.states.length;
      let e = 0;
      forEachElement(g.plan.group.plates, this.state.ctx, this.state.plateIndex, (w) => {
        g.states.forEach((s, k) => {
          const p = this.gamma[gi]![e * S + k]!;
          if (p === 0) return;
          this.setStates(s, g);
          estep.forEachPoint(e, k, (omega) => {
            let total = 0;
            for (const f of factors) {
              const completion = this.completions.get(f);
              total +=
                completion?.unknown(e) === true
                  ? completion.expectedLogDensity(e, k)
                  : this.factorLogDensity(f, g.plan.group.plates.length);
            }
            q += w * p * omega * total;
          });
        });
        e++;
      });
    });
    for (const f of this.model.ir.factors) {
      if (this.inGroup.has(f)) continue;
      const completion = this.completions.get(f);
      q += completion ? completion.expectedLogJoint() : this.factorLogDensity(f, 0);
    }
    return q;
  }

  /** A run's result: what the loop found, with the params, entropy and kernel report it ends with. */
  result(
    run: Pick<EmRun, "logLikelihood" | "objective" | "converged" | "iterations" | "trace" | "warnings"> & {
      readonly logLikelihoodSE?: number;
    },
    exact: boolean,
  ): EmRun {
    return {
      ...run,
      params: this.params,
      entropy: this.entropy,
      kernels: this.kernelReport(),
      ...(exact ? {} : { logLikelihoodExact: false }),
    };
  }

  /** Each latent's posterior from the last E-step (and each data row's ℓ when `rows`): posteriors.ts. */
  posteriors(rows = false): PosteriorReport {
    const source = {
      model: this.model,
      state: this.state,
      esteps: this.esteps,
      gamma: this.gamma,
      completions: this.completions,
      soft: this.options.variant === "em",
      setStates: (g: EnumeratedGroup, s: ReadonlyMap<IRVariable, number>) => this.setStates(s, g),
    };
    return collectPosteriors(source, rows);
  }

  /** The Monte-Carlo E-steps, whose draws the ascent loop grows and whose estimates it compares. */
  monteCarloGroups(): MonteCarloEStep[] {
    return this.esteps.filter((e): e is MonteCarloEStep => e instanceof MonteCarloEStep);
  }

  /** More draws for every Monte-Carlo group at the current E-step (the ascent rule asked for them). */
  augment(extra: number): void {
    this.esteps.forEach((estep, gi) => {
      if (!(estep instanceof MonteCarloEStep)) return;
      estep.inner.augment(extra, this.options.rng);
      this.gamma[gi] = estep.gamma();
    });
    this.drawsPerElement += extra;
  }

  /**
   * Censored values and missing cells have no start of their own: when EM starts from posteriors, their
   * E-step runs at the default params, for every state of the group they sit in.
   */
  private primeCompletions(): void {
    for (const completion of this.completions.values()) {
      const gi = this.completionGroup.get(completion);
      if (gi === undefined) {
        completion.run();
        continue;
      }
      const g = this.model.groups[gi]!;
      completion.beginPass();
      let e = 0;
      forEachElement(g.plan.group.plates, this.state.ctx, this.state.plateIndex, () => {
        if (completion.unknown(e))
          g.states.forEach((s, k) => {
            this.setStates(s, g);
            completion.complete(e, k, true);
          });
        e++;
      });
      completion.version++;
    }
  }

  /** Whether an E-step draws (Monte-Carlo EM runs the ascent-based loop). */
  get monteCarlo(): boolean {
    return this.esteps.some((e) => e.monteCarlo);
  }

  /**
   * Where the run starts: given params; random values for unconstrained params where continuous latents
   * have no responsibilities to start from; else posteriors (k-means++ or random) and one M-step.
   */
  start(): void {
    const start = this.options.start ?? { kind: "random" };
    if (start.kind === "params") {
      for (const [v, data] of start.values) this.params.get(v)?.data.set(data);
    } else if (this.model.groups.some((g) => g.plan.group.latents.some((v) => !isEnumerated(v, g)))) {
      // Continuous latents have no responsibilities to start from: unconstrained params get random
      // values from the seed (W = 0 would be a fixed point), then EM starts with an E-step.
      for (const [v, t] of this.params) {
        const d = v.type.domain;
        if (v.type.structure !== undefined || d.positive || d.nonnegative || d.integer) continue;
        for (let i = 0; i < t.data.length; i++) t.data[i] = sampleNormal(this.options.rng, 0, 1);
      }
    } else {
      if (start.kind === "kmeans++" && this.kmeansPosteriors()) {
        // seeded from the data
      } else {
        this.randomPosteriors();
      }
      this.compiled.forEach((group, gi) => {
        group?.runFromGamma(this.gamma[gi]!);
      });
      this.primeCompletions();
      this.mStep();
    }
  }
}

/**
 * Gauss–Seidel passes over a cycle of linear-mean blocks per M-step, the relative change that ends them, and
 * the element visits (of updates run from stored posteriors) they may spend.
 */
const MAX_SWEEPS = 100;
const SWEEP_TOLERANCE = 1e-12;
const SWEEP_BUDGET = 20_000;

/**
 * The M-step as it runs: updates one by one, except that consecutive linear-mean (weighted least squares)
 * updates that read each other form one step, repeated until their values settle.
 */
function sweeps(updates: readonly Update[]): (Update | ClosedForm[])[] {
  // Only terms outside latent groups or beside enumerated latents: under a continuous latent a pass
  // linearises at every direction of its posterior (or at every Monte-Carlo draw), too dear to repeat.
  const sweepable = (u: Update): u is ClosedForm =>
    isClosedForm(u) &&
    u.rule === "linear-mean" &&
    u.contributions.every((c) => c.term.group === undefined || c.term.group.method === "enumerate");
  const out: (Update | ClosedForm[])[] = [];
  let run: ClosedForm[] = [];
  const flush = () => {
    const blocks = new Set(run.map((u) => u.block));
    const coupled = run.length > 1 && run.every((u) => readsOf(u).some((v) => blocks.has(v)));
    if (coupled) out.push(run);
    else out.push(...run);
    run = [];
  };
  for (const u of updates) {
    if (sweepable(u)) {
      run.push(u);
      continue;
    }
    flush();
    out.push(u);
  }
  flush();
  return out;
}
