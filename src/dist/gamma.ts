// The Gamma distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const gamma: DistributionSignature = {
  name: "Gamma",
  params: [
    { name: "shape", shape: "scalar", requires: "positive" },
    { name: "rate", shape: "scalar", requires: "positive" },
  ],
  support: "positive",
  censorable: true,
  summary: "Gamma(shape, rate): mean shape/rate",
};
