#!/usr/bin/env bash
# Executes every result notebook (notebooks/*.ipynb) headless against one run and writes each one
# executed (.ipynb, with its outputs) and as HTML (self-contained, no CDN scripts) into the output
# folder. Every full run (demo, run, nightly) calls it as its last stage. Fails (exit 1) when a cell
# of any notebook fails, after trying them all; the failing cell and its error are printed.
#
# Usage: notebooks/execute.sh <lake folder> <run id | latest> <output folder>
#   e.g. notebooks/execute.sh pioneer-eval-data/lake latest pioneer-eval-data/reports/<run id>/notebooks
#
# Uses its own kernelspec (notebooks/kernel/target/jupyter, via JUPYTER_PATH), so it neither needs
# nor changes the user's Jupyter set-up. Per-cell time limit: PIONEER_EVAL_NOTEBOOK_TIMEOUT seconds
# (default 1800).
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: notebooks/execute.sh <lake folder> <run id | latest> <output folder>" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAKE="$(realpath -m "$1")"
RUN_ID="$2"
OUT="$(realpath -m "$3")"
if [ ! -d "$LAKE/results/did_effects" ]; then
  echo "execute: no results/did_effects in $LAKE. Run the pipeline first (./pioneer-eval run or demo), or check the lake folder." >&2
  exit 4
fi
mkdir -p "$OUT"

JUPYTER_DIR="$ROOT/notebooks/kernel/target/jupyter"
if ! "$ROOT/notebooks/install-kernel.sh" --jupyter-path "$JUPYTER_DIR"; then
  echo "execute: could not register the notebook kernel (see the lines above); no notebook was run." >&2
  exit 4
fi
export JUPYTER_PATH="$JUPYTER_DIR"
export JUPYTER_RUNTIME_DIR="$JUPYTER_DIR/runtime"
export PIONEER_EVAL_LAKE="$LAKE"
export PIONEER_EVAL_RUN_ID="$RUN_ID"

# The notebooks share PIONEER_EVAL_NOTEBOOK_KERNELS kernels (default 1), each running its share one
# after another (execute_in_one_kernel.py): a kernel JVM's start, JShell and Spark session are most of
# a notebook's time, and a kernel resets its JShell (%reset) but keeps its JVM between notebooks.
KERNELS="${PIONEER_EVAL_NOTEBOOK_KERNELS:-1}"
# A pipeline that hosts the kernel in its own JVM names its connection file here (one kernel).
# ("process": start a kernel process anyway.)
if [ "${PIONEER_EVAL_KERNEL_CONNECTION_FILE:-process}" = process ]; then
  unset PIONEER_EVAL_KERNEL_CONNECTION_FILE
else
  KERNELS=1
fi
NOTEBOOKS=("$ROOT"/notebooks/*.ipynb)
rm -f "$OUT"/*.failed
pids=()
for ((k = 0; k < KERNELS; k++)); do
  share=()
  for ((i = k; i < ${#NOTEBOOKS[@]}; i += KERNELS)); do
    share+=("${NOTEBOOKS[$i]}")
  done
  [ ${#share[@]} -gt 0 ] || continue
  /usr/bin/python3 "$ROOT/notebooks/execute_in_one_kernel.py" "$OUT" pioneer-eval-java \
    "${PIONEER_EVAL_NOTEBOOK_TIMEOUT:-1800}" "$ROOT/notebooks/nbconvert" "${share[@]}" &
  pids+=($!)
done
kernels_ok=1
for pid in "${pids[@]}"; do
  wait "$pid" || kernels_ok=0
done
if [ "$kernels_ok" = 0 ] && ! ls "$OUT"/*.failed >/dev/null 2>&1; then
  echo "execute: a notebook kernel could not be started or stopped (see the lines above)." >&2
  exit 1
fi
failed=()
for marker in "$OUT"/*.failed; do
  [ -e "$marker" ] || continue
  failed+=("$(basename "$marker" .failed)")
  rm -f "$marker"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "execute: ${#failed[@]} notebook(s) failed: ${failed[*]}" >&2
  exit 1
fi
