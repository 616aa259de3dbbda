// The InvWishart distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const invWishart: DistributionSignature = {
  name: "InvWishart",
  params: [
    { name: "nu", shape: "scalar", requires: "positive" },
    { name: "Psi", shape: "matrix", requires: "cov" },
  ],
  support: "cov",
  sizeFrom: 1,
  censorable: false,
  summary: "InvWishart(nu, Psi): nu > D - 1 degrees of freedom, scale matrix Psi",
};
