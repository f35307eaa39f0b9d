#!/usr/bin/env python3
"""Retrieval metrics of extracted embeddings, recomputed with numpy.

    python3 scripts/embedding_metrics.py <exp>/embeddings_<split>
        [--nb-bags N] [--per-bag N] [--protocol disjoint|independent] [--seed S]

Reads the folder `recipe1m extract` writes (layout: lib/engine/embeddings_io.ts)
and prints, as JSON, the metrics the experiment logs under
`eval_epoch.metric.<key>`: med_<dir>_mean|std and recall_at_<k>_<dir>_mean|std
for dir in im2recipe, recipe2im and k in 1, 5, 10. The bag options default to
the `metric` entry of index.json (the experiment's model.metric options).

The protocol, independently of the TypeScript code that logs the metrics:
- Rows are the split's pairs in store order, the first `count` rows of each
  file; row i of images.f32 matches row i of recipes.f32.
- Bags of row numbers (lib/metrics/bags.ts), from the project's seeded
  generator (mulberry32, lib/util/random.ts): `disjoint` cuts one permutation
  of the rows into nb_bags consecutive slices of per_bag; `independent` draws
  each bag as the first per_bag items of a partial Fisher-Yates shuffle of
  all rows, one generator for all bags.
- In a bag, rows are scaled to unit L2 norm (as float32, like the logged
  run) and S[i, j] = cos(image i, recipe j), computed exactly per entry (so
  equal embeddings give equal scores). The rank of image query i is
  1 + #{j : S[i, j] > S[i, i]}; of recipe query j, 1 + #{i : S[i, j] > S[j, j]}.
- Per bag: MedR = the median rank (mean of the two middle ranks for an even
  count), R@K = the fraction of ranks <= K. Reported: the mean over bags and
  the population standard deviation (divided by the number of bags).
"""
import argparse
import json
import math
import os
import sys

import numpy as np

MASK = 0xFFFFFFFF
DIRECTIONS = ("im2recipe", "recipe2im")
RECALL_KS = (1, 5, 10)


def imul(a, b):
    return (a * b) & MASK


class Random:
    """lib/util/random.ts, bit for bit."""

    def __init__(self, seed):
        self.state = (int(seed) ^ 0x9E3779B9) & MASK

    def next(self):
        self.state = (self.state + 0x6D2B79F5) & MASK
        t = self.state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & MASK
        return ((t ^ (t >> 14)) & MASK) / 4294967296

    def int(self, n):
        return math.floor(self.next() * n)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.int(i + 1)
            items[i], items[j] = items[j], items[i]
        return items

    def permutation(self, n):
        return self.shuffle(list(range(n)))


def sample_bags(n, nb_bags, per_bag, protocol, seed):
    rng = Random(seed)
    if protocol == "disjoint":
        if n < nb_bags * per_bag:
            raise SystemExit(f"protocol disjoint needs {nb_bags} x {per_bag} pairs, the split has {n}")
        perm = rng.permutation(n)
        return [perm[b * per_bag:(b + 1) * per_bag] for b in range(nb_bags)]
    if protocol == "independent":
        if n < per_bag:
            raise SystemExit(f"protocol independent needs {per_bag} <= {n} pairs")
        bags = []
        for _ in range(nb_bags):
            items = list(range(n))
            for i in range(per_bag):
                j = i + rng.int(n - i)
                items[i], items[j] = items[j], items[i]
            bags.append(items[:per_bag])
        return bags
    raise SystemExit(f"unknown protocol {protocol!r}")


def unit_rows(x):
    norms = np.sqrt(np.sum(x.astype(np.float64) ** 2, axis=1, keepdims=True))
    if not np.all(np.isfinite(norms)) or np.any(norms == 0):
        raise SystemExit("a row has a zero or non-finite norm: cosine is undefined")
    return (x.astype(np.float64) / norms).astype(np.float32).astype(np.float64)


def similarities(images, recipes):
    """S[i, j] = images[i] . recipes[j], each entry summed on its own (no BLAS blocking)."""
    count, dim = images.shape
    rows = max(1, (1 << 23) // max(1, count * dim))
    out = np.empty((count, count))
    for r0 in range(0, count, rows):
        out[r0:r0 + rows] = np.sum(images[r0:r0 + rows, None, :] * recipes[None, :, :], axis=2)
    return out


def bag_ranks(images, recipes):
    s = similarities(unit_rows(images), unit_rows(recipes))
    diag = np.diag(s)
    im2recipe = 1 + np.sum(s > diag[:, None], axis=1)
    recipe2im = 1 + np.sum(s > diag[None, :], axis=0)
    return {"im2recipe": im2recipe, "recipe2im": recipe2im}


def mean_std(xs):
    # Summed left to right, as the logged run does, so that the last digit agrees.
    mean = sum(xs, 0.0) / len(xs)
    variance = sum(((x - mean) ** 2 for x in xs), 0.0) / len(xs)
    return mean, math.sqrt(variance)


def metrics(images, recipes, bags):
    per_bag = {f"med_{d}": [] for d in DIRECTIONS}
    per_bag.update({f"recall_at_{k}_{d}": [] for d in DIRECTIONS for k in RECALL_KS})
    for bag in bags:
        ranks = bag_ranks(images[bag], recipes[bag])
        for d in DIRECTIONS:
            per_bag[f"med_{d}"].append(float(np.median(ranks[d])))
            for k in RECALL_KS:
                per_bag[f"recall_at_{k}_{d}"].append(int(np.sum(ranks[d] <= k)) / len(ranks[d]))
    out = {}
    for key, xs in per_bag.items():
        out[f"{key}_mean"], out[f"{key}_std"] = mean_std(xs)
    return out


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="<exp>/embeddings_<split>, as written by recipe1m extract")
    parser.add_argument("--nb-bags", type=int)
    parser.add_argument("--per-bag", type=int)
    parser.add_argument("--protocol", choices=["disjoint", "independent"])
    parser.add_argument("--seed", type=int)
    args = parser.parse_args(argv)
    with open(os.path.join(args.folder, "index.json"), encoding="utf-8") as f:
        index = json.load(f)
    if index.get("format") != "recipe1m-embeddings":
        raise SystemExit(f"{args.folder}/index.json is not a recipe1m-embeddings index")
    metric = index.get("metric") or {}
    options = {
        "nb_bags": args.nb_bags if args.nb_bags is not None else metric.get("nb_bags"),
        "per_bag": args.per_bag if args.per_bag is not None else metric.get("nb_matchs_per_bag"),
        "protocol": args.protocol or metric.get("protocol"),
        "seed": args.seed if args.seed is not None else metric.get("seed"),
    }
    missing = [k for k, v in options.items() if v is None]
    if missing:
        raise SystemExit(f"{args.folder}/index.json has no metric entry for {', '.join(missing)}: give them as options")
    count, dim = index["count"], index["dim"]
    # The pairs are the first `count` rows; a set that covers the split has more after them.
    load = lambda name: np.fromfile(os.path.join(args.folder, index["files"][name]), dtype="<f4").reshape(-1, dim)[:count]
    bags = sample_bags(count, options["nb_bags"], options["per_bag"], options["protocol"], options["seed"])
    json.dump(metrics(load("images"), load("recipes"), bags), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
