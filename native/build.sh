#!/usr/bin/env bash
# Builds native/build/kernels.node against the system OpenBLAS
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
# -fno-math-errno lets the Adam loop use vector sqrt (kernels.c picks AVX-512/AVX2/plain at load time).
cc -O3 -fno-math-errno -fPIC -shared -Wall -Wextra -DNODE_GYP_MODULE_NAME=kernels -I"$include" kernels.c -lopenblas -o build/kernels.node.tmp
mv build/kernels.node.tmp build/kernels.node
echo "build:native: built native/build/kernels.node"
