// src/random depends only on src/special and the seedrandom package (for xor4096).

import { describe, expect, it } from "vitest";
import { importsOf } from "../support/imports";

describe("src/random dependencies", () => {
  it("imports only its own files, ../special and seedrandom", () => {
    const sites = importsOf(new URL("../../src/random", import.meta.url).pathname);
    const foreign = sites.filter(
      (site) => !/^(\.\/[a-z0-9-]+|\.\.\/special|seedrandom)$/.test(site.specifier),
    );
    expect(foreign).toEqual([]);
    expect(sites.filter((site) => site.specifier === "seedrandom").map((site) => site.file)).toEqual([
      "rng.ts",
    ]);
  });
});
