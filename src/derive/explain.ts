// `explain`: the derivation as mathematics, rendered from the same plan objects the engine runs — the
// E-step per latent group, Q(θ, θ′) as a sum over factor terms, and every M-step update with the rule
// that produced it (or, for a block no rule matches, why each rule declined).

import * as S from "../symbolic";
import { type Derivation, type DeriveOptions, planMSteps } from "./derive";
import { GEM_ITERATIONS, type MStepPlan } from "./mstep/plan";
import type { ClosedForm } from "./mstep/rule";
import type { QTerm } from "./q-terms";

export interface Explanation {
  readonly model: string;
  /** The state the terms are shown for: the first, or k when every shown text is the same up to the state's index. */
  readonly state: "first" | "k";
  readonly description: string | undefined;
  /** Sizes the plan was made without (shown with stand-ins; decided when data binds them). */
  readonly unbound: readonly string[];
  readonly estep: readonly {
    latents: string[];
    method: string;
    states: number | undefined;
    reason: string;
    logJoint: string | undefined;
    /** The state the log joint is shown for (`z = 1`, `s = 0`). */
    state?: string;
    /** How the E-step is computed, where that is not evident from the method (Monte Carlo). */
    how?: string;
  }[];
  readonly q: readonly { factor: string; weight: string; term: string }[];
  readonly mstep: readonly {
    params: string;
    method: string;
    rule: string | undefined;
    shape: string | undefined;
    update: string | undefined;
    reason: string | undefined;
  }[];
}

type Render = (e: S.Expr) => string;

const MONTE_CARLO_HOW =
  "per element, self-normalised importance sampling from a Student-t at the posterior mode with the Laplace curvature (log / logit coordinates for positive / prob latents; discrete latents drawn from their prior), random-walk Metropolis where the weights degenerate; Q is the weighted average over the draws, whose number grows by the ascent rule of Caffo, Jank & Jones (2005); ℓ is the importance-sampling estimate";

function statement(t: QTerm): string {
  const f = t.factor;
  const target = f.targetIndices.length > 0 ? `${f.target.name}[…]` : f.target.name;
  return `${target} ~ ${f.distribution.name}`;
}

/**
 * Whether the engine sweeps a least-squares update's ECM cycle: another block of it is least squares too,
 * and its terms are outside latent groups or beside enumerated latents.
 */
function leastSquaresMates(m: MStepPlan & { method: "closed-form" }, all: readonly MStepPlan[]): boolean {
  const exactDiscrete = m.update.contributions.every(
    (c) => c.term.group === undefined || c.term.group.method === "enumerate",
  );
  return (
    exactDiscrete &&
    all.some(
      (o) =>
        o !== m &&
        o.method === "closed-form" &&
        o.update.rule === "linear-mean" &&
        (m.cycle ?? []).includes(o.block),
    )
  );
}

/** For an update that reads censored values: their statistics are expectations from the E-step. */
function censoredNote(u: ClosedForm): string | undefined {
  const names = [
    ...new Set(
      u.contributions.filter((c) => c.term.factor.censoring.length > 0).map((c) => c.term.factor.target.name),
    ),
  ];
  return names.length === 0
    ? undefined
    : `where ${names.join(", ")} is censored, each statistic of it is its expectation given that it lies beyond the recorded point (the E-step)`;
}

/** The weight a term carries in Q: the posterior of its group's state, times plate sums. */
function weight(t: QTerm): string {
  const plates = t.factor.plates.map((p) => p.index);
  const sums = plates.map((i) => `Σ_${i}`).join(" ");
  if (!t.group) return t.factor.censoring.length > 0 ? `${sums} E_q` : sums;
  if (t.states.size === 0) return `${sums} E_q`;
  const state = [...t.states].map(([v, k]) => `${v.name} = ${k}`).join(", ");
  // A censored value beside the state is itself expected, under its truncated posterior given the state.
  const censored = t.factor.censoring.length > 0 ? " E_q" : "";
  return `${sums} p(${state} | data, θ′) ·${censored}`.trim();
}

