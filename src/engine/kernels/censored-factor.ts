// The conjugate E-step of censored data (LANGUAGE.md §5 `censored`): where an element's censoring
// condition holds, its value is known only to lie beyond the recorded point, so the E-step replaces the
// value's statistics by their expectations under the truncated distribution — E[y], E[(y − c)²] from the
// truncated Normal (stable inverse-Mills-ratio forms), E[y] for the Exponential — and the observed-data
// log-likelihood takes log P(beyond the point) there. The moments feed the same closed-form rules as
// uncensored data (DESIGN.md §3).

import { targetExpr } from "../../derive";
import type { IRFactor } from "../../ir";
import {
  type CensorSide,
  censoredExponentialMoments,
  censoredLogNormalLogMoments,
  censoredNormalMoments,
  type TruncatedMoments,
} from "../../special";
import { FitError, type ModelState } from "../model-state";
import type { GroupMoments } from "./compiled-group";
import type { ElementTable } from "./elements";
import { FactorMoments } from "./factor-moments";
import type { MomentSource } from "./moment-update";

type Family = "Normal" | "LogNormal" | "Exponential";

const families: ReadonlySet<string> = new Set<Family>(["Normal", "LogNormal", "Exponential"]);

export class CensoredFactor extends FactorMoments implements MomentSource {
  private readonly centre: number;
  private weight = 0;
  private sum = 0;
  private scatter = 0;

  private constructor(
    factor: IRFactor,
    table: ElementTable,
    private readonly state: ModelState,
  ) {
    super(factor, table);
    // A LogNormal's statistics are of log y: its moments are accumulated on the log scale.
    this.logMoments = factor.distribution.name === "LogNormal";
    // The centre of the moments: the weighted mean of the recorded values (fixed, near the data).
    let W = 0;
    let S = 0;
    for (let e = 0; e < table.count; e++) {
      table.enter(e);
      const x = state.eval(targetExpr(factor)) as number;
      if (Number.isNaN(x) || (this.logMoments && !(x > 0))) continue;
      W += table.weights[e]!;
      S += table.weights[e]! * (this.logMoments ? Math.log(x) : x);
    }
    table.leave();
    this.centre = W > 0 ? S / W : 0;
  }

  /** Why a censored factor cannot have this E-step, or undefined when it can. */
  static unsupported(f: IRFactor): string | undefined {
    if (!families.has(f.distribution.name))
      return `censored ${f.distribution.name} data (the conjugate E-step covers Normal, LogNormal and Exponential)`;
    if (f.target.role !== "data") return `a censored '~' whose target ${f.target.name} is not data`;
    return undefined;
  }

  static build(f: IRFactor, table: ElementTable, state: ModelState): CensoredFactor {
    return new CensoredFactor(f, table, state);
  }

  /** The side an element is censored on, if any (its conditions read at the element). */
  private side(): CensorSide | undefined {
    let side: CensorSide | undefined;
    for (const c of this.factor.censoring) {
      const flag = this.state.eval(c.condition) as number;
      if (Number.isNaN(flag) || flag === 0) continue;
      if (side !== undefined)
        throw new FitError(
          `${this.factor.target.name} is censored on both sides at one element`,
          this.factor,
        );
      side = c.side;
    }
    return side;
  }

  /**
   * E-step over the elements: the expected moments of the value and the observed-data log-likelihood;
   * `evaluateOnly` leaves the moments of the last E-step as they are.
   */
  run(evaluateOnly = false): number {
    const f = this.factor;
    const target = targetExpr(f);
    const c = this.centre;
    let ll = 0;
    let weight = 0;
    let sum = 0;
    let scatter = 0;
    for (let e = 0; e < this.table.count; e++) {
      this.table.enter(e);
      const x = this.state.eval(target) as number;
      if (Number.isNaN(x)) continue;
      const w = this.table.weights[e]!;
      const args = f.args.map((a) => this.state.eval(a));
      const problem = f.distribution.validate(args);
      if (problem) throw new FitError(`${f.distribution.name}: ${problem}`, f);
      const side = this.side();
      let mean = this.logMoments ? Math.log(x) : x;
      let variance = 0;
      if (side === undefined) {
        ll += w * f.distribution.logDensity(x, args);
      } else {
        const family = f.distribution.name;
        const m: TruncatedMoments =
          family === "Normal"
            ? censoredNormalMoments(args[0] as number, args[1] as number, x, side)
            : family === "LogNormal"
              ? censoredLogNormalLogMoments(args[0] as number, args[1] as number, x, side)
              : censoredExponentialMoments(args[0] as number, x, side);
        if (!Number.isFinite(m.logMass) || !Number.isFinite(m.mean))
          throw new FitError(
            `a ${side}-censored ${f.target.name} (at ${x}) has probability 0 under the current ${f.distribution.name}`,
            f,
          );
        ll += w * m.logMass;
        mean = m.mean;
        variance = m.variance;
      }
      weight += w;
      sum += w * (mean - c);
      // E[(y − c)²] = Var + (E[y] − c)²: two non-negative terms, no cancellation.
      scatter += w * (variance + (mean - c) ** 2);
    }
    this.table.leave();
    if (!evaluateOnly) {
      this.weight = weight;
      this.sum = sum;
      this.scatter = scatter;
    }
    return ll;
  }

  moments(): GroupMoments {
    return {
      weight: this.weight,
      sum: Float64Array.of(this.sum),
      scatter: Float64Array.of(this.scatter),
      centre: Float64Array.of(this.centre),
    };
  }
}
