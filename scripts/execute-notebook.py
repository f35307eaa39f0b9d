"""Executes one notebook in place with its own kernel and saves it whatever happens.

`jupyter nbconvert --execute` writes nothing when a cell fails; this saves the
notebook with every output up to and including the failing cell's error,
prints that error (cell source, name, message, traceback) on stderr, and
exits 1. The kernel starts in the notebook's folder, as in Jupyter. Output
still arriving after a cell's reply is waited for (up to IOPUB_TIMEOUT
seconds, then it is an error): nbclient's default gives up after 4 s and
drops the rest without a word.

    python3 scripts/execute-notebook.py NOTEBOOK [--timeout SECONDS]

Needs nbclient and nbformat (installed with jupyter-nbconvert).
"""
import argparse
import os
import sys
import tempfile

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError, CellTimeoutError


IOPUB_TIMEOUT = 600


def save(nb, path):
    """Writes atomically and durably: a temporary file in the same folder, fsync, rename, fsync the folder."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".ipynb.tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    dfd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook")
    parser.add_argument("--timeout", type=int, default=None, help="seconds per cell (default: none)")
    args = parser.parse_args()
    path = args.notebook
    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "tslab")
    client = NotebookClient(nb, timeout=args.timeout, kernel_name=kernel,
                            iopub_timeout=IOPUB_TIMEOUT, raise_on_iopub_timeout=True,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    failure = None
    try:
        client.execute()
    except (CellExecutionError, DeadKernelError, CellTimeoutError) as err:
        failure = err
    finally:
        save(nb, path)
    if failure is not None:
        print(f"execute-notebook: {path}: {type(failure).__name__}:\n{failure}", file=sys.stderr)
        print(f"execute-notebook: saved {path} with the outputs up to the failing cell", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