/** Whether an expression holds log 0 (a −∞ that only an impossible state reaches). */
function holdsLogZero(e: S.Expr): boolean {
  if (e.kind === "call" && e.fn === "log" && e.args[0]?.kind === "const" && e.args[0].value === 0)
    return true;
  return e.args.some(holdsLogZero);
}

/**
 * A sum split into its ordinary terms and the conditions of its log 0 · 1{…} terms: a deterministic map's
 * impossible cells, which give a state zero weight in the E-step and nothing to read in the M-step.
 */
function splitImpossible(e: S.Expr): { kept: S.Expr; impossible: S.Expr[] } {
  const terms = e.kind === "add" ? e.args : [e];
  const impossible = terms.filter(holdsLogZero);
  if (impossible.length === 0) return { kept: e, impossible: [] };
  const kept = terms.filter((t) => !holdsLogZero(t));
  const condition = (t: S.Expr) => (t.kind === "mul" ? S.mul(...t.args.filter((a) => !holdsLogZero(a))) : t);
  return { kept: kept.length > 0 ? S.add(...kept) : S.num(0), impossible: impossible.map(condition) };
}

/** Whether a term is at the `position`-th value (0-based) of every latent its state assigns. */
function atPosition(t: QTerm, position: number): boolean {
  return [...t.states].every(([v, k]) => t.group?.values.get(v)?.[position] === k);
}

/**
 * The derivation as mathematics, from the same objects the fit runs. Terms are shown for one joint state of
 * each group; where the texts for the first two states differ only by the state's index, for a generic k.
 */
export function explainDerivation(
  d: Derivation,
  options: DeriveOptions & { latex?: boolean | undefined } = {},
): Explanation {
  const latex = options.latex ?? false;
  // The same derivation with the second state first (the M-step replanned on those terms, as the fit would).
  const secondFirst = (ts: readonly QTerm[]) => {
    const rank = (t: QTerm) => (t.states.size > 0 && atPosition(t, 1) ? 0 : 1);
    return [...ts].sort((a, b) => a.factor.id - b.factor.id || rank(a) - rank(b));
  };
  return generalExplanation(
    explain(d, d.terms, d.mstep, latex, 0),
    explain(d, secondFirst(d.terms), planMSteps(d.ir, secondFirst(d.mstepTerms), options), latex, 1),
  );
}

