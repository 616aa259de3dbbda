// src/linalg is a leaf: its own files, plus ml-matrix for the symmetric eigendecomposition only (its
// Cholesky returns garbage on non-positive-definite input, so it must not creep into the other kernels).

import { describe, expect, it } from "vitest";
import { importsOf } from "../support/imports";

describe("src/linalg dependencies", () => {
  it("imports only its own files, and ml-matrix only in eigen.ts", () => {
    const sites = importsOf(new URL("../../src/linalg", import.meta.url).pathname);
    const foreign = sites.filter((site) => !/^(\.\/[a-z0-9-]+|ml-matrix)$/.test(site.specifier));
    expect(foreign).toEqual([]);
    expect(sites.filter((site) => site.specifier === "ml-matrix").map((site) => site.file)).toEqual([
      "eigen.ts",
    ]);
  });
});
