// Rule: θ is a covariance (full, tied by sharing, diag(v), s·I) or a Normal sd/variance, and Q is
// −½ W log|Σ| − ½ tr(Σ⁻¹ S) with S = Σ w r rᵀ the weighted scatter of residuals about means free of θ:
// Σ = S / W, restricted accordingly (vⱼ = Sⱼⱼ / W, s = tr S / (D W), σ = √(S / W)). An InvWishart(ν, Ψ)
// prior adds Ψ to S and ν + D + 1 to W (MAP).

import type { GaussianForm } from "../../../distributions";
import { cholesky } from "../../../linalg";
import * as S from "../../../symbolic";
import { asArray, evaluator } from "../evaluators";
import { weightText } from "../log-linear";
import type { CustomContribution, KernelRule, Read } from "../rule";

type Form = "full" | "diagonal" | "spherical" | "sd" | "variance";

/** How the covariance argument is built from the block symbol, if it is one of the known forms. */
function formOf(cov: S.Expr, sym: S.SymbolExpr, scale: GaussianForm["scale"]): Form | undefined {
  if (scale === "sd") {
    if (cov === sym) return "sd";
    if (cov.kind === "call" && cov.fn === "sqrt" && cov.args[0] === sym) return "variance";
    return undefined;
  }
  if (cov === sym) return "full";
  if (cov.kind === "call" && cov.fn === "diag" && cov.args[0] === sym) return "diagonal";
  if (
    cov.kind === "mul" &&
    cov.args.length === 2 &&
    cov.args.includes(sym) &&
    cov.args.some((a) => a.kind === "identity")
  )
    return "spherical";
  return undefined;
}

/** For sd = θ / h or θ · h (h free of θ, h not just a number): the factor f with (x − μ)/sd = (x − μ)·f/θ. */
function scaledSd(sd: S.Expr, sym: S.SymbolExpr): S.Expr | undefined {
  if (sd.kind === "div" && sd.args[0] === sym && !S.dependsOn(sd.args[1]!, sym)) return sd.args[1];
  if (sd.kind === "mul" && sd.args.includes(sym)) {
    const rest = sd.args.filter((a) => a !== sym);
    if (rest.length === 0 || rest.some((a) => S.dependsOn(a, sym))) return undefined;
    return S.div(1, rest.length === 1 ? rest[0]! : S.mul(...(rest as [S.Expr, S.Expr])));
  }
  return undefined;
}

function order(shape: S.Shape): number | undefined {
  const [r] = S.dimsOf(shape);
  return typeof r === "number" ? r : undefined;
}

