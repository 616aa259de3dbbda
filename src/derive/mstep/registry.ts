// The ordered list of M-step kernel rules: the first that matches a block's Q gives its update.

import type { KernelRule } from "./rule";
import { covariance } from "./rules/covariance";
import { linearMean } from "./rules/linear-mean";
import { positiveRate } from "./rules/positive-rate";
import { probLogLinear } from "./rules/prob-log-linear";
import { simplexLogLinear } from "./rules/simplex-log-linear";

export const kernelRules: readonly KernelRule[] = [
  simplexLogLinear,
  probLogLinear,
  positiveRate,
  linearMean,
  covariance,
];
