// The library's fit calls check their options as the CLI checks its flags, and answer with diagnostics
// (E0003), never a raw TypeError, an empty failure reason or a quietly rounded value.

import { describe, expect, it } from "vitest";
import { fitFile, model, Normal, real } from "../../src/api";
import { files, normalModel } from "./helpers";

const m = model("m")
  .size("N")
  .data("y", ["N"], real)
  .param("mu", real)
  .for("n", 1, "N", (n, { y, mu }) => [y!.at(n).follows(Normal(mu!, 1))]);

const data = { y: [1, 2, 3] };

/** The error messages of a result, which must have no result and must not count as a failed fit. */
function refused(r: {
  result: unknown;
  failed: boolean;
  diagnostics: readonly { code: string; message: string }[];
}) {
  expect(r.result).toBeUndefined();
  expect(r.failed).toBe(false);
  return r.diagnostics.map((d) => `${d.code} ${d.message}`);
}

describe("model.fit options", () => {
  it.each([
    [null, "E0003 fit: the options are an object, not null"],
    [{ seed: Number.NaN }, "E0003 fit: seed must be a whole number ≥ 0, not NaN"],
    [{ seed: -1 }, "E0003 fit: seed must be a whole number ≥ 0, not -1"],
    [{ seed: 1n }, "E0003 fit: seed must be a whole number ≥ 0, not 1n (a BigInt)"],
    [
      { init: null },
      'E0003 fit: init must be "random", "kmeans++", or starting params { name: value }, not null',
    ],
    [{ restarts: 0 }, "E0003 fit: restarts must be a whole number ≥ 1, not 0"],
    [{ restarts: 1.5 }, "E0003 fit: restarts must be a whole number ≥ 1, not 1.5"],
    [{ maxIter: Number.POSITIVE_INFINITY }, "E0003 fit: maxIter must be a whole number ≥ 0, not Infinity"],
    [{ tol: -1 }, "E0003 fit: tol must be a finite number ≥ 0, not -1"],
    [
      { algorithm: "fast" },
      'E0003 fit: algorithm must be one of "auto", "em", "hard", "stochastic", "mcem", "gem", "ecm", not "fast"',
    ],
    [{ set: [1] }, "E0003 fit: set must be an object { name: value }, not [1]"],
    [
      { columns: { y: "a" } },
      'E0003 fit: columns must be an object { data name: array of column names }, not {"y":"a"}',
    ],
    [{ onProgress: 1 }, "E0003 fit: onProgress must be a function, not 1"],
    [{ seeds: 3 }, "E0003 fit: 'seeds' is not an option"],
  ])("%o is refused with a diagnostic", async (options, message) => {
    const r = await m.fit(data, options as never);
    expect(refused(r)).toEqual([message]);
  });

  it("a misspelt option gets a suggestion", async () => {
    const r = await m.fit(data, { maxiter: 3 } as never);
    expect(r.diagnostics[0]?.hint).toBe("did you mean 'maxIter'?");
  });

  it("valid options (and undefined ones) still fit", async () => {
    const r = await m.fit(data, {
      seed: 3,
      restarts: 2,
      maxIter: 50,
      tol: 0,
      algorithm: "em",
      init: "random",
      tol2: undefined,
    } as never);
    expect(refused(r)).toEqual(["E0003 fit: 'tol2' is not an option"]);
    const ok = await m.fit(data, {
      seed: 3,
      restarts: 2,
      maxIter: 50,
      tol: 0,
      algorithm: "em",
      init: undefined,
    } as never);
    expect(ok.result?.params.mu).toBeCloseTo(2, 6);
    expect(ok.result?.restarts).toHaveLength(2);
  });

  it("a BigInt in starting params is a diagnostic", async () => {
    const r = await m.fit(data, { init: { mu: 2n } as never });
    expect(r.result).toBeUndefined();
    expect(r.diagnostics.find((d) => d.severity === "error")?.message).toBe(
      "mu must be a finite number, not 2n (a BigInt)",
    );
  });
});

describe("fitFile options", () => {
  const f = files({ "m.lvm": normalModel, "y.csv": "y\n1\n2\n3\n" });

  it.each([
    [null, ["E0003 fitFile: the options are an object, not null"]],
    [undefined, ["E0003 fitFile: the option 'data' is required"]],
    [{ data: "" }, ['E0003 fitFile: data must be a non-empty string, not ""']],
    [{ data: "y.csv", restarts: 1.5 }, ["E0003 fitFile: restarts must be a whole number ≥ 1, not 1.5"]],
    [{ data: "y.csv", restarts: 0 }, ["E0003 fitFile: restarts must be a whole number ≥ 1, not 0"]],
    [{ data: "y.csv", seed: Number.NaN }, ["E0003 fitFile: seed must be a whole number ≥ 0, not NaN"]],
    [{ data: "y.csv", init: null }, ["E0003 fitFile: init must be a non-empty string, not null"]],
    [{ data: "y.csv", set: "K=2" }, ['E0003 fitFile: set must be an array of strings, not "K=2"']],
    [
      { data: "y.csv", accelerate: "yes" },
      ['E0003 fitFile: accelerate must be one of "squarem", "none", not "yes"'],
    ],
  ])("%o is refused with a diagnostic", async (options, messages) => {
    const o =
      options && typeof options === "object" && "data" in options && options.data
        ? { ...options, data: f.at(options.data) }
        : options;
    expect(refused(await fitFile(f.at("m.lvm"), o as never))).toEqual(messages);
  });

  it("a model path that is not a string is refused", async () => {
    expect(refused(await fitFile(3 as never, { data: f.at("y.csv") }))).toEqual([
      "E0003 fitFile: the model path must be a non-empty string, not 3",
    ]);
  });

  it("restarts: 2 runs two restarts", async () => {
    const r = await fitFile(f.at("m.lvm"), { data: f.at("y.csv"), restarts: 2 });
    expect(r.result?.restarts).toHaveLength(2);
  });
});
