// `explain`: the derivation a fit would run, shown as mathematics — from the model alone (what depends on
// the data is said to be decided at binding), or bound to `--set` values and a data file exactly as `fit`
// binds them, so that explain shows the plan fit runs, or the diagnostic fit gives.

import type { CheckedModel } from "../check";
import { parseSetArguments } from "../data";
import {
  type Algorithm,
  type Derivation,
  type Explanation,
  explainDerivation,
  formatExplanation,
} from "../derive";
import { type Diagnostic, hasErrors, type SourceFile } from "../diagnostics";
import type { MissingPlan } from "../engine";
import { lower, type ModelIR, printIR } from "../ir";
import { checkFile } from "./check";
import { prepareFit } from "./fit";
import { planModel } from "./plan";

export interface ExplainOptions {
  readonly latex?: boolean;
  /** Print the model IR as the compiler sees it, instead of the derivation. */
  readonly ir?: boolean;
  /** `NAME=VALUE` sizes and constants, as for fit. */
  readonly set?: readonly string[];
  /** A data file: bind it as fit does and explain the plan for those data. */
  readonly data?: string;
  readonly columns?: readonly string[];
  readonly algorithm?: Algorithm;
}

export interface ExplainResult {
  readonly explanation: Explanation | undefined;
  readonly text: string | undefined;
  readonly derivation?: Derivation;
  /** With data: the data factors with missing cells and their E-step (planned from the data). */
  readonly missing?: readonly MissingPlan[];
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
}

function render(
  ir: ModelIR,
  d: Derivation,
  options: ExplainOptions,
): { explanation: Explanation; text: string; derivation: Derivation } {
  const explanation = explainDerivation(d, {
    ...(options.latex === undefined ? {} : { latex: options.latex }),
    ...(options.algorithm === undefined ? {} : { algorithm: options.algorithm }),
  });
  return { explanation, text: options.ir ? printIR(ir) : formatExplanation(explanation), derivation: d };
}

export async function explainFile(modelPath: string, options: ExplainOptions = {}): Promise<ExplainResult> {
  if (options.data !== undefined) {
    const prepared = await prepareFit(modelPath, { ...options, data: options.data });
    const { derivation, missing, diagnostics, source } = prepared;
    if (!derivation || hasErrors(diagnostics))
      return { explanation: undefined, text: undefined, diagnostics, source };
    return { ...render(derivation.ir, derivation, options), missing, diagnostics, source };
  }
  const set = parseSetArguments(options.set ?? []);
  const report = await checkFile(modelPath, { overrides: set.values });
  const diagnostics: Diagnostic[] = [...report.diagnostics, ...set.diagnostics];
  if (!report.model || hasErrors(diagnostics))
    return { explanation: undefined, text: undefined, diagnostics, source: report.source };
  const result = explainModel(report.model, options, set.values);
  diagnostics.push(...(result.derivation?.diagnostics ?? []));
  if (hasErrors(diagnostics))
    return { explanation: undefined, text: undefined, diagnostics, source: report.source };
  return { ...result, diagnostics, source: report.source };
}

/**
 * The derivation of a checked model (from a file or the builder) without data, as objects and as text;
 * sizes given in `set` are bound, the rest decided at binding.
 */
export function explainModel(
  model: CheckedModel,
  options: ExplainOptions = {},
  set: ReadonlyMap<string, unknown> = new Map(),
): { explanation: Explanation; text: string; derivation: Derivation } {
  const ir = lower(model);
  const sizes = new Map<string, number>();
  for (const name of ir.sizes) {
    const v = set.get(name);
    if (typeof v === "number" && Number.isInteger(v) && v >= 0) sizes.set(name, v);
  }
  return render(ir, planModel(ir, sizes, options.algorithm), options);
}
