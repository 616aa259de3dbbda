// Latent groups: the latents that share a plate element (z[n]; or c[n] and z[n] together),
// with the `~` statements that give them their distributions and the factors that read them.

import { type IRExpr, type IRFactor, type IRPlate, type IRVariable, type ModelIR, reads } from "../ir";

export interface LatentGroup {
  readonly latents: readonly IRVariable[];
  /** The plates one element of which holds one copy of the group, outermost first. */
  readonly plates: readonly IRPlate[];
  /** The `~` statements whose targets are the group's latents. */
  readonly priors: readonly IRFactor[];
  /** The other factors that read a latent of the group. */
  readonly children: readonly IRFactor[];
  /**
   * Why elements of the group are not independent given the params, if they are not: a latent read at
   * another element (`z[n − 1]`). Such a group cannot be handled one element at a time.
   */
  readonly coupling: string | undefined;
}

/** Subscripts as text, so that `z[n]` read here can be compared with `z[n]` as a target. */
function text(e: IRExpr): string {
  switch (e.kind) {
    case "plate-index":
      return `#${e.plate.id}`;
    case "const":
      return String(e.value);
    case "binary":
      return `(${text(e.left)}${e.op}${text(e.right)})`;
    default:
      return `?${e.kind}`;
  }
}

const subscriptsText = (indices: readonly IRExpr[]) => indices.map(text).join(",");

function factorReads(f: IRFactor): ReturnType<typeof reads> {
  const out: ReturnType<typeof reads> = [];
  for (const a of f.args) reads(a, out);
  for (const c of f.censoring) reads(c.condition, out);
  return out;
}

export function latentGroups(ir: ModelIR): LatentGroup[] {
  const latents = [...ir.variables.values()].filter((v) => v.role === "latent");
  const byKey = new Map<string, IRVariable[]>();
  const platesOf = new Map<IRVariable, IRPlate[]>();
  for (const v of latents) {
    const prior = ir.factors.find((f) => f.target === v);
    const indexed = new Set(
      prior?.targetIndices
        .filter((i) => i.kind === "plate-index")
        .map((i) => (i.kind === "plate-index" ? i.plate : undefined)),
    );
    const plates = (prior?.plates ?? []).filter((p) => indexed.has(p));
    platesOf.set(v, plates);
    const key = plates.map((p) => p.id).join(",");
    byKey.set(key, [...(byKey.get(key) ?? []), v]);
  }
  return [...byKey.values()].map((members) => {
    const set = new Set(members);
    const priors = ir.factors.filter((f) => set.has(f.target));
    const children = ir.factors.filter(
      (f) => !set.has(f.target) && factorReads(f).some((r) => set.has(r.variable)),
    );
    let coupling: string | undefined;
    for (const v of members) {
      const targets = new Set(
        priors.filter((f) => f.target === v).map((f) => subscriptsText(f.targetIndices)),
      );
      if (targets.size > 1)
        coupling = `'${v.name}' is given its distribution in ${targets.size} pieces (a chain)`;
      for (const f of [...priors, ...children]) {
        for (const r of factorReads(f)) {
          if (set.has(r.variable) && !targets.has(subscriptsText(r.indices)) && r.variable === v) {
            coupling ??= `'${v.name}' is read at another element than its own (a chain or a coupled field)`;
          }
        }
      }
    }
    return { latents: members, plates: platesOf.get(members[0]!)!, priors, children, coupling };
  });
}
