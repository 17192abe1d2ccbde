#!/usr/bin/env bash
# Start-up A/B of two builds of the library: N rounds, each starting one fresh JVM per jar in turn (interleaved),
# running the bench's StartupProbe (io_uring, cold: the first Runtime.build() of the process); prints each jar's
# median first_build_ms with its min and max.
# Usage: tools/startup-ab.sh N LIB_A.jar LIB_B.jar [...]   (after: zmvn -pl zokio-bench -am -DskipTests install)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
PROBE="$(ls "$ROOT"/zokio-bench/target/zokio-bench-*.jar | grep -v -- '-sources\|-javadoc\|-tests' | head -1)"
n="$1"; shift
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for _ in $(seq "$n"); do
  for jar in "$@"; do
    v="$("$JAVA" --enable-native-access=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED -cp "$jar:$PROBE" \
      io.zokio.bench.StartupProbe uring cold | sed -n 's/.*first_build_ms=\([0-9.]*\).*/\1/p')"
    echo "$jar $v" >> "$out"
  done
done
for jar in "$@"; do
  grep "^$jar " "$out" | awk '{print $2}' | sort -n \
    | awk -v j="$jar" '{a[NR]=$1} END {print j, "median=" a[int((NR+1)/2)], "min=" a[1], "max=" a[NR], "n=" NR}'
done
