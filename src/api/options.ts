// The options of the library's fit calls, checked as the command line checks its flags: a seed is a whole
// number ≥ 0, restarts a whole number ≥ 1, and so on. Options come from JavaScript callers, not only from
// TypeScript, so anything may arrive (null, NaN, a BigInt, a misspelt key): each is a diagnostic (E0003),
// never a TypeError from deep inside the fit, and never a value quietly rounded or ignored.

import { describeValue } from "../data/cells";
import { closestName, type Diagnostic, SourceFile } from "../diagnostics";

/** The values of `algorithm`, as `--algorithm` takes them. */
export const ALGORITHMS = ["auto", "em", "hard", "stochastic", "mcem", "gem", "ecm"] as const;

/** Why a value is not acceptable for an option ("a whole number ≥ 1"), or undefined when it is. */
type Rule = (value: unknown) => string | undefined;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const whole =
  (min: number): Rule =>
  (v) =>
    typeof v === "number" && Number.isSafeInteger(v) && v >= min ? undefined : `a whole number ≥ ${min}`;

const oneOf =
  (values: readonly string[]): Rule =>
  (v) =>
    typeof v === "string" && values.includes(v)
      ? undefined
      : `one of ${values.map((x) => `"${x}"`).join(", ")}`;

const nonEmptyString: Rule = (v) => (typeof v === "string" && v !== "" ? undefined : "a non-empty string");

const strings: Rule = (v) =>
  Array.isArray(v) && v.every((x, i) => Object.hasOwn(v, i) && typeof x === "string")
    ? undefined
    : "an array of strings";

const common: Readonly<Record<string, Rule>> = {
  seed: whole(0),
  restarts: whole(1),
  maxIter: whole(0),
  tol: (v) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? undefined : "a finite number ≥ 0"),
  algorithm: oneOf(ALGORITHMS),
  accelerate: oneOf(["squarem", "none"]),
  se: (v) => (typeof v === "boolean" ? undefined : "true or false"),
  onProgress: (v) => (typeof v === "function" ? undefined : "a function"),
};

/** `fitFile(modelPath, options)`: the options of `latent fit`, with the data file's path. */
const fileRules: Readonly<Record<string, Rule>> = {
  data: nonEmptyString,
  set: strings,
  columns: strings,
  ...common,
  init: nonEmptyString,
};

/** `model.fit(data, options)` on a builder model. */
const modelRules: Readonly<Record<string, Rule>> = {
  set: (v) => (isPlainObject(v) ? undefined : "an object { name: value }"),
  columns: (v) =>
    isPlainObject(v) && Object.values(v).every((x) => strings(x) === undefined)
      ? undefined
      : "an object { data name: array of column names }",
  ...common,
  init: (v) =>
    v === "random" || v === "kmeans++" || isPlainObject(v)
      ? undefined
      : '"random", "kmeans++", or starting params { name: value }',
};

function check(
  call: string,
  options: unknown,
  rules: Readonly<Record<string, Rule>>,
  required: readonly string[],
): Diagnostic[] {
  const problem = (message: string, hint?: string): Diagnostic => ({
    severity: "error",
    code: "E0003",
    message: `${call}: ${message}`,
    ...(hint === undefined ? {} : { hint }),
  });
  if (options === undefined) options = {};
  if (!isPlainObject(options)) return [problem(`the options are an object, not ${describeValue(options)}`)];
  const out: Diagnostic[] = [];
  for (const name of required)
    if (options[name] === undefined) out.push(problem(`the option '${name}' is required`));
  for (const [name, value] of Object.entries(options)) {
    if (!Object.hasOwn(rules, name)) {
      const near = closestName(name, Object.keys(rules));
      out.push(
        problem(
          `'${name}' is not an option`,
          near ? `did you mean '${near}'?` : `the options are ${Object.keys(rules).join(", ")}`,
        ),
      );
      continue;
    }
    if (value === undefined) continue;
    const want = rules[name]!(value);
    if (want) out.push(problem(`${name} must be ${want}, not ${describeValue(value)}`));
  }
  return out;
}

/** Diagnostics for the options of a builder model's `fit`; empty when they are all valid. */
export function checkModelFitOptions(options: unknown): Diagnostic[] {
  return check("fit", options, modelRules, []);
}

/**
 * `fitFile`'s arguments checked: the failed result to return when they are invalid, else undefined.
 * (Structurally a `FitResult`; fit.ts is not imported, so the two files do not import each other.)
 */
export function refuseFitFileOptions(
  modelPath: unknown,
  options: unknown,
):
  | {
      readonly result: undefined;
      readonly diagnostics: Diagnostic[];
      readonly source: SourceFile;
      readonly failed: false;
    }
  | undefined {
  const diagnostics = [
    ...(nonEmptyString(modelPath) === undefined
      ? []
      : [
          {
            severity: "error" as const,
            code: "E0003" as const,
            message: `fitFile: the model path must be a non-empty string, not ${describeValue(modelPath)}`,
          },
        ]),
    ...check("fitFile", options, fileRules, ["data"]),
  ];
  if (diagnostics.length === 0) return undefined;
  const name = typeof modelPath === "string" ? modelPath : "<model>";
  return { result: undefined, diagnostics, source: new SourceFile(name, ""), failed: false };
}
