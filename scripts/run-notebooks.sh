#!/usr/bin/env bash
# Executes the research notebooks with the tslab kernel, one after the other
# (03 and 04 reuse the experiments that 02 trains), with their parameters set
# papermill-style: each notebook's cell tagged `parameters` keeps its
# defaults, and a cell injected after it assigns what the flags give.
#
# The executed copies go to results/notebooks/<scale>/executed/ (or --out, a
# folder inside the repository); the committed notebooks are left alone.
# --inplace executes the committed notebooks themselves, at the demo scale
# with their default parameters only: that is the record committed with the
# repository, whose figures (SVG, and PNG at 2x) are then copied to
# results/figures/ as <notebook number>-<figure>.svg|png.
#
# Whatever happens, each executed notebook is saved, with the failing cell's
# error in it; a failure stops the run with a non-zero status.
#
#   scripts/run-notebooks.sh [flags] [NOTEBOOK...]    (default: all of notebooks/0*.ipynb)
#     --scale smoke|demo|full   how big (default demo)
#     --prepared DIR            a store written by `recipe1m prepare`
#     --raw DIR                 a Recipe1M-layout folder (prepared into the results folder when --prepared is not given)
#     --results DIR             where experiments and figures go
#     --seed N  --epochs N      the training seed and epochs (0: the scale's)
#     -p NAME=VALUE             any other parameter of the notebooks' parameters cells (lists: comma-separated)
#     --out DIR                 where the executed copies go, inside the repository (default results/notebooks/<scale>/executed)
#     --inplace                 execute the committed notebooks in place (demo scale, no other flag)
#
# Needs jupyter (nbconvert's nbclient) and the kernel spec: scripts/install-kernel.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '/^#   scripts/,/^#     --inplace/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

scale=demo
out=
inplace=0
params=()
notebooks=()
while [ $# -gt 0 ]; do
  case $1 in
    --scale) [ $# -ge 2 ] || usage; scale=$2; params+=("scale=$2"); shift 2 ;;
    --prepared|--raw|--results|--seed|--epochs) [ $# -ge 2 ] || usage; params+=("${1#--}=$2"); shift 2 ;;
    -p) [ $# -ge 2 ] || usage; case $2 in *=*) params+=("$2") ;; *) usage ;; esac; shift 2 ;;
    --out) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
    --inplace) inplace=1; shift ;;
    -h|--help) usage ;;
    -*) echo "run-notebooks: unknown flag $1" >&2; usage ;;
    *) notebooks+=("$1"); shift ;;
  esac
done
[ ${#notebooks[@]} -gt 0 ] || notebooks=(notebooks/0*.ipynb)
case $scale in smoke|demo|full) ;; *) echo "run-notebooks: --scale $scale: use smoke, demo or full" >&2; exit 2 ;; esac

# The Python that runs jupyter has nbclient (python3 on PATH may be another one).
jupyter_bin=$(command -v jupyter) || { echo "run-notebooks: jupyter is not on PATH: bash scripts/setup.sh" >&2; exit 1; }
python=
for candidate in "$(sed -n '1s/^#! *\([^ ]*\).*/\1/p' "$jupyter_bin")" python3; do
  if [ -n "$candidate" ] && "$candidate" -c 'import nbclient, nbformat' >/dev/null 2>&1; then python=$candidate; break; fi
done
[ -n "$python" ] || { echo "run-notebooks: no Python with nbclient found (the one of $jupyter_bin, or python3)" >&2; exit 1; }

if [ $inplace = 1 ]; then
  if [ "$scale" != demo ] || [ ${#params[@]} -gt 1 ] || { [ ${#params[@]} = 1 ] && [ "${params[0]}" != scale=demo ]; } || [ -n "$out" ]; then
    echo "run-notebooks: --inplace executes the committed notebooks as committed: demo scale, default parameters, no --out" >&2
    exit 2
  fi
  copies=("${notebooks[@]}")
else
  out=${out:-results/notebooks/$scale/executed}
  list=$(node --import tsx scripts/notebook-copies.ts --out "$out" "${notebooks[@]}" -- "${params[@]}") || exit 1
  copies=()
  while IFS=$'\t' read -r copy injected; do
    echo "run-notebooks: $copy, parameters set: $injected"
    copies+=("$copy")
  done <<< "$list"
fi

for nb in "${copies[@]}"; do
  start=$(date +%s)
  if ! "$python" scripts/execute-notebook.py "$nb"; then
    echo "run-notebooks: $nb failed after $(( $(date +%s) - start )) s; it is saved with the error" >&2
    exit 1
  fi
  echo "run-notebooks: $nb at $scale scale: $(( $(date +%s) - start )) s"
done

if [ $inplace = 1 ]; then
  mkdir -p results/figures
  for nb in "${notebooks[@]}"; do
    name=$(basename "$nb" .ipynb)
    number=${name%%-*}
    for figure in "results/notebooks/demo/$name"/*.png "results/notebooks/demo/$name"/*.svg; do
      [ -e "$figure" ] && cp "$figure" "results/figures/$number-$(basename "$figure")"
    done
  done
  echo "run-notebooks: results/figures holds $(du -sh results/figures | cut -f1)"
fi
