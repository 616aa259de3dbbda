// What the E-steps of one data factor outside latent groups (censored values, missing cells) share as a
// source of moments for the M-step: one read (the factor's target), no latents to set, its own elements.

import { targetExpr } from "../../derive";
import type { IRExpr, IRFactor, IRPlate, IRVariable } from "../../ir";
import { exprKey } from "./compiled-group";
import type { ElementTable } from "./elements";
import type { MomentSource } from "./moment-update";

export abstract class FactorMoments implements Partial<MomentSource> {
  readonly latents: ReadonlySet<IRVariable> = new Set();
  private readonly targetKey: string;

  protected constructor(
    readonly factor: IRFactor,
    readonly table: ElementTable,
  ) {
    this.targetKey = exprKey(targetExpr(factor));
  }

  get plates(): readonly IRPlate[] {
    return this.factor.plates;
  }

  /** Whether the moments this source accumulates are of log x (a LogNormal's target). */
  protected logMoments = false;

  /** Only the factor's own target has moments here (and Σ w, which every read has). */
  requestMoments(
    ir: IRExpr,
    order: 0 | 1 | 2,
    _state?: number,
    _centre?: IRExpr,
    log = false,
  ): number | undefined {
    if (order === 0) return 0;
    return exprKey(ir) === this.targetKey && log === this.logMoments ? 0 : undefined;
  }

  enterState(): void {
    this.table.enter(0);
  }
}