export const covariance: KernelRule = {
  name: "covariance",
  shape: "−½ W log|Σ| − ½ tr(Σ⁻¹ S) → Σ = S / W (full, tied, diag(v), s·I; Normal sd)",
  match: (q) => {
    const contributions: CustomContribution[] = [];
    let form: Form | undefined;
    let firstResidual: S.Expr | undefined;
    let D: number | undefined;
    for (const { term, symbols } of q.terms) {
      const f = term.factor;
      if (symbols.length !== 1) return { decline: `one term holds several elements of ${q.block.name}` };
      const sym = symbols[0]!;
      if (f.target === q.block && f.distribution.name === "InvWishart") {
        const [nu, psi] = term.args as [S.Expr, S.Expr];
        const nuAt = evaluator(nu);
        const psiAt = evaluator(psi);
        contributions.push({
          term,
          symbol: sym,
          accumulate: (read: Read, unit: Float64Array, w: number) => {
            const p = asArray(psiAt(read));
            for (let i = 0; i < p.length; i++) unit[i]! += w * p[i]!;
            const d = Math.round(Math.sqrt(p.length));
            unit[p.length]! += w * ((nuAt(read) as number) + d + 1);
          },
        });
        continue;
      }
      // A family with a Gaussian form; one of the log of its target (LogNormal) has the same forms on log x.
      const gaussian = f.distribution.gaussian;
      if (!gaussian) return { decline: `${q.block.name} appears in a ${f.distribution.name} term` };
      const logged = gaussian.of === "log";
      const observed = logged ? S.log(term.target) : term.target;
      const [mean, cov] = term.args as [S.Expr, S.Expr];
      if (S.dependsOn(mean, sym) || S.dependsOn(term.target, sym))
        return { decline: `${q.block.name} is in a mean, not only in a covariance` };
      // A Normal sd θ/h or θ·h with h free of θ (a scale mixture: scale/√u): standardise the residual by h.
      const scaled = gaussian.scale === "sd" ? scaledSd(cov, sym) : undefined;
      const here = scaled ? "sd" : formOf(cov, sym, gaussian.scale);
      if (!here)
        return {
          decline: `the ${gaussian.scale === "sd" ? "sd" : "covariance"} in the '~' for ${f.target.name} is not ${q.block.name}, diag(${q.block.name}) or ${q.block.name}·I`,
        };
      if (form !== undefined && form !== here)
        return { decline: `${q.block.name} enters the terms in different forms` };
      form = here;
      const d = gaussian.scale === "sd" ? 1 : order(term.target.shape);
      if (d === undefined || (D !== undefined && D !== d))
        return { decline: `the dimension of ${q.block.name}'s terms is not known` };
      D = d;
      // target − mean, read directly when both are leaf symbols (a data row minus a component mean).
      const residualExpr = scaled ? S.mul(S.sub(observed, mean), scaled) : S.sub(observed, mean);
      firstResidual ??= residualExpr;
      const residualAt =
        !scaled && !logged && term.target.kind === "symbol" && mean.kind === "symbol"
          ? ((t: string, m: string) => (read: Read) => {
              const x = read(t);
              const mu = read(m);
              if (typeof x === "number") return x - (mu as number);
              const out = new Float64Array(x.length);
              for (let i = 0; i < x.length; i++) out[i] = x[i]! - (mu as Float64Array)[i]!;
              return out;
            })(term.target.name, mean.name)
          : evaluator(residualExpr);
      const leaves = !scaled && term.target.kind === "symbol" && mean.kind === "symbol";
      const _reads = new Set(S.freeSymbols(residualExpr).map((s) => s.name));
      const targetName = term.target.kind === "symbol" ? term.target.name : "";
      const meanName = mean.kind === "symbol" ? mean.name : "";
      contributions.push({
        term,
        symbol: sym,
        dependsOn: S.freeSymbols(S.sub(term.target, mean)),
        // Σ w (x − m)(x − m)ᵀ from the moments about c: with m′ = m − c it is
        // Σ w (x−c)(x−c)ᵀ − m′ sᵀ − s m′ᵀ + W m′ m′ᵀ, s = Σ w (x − c); m is read at the update (newest).
        ...(leaves && {
          moments: {
            of: targetName,
            order: 2 as const,
            log: logged,
            centre: meanName,
            reads: [meanName],
            finish: (m, read, unit) => {
              const mu = asArray(read(meanName));
              const k = mu.length;
              for (let i = 0; i < k; i++) {
                const ai = mu[i]! - m.centre[i]!;
                for (let j = 0; j < k; j++) {
                  const aj = mu[j]! - m.centre[j]!;
                  unit[i * k + j]! +=
                    m.scatter[i * k + j]! - ai * m.sum[j]! - m.sum[i]! * aj + m.weight * ai * aj;
                }
              }
              unit[k * k]! += m.weight;
            },
          },
        }),
        // Latents are read at the posterior's points (with their weights): E[r rᵀ] is their weighted sum.
        accumulate: (read: Read, unit: Float64Array, w: number) => {
          const r = asArray(residualAt(read));
          const m = r.length;
          for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) unit[i * m + j]! += w * r[i]! * r[j]!;
          unit[m * m]! += w;
        },
      });
    }
    if (!form || D === undefined)
      return { decline: `${q.block.name} is not in the covariance of any Normal or MvNormal term` };
    const d = D;
    const f = form;
    const name = q.block.name;
    const arrayed = q.block.type.dims.length > (f === "full" ? 2 : f === "diagonal" ? 1 : 0);
    const prior = f === "full" ? `${name}${arrayed ? "[k]" : ""} ~ InvWishart(…)` : `a prior on ${name}`;
    const symShape = q.terms.find((x) => x.term.factor.target !== q.block)!.symbols[0]!.shape;
    const valueRank = symShape.kind === "scalar" ? 0 : symShape.kind === "vector" ? 1 : 2;
    return {
      match: {
        rule: "covariance",
        block: q.block,
        slotsPerUnit: d * d + 1,
        unitRank: q.block.type.dims.length - valueRank,
        contributions,
        phase: 1,
        solve: (stats) => {
          const W = stats[d * d]!;
          if (!(W > 0)) return `no data informs ${name} (an empty component)`;
          const S_ = stats.subarray(0, d * d);
          const degenerate = `${name} collapsed (a component on too few distinct points); a prior such as ${prior} prevents it`;
          if (f === "full") {
            const out = S_.map((v) => v / W);
            return cholesky(out, d).ok ? out : degenerate;
          }
          if (f === "diagonal") {
            const out = Float64Array.from({ length: d }, (_, j) => S_[j * d + j]! / W);
            return out.every((v) => v > 0) ? out : degenerate;
          }
          let trace = 0;
          for (let j = 0; j < d; j++) trace += S_[j * d + j]!;
          const v = trace / (d * W);
          if (!(v > 0)) return degenerate;
          return Float64Array.of(f === "sd" ? Math.sqrt(v) : v);
        },
        equation: (() => {
          const first = contributions.find((c) => c.term.factor.target !== q.block)!;
          const r = S.toUnicode(firstResidual ?? S.sub(first.term.target, first.term.args[0]!));
          const w = weightText(first) || "1";
          const scatter = d === 1 ? `(${r})²` : `(${r})(${r})ᵀ`;
          const prior = contributions.some((c) => c.term.factor.target === q.block)
            ? " (plus Ψ and ν + D + 1 from the InvWishart prior)"
            : "";
          const lhs = S.toUnicode(first.symbol);
          if (f === "full") return `${lhs} = Σ ${w}·${scatter} / Σ ${w}${prior}`;
          if (f === "diagonal") return `${lhs} = diag(Σ ${w}·${scatter}) / Σ ${w}`;
          if (f === "spherical") return `${lhs} = Σ ${w}·‖${r}‖² / (D Σ ${w})`;
          return f === "sd"
            ? `${lhs} = √(Σ ${w}·${scatter} / Σ ${w})`
            : `${lhs} = Σ ${w}·${scatter} / Σ ${w}`;
        })(),
      },
    };
  },
};