function explain(
  d: Derivation,
  terms: readonly QTerm[],
  mstep: readonly MStepPlan[],
  latex: boolean,
  position: number,
): Explanation {
  const { ir, estep } = d;
  const text = (e: S.Expr) => (latex ? S.toLatex(e) : S.toUnicode(e));
  // Terms log 0 · 1{…} (a deterministic map's impossible cells) are said in words, not as log(0).
  const render: Render = (e) => {
    const { kept, impossible } = splitImpossible(S.simplify(e));
    if (impossible.length === 0) return text(kept);
    const where = impossible.map(text).join(latex ? " \\lor " : " or ");
    return `${text(kept)}${latex ? ",\\ -\\infty \\text{ where } " : ", −∞ where "}${where}`;
  };
  const shown = terms.filter((t) => !t.group || atPosition(t, position));
  return {
    model: ir.name,
    state: "first",
    description: ir.description,
    unbound: d.unbound,
    estep: [
      ...estep.map((p) => {
        const first = terms.filter((t) => t.group === p && atPosition(t, position));
        const logJoint =
          first.length > 0 && p.method === "enumerate"
            ? render(S.add(...first.map((t) => t.logDensity)))
            : undefined;
        const state = first[0]
          ? [...first[0].states].map(([v, k]) => `${v.name} = ${k}`).join(", ")
          : undefined;
        return {
          latents: p.group.latents.map((v) => v.name),
          method: p.method,
          states: p.states,
          reason: p.reason,
          logJoint,
          ...(state ? { state } : {}),
          ...(p.method === "montecarlo" ? { how: MONTE_CARLO_HOW } : {}),
        };
      }),
      ...d.censored.map((c) => ({
        latents: [c.factor.target.name],
        method: c.method ?? "none",
        states: undefined,
        reason: c.reason,
        logJoint: undefined,
      })),
    ],
    q: shown.map((t) => ({ factor: statement(t), weight: weight(t), term: render(t.logDensity) })),
    mstep: mstep.map((m) =>
      m.method === "closed-form"
        ? {
            params: m.block.name,
            method: m.cycle ? "ecm" : "closed-form",
            rule: m.update.rule,
            shape: undefined,
            update: censoredNote(m.update)
              ? `${m.update.equation}\n    ${censoredNote(m.update)}`
              : m.update.equation,
            reason: m.cycle
              ? m.update.rule === "linear-mean" && leastSquaresMates(m, mstep)
                ? `${m.block.name} and ${m.cycle.map((v) => v.name).join(", ")} read each other: each is maximised given the newest values of the others (ECM), and the weighted least-squares blocks among them are repeated in turn until they settle (within a bounded number of passes), which approaches their joint maximiser`
                : `${m.block.name} and ${m.cycle.map((v) => v.name).join(", ")} read each other: one conditional maximisation each per iteration, given the newest values of the others (ECM)`
              : undefined,
          }
        : {
            params: m.block.name,
            method: m.method,
            rule: undefined,
            shape: undefined,
            update: fallbackUpdate(m, shown, render),
            reason: m.reason,
          },
    ),
  };
}

/** How a block is unconstrained for its gradient steps, by declared type (the engine's transforms). */
function coordinates(m: Extract<MStepPlan, { method: "gradient" | "ecme" }>): string {
  const t = m.block.type;
  const name = m.block.name;
  if (t.structure === "simplex") return `softmax coordinates of ${name}`;
  if (t.structure === "cov") return `the log-Cholesky factor of ${name}`;
  if (t.domain.atMostOne && t.domain.nonnegative) return `logit ${name}`;
  if (t.domain.positive || t.domain.nonnegative) return `log ${name}`;
  return name;
}

/** What replaces the closed form: the step, and for a gradient step the symbolic ∂Q it follows. */
function fallbackUpdate(
  m: Extract<MStepPlan, { method: "gradient" | "ecme" }>,
  shown: readonly QTerm[],
  render: Render,
): string {
  const name = m.block.name;
  if (m.method === "ecme")
    return `${name} ← argmax ℓ(θ) = Σ log p(data | θ) over ${coordinates(m)}, the other blocks at their newest values (L-BFGS, derivatives by central differences of ℓ); a step is kept only if ℓ increases`;
  const parts = shown.flatMap((t) => {
    const symbol = S.freeSymbols(t.logDensity).find((x) => t.sources.get(x.name)?.variable === m.block);
    if (!symbol) return [];
    try {
      return [`${weight(t)} [ ${render(S.gradient(t.logDensity, symbol))} ]`];
    } catch (e) {
      if (e instanceof S.NotDifferentiableError) return [`${weight(t)} [ no derivative: ${e.message} ]`];
      throw e;
    }
  });
  const step = `${name} ← up to ${GEM_ITERATIONS} L-BFGS steps on Q over ${coordinates(m)} from ${name}′, with backtracking; a step is kept only if Q increases (generalised EM)`;
  return parts.length > 0 ? `${step}\n    ∂Q/∂${name} = ${parts.join(" + ")}` : step;
}

