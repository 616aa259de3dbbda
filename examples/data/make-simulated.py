#!/usr/bin/env python3
"""Simulated data sets for the example models in examples/*.lvm.

Each data set is drawn from known parameters with its own fixed seed, so running this script again writes the
same bytes. Beside every data file it writes NAME.truth.json: the parameters the data were drawn from, shaped
like the model's `param` declarations (as a fit result's `params`: arrays of arrays, 1-based order in the model =
list order here). The truth is not the maximum-likelihood answer; reference-fits.py computes that.

    python3 examples/data/make-simulated.py        # from the repository root; needs numpy
"""

import csv
import json
import math
import os
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = 4  # decimals written for real values: enough for the fits, small files


def rounded(a):
    return np.round(np.asarray(a, dtype=float), DIGITS)


def num(v):
    """A CSV cell: integers without a decimal point, reals with at most DIGITS decimals, NaN as NA."""
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if math.isnan(v):
        return "NA"
    s = f"{v:.{DIGITS}f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([num(v) for v in r])


def write_json(name, obj):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, separators=(", ", ": "))
        f.write("\n")


def tolist(a):
    return np.asarray(a).tolist()


def truth(name, seed, params, **extra):
    write_json(f"{name}.truth.json", {"seed": seed, **extra, "params": params})


def vector_header(d):
    return [f"x.{j}" for j in range(1, d + 1)]


def biome_format(paths):
    """Format the JSON written here as the repository's formatter does, so `npm run lint` stays clean and a rerun
    writes the same bytes. Needs the repository's node_modules; without them the JSON is only unformatted."""
    root = os.path.dirname(os.path.dirname(HERE))
    try:
        subprocess.run(["npx", "biome", "format", "--write", *paths], cwd=root, check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"note: could not run biome to format the JSON ({e}); run `npx biome format --write examples/data`")


# --- poisson-mixture.lvm: 3-component Poisson mixture ------------------------------------------------------
def poisson_mixture():
    seed, n = 101, 400
    rng = np.random.default_rng(seed)
    w = np.array([0.3, 0.5, 0.2])
    lam = np.array([2.0, 8.0, 20.0])
    z = rng.choice(3, size=n, p=w)
    y = rng.poisson(lam[z])
    write_csv("poisson-mixture.csv", ["y"], [[int(v)] for v in y])
    truth("poisson-mixture", seed, {"w": tolist(w), "lambda": tolist(lam)}, N=n, K=3)


# --- latent-class.lvm: Bernoulli mixture / latent class model, 6 binary items, 3 classes --------------------
def latent_class():
    seed, n = 102, 500
    rng = np.random.default_rng(seed)
    pi = np.array([0.5, 0.3, 0.2])
    theta = np.array(
        [
            [0.9, 0.85, 0.8, 0.9, 0.75, 0.8],  # "yes to everything"
            [0.2, 0.15, 0.2, 0.8, 0.85, 0.9],  # agrees with items 4-6 only
            [0.15, 0.2, 0.1, 0.25, 0.15, 0.2],  # "no to everything"
        ]
    )
    z = rng.choice(3, size=n, p=pi)
    x = (rng.random((n, theta.shape[1])) < theta[z]).astype(int)
    write_json("latent-class.json", {"x": x.tolist()})
    truth("latent-class", seed, {"pi": tolist(pi), "theta": tolist(theta)}, N=n, J=6, K=3)


# --- ppca.lvm: probabilistic PCA, D = 5, L = 2 -------------------------------------------------------------
def ppca():
    seed, n, d, l = 103, 300, 5, 2
    rng = np.random.default_rng(seed)
    W = rounded(rng.normal(0, 1.5, size=(d, l)))
    b = np.array([1.0, -2.0, 0.5, 3.0, 0.0])
    s2 = 0.25
    z = rng.normal(size=(n, l))
    x = z @ W.T + b + rng.normal(0, math.sqrt(s2), size=(n, d))
    write_csv("ppca.csv", vector_header(d), rounded(x))
    truth("ppca", seed, {"W": tolist(W), "b": tolist(b), "s2": s2}, N=n, D=d, L=l)


# --- factor-analysis.lvm: factor analysis, D = 6, L = 2, heteroscedastic noise ------------------------------
def factor_analysis():
    seed, n, d, l = 104, 400, 6, 2
    rng = np.random.default_rng(seed)
    W = np.array([[1.0, 0.0], [0.9, 0.1], [0.8, -0.2], [0.0, 1.2], [0.2, 0.9], [-0.1, 0.7]])
    b = np.array([0.0, 1.0, -1.0, 2.0, 0.5, -0.5])
    psi = np.array([0.1, 0.3, 0.5, 0.2, 0.4, 0.6])
    z = rng.normal(size=(n, l))
    x = z @ W.T + b + rng.normal(size=(n, d)) * np.sqrt(psi)
    write_csv("factor-analysis.csv", vector_header(d), rounded(x))
    truth("factor-analysis", seed, {"W": tolist(W), "b": tolist(b), "psi": tolist(psi)}, N=n, D=d, L=l)


# --- mixture-ppca.lvm: mixture of 3 PPCA components, D = 5, L = 2 -------------------------------------------
def mixture_ppca():
    seed, n, d, l, k = 105, 600, 5, 2, 3
    rng = np.random.default_rng(seed)
    pi = np.array([0.4, 0.35, 0.25])
    W = rounded(rng.normal(0, 1.0, size=(k, d, l)))
    b = np.array([[0.0, 0.0, 0.0, 0.0, 0.0], [6.0, 6.0, 0.0, 0.0, 0.0], [0.0, 6.0, 6.0, -6.0, 0.0]])
    s2 = np.array([0.1, 0.2, 0.05])
    c = rng.choice(k, size=n, p=pi)
    z = rng.normal(size=(n, l))
    x = np.einsum("ndl,nl->nd", W[c], z) + b[c] + rng.normal(size=(n, d)) * np.sqrt(s2[c])[:, None]
    write_csv("mixture-ppca.csv", vector_header(d), rounded(x))
    truth(
        "mixture-ppca",
        seed,
        {"pi": tolist(pi), "W": tolist(W), "b": tolist(b), "σ2": tolist(s2)},
        N=n,
        D=d,
        L=l,
        K=k,
    )


