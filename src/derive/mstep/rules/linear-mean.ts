// Rule: θ enters the mean of Normal/MvNormal terms linearly, with covariances that do not depend on it:
// Q(θ) = −½ Σ w (rₙ − Bₙθ)ᵀ Pₙ (rₙ − Bₙθ) + const is maximised by weighted least squares,
// θ = (Σ w BₙᵀPₙBₙ)⁻¹ Σ w BₙᵀPₙ cₙ, with the residual target − mean = cₙ + Bₙθ. Component means (B = I:
// μₖ = Σₙ γₙₖ xₙ / Nₖ), shared means, regression and loading matrices; Normal priors on θ add a term (MAP).

import type { GaussianForm } from "../../../distributions";
import { cholesky, choleskySolve } from "../../../linalg";
import * as S from "../../../symbolic";
import { isJointlyAffineIn } from "../../structure";
import { asArray, evaluator } from "../evaluators";
import { weightText } from "../log-linear";
import type { CustomContribution, KernelRule, Read } from "../rule";
import { unitLayout } from "../units";

/** Pₙ: the inverse covariance or 1/sd², by the family's Gaussian form, evaluated at the element. */
function precision(form: GaussianForm, scale: number | Float64Array): Float64Array {
  if (form.scale === "sd") return Float64Array.of(1 / (scale as number) ** 2);
  const m = scale as Float64Array;
  const d = Math.round(Math.sqrt(m.length));
  return S.invDense(m, d);
}

