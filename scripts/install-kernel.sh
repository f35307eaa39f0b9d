#!/bin/sh
# Installs the `tslab` Jupyter kernel spec for this checkout, idempotently and
# without network access (`tslab install` would need IPython; the spec is one
# JSON file, so we write it). Also makes sure notebooks/lib links to ../lib:
# tslab compiles imported .ts files with rootDir = the notebook's folder, so
# `../lib` fails with "not under rootDir" while `./lib` through the link works.
#
# Needs: node, `npm ci` done (node_modules/tslab), and Jupyter (Debian:
# apt-get install -y --no-install-recommends jupyter-nbconvert jupyter-notebook).
# JUPYTER_DATA_DIR, when set, chooses where the spec goes.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
tslab="$root/node_modules/tslab/bin/tslab"
node=$(command -v node) || { echo "install-kernel: node is not on PATH" >&2; exit 1; }
[ -f "$tslab" ] || { echo "install-kernel: $tslab is missing; run 'npm ci' first" >&2; exit 1; }
command -v jupyter >/dev/null 2>&1 || {
  echo "install-kernel: jupyter is not on PATH; apt-get install -y --no-install-recommends jupyter-nbconvert" >&2
  exit 1
}

data_dir=${JUPYTER_DATA_DIR:-$(jupyter --data-dir)}
spec_dir="$data_dir/kernels/tslab"
mkdir -p "$spec_dir"
tmp="$spec_dir/kernel.json.tmp-$$"
# The spec is per user, not per checkout: the kernel is the launcher of the
# checkout holding the notebook (Jupyter starts kernels in the notebook's
# folder), with that checkout's tslab, and this checkout's only when the
# notebook lies outside any. The launcher (scripts/tslab-kernel.cjs) reports a
# failing cell's error name and message to Jupyter, which tslab alone does not.
launcher="const p = require('path'), fs = require('fs'); let d = process.cwd(); while (!fs.existsSync(p.join(d, 'scripts', 'tslab-kernel.cjs')) && p.dirname(d) !== d) d = p.dirname(d); require(fs.existsSync(p.join(d, 'scripts', 'tslab-kernel.cjs')) ? p.join(d, 'scripts', 'tslab-kernel.cjs') : '$root/scripts/tslab-kernel.cjs');"
cat > "$tmp" <<JSON
{
  "argv": ["$node", "-e", "$launcher", "kernel", "--config-path", "{connection_file}"],
  "display_name": "TypeScript",
  "language": "typescript"
}
JSON
mv "$tmp" "$spec_dir/kernel.json"

link="$root/notebooks/lib"
if [ ! -L "$link" ]; then
  [ -e "$link" ] && { echo "install-kernel: $link exists and is not a link to ../lib" >&2; exit 1; }
  ln -s ../lib "$link"
fi
echo "install-kernel: tslab kernel spec in $spec_dir, notebooks/lib -> ../lib"
