// The public types of the builder, pinned: params, data and drawn values typed by their declared shapes,
// the scope handed to bodies, and what `set` may name. A change here is a change of the public API.

import { describe, expectTypeOf, it } from "vitest";
import {
  type CheckReport,
  type ConstRef,
  cat,
  count,
  cov,
  type DataSource,
  type ExplainResult,
  type IndexRef,
  type LetRef,
  lvm,
  type ModelFitResult,
  type ModelSampleResult,
  matrix,
  model,
  prob,
  real,
  type Sampling,
  type SetValue,
  type SizeRef,
  simplex,
  type TargetRef,
  type TemplateModel,
  type VariableRef,
  vector,
} from "../../src/api";
import { twins } from "./twins";

const gmm = twins["faithful-gmm-full"];
type FitOf<M extends { fit: (...a: never[]) => unknown }> = Awaited<ReturnType<M["fit"]>>;

describe("builder types", () => {
  it("params are typed by their declared shapes", () => {
    type Params = NonNullable<FitOf<typeof gmm>["result"]>["params"];
    expectTypeOf<Params>().toEqualTypeOf<{
      readonly pi: number[];
      readonly mu: number[][];
      readonly Sigma: number[][][];
    }>();
    type ClassParams = NonNullable<FitOf<(typeof twins)["latent-class"]>["result"]>["params"];
    expectTypeOf<ClassParams>().toEqualTypeOf<{ readonly pi: number[]; readonly theta: number[][] }>();
    type Linkage = NonNullable<FitOf<(typeof twins)["genetic-linkage"]>["result"]>["params"];
    expectTypeOf<Linkage>().toEqualTypeOf<{ readonly theta: number }>();
    type Fa = NonNullable<FitOf<(typeof twins)["factor-analysis"]>["result"]>["params"];
    expectTypeOf<Fa>().toEqualTypeOf<{
      readonly W: number[][];
      readonly b: number[];
      readonly psi: number[];
    }>();
  });

  it("fit takes the data as declared (null for a missing value, labels for categories) or a source", () => {
    type Data = Parameters<typeof gmm.fit>[0];
    expectTypeOf<Data>().toEqualTypeOf<{ readonly x: (number | null)[][] } | DataSource>();
    type Abo = Parameters<(typeof twins)["abo-blood-groups"]["fit"]>[0];
    expectTypeOf<Abo>().toEqualTypeOf<
      { readonly phenotype: (number | string | null)[]; readonly count: (number | null)[] } | DataSource
    >();
    expectTypeOf(gmm.fit).returns.toEqualTypeOf<
      Promise<
        ModelFitResult<{ readonly pi: number[]; readonly mu: number[][]; readonly Sigma: number[][][] }>
      >
    >();
  });

  it("fit options: `set` names only sizes and constants; `init` takes params", () => {
    type Options = NonNullable<Parameters<typeof gmm.fit>[1]>;
    expectTypeOf<NonNullable<Options["set"]>>().toEqualTypeOf<{
      readonly N?: SetValue;
      readonly D?: SetValue;
      readonly K?: SetValue;
    }>();
    expectTypeOf<Options["init"]>().toEqualTypeOf<
      | "random"
      | "kmeans++"
      | { readonly pi: number[]; readonly mu: number[][]; readonly Sigma: number[][][] }
      | undefined
    >();
  });

  it("sample takes params and returns the drawn data and latents", () => {
    expectTypeOf(gmm.sample).parameter(0).toEqualTypeOf<{
      readonly pi: number[];
      readonly mu: number[][];
      readonly Sigma: number[][][];
    }>();
    expectTypeOf(gmm.sample).returns.toEqualTypeOf<
      Promise<ModelSampleResult<{ readonly x: number[][]; readonly z: number[] }>>
    >();
    expectTypeOf(gmm.check).returns.toEqualTypeOf<CheckReport>();
    expectTypeOf(gmm.explain).returns.toEqualTypeOf<ExplainResult>();
    expectTypeOf(gmm.toLvm).returns.toEqualTypeOf<string>();
  });

  it("bodies receive the index and the scope of declared names", () => {
    model("m")
      .size("N")
      .const("K", 2)
      .data("y", ["N"], count)
      .param("theta", ["K"], prob)
      .param("W", matrix(2, 2))
      .param("S", cov(2))
      .latent("z", ["N"], cat("K"))
      .let("half", 0.5)
      .for("n", 1, "N", (n, scope) => {
        expectTypeOf(n).toEqualTypeOf<IndexRef>();
        expectTypeOf(scope.N).toEqualTypeOf<SizeRef>();
        expectTypeOf(scope.K).toEqualTypeOf<ConstRef>();
        expectTypeOf(scope.half).toEqualTypeOf<LetRef>();
        expectTypeOf(scope.theta).toEqualTypeOf<VariableRef<number[]>>();
        expectTypeOf(scope.W).toEqualTypeOf<VariableRef<number[][]>>();
        expectTypeOf(scope.S).toEqualTypeOf<VariableRef<number[][]>>();
        expectTypeOf(scope.z.at(n)).toEqualTypeOf<TargetRef>();
        expectTypeOf(scope.z.at(n).follows).returns.toEqualTypeOf<Sampling>();
        // @ts-expect-error: a name that was never declared is not in the scope
        void scope.sigma;
        return [];
      });
  });

  it("declarations check their arguments: a param's type is a type; dims are names, numbers or expressions", () => {
    // @ts-expect-error: a number is not a type
    model("m").param("mu", 3);
    // @ts-expect-error: dims are given as an array
    model("m").param("mu", "K", real);
    expectTypeOf(vector).parameter(0).toEqualTypeOf<string | number | import("../../src/api").Expression>();
    expectTypeOf(simplex(3).value).toEqualTypeOf<number[]>();
  });

  it("the lvm tag is typed by its type arguments", () => {
    const m = lvm<{ theta: number }>`model m
param theta: prob`;
    expectTypeOf(m).toEqualTypeOf<
      TemplateModel<
        { theta: number },
        Record<string, unknown>,
        Record<string, unknown>,
        Record<string, SetValue>
      >
    >();
    expectTypeOf<NonNullable<FitOf<typeof m>["result"]>["params"]>().toEqualTypeOf<{ theta: number }>();
  });
});
