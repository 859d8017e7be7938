#!/usr/bin/env bash
# Starts Jupyter on this machine only (http://127.0.0.1:8888 by default), with the pioneer-eval Java
# kernel registered and the result notebooks in its file list. Open a notebook and run all cells: it
# shows the latest run of the lake (pioneer-eval-data/lake unless PIONEER_EVAL_LAKE says otherwise;
# another run with PIONEER_EVAL_RUN_ID=<run id>).
#
# Usage: notebooks/start-jupyter.sh [extra jupyter notebook options, e.g. --port 8890]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/notebooks/install-kernel.sh"
export PIONEER_EVAL_LAKE="${PIONEER_EVAL_LAKE:-$ROOT/pioneer-eval-data/lake}"
if [ ! -d "$PIONEER_EVAL_LAKE/results/did_effects" ]; then
  echo "start-jupyter: no results in $PIONEER_EVAL_LAKE yet; run ./pioneer-eval demo (or run) first," \
    "or point PIONEER_EVAL_LAKE at a lake. Starting Jupyter anyway." >&2
fi
echo "start-jupyter: lake $PIONEER_EVAL_LAKE, run ${PIONEER_EVAL_RUN_ID:-latest}" >&2
as_root=()
# Jupyter refuses to start as root unless told; containers and CI machines often run as root.
[ "$(id -u)" -eq 0 ] && as_root=(--allow-root)
exec jupyter notebook --no-browser --ip=127.0.0.1 --notebook-dir="$ROOT/notebooks" "${as_root[@]}" "$@"
