#!/usr/bin/env bash
# What to run on a machine with an NVIDIA GPU, after installing
# @tensorflow/tfjs-node-gpu (README, "Training on a GPU"): the GPU the driver
# sees, the backend a run would use and its device, a timed paper-width
# training step (batch 100) for both instruction encoders, and how far the
# GPU's loss and gradients are from the wasm backend's on the same step.
# Without a GPU backend it says so and times the wasm step. A few minutes.
#
#   bash scripts/gpu-check.sh [--batch 100] [--steps 3] [--variants sentence_vectors,hierarchical]
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | sed 's/^/gpu-check: nvidia-smi: /' ||
    echo "gpu-check: nvidia-smi found but it sees no GPU"
else
  echo "gpu-check: nvidia-smi not found: no NVIDIA driver on this machine"
fi
exec node --import tsx scripts/gpu_check.ts "$@"