/** The explanation as text for a terminal (or LaTeX fragments with --latex). */
export function formatExplanation(x: Explanation): string {
  const lines: string[] = [`model ${x.model}${x.description ? ` — ${x.description}` : ""}`, ""];
  if (x.unbound.length > 0)
    lines.push(
      `${x.unbound.length === 1 ? "size" : "sizes"} ${x.unbound.join(", ")} ${x.unbound.length === 1 ? "is" : "are"} bound from the data: what depends on ${x.unbound.length === 1 ? "it" : "them"} is decided at binding (explain --data FILE shows the plan for a data file)`,
      "",
    );
  lines.push("E-step");
  if (x.estep.length === 0)
    lines.push("  no latent variables: EM reduces to maximising the likelihood directly");
  for (const e of x.estep) {
    lines.push(
      `  ${e.latents.join(", ")}: ${e.method}${e.states === undefined ? "" : ` (${e.states} states per element)`}`,
    );
    lines.push(`    why: ${e.reason}`);
    if (e.how) lines.push(`    how: ${e.how}`);
    if (e.logJoint) {
      const state = x.state === "k" ? e.latents.map((v) => `${v} = k`).join(", ") : e.state;
      lines.push(`    posterior of a state ∝ exp(log joint); for ${state} the log joint is`);
      lines.push(`      ${e.logJoint}`);
    }
  }
  lines.push(
    "",
    `Q(θ, θ′) = Σ over factor terms (shown for ${x.state === "k" ? "state k" : "the first state"} of each latent group):`,
  );
  for (const t of x.q) lines.push(`  ${t.factor}:  ${t.weight} [ ${t.term} ]`);
  lines.push("", "M-step");
  for (const m of x.mstep) {
    if (m.method === "closed-form" || m.method === "ecm") {
      lines.push(
        `  ${m.params}: ${m.method === "ecm" ? "ECM block, conditional closed form" : "closed form"}, rule ${m.rule}`,
      );
      lines.push(`    ${m.update}`);
      if (m.reason) lines.push(`    why: ${m.reason}`);
    } else {
      const how =
        m.method === "ecme"
          ? "ECME, maximised on the observed-data log-likelihood (no closed form)"
          : "gradient step (no closed form)";
      lines.push(`  ${m.params}: ${how}`);
      if (m.update) lines.push(`    ${m.update}`);
      lines.push(`    why: ${m.reason}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * One text for every state from the texts for states 1 and 2: where they differ only by the state's index
 * (1 ↔ 2, ₁ ↔ ₂), that index becomes k (ₖ). Undefined when they differ in any other way.
 */
export function generaliseState(one: string, two: string): string | undefined {
  // Whole numbers as tokens (1.5 is not the index 1 followed by .5).
  const split = (s: string) => s.split(/(\d+(?:\.\d+)?(?:e[+-]?\d+)?|[₀-₉]+)/);
  const a = split(one);
  const b = split(two);
  if (a.length !== b.length) return undefined;
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) out.push(a[i]!);
    else if (a[i] === "1" && b[i] === "2") out.push("k");
    else if (a[i] === "₁" && b[i] === "₂") out.push("ₖ");
    else return undefined;
  }
  return out.join("");
}

/** The explanation for a generic state k, from those for states 1 and 2 (the first when they do not align). */
export function generalExplanation(one: Explanation, two: Explanation): Explanation {
  const texts = (x: Explanation): string[] => [
    ...x.estep.map((e) => e.logJoint ?? ""),
    ...x.q.flatMap((t) => [t.factor, t.weight, t.term]),
    ...x.mstep.map((m) => m.update ?? ""),
  ];
  const a = texts(one);
  const b = texts(two);
  if (a.length !== b.length || a.every((t, i) => t === b[i])) return one;
  const merged = a.map((t, i) => generaliseState(t, b[i]!));
  if (merged.some((t) => t === undefined)) return one;
  let i = 0;
  const next = () => merged[i++]!;
  return {
    ...one,
    state: "k",
    estep: one.estep.map((e) => {
      const logJoint = next();
      return { ...e, logJoint: e.logJoint === undefined ? undefined : logJoint };
    }),
    q: one.q.map(() => ({ factor: next(), weight: next(), term: next() })),
    mstep: one.mstep.map((m) => {
      const update = next();
      return { ...m, update: m.update === undefined ? undefined : update };
    }),
  };
}
