#!/usr/bin/env bash
# Registers the pioneer-eval Java kernel ("Java (pioneer-eval)", name pioneer-eval-java) with Jupyter.
# Builds the project first when the kernel or jobs jar is missing or older than the sources.
#
# Usage: notebooks/install-kernel.sh                      # for this user (jupyter kernelspec install --user)
#        notebooks/install-kernel.sh --jupyter-path DIR   # into DIR/kernels/ only, for JUPYTER_PATH=DIR
#
# The kernelspec runs the JDK 17 found now with the project's jar, its dependencies (the launcher's
# classpath, jobs/target/classpath.txt) and the JVM options Spark needs (as ./pioneer-eval does).
# PIONEER_EVAL_NOTEBOOK_JAVA_OPTS (default "-Xmx4g -XX:TieredStopAtLevel=1": notebooks run many small,
# new Spark queries, for which the C1 compiler alone halved the time of a notebook on 2 cores).
# Re-run after changing it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME="pioneer-eval-java"
DISPLAY_NAME="Java (pioneer-eval)"
KERNEL_TARGET="$ROOT/notebooks/kernel/target"
KERNEL_JAR="$KERNEL_TARGET/pioneer-eval-notebook-kernel-0.1.0-SNAPSHOT.jar"
JOBS_JAR="$ROOT/jobs/target/pioneer-eval-jobs-0.1.0-SNAPSHOT.jar"

jupyter_path=""
case "${1:-}" in
  "") ;;
  --jupyter-path)
    [ $# -eq 2 ] || { echo "install-kernel: --jupyter-path needs a folder" >&2; exit 2; }
    jupyter_path="$2" ;;
  *) echo "usage: notebooks/install-kernel.sh [--jupyter-path DIR]" >&2; exit 2 ;;
esac

"$ROOT/scripts/setup-machine.sh" notebooks

command -v java >/dev/null 2>&1 || { echo "install-kernel: no java; install a JDK 17." >&2; exit 4; }
JAVA="$(readlink -f "$(command -v java)")"
JAVA_MAJOR="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')"
if [ "$JAVA_MAJOR" != "17" ]; then
  echo "install-kernel: found Java $JAVA_MAJOR at $JAVA, but Spark 4.1 needs Java 17. Put a JDK 17 first on PATH." >&2
  exit 4
fi

newer_sources() {
  [ -n "$(find "$ROOT" \( -name target -o -name pioneer-eval-data -o -name .git \) -prune -o \
      \( -path '*/src/main/*' -o -name pom.xml -o -name '*.odcs.yaml' \) -newer "$1" -print -quit)" ]
}
stale() {
  local file
  for file in "$KERNEL_JAR" "$JOBS_JAR" "$KERNEL_TARGET/classpath.txt" "$ROOT/jobs/target/classpath.txt"; do
    [ -f "$file" ] || return 0
  done
  newer_sources "$KERNEL_JAR" || newer_sources "$JOBS_JAR"
}
if [ "${PIONEER_EVAL_NO_BUILD:-}" = 1 ]; then
  # Called by a pipeline run (the notebooks stage): use the jars that run is running from, never
  # rebuild under it; they exist, as the run started from them.
  for file in "$KERNEL_JAR" "$JOBS_JAR" "$KERNEL_TARGET/classpath.txt" "$ROOT/jobs/target/classpath.txt"; do
    [ -f "$file" ] || { echo "install-kernel: $file is missing; build the project (mvn package)." >&2; exit 4; }
  done
elif stale; then
  echo "install-kernel: building the project (mvn package, tests skipped)..." >&2
  mvn -B -q -f "$ROOT/pom.xml" -Dmaven.test.skip=true -Dspotless.check.skip=true package >&2
fi

CLASSPATH="$KERNEL_JAR:$(cat "$KERNEL_TARGET/classpath.txt"):$JOBS_JAR:$(cat "$ROOT/jobs/target/classpath.txt")"

# The same options as the ./pioneer-eval launcher: Spark 4.1 on Java 17 needs these opens.
JVM_OPTIONS=(
  ${PIONEER_EVAL_NOTEBOOK_JAVA_OPTS:--Xmx4g -XX:TieredStopAtLevel=1}
  -XX:+UseParallelGC
  -XX:-DontCompileHugeMethods
  -Dlog4j2.configurationFile="$ROOT/jobs/conf/log4j2.properties"
  -Duser.timezone=UTC
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
)
spec_args=(--display-name "$DISPLAY_NAME" --java "$JAVA" --classpath "$CLASSPATH"
  --env SPARK_LOCAL_IP=127.0.0.1 --env "PIONEER_EVAL_HOME=$ROOT")
for option in "${JVM_OPTIONS[@]}"; do
  spec_args+=(--jvm-option "$option")
done

write_spec() {
  "$JAVA" -cp "$KERNEL_JAR:$(cat "$KERNEL_TARGET/classpath.txt")" \
    org.pioneereval.notebook.kernel.KernelSpec --dir "$1" "${spec_args[@]}" >/dev/null
}

if [ -n "$jupyter_path" ]; then
  write_spec "$jupyter_path/kernels/$NAME"
  echo "install-kernel: kernel $NAME written to $jupyter_path/kernels/$NAME (use JUPYTER_PATH=$jupyter_path)" >&2
else
  spec_dir="$KERNEL_TARGET/kernelspec/$NAME"
  rm -rf "$spec_dir"
  write_spec "$spec_dir"
  jupyter kernelspec install --user --name "$NAME" "$spec_dir" >/dev/null 2>&1 \
    || { echo "install-kernel: 'jupyter kernelspec install' failed; run it by hand to see why:" >&2
         echo "  jupyter kernelspec install --user --name $NAME $spec_dir" >&2; exit 1; }
  echo "install-kernel: kernel $NAME ($DISPLAY_NAME) registered for this user" >&2
fi
