// SQUAREM (Varadhan & Roland 2008, scheme S3) around the EM map θ ↦ M(E(θ)): two EM maps give the step
// r = θ₁ − θ₀ and its change v = θ₂ − 2θ₁ + θ₀; the extrapolated point θ₀ + 2αr + α²v with α = ‖r‖/‖v‖
// (at least 1, at most a bound that grows while steps succeed) is stabilised by one more EM map, and kept
// only when its objective is not below the last accepted one — else the plain EM point θ₂ is. Everything
// happens in the free parameters' unconstrained coordinates (log, logit, softmax, log-Cholesky), so every
// extrapolated point is a valid parameter value.

import type { IRVariable, Tensor } from "../ir";
import { type BlockTransform, transformFor } from "./optimize";

/** The free parameters as one unconstrained vector, and back. */
export class FreeCoordinates {
  private readonly blocks: {
    readonly variable: IRVariable;
    readonly tensor: Tensor;
    readonly transform: BlockTransform;
  }[] = [];
  readonly size: number;

  constructor(params: ReadonlyMap<IRVariable, Tensor>) {
    let size = 0;
    for (const [v, tensor] of params) {
      const transform = transformFor(v.type, tensor.shape);
      // A block with no transform (an integer param) is not extrapolated: it keeps its EM value.
      if (typeof transform === "string") continue;
      this.blocks.push({ variable: v, tensor, transform });
      size += transform.size;
    }
    this.size = size;
  }

  /** The params that have free coordinates, in their order. */
  get variables(): IRVariable[] {
    return this.blocks.map((b) => b.variable);
  }

  /**
   * Coordinates that only restate the others: the last softmax coordinate of each simplex row (adding a
   * constant to a row's coordinates leaves the simplex as it is). Derivatives are taken with them held.
   */
  redundant(): boolean[] {
    const out: boolean[] = [];
    for (const { tensor, transform } of this.blocks) {
      const k = tensor.shape[tensor.shape.length - 1] ?? 1;
      for (let i = 0; i < transform.size; i++) out.push(transform.kind === "simplex" && i % k === k - 1);
    }
    return out;
  }

  /** The param free coordinate i belongs to. */
  owner(i: number): IRVariable {
    let at = 0;
    for (const b of this.blocks) {
      at += b.transform.size;
      if (i < at) return b.variable;
    }
    throw new RangeError(`no free coordinate ${i}`);
  }

  /** The current value of a param with free coordinates. */
  valueOf(v: IRVariable): Float64Array {
    const block = this.blocks.find((b) => b.variable === v);
    if (!block) throw new RangeError(`${v.name} has no free coordinates`);
    return block.tensor.data;
  }

  read(): Float64Array {
    const out = new Float64Array(this.size);
    let at = 0;
    for (const { tensor, transform } of this.blocks) {
      out.set(transform.toUnconstrained(tensor.data), at);
      at += transform.size;
    }
    return out;
  }

  write(eta: Float64Array): void {
    let at = 0;
    for (const { tensor, transform } of this.blocks) {
      transform.fromUnconstrained(eta.subarray(at, at + transform.size), tensor.data);
      at += transform.size;
    }
  }
}

/** The first step length tried is at most this; it grows by MULTIPLIER while steps at the bound succeed. */
export const STEP_MAX_START = 1;
export const STEP_MULTIPLIER = 4;

/** The S3 step length α = ‖r‖ / ‖v‖, clamped to [1, stepMax]; 1 gives the plain EM point θ₂. */
export function steplength(r: Float64Array, v: Float64Array, stepMax: number): number {
  let rr = 0;
  let vv = 0;
  for (let i = 0; i < r.length; i++) {
    rr += r[i]! * r[i]!;
    vv += v[i]! * v[i]!;
  }
  if (!(vv > 0) || !(rr > 0)) return 1;
  const alpha = Math.sqrt(rr / vv);
  return Math.max(1, Math.min(stepMax, alpha));
}

/** θ₀ + 2αr + α²v. */
export function extrapolate(
  theta0: Float64Array,
  r: Float64Array,
  v: Float64Array,
  alpha: number,
): Float64Array {
  const out = new Float64Array(theta0.length);
  for (let i = 0; i < out.length; i++) out[i] = theta0[i]! + 2 * alpha * r[i]! + alpha * alpha * v[i]!;
  return out;
}
