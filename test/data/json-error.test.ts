// The JSON error locator agrees with JSON.parse on what is valid, and points inside the text.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonErrorOffset } from "../../src/data/json-error";

describe("jsonErrorOffset", () => {
  it("accepts exactly what JSON.parse accepts (valid documents and their truncations)", () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), (json, cut) => {
        expect(jsonErrorOffset(json)).toBe(-1);
        const text = json.slice(0, cut % (json.length + 1));
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const at = jsonErrorOffset(text);
        if (valid) expect(at).toBe(-1);
        else expect(at).toBeGreaterThanOrEqual(0);
        expect(at).toBeLessThanOrEqual(text.length);
      }),
      { seed: 3, numRuns: 2000 },
    );
  });

  it("points at the first bad character", () => {
    expect(jsonErrorOffset('{"x": [1,,2]}')).toBe(9);
    expect(jsonErrorOffset('{"x": 1} 2')).toBe(9);
    expect(jsonErrorOffset(`${"[".repeat(100000)}`)).toBe(100000);
  });
});
