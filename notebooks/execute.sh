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

# One notebook per core at a time (PIONEER_EVAL_NOTEBOOK_JOBS): each runs in its own kernel JVM,
# whose start and cell compilation use mostly one core.
JOBS="${PIONEER_EVAL_NOTEBOOK_JOBS:-$(nproc 2>/dev/null || echo 2)}"

execute_one() {
  local notebook="$1" name start
  name="$(basename "$notebook" .ipynb)"
  start=$SECONDS
  if jupyter nbconvert --to notebook --execute \
      --ExecutePreprocessor.kernel_name=pioneer-eval-java \
      --ExecutePreprocessor.timeout="${PIONEER_EVAL_NOTEBOOK_TIMEOUT:-1800}" \
      --ExecutePreprocessor.startup_timeout=180 \
      --output-dir "$OUT" --output "$name.ipynb" "$notebook" 2> "$OUT/$name.log"; then
    # Jupyter's lab page without its CDN scripts (nbconvert/offline): the HTML opens offline.
    jupyter nbconvert --to html --template offline \
      --TemplateExporter.extra_template_basedirs="$ROOT/notebooks/nbconvert" \
      --output-dir "$OUT" "$OUT/$name.ipynb" 2>> "$OUT/$name.log"
    echo "execute: $name executed in $((SECONDS - start)) s -> $OUT/$name.ipynb, $name.html" >&2
  else
    echo "execute: $name FAILED after $((SECONDS - start)) s; its log: $OUT/$name.log" >&2
    sed -n '/CellExecutionError/,$p' "$OUT/$name.log" | head -40 >&2
    touch "$OUT/$name.failed"
  fi
}

rm -f "$OUT"/*.failed
for notebook in "$ROOT"/notebooks/*.ipynb; do
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
    wait -n || true
  done
  execute_one "$notebook" &
done
wait
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
