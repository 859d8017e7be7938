#!/usr/bin/env bash
# Benchmark (not a test): pioneer-eval's twfe on a patient x month panel, reduced in Spark to
# per-site moments, side by side with R estimatr::lm_robust(fixed_effects = ~ patient + month,
# clusters = site, se_type = "stata") on the same CSV. Wall time and peak resident memory of each
# whole process (/usr/bin/time), estimates and SEs printed for comparison.
#   scripts/bench/patient-panel-vs-estimatr.sh [patients ...]   (default: 31250 104167 = 3M, 10M rows)
# Needs R with estimatr and data.table (Debian: apt-get install r-cran-estimatr r-cran-data.table).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${BENCH_DIR:-target/bench-patient-panel}"
mkdir -p "$out"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(31250 104167)
for p in "${sizes[@]}"; do
  csv="$out/panel-$p.csv"
  [ -f "$csv" ] || Rscript scripts/bench/patient_panel.R generate "$p" "$csv"
  echo "== $p patients ($(($(wc -l < "$csv") - 1)) rows), load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "pioneer-eval wall_s %e peak_rss_kb %M" ./pioneer-eval did --input "$csv" \
    --outcome admissions --unit patient --time month --treatment treat --cluster site \
    --json "$out/did-$p.json" 2>&1 | grep -E "^treatment|rows used|wall_s" || true
  /usr/bin/time -f "estimatr wall_s %e peak_rss_kb %M" \
    Rscript scripts/bench/patient_panel.R fit "$csv" 2>&1 | grep -E "estimatr" || true
done
