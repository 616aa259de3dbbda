// The Beta distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const beta: DistributionSignature = {
  name: "Beta",
  params: [
    { name: "a", shape: "scalar", requires: "positive" },
    { name: "b", shape: "scalar", requires: "positive" },
  ],
  support: "prob",
  censorable: true,
  summary: "Beta(a, b)",
};
