#!/usr/bin/env python3
"""Reads what recipe1m writes for other tools, as a Python user would, and
prints it as JSON for test/interchange/python_readers.test.ts to compare.

    python3 read_exports.py embeddings <embeddings_<split> folder>
    python3 read_exports.py safetensors <file>...

Only numpy and the standard library: Debian packages no `safetensors`, so
the safetensors layout is read by the ten-line `load_safetensors` below
(with the checks the package's own reader makes). Where the package is
installed, its `safetensors.numpy.load_file` must give the same arrays.
"""
import csv
import json
import os
import sys

import numpy as np


def load_safetensors(path):
    """8-byte little-endian header length, JSON header, then raw little-endian data back to back."""
    with open(path, "rb") as f:
        buf = f.read()
    n = int.from_bytes(buf[:8], "little")
    header = json.loads(buf[8 : 8 + n])
    meta = header.pop("__metadata__", {})
    start, end, out = 8 + n, 0, {}
    for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        begin, stop = e["data_offsets"]
        assert begin == end, f"{path}: {name} does not start where the previous tensor ends"
        dtype = {"F32": "<f4", "I32": "<i4"}[e["dtype"]]
        out[name] = np.frombuffer(buf, dtype, (stop - begin) // 4, start + begin).reshape(e["shape"])
        end = stop
    assert start + end == len(buf), f"{path}: {len(buf) - start - end} bytes after the last tensor"
    return meta, out, start


def with_package(path, arrays):
    try:
        from safetensors.numpy import load_file
    except ImportError:
        return False
    theirs = load_file(path)
    assert theirs.keys() == arrays.keys(), f"{path}: safetensors reads other names"
    for k, v in arrays.items():
        assert theirs[k].dtype == v.dtype and np.array_equal(theirs[k], v), f"{path}: safetensors reads {k} differently"
    return True


def embeddings(folder):
    out = {}
    with open(os.path.join(folder, "index.json"), encoding="utf-8") as f:
        index = json.load(f)
    for name in ("recipes", "images"):
        path = os.path.join(folder, index["interchange"][name])
        with open(path, "rb") as f:
            version = np.lib.format.read_magic(f)
        a = np.load(path)
        raw = np.fromfile(os.path.join(folder, index["files"][name]), dtype="<f4").reshape(index["count"], index["dim"])
        out[name] = {
            "version": list(version),
            "dtype": a.dtype.str,
            "c_contiguous": bool(a.flags["C_CONTIGUOUS"]),
            "shape": list(a.shape),
            "equals_f32": bool(np.array_equal(a, raw)),
            "values": a.ravel().tolist(),
        }
    with open(os.path.join(folder, index["interchange"]["ids"]), newline="", encoding="utf-8") as f:
        out["ids"] = list(csv.DictReader(f))
    return out


def safetensors(paths):
    out = {}
    for path in paths:
        meta, arrays, start = load_safetensors(path)
        out[os.path.basename(path)] = {
            "meta": meta,
            "data_start": start,
            "package": with_package(path, arrays),
            "tensors": [{"name": k, "dtype": v.dtype.str, "shape": list(v.shape), "values": v.ravel().tolist()} for k, v in arrays.items()],
        }
    return out


if __name__ == "__main__":
    kind, args = sys.argv[1], sys.argv[2:]
    print(json.dumps(embeddings(args[0]) if kind == "embeddings" else safetensors(args)))
