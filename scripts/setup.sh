#!/usr/bin/env bash
# Installs everything the project needs, idempotently: system packages
# (Jupyter Notebook for the interactive notebooks and nbconvert to execute
# them, Chromium for PNG figures and the browser tests, numpy for the tests
# that recompute metrics from extracted embeddings and read the .npy and
# safetensors exports; Debian packages no safetensors, so that test reads the
# layout with numpy) when apt is available and they are missing, the npm
# packages from the lockfile, the tslab Jupyter kernel, and the optional
# native kernels.
# On a conda machine, `conda env create -f environment.yml && conda activate recipe1m-ts`
# first: then the system packages are already there (set RECIPE1M_CHROMIUM to a
# Chromium or Chrome binary for PNG figures).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
jupyter nbconvert --version >/dev/null 2>&1 || need_apt+=(jupyter-nbconvert)
jupyter notebook --version >/dev/null 2>&1 || need_apt+=(jupyter-notebook)
[ -x "${RECIPE1M_CHROMIUM:-/usr/bin/chromium}" ] || need_apt+=(chromium)
python3 -c 'import numpy' >/dev/null 2>&1 || need_apt+=(python3-numpy)
if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${need_apt[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" fonts-dejavu-core >/dev/null
  else
    echo "setup: missing ${need_apt[*]}; install them (Debian: apt-get install ${need_apt[*]}; conda: environment.yml)" >&2
    exit 1
  fi
fi

echo "setup: npm ci"
npm ci --no-audit --no-fund

bash scripts/install-kernel.sh

# Optional native kernels for the wasm backend (OpenBLAS matMul and a one-pass
# Adam; native/README.md): 3x faster paper-width steps. Never fatal: without
# them the wasm kernels are used.
if ! printf '#include <cblas.h>\n' | cc -fsyntax-only -x c - >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "setup: installing libopenblas-dev with apt-get (optional native kernels)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libopenblas-dev >/dev/null; } || true
fi
npm run -s build:native || echo "setup: optional native kernels not built; the wasm kernels will be used" >&2
echo "setup: done"
