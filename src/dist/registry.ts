// The ordered list of distribution families the language knows (LANGUAGE.md §6).

import { normal } from "./normal";
import { logNormal } from "./log-normal";
import { studentT } from "./student-t";
import { exponential } from "./exponential";
import { gamma } from "./gamma";
import { invGamma } from "./inv-gamma";
import { beta } from "./beta";
import { uniform } from "./uniform";
import { poisson } from "./poisson";
import { bernoulli } from "./bernoulli";
import { binomial } from "./binomial";
import { categorical } from "./categorical";
import { mvNormal } from "./mv-normal";
import { dirichlet } from "./dirichlet";
import { multinomial } from "./multinomial";
import { invWishart } from "./inv-wishart";
import type { Distribution } from "./signature";

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