# --- student-t.lvm: Student-t location/scale as a Gamma scale mixture of Normals ---------------------------
def student_t():
    seed, n = 106, 400
    rng = np.random.default_rng(seed)
    loc, scale, nu = 10.0, 2.0, 4.0
    u = rng.gamma(shape=nu / 2, scale=2 / nu, size=n)  # Gamma(nu/2, rate nu/2)
    x = loc + scale / np.sqrt(u) * rng.normal(size=n)
    write_csv("student-t.csv", ["x"], [[v] for v in rounded(x)])
    truth("student-t", seed, {"loc": loc, "scale": scale, "nu": nu}, N=n)


# --- censored-normal.lvm: right-censored Normal (random censoring times) -----------------------------------
def censored_normal():
    seed, n = 107, 300
    rng = np.random.default_rng(seed)
    mu, sigma = 50.0, 10.0
    t = rng.normal(mu, sigma, size=n)
    c = rng.uniform(40.0, 80.0, size=n)  # each unit's censoring time
    cens = (t > c).astype(int)
    y = np.where(cens == 1, c, t)
    rows = [[yy, int(cc)] for yy, cc in zip(rounded(y), cens)]
    write_csv("censored-normal.csv", ["y", "cens"], rows)
    truth("censored-normal", seed, {"μ": mu, "σ": sigma}, N=n, censored=int(cens.sum()))


# --- poisson-lognormal.lvm: Poisson counts with a Normal random effect on the log rate ----------------------
def poisson_lognormal():
    seed, n = 108, 500
    rng = np.random.default_rng(seed)
    a, s = 1.0, 0.8
    z = rng.normal(0, s, size=n)
    y = rng.poisson(np.exp(a + z))
    write_csv("poisson-lognormal.csv", ["y"], [[int(v)] for v in y])
    truth("poisson-lognormal", seed, {"a": a, "s": s}, N=n)


# --- nonlinear-decoder.lvm: x = W2 tanh(W1 z + b1) + b2 + noise, L = 1, H = 4, D = 4 ------------------------
def nonlinear_decoder():
    seed, n, d, h, l = 109, 500, 4, 4, 1
    rng = np.random.default_rng(seed)
    W1 = rounded(rng.normal(0, 1.5, size=(h, l)))
    b1 = rounded(rng.normal(0, 0.5, size=h))
    W2 = rounded(rng.normal(0, 1.0, size=(d, h)))
    b2 = rounded(rng.normal(0, 1.0, size=d))
    s2 = 0.05
    z = rng.normal(size=(n, l))
    x = np.tanh(z @ W1.T + b1) @ W2.T + b2 + rng.normal(0, math.sqrt(s2), size=(n, d))
    write_csv("nonlinear-decoder.csv", vector_header(d), rounded(x))
    params = {"W1": tolist(W1), "b1": tolist(b1), "W2": tolist(W2), "b2": tolist(b2), "s2": s2}
    truth("nonlinear-decoder", seed, params, N=n, D=d, H=h, L=l)


# --- gmm-map.lvm: a small 2-D, 3-component mixture where one component has few rows ------------------------
def gmm_map():
    seed, n = 110, 60
    rng = np.random.default_rng(seed)
    pi = np.array([0.5, 0.4, 0.1])
    mu = np.array([[0.0, 0.0], [3.0, 3.0], [0.0, 4.0]])
    Sigma = np.array([[[1.0, 0.3], [0.3, 0.5]], [[0.6, -0.2], [-0.2, 0.8]], [[0.2, 0.0], [0.0, 0.2]]])
    z = rng.choice(3, size=n, p=pi)
    x = np.stack([rng.multivariate_normal(mu[k], Sigma[k]) for k in z])
    write_csv("gmm-map.csv", vector_header(2), rounded(x))
    truth("gmm-map", seed, {"pi": tolist(pi), "mu": tolist(mu), "Sigma": tolist(Sigma)}, N=n, D=2, K=3)


# --- missing-mvnormal.lvm: a 3-D Normal with 15% of the cells missing completely at random ------------------
def missing_mvnormal():
    seed, n, d = 111, 200, 3
    rng = np.random.default_rng(seed)
    mu = np.array([1.0, -1.0, 2.0])
    Sigma = np.array([[1.0, 0.6, 0.3], [0.6, 2.0, -0.5], [0.3, -0.5, 1.5]])
    x = rounded(rng.multivariate_normal(mu, Sigma, size=n))
    miss = rng.random((n, d)) < 0.15
    full = miss.all(axis=1)
    miss[full, rng.integers(0, d, size=full.sum())] = False  # every row keeps at least one value
    x[miss] = np.nan
    write_csv("missing-mvnormal.csv", vector_header(d), x)
    truth("missing-mvnormal", seed, {"mu": tolist(mu), "Sigma": tolist(Sigma)}, N=n, D=d, missing=int(miss.sum()))


if __name__ == "__main__":
    poisson_mixture()
    latent_class()
    ppca()
    factor_analysis()
    mixture_ppca()
    student_t()
    censored_normal()
    poisson_lognormal()
    nonlinear_decoder()
    gmm_map()
    missing_mvnormal()
    biome_format(sorted(os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".json")))
