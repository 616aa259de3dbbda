// A categorical data label with missing cells becomes a latent of its row: the label's
// `~` becomes the latent's prior, every read of the label reads the latent, and the recorded labels become
// evidence — `observed z[n] ~ Categorical([z[n] == 1, …, z[n] == K])`, which gives the recorded state
// probability one and drops out of the E-step where the label is missing. A semi-supervised mixture.

import { evaluateDim, PROB, scalar, vector } from "../check";
import { distributions } from "../distributions";
import type { IRExpr, IRFactor, IRStatement, IRVariable, ModelIR } from "./model-ir";

/** The data variable that holds the recorded labels of a label made latent. */
export interface ObservedLabels {
  readonly latent: IRVariable;
  readonly observed: IRVariable;
}

/**
 * Why the data variable cannot become a latent, or undefined when it can: it must be a `cat(K)` label drawn
 * by one Categorical `~`, with K known.
 */
export function labelProblem(
  ir: ModelIR,
  v: IRVariable,
  sizes: ReadonlyMap<string, number>,
): string | undefined {
  const drawn = ir.factors.filter((f) => f.target === v);
  const categories = v.type.domain.categories;
  if (!categories || evaluateDim(categories, sizes) === undefined) return `${v.name} is not a cat(K) label`;
  if (drawn.length !== 1 || drawn[0]!.distribution.name !== "Categorical")
    return `${v.name} is not drawn by one Categorical '~'`;
  return undefined;
}

function replace(e: IRExpr, from: IRVariable, to: IRVariable): IRExpr {
  switch (e.kind) {
    case "variable":
      return e.variable === from ? { ...e, variable: to } : e;
    case "index":
      return { ...e, base: replace(e.base, from, to), indices: e.indices.map((i) => replace(i, from, to)) };
    case "unary":
      return { ...e, operand: replace(e.operand, from, to) };
    case "binary":
      return { ...e, left: replace(e.left, from, to), right: replace(e.right, from, to) };
    case "call":
      return { ...e, args: e.args.map((a) => replace(a, from, to)) };
    case "array":
      return { ...e, elements: e.elements.map((a) => replace(a, from, to)) };
    default:
      return e;
  }
}

/** The model with each named label (checked by labelProblem) made a latent with recorded evidence. */
export function labelsAsLatents(
  ir: ModelIR,
  names: readonly string[],
  sizes: ReadonlyMap<string, number>,
): { ir: ModelIR; labels: ObservedLabels[] } {
  let model = ir;
  const labels: ObservedLabels[] = [];
  for (const name of names) {
    const v = model.variables.get(name)!;
    const latent: IRVariable = { ...v, role: "latent" };
    const observed: IRVariable = { ...v, name: `observed ${v.name}`, role: "data" };
    const rewrite = (f: IRFactor): IRFactor => ({
      ...f,
      target: f.target === v ? latent : f.target,
      targetIndices: f.targetIndices.map((i) => replace(i, v, latent)),
      args: f.args.map((a) => replace(a, v, latent)),
      censoring: f.censoring.map((c) => ({ ...c, condition: replace(c.condition, v, latent) })),
    });
    const prior = rewrite(model.factors.find((f) => f.target === v)!);
    const K = evaluateDim(v.type.domain.categories!, sizes)!;
    const label: IRExpr =
      prior.targetIndices.length === 0
        ? { kind: "variable", variable: latent, type: latent.type }
        : {
            kind: "index",
            base: { kind: "variable", variable: latent, type: latent.type },
            indices: prior.targetIndices,
            type: scalar(latent.type.domain),
          };
    const oneHot: IRExpr = {
      kind: "array",
      type: vector({ constant: K, terms: [] }, PROB, "simplex"),
      elements: Array.from({ length: K }, (_, k) => ({
        kind: "binary" as const,
        op: "==" as const,
        left: label,
        right: { kind: "const" as const, value: k + 1, type: scalar() },
        type: scalar(PROB),
      })),
    };
    const evidence: IRFactor = {
      ...prior,
      id: Math.max(...model.factors.map((f) => f.id)) + 1,
      target: observed,
      distribution: distributions.get("Categorical")!,
      args: [oneHot],
      censoring: [],
    };
    const factors = model.factors.flatMap((f) => (f.target === v ? [rewrite(f), evidence] : [rewrite(f)]));
    const byId = new Map(factors.map((f) => [f.id, f] as const));
    const statements = (list: readonly IRStatement[]): IRStatement[] =>
      list.flatMap((s): IRStatement[] => {
        if (s.kind === "plate") return [{ ...s, body: statements(s.body) }];
        const factor: IRStatement = { kind: "factor", factor: byId.get(s.factor.id)! };
        return s.factor.target === v ? [factor, { kind: "factor", factor: evidence }] : [factor];
      });
    const variables = new Map([...model.variables].map(([n, x]) => [n, x === v ? latent : x] as const));
    variables.set(observed.name, observed);
    model = { ...model, variables, factors, statements: statements(model.statements) };
    labels.push({ latent, observed });
  }
  return { ir: model, labels };
}
