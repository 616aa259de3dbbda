// The ordered list of M-step kernel rules: the first that matches a block's Q gives its update.
// Gaussian location and covariance rules, and conjugate Normal/InvWishart priors, come next.

import type { KernelRule } from "./rule";
import { positiveRate } from "./rules/positive-rate";
import { probLogLinear } from "./rules/prob-log-linear";
import { simplexLogLinear } from "./rules/simplex-log-linear";

export const kernelRules: readonly KernelRule[] = [simplexLogLinear, probLogLinear, positiveRate];
