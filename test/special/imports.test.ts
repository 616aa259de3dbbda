// src/special is a leaf: it imports only its own files (no packages, no other stage).

import { describe, expect, it } from "vitest";
import { importsOf } from "../support/imports";

describe("src/special dependencies", () => {
  it("imports nothing outside src/special", () => {
    const sites = importsOf(new URL("../../src/special", import.meta.url).pathname);
    expect(sites.length).toBeGreaterThan(5);
    const foreign = sites.filter((site) => !/^\.\/[a-z0-9-]+$/.test(site.specifier));
    expect(foreign).toEqual([]);
  });
});
