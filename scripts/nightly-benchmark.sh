#!/usr/bin/env bash
# Issue 7's nightly benchmark (jobs/src/test/java/org/pioneereval/jobs/bench/NightlyIncrementalBenchmark):
# one month added to a 7-year history vs a full rebuild, wall time per stage.
#   scripts/nightly-benchmark.sh [patients multiplier, default 1] [work dir] [--history-as-full]
#   scripts/nightly-benchmark.sh --panel-only <lake folder>   (the panel stage alone: full vs partial)
# Compiles through the reactor (never installs), then runs the class with the launcher's JVM options.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
mvn -q -o -pl jobs -am test-compile -Dspotless.check.skip=true
CP_FILE="$ROOT/jobs/target/bench-classpath.txt"
mvn -q -o -pl jobs dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
EXTERNAL="$(tr ':' '\n' < "$CP_FILE" | grep -v '/org/pioneereval/' | paste -sd:)"
MODULES="$ROOT/jobs/target/test-classes:$ROOT/jobs/target/classes:$ROOT/estimators/target/classes"
MODULES="$MODULES:$ROOT/data-contracts/target/classes:$ROOT/generator/target/classes"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
exec java ${BENCH_JAVA_OPTS:--Xmx6g} -XX:+UseParallelGC -XX:-DontCompileHugeMethods -Duser.timezone=UTC \
  -Dlog4j2.configurationFile="$ROOT/jobs/conf/log4j2.properties" \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true \
  -cp "$MODULES:$EXTERNAL" org.pioneereval.jobs.bench.NightlyIncrementalBenchmark "$@"
