// The affinity test behind the Gaussian E-step: exact on affine expressions, and it rejects curved ones.

import { describe, expect, it } from "vitest";
import { independentOf, isAffineIn } from "../../src/derive";
import * as S from "../../src/symbolic";

const z = S.symbol("z", S.vectorShape("L"));
const W = S.symbol("W", S.matrixShape("D", "L"));
const b = S.symbol("b", S.vectorShape("D"));
const s = S.symbol("s", S.SCALAR, "positive");
const u = S.symbol("u", S.SCALAR);

describe("isAffineIn", () => {
  it.each([
    ["W z + b", S.add(S.matmul(W, z), b)],
    ["s·W z", S.mul(s, S.matmul(W, z))],
    ["sum(z) + 3", S.add(S.sum(z), 3)],
    ["W⁻ᵀ-free constant", b],
  ])("%s is affine in z", (_, e) => {
    expect(isAffineIn(e, z)).toBe(true);
  });

  it.each([
    ["tanh(W z)", S.tanh(S.matmul(W, z))],
    ["zᵀ z", S.dot(z, z)],
    ["exp(sum z)", S.exp(S.sum(z))],
  ])("%s is not affine in z", (_, e) => {
    expect(isAffineIn(e, z)).toBe(false);
  });

  it("scalars: u² and u/s, 1/u", () => {
    expect(isAffineIn(S.pow(u, 2), u)).toBe(false);
    expect(isAffineIn(S.div(u, s), u)).toBe(true);
    expect(isAffineIn(S.div(1, S.add(u, 5)), u)).toBe(false);
  });

  it("independence is by name", () => {
    expect(independentOf(S.add(b, S.matmul(W, z)), [s])).toBe(true);
    expect(independentOf(S.mul(s, b), [s])).toBe(false);
  });
});
