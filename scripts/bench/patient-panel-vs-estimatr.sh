#!/usr/bin/env bash
# Benchmark (not a test): pioneer-eval's twfe on a patient x month panel (96 months, 60 sites),
# reduced in Spark to per-site moments, side by side with R on the same CSV:
#  - estimatr::lm_robust(admissions ~ treat, fixed_effects = ~ patient + month, clusters = site,
#    se_type = "stata") where it fits in memory (it needs 8 bytes x rows x patients), and
#  - the same model by the two-way within transformation in R data.table (balanced panel) at every
#    size, including 10 million rows and more.
# Wall time and peak resident memory of each whole process (/usr/bin/time); estimates and SEs are
# printed to compare digit by digit.
#   scripts/bench/patient-panel-vs-estimatr.sh                 # default sizes below
#   scripts/bench/patient-panel-vs-estimatr.sh 1000:estimatr 104167   # patients[:estimatr]
# Needs R with estimatr and data.table (Debian: apt-get install r-cran-estimatr r-cran-data.table).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${BENCH_DIR:-target/bench-patient-panel}"
mkdir -p "$out"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000:estimatr 2500:estimatr 104167 208334)
for spec in "${sizes[@]}"; do
  p="${spec%%:*}"
  csv="$out/panel-$p.csv"
  [ -f "$csv" ] || Rscript scripts/bench/patient_panel.R generate "$p" "$csv"
  echo "== $p patients ($(($(wc -l < "$csv") - 1)) rows), load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "pioneer-eval wall_s %e peak_rss_kb %M" ./pioneer-eval did --input "$csv" \
    --outcome admissions --unit patient --time month --treatment treat --cluster site \
    --json "$out/did-$p.json" 2>&1 | grep -E "wall_s|rows used" || true
  python3 -c "import json,sys; e=json.load(open('$out/did-$p.json'))['effect']; \
print('pioneer-eval estimate %.15g se %.15g' % (e['estimate'], e['std_error']))"
  if [ "${spec#*:}" = "estimatr" ]; then
    /usr/bin/time -f "estimatr wall_s %e peak_rss_kb %M" \
      Rscript scripts/bench/patient_panel.R fit "$csv" 2>&1 | grep -E "estimatr|Error" || true
  fi
  /usr/bin/time -f "R within wall_s %e peak_rss_kb %M" \
    Rscript scripts/bench/patient_panel.R fit-within "$csv" 2>&1 | grep -E "within|Error" || true
done
