// The ordered list of distribution families the language knows (the table in docs/language.md).

import { bernoulli } from "./bernoulli";
import { beta } from "./beta";
import { binomial } from "./binomial";
import { categorical } from "./categorical";
import { dirichlet } from "./dirichlet";
import { exponential } from "./exponential";
import { gamma } from "./gamma";
import { invGamma } from "./inv-gamma";
import { invWishart } from "./inv-wishart";
import { logNormal } from "./log-normal";
import { multinomial } from "./multinomial";
import { mvNormal } from "./mv-normal";
import { normal } from "./normal";
import { poisson } from "./poisson";
import type { Distribution } from "./signature";
import { studentT } from "./student-t";
import { uniform } from "./uniform";

export const distributionList: readonly Distribution[] = [
  normal,
  logNormal,
  studentT,
  exponential,
  gamma,
  invGamma,
  beta,
  uniform,
  poisson,
  bernoulli,
  binomial,
  categorical,
  mvNormal,
  dirichlet,
  multinomial,
  invWishart,
];

export const distributions: ReadonlyMap<string, Distribution> = new Map(
  distributionList.map((d) => [d.name, d]),
);
