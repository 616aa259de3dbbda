// A closed-form update computed from the moments the compiled passes accumulate: each
// contribution of the update is either a term of a compiled group whose statistics the rule can form from
// the moments of one data read (its MomentForm, or a coefficient that is constant or affine in a scalar
// read), or a term outside every group (a prior), which is accumulated directly. When any contribution
// is neither, the update is not planned here and the engine runs it from stored posteriors instead.

import { type ClosedForm, type Contribution, isAffineIn, type QTerm, type Read } from "../../derive";
import type { IRExpr, IRPlate, IRVariable } from "../../ir";
import * as S from "../../symbolic";
import type { ModelState } from "../model-state";
import type { GroupMoments } from "./compiled-group";
import type { ElementTable } from "./elements";
import { rowFree } from "./row-free";

/** What accumulates the moments of a term's elements: a compiled group, or a censored factor's E-step. */
export interface MomentSource {
  /** The latents fixed by the source's state (expressions reading only these and params are row-free). */
  readonly latents: ReadonlySet<IRVariable>;
  readonly plates: readonly IRPlate[];
  readonly table: ElementTable;
  /** A read's moments (of its log when `log`), or undefined when this source cannot give them. */
  requestMoments(
    ir: IRExpr,
    order: 0 | 1 | 2,
    state: number,
    centre?: IRExpr,
    log?: boolean,
  ): number | undefined;
  moments(read: number, state: number): GroupMoments;
  /** Sets the source's latents to a state at its first element (to evaluate row-free expressions). */
  enterState(state: number): void;
}

export interface UpdateContext {
  readonly state: ModelState;
  readonly sizeOptions: S.EvaluateOptions;
  /**
   * The source of a term's moments and its state's index; undefined for terms whose statistics are
   * accumulated directly (no latents), null when its group is interpreted.
   */
  groupOf(term: QTerm): { readonly group: MomentSource; readonly state: number } | undefined | null;
  /** Accumulates one contribution the interpreted way (terms outside every group). */
  direct(update: ClosedForm, c: Contribution, stats: Float64Array): void;
}

type Planned =
  | { readonly kind: "direct"; readonly c: Contribution }
  | {
      readonly kind: "weight" | "affine" | "form";
      readonly c: Contribution;
      readonly group: MomentSource;
      readonly state: number;
      readonly read: number;
      /** The scalar read a coefficient is affine in (kind "affine"). */
      readonly variable?: string;
      readonly coefficient?: (env: Record<string, number | Float64Array>) => number;
    };

export class MomentUpdate {
  private constructor(
    readonly update: ClosedForm,
    private readonly planned: readonly Planned[],
    private readonly ctx: UpdateContext,
  ) {}

  static plan(update: ClosedForm, ctx: UpdateContext): MomentUpdate | undefined {
    const planned: Planned[] = [];
    for (const c of update.contributions) {
      const term = c.term;
      const at = ctx.groupOf(term);
      if (at === undefined) {
        planned.push({ kind: "direct", c });
        continue;
      }
      if (at === null) return undefined;
      const { group, state } = at;
      const f = term.factor;
      const plates = group.plates;
      if (f.plates.length !== plates.length || !f.plates.every((p, i) => p === plates[i])) return undefined;
      const source = term.sources.get(c.symbol.name);
      if (!source || !rowFree(source.ir, group.latents)) return undefined;
      const free = (name: string) => {
        const ir = term.sources.get(name)?.ir;
        return ir !== undefined && rowFree(ir, group.latents);
      };
      if ("accumulate" in c) {
        const form = c.moments;
        if (!form?.reads.every(free)) return undefined;
        const of = term.sources.get(form.of)?.ir;
        const centre: IRExpr | undefined = form.centre ? term.sources.get(form.centre)?.ir : undefined;
        const read = of && group.requestMoments(of, form.order, state, centre, form.log ?? false);
        if (read === undefined) return undefined;
        planned.push({ kind: "form", c, group, state, read });
        continue;
      }
      const symbols = S.freeSymbols(c.coefficient);
      const evaluate = S.compileEvaluator(c.coefficient);
      const coefficient = (env: Record<string, number | Float64Array>) =>
        evaluate(env, ctx.sizeOptions) as number;
      const varying = symbols.filter((s) => !free(s.name));
      if (varying.length === 0) {
        const read = group.requestMoments({ kind: "const", value: 0 } as IRExpr, 0, state);
        if (read === undefined) return undefined;
        planned.push({ kind: "weight", c, group, state, read, coefficient });
        continue;
      }
      const s = varying[0]!;
      const ir = term.sources.get(s.name)?.ir;
      if (varying.length > 1 || s.shape.kind !== "scalar" || !ir || !isAffineIn(c.coefficient, s))
        return undefined;
      const read = group.requestMoments(ir, 1, state);
      if (read === undefined) return undefined;
      planned.push({ kind: "affine", c, group, state, read, variable: s.name, coefficient });
    }
    return new MomentUpdate(update, planned, ctx);
  }

  /** The statistics of every unit of the block, from the moments of the last pass. */
  statistics(stats: Float64Array, unitsShape: readonly number[]): void {
    const u = this.update;
    const { state } = this.ctx;
    for (const p of this.planned) {
      if (p.kind === "direct") {
        this.ctx.direct(u, p.c, stats);
        continue;
      }
      const term = p.c.term;
      p.group.enterState(p.state);
      const read: Read = (name) => state.eval(term.sources.get(name)!.ir);
      const source = term.sources.get(p.c.symbol.name)!.ir;
      const indices = source.kind === "index" ? source.indices.map((i) => state.eval(i) as number) : [];
      let unit = 0;
      for (let k = 0; k < u.unitRank; k++) unit = unit * unitsShape[k]! + (indices[k]! - 1);
      const m = p.group.moments(p.read, p.state);
      if (p.kind === "form") {
        const c = p.c as Extract<Contribution, { accumulate: unknown }>;
        c.moments!.finish(m, read, stats.subarray(unit * u.slotsPerUnit, (unit + 1) * u.slotsPerUnit));
      } else {
        const c = p.c as Extract<Contribution, { coefficient: unknown }>;
        const slot = c.slot === "last-subscript" ? indices[u.unitRank]! - 1 : c.slot;
        const env: Record<string, number | Float64Array> = {};
        for (const s of S.freeSymbols(c.coefficient)) if (s.name !== p.variable) env[s.name] = read(s.name);
        let total: number;
        if (p.kind === "weight") {
          total = m.weight * p.coefficient!(env);
        } else {
          env[p.variable!] = 0;
          const alpha = p.coefficient!(env);
          env[p.variable!] = 1;
          const beta = p.coefficient!(env) - alpha;
          // Σ w·s = Σ w (s − c) + c Σ w.
          total = alpha * m.weight + beta * (m.sum[0]! + m.weight * m.centre[0]!);
        }
        stats[unit * u.slotsPerUnit + slot]! += total;
      }
      p.group.table.leave();
    }
  }
}
