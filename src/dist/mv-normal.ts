// The MvNormal distribution family: its signature (arguments, support).
// Log-density, sampler and exponential-family form join it here as the math core grows.

import type { DistributionSignature } from "./signature";

export const mvNormal: DistributionSignature = {
  name: "MvNormal",
  params: [
    { name: "mean", shape: "vector", requires: "real" },
    { name: "cov", shape: "matrix", requires: "cov" },
  ],
  support: "vector",
  sizeFrom: 0,
  censorable: false,
  summary: "MvNormal(mean, cov): cov is the covariance matrix",
};
