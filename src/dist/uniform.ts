// The Uniform distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const uniform: DistributionSignature = {
  name: "Uniform",
  params: [
    { name: "lo", shape: "scalar", requires: "real" },
    { name: "hi", shape: "scalar", requires: "real" },
  ],
  support: "real",
  censorable: true,
  summary: "Uniform(lo, hi): lo < hi",
};
