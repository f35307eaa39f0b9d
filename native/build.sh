#!/usr/bin/env bash
# Builds native/build/blas_matmul.node against the system OpenBLAS
# (Debian: apt-get install libopenblas-dev). Optional: without it the wasm
# kernels are used. Exits non-zero, changing nothing, when it cannot build.
set -euo pipefail
cd "$(dirname "$0")"
include=""
for dir in "$(dirname "$(dirname "$(command -v node)")")/include/node" /usr/include/node /usr/local/include/node; do
  if [ -f "$dir/node_api.h" ]; then include="$dir"; break; fi
done
[ -n "$include" ] || { echo "build:native: no Node headers (node_api.h) next to $(command -v node)" >&2; exit 1; }
printf '#include <cblas.h>\n' | cc -fsyntax-only -x c - 2>/dev/null || { echo "build:native: no cblas.h; install libopenblas-dev" >&2; exit 1; }
mkdir -p build
cc -O2 -fPIC -shared -Wall -Wextra -DNODE_GYP_MODULE_NAME=blas_matmul -I"$include" blas_matmul.c -lopenblas -o build/blas_matmul.node.tmp
mv build/blas_matmul.node.tmp build/blas_matmul.node
echo "build:native: built native/build/blas_matmul.node"
