#!/bin/sh
# Executes the research notebooks in place (their outputs are kept, for
# committing) with the tslab kernel, at RECIPE1M_NB_SCALE (default demo),
# one after the other: 03 and 04 reuse the experiments that 02 trains.
# At demo scale the PNG figures are then copied to results/figures/ as
# <notebook number>-<figure>.png.
#
#   scripts/run-notebooks.sh                      # all of notebooks/0*.ipynb
#   scripts/run-notebooks.sh notebooks/03-*.ipynb # some
#
# Needs scripts/install-kernel.sh to have run once.
set -eu
cd "$(dirname "$0")/.."
scale=${RECIPE1M_NB_SCALE:-demo}
[ $# -gt 0 ] || set -- notebooks/0*.ipynb

for nb in "$@"; do
  start=$(date +%s)
  RECIPE1M_NB_SCALE=$scale jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=-1 "$nb"
  echo "run-notebooks: $nb at $scale scale: $(( $(date +%s) - start )) s"
done

if [ "$scale" = demo ]; then
  mkdir -p results/figures
  for nb in "$@"; do
    name=$(basename "$nb" .ipynb)
    number=${name%%-*}
    for png in "results/$name"/*.png; do
      [ -e "$png" ] && cp "$png" "results/figures/$number-$(basename "$png")"
    done
  done
  echo "run-notebooks: results/figures holds $(du -sh results/figures | cut -f1)"
fi
