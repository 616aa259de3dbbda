# Held-out log-likelihood of the nonlinear decoder: the exact marginal likelihood per row by a grid over z (4 001
# points on [−7, 7] for a 1-D latent, 601 × 601 on [−6, 6]² for a 2-D one; posterior widths are ≥ 0.05), on the
# training data and on 1 000 rows simulated from the truth file with seed 209. Usage:
#   python3 examples/data/decoder-heldout.py FIT.json …   (each a `latent fit --out` result; the truth is always shown)
import json, math, os, sys
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
truth_file = json.load(open(os.path.join(HERE, 'nonlinear-decoder.truth.json')))
truth = truth_file['params']
L, D = truth_file['L'], truth_file['D']


def simulate(n, seed):
    rng = np.random.default_rng(seed)
    W1, b1, W2, b2, s2 = (np.array(truth[k]) for k in ('W1', 'b1', 'W2', 'b2', 's2'))
    z = rng.normal(size=(n, L))
    return np.tanh(z @ W1.T + b1) @ W2.T + b2 + rng.normal(0, math.sqrt(s2), size=(n, D))


if L == 1:
    Z = np.linspace(-7, 7, 4001)[:, None]
    dz = Z[1, 0] - Z[0, 0]
else:
    g = np.linspace(-6, 6, 601)
    Z = np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)
    dz = (g[1] - g[0]) ** 2
logprior = -0.5 * (Z ** 2).sum(1) - 0.5 * L * math.log(2 * math.pi)


def loglik(x, p):
    W1, b1, W2, b2, s2 = (np.array(p[k], dtype=float) for k in ('W1', 'b1', 'W2', 'b2', 's2'))
    mu = np.tanh(Z @ W1.reshape(-1, L).T + b1) @ W2.reshape(D, -1).T + b2  # grid × D
    out = 0.0
    for row in x:
        r = ((row - mu) ** 2).sum(1)
        lp = logprior - 0.5 * r / s2 - 0.5 * D * math.log(2 * math.pi * s2)
        m = lp.max()
        out += m + math.log(np.exp(lp - m).sum() * dz)
    return out


train = np.loadtxt(os.path.join(HERE, 'nonlinear-decoder.csv'), delimiter=',', skiprows=1)
held = simulate(1000, 209)
fits = {'truth': truth}
for f in sys.argv[1:]:
    fits[f] = json.load(open(f))['params']
for name, p in fits.items():
    print(name, 'train', round(loglik(train, p) / len(train), 4), 'held-out', round(loglik(held, p) / len(held), 4), 's2', p['s2'])