export const linearMean: KernelRule = {
  name: "linear-mean",
  shape: "−½ Σ w (r − Bθ)ᵀ P (r − Bθ) → θ = (Σ w BᵀPB)⁻¹ Σ w BᵀP c",
  match: (q) => {
    const t = q.block.type;
    if (t.structure !== undefined || t.domain.positive || t.domain.integer) {
      return { decline: `${q.block.name} is not an unconstrained real (its type restricts it)` };
    }
    const layout = unitLayout(q);
    if (typeof layout === "string") return { decline: layout };
    const n = layout.size;
    const contributions: CustomContribution[] = [];
    let plain = true;
    let varying: string | undefined;
    for (const [index, { term, symbols }] of q.terms.entries()) {
      const f = term.factor;
      // A family with a Gaussian form (Normal, MvNormal; LogNormal is one of the log of its target).
      const form = f.distribution.gaussian;
      if (!form)
        return {
          decline: `${q.block.name} appears in a ${f.distribution.name} term, which has no Gaussian form`,
        };
      const placed = layout.placements[index]!;
      const sym = symbols[0]!;
      const [mean, scale] = term.args as [S.Expr, S.Expr];
      if (S.dependsOn(scale, symbols))
        return {
          decline: `${q.block.name} is in the ${form.scale === "sd" ? "sd" : "covariance"} of the '~' for ${f.target.name}`,
        };
      const logged = form.of === "log";
      const observed = logged ? S.log(term.target) : term.target;
      const residual = S.sub(observed, mean);
      if (!isJointlyAffineIn(residual, symbols))
        return { decline: `the mean in the '~' for ${f.target.name} is not linear in ${q.block.name}` };
      // One symbol that is the whole unit: θ itself, not elements of it placed in a joint solve.
      const whole = placed.length === 1 && placed[0]!.offset === 0 && placed[0]!.length === n;
      if (
        !whole ||
        !S.shapesEqual(term.target.shape, sym.shape) ||
        S.simplify(residual) !== S.simplify(S.sub(observed, sym))
      )
        plain = false;
      // The precision cancels from the weighted mean only when it is the same for every row.
      if (S.freeSymbols(scale).some((s) => term.sources.get(s.name)?.variable?.role !== "param"))
        varying = S.toUnicode(scale);
      const reads = new Set(S.freeSymbols(residual).map((s) => s.name));
      const own = new Set(symbols.map((s) => s.name));
      const residualReads = [...reads].filter((name) => !own.has(name));
      const residualPartial = S.compilePartial(residual, symbols);
      // The unit's elements this term reads: the columns of B that can be nonzero.
      const columns = [
        ...new Set(placed.flatMap((p) => Array.from({ length: p.length }, (_, j) => p.offset + j))),
      ];
      const scaleAt = evaluator(scale);
      const constantPrecision = S.freeSymbols(scale).every(
        (x) => term.sources.get(x.name)?.variable?.role === "param",
      );
      const isTargetMinusTheta =
        whole &&
        term.target.kind === "symbol" &&
        S.shapesEqual(term.target.shape, sym.shape) &&
        S.simplify(residual) === S.simplify(S.sub(observed, sym));
      if (constantPrecision && isTargetMinusTheta) {
        // target − θ: B = −I, so H += w·P and g += w·P·x, with P the same for every row of this term.
        let P: Float64Array | undefined;
        const targetName = term.target.name;
        contributions.push({
          term,
          symbol: sym,
          // P cancels from the weighted mean when it is the only precision of this element of θ (below).
          dependsOn: S.freeSymbols(scale).filter((s) => s !== sym),
          begin: () => {
            P = undefined;
          },
          // Σ w·P and P·Σ w·x: the moments Σ w and Σ w (x − c) suffice, as P is the same for every row.
          moments: {
            of: targetName,
            order: 1,
            log: logged,
            reads: S.freeSymbols(scale).map((s) => s.name),
            finish: (m, read, unit) => {
              const Pm = precision(form, scaleAt(read));
              for (let a = 0; a < n; a++) {
                let g = 0;
                for (let b = 0; b < n; b++) {
                  const p = n === 1 ? Pm[0]! : Pm[a * n + b]!;
                  unit[a * n + b]! += m.weight * p;
                  g += p * (m.sum[b]! + m.weight * m.centre[b]!);
                }
                unit[n * n + a]! += g;
              }
            },
          },
          accumulate: (read: Read, unit: Float64Array, w: number) => {
            P ??= precision(form, scaleAt(read));
            const raw = asArray(read(targetName));
            const x = logged ? raw.map(Math.log) : raw;
            for (let a = 0; a < n; a++) {
              let g = 0;
              for (let b = 0; b < n; b++) {
                const p = n === 1 ? P[0]! : P[a * n + b]!;
                unit[a * n + b]! += w * p;
                g += p * x[b]!;
              }
              unit[n * n + a]! += w * g;
            }
          },
        });
        continue;
      }
      contributions.push({
        term,
        symbol: sym,
        dependsOn: [...S.freeSymbols(residual), ...S.freeSymbols(scale)].filter((s) => !own.has(s.name)),
        accumulate: (read: Read, unit: Float64Array, w: number) => {
          // r(θ) = c + Bθ: c at θ = 0, column j of B from the unit's element j = 1 (exact, as r is affine
          // in θ), set in every symbol of the term that holds it. What does not read θ (a nonlinear feature
          // of the latent, say) is computed once per element.
          const linearise = (at: Read) => {
            const env: Record<string, number | Float64Array> = {};
            for (const name of residualReads) env[name] = at(name);
            const values = placed.map((p) =>
              p.symbol.shape.kind === "scalar" ? undefined : new Float64Array(p.length),
            );
            placed.forEach((p, i) => {
              env[p.symbol.name] = values[i] ?? 0;
            });
            const prepared = residualPartial.prepare(env);
            const c = asArray(residualPartial.evaluate(env, prepared));
            const B = new Float64Array(c.length * n);
            for (const j of columns) {
              placed.forEach((p, i) => {
                const inside = j >= p.offset && j < p.offset + p.length;
                const v = values[i];
                if (v) v.fill(0);
                if (v && inside) v[j - p.offset] = 1;
                env[p.symbol.name] = v ?? (inside ? 1 : 0);
              });
              const rj = asArray(residualPartial.evaluate(env, prepared));
              for (let i = 0; i < c.length; i++) B[i * n + j] = rj[i]! - c[i]!;
            }
            return { B, c };
          };
          const P = precision(form, scaleAt(read));
          /** H += w BᵀPB and g −= w BᵀPc (P is m×m, or a scalar for Normal). */
          const add = (B: Float64Array, c: Float64Array) => {
            const m = c.length;
            const PB = new Float64Array(m * n);
            const Pc = new Float64Array(m);
            for (let i = 0; i < m; i++) {
              for (let l = 0; l < m; l++) {
                const p = m === 1 ? P[0]! : P[i * m + l]!;
                Pc[i]! += p * c[l]!;
                for (let j = 0; j < n; j++) PB[i * n + j]! += p * B[l * n + j]!;
              }
            }
            for (let a = 0; a < n; a++) {
              for (let b = 0; b < n; b++) {
                let h = 0;
                for (let i = 0; i < m; i++) h += B[i * n + a]! * PB[i * n + b]!;
                unit[a * n + b]! += w * h;
              }
              let g = 0;
              for (let i = 0; i < m; i++) g += B[i * n + a]! * Pc[i]!;
              unit[n * n + a]! -= w * g;
            }
          };
          // Latents are read at the posterior's points (with their weights): E[BᵀPB], E[BᵀPc] are their sums.
          const at = linearise(read);
          add(at.B, at.c);
        },
      });
    }
    const name = q.block.name;
    // θ = (Σ w P)⁻¹ P Σ w x = Σ w x / Σ w when every term of an element of θ has the same precision P:
    // then the update does not read the covariance (means before covariances, not an ECM cycle).
    const precisions = new Map<S.SymbolExpr, Set<S.Expr>>();
    for (const c of contributions) {
      const scale = c.term.args[1]!;
      precisions.set(c.symbol, (precisions.get(c.symbol) ?? new Set()).add(scale));
    }
    const cancels = plain && [...precisions.values()].every((s) => s.size === 1);
    const finalContributions = cancels
      ? contributions.map((c) => (c.moments ? { ...c, dependsOn: [] } : c))
      : contributions;
    return {
      match: {
        rule: "linear-mean",
        block: q.block,
        slotsPerUnit: n * n + n,
        unitRank: layout.rank,
        contributions: finalContributions,
        solve: (stats) => {
          const H = stats.slice(0, n * n);
          const g = stats.slice(n * n);
          const c = cholesky(H, n);
          if (!c.ok)
            return `the weighted least-squares equations for ${name} are singular (no data informs it: an empty component?)`;
          return choleskySolve(c.L, n, g);
        },
        equation: plain
          ? (() => {
              const first = contributions[0]!;
              const w = weightText(first) || "1";
              const x = S.toUnicode(first.term.target);
              const lhs = S.toUnicode(first.symbol);
              if (cancels && varying === undefined)
                return `${lhs} = Σ ${w}·${x} / Σ ${w}: the weighted mean (covariances cancel)`;
              const scale = varying ?? S.toUnicode(first.term.args[1]!);
              const power = first.term.factor.distribution.gaussian?.scale === "sd" ? "⁻²" : "⁻¹";
              return `${lhs} = (Σ w·P)⁻¹ Σ w·P·${x} over every term of ${name}, P = (${scale})${power}: precision-weighted mean`;
            })()
          : `${name} = (Σ w BᵀPB)⁻¹ Σ w BᵀP c, with target − mean = c − B·${name}: weighted least squares`,
      },
    };
  },
};
