// The InvGamma distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const invGamma: DistributionSignature = {
  name: "InvGamma",
  params: [
    { name: "shape", shape: "scalar", requires: "positive" },
    { name: "scale", shape: "scalar", requires: "positive" },
  ],
  support: "positive",
  censorable: true,
  summary: "InvGamma(shape, scale): 1/outcome is Gamma(shape, rate = scale)",
};
