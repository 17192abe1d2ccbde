#!/usr/bin/env bash
# The first Runtime.build() of a fresh JVM with and without the JDK's ahead-of-time cache (JDK 25, JEP 514):
# trains a cache once, then runs ROUNDS JVMs of each kind, interleaved. Needs zokio-core's jar (./zokio build).
# Usage: tools/aot-startup/run.sh [ROUNDS] [IO_URING|NIO]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
rounds="${1:-5}"
backend="${2:-IO_URING}"
core="$(ls "$root"/zokio-core/target/zokio-*-SNAPSHOT.jar | grep -v -e sources -e javadoc -e tests | head -1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$java_home/bin/javac" -d "$work/classes" -cp "$core" "$here/FirstBuild.java"
"$java_home/bin/jar" --create --file "$work/probe.jar" -C "$work/classes" .
flags=(--enable-native-access=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED -cp "$work/probe.jar:$core")
"$java_home/bin/java" "${flags[@]}" -XX:AOTCacheOutput="$work/app.aot" FirstBuild "$backend" >/dev/null 2>&1
for _ in $(seq "$rounds"); do
  echo "plain $("$java_home/bin/java" "${flags[@]}" FirstBuild "$backend" 2>/dev/null | grep first_build_ms)"
  echo "aot   $("$java_home/bin/java" "${flags[@]}" -XX:AOTCache="$work/app.aot" FirstBuild "$backend" 2>/dev/null | grep first_build_ms)"
done
