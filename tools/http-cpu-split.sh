#!/usr/bin/env bash
# Where an HTTP server's CPU goes per request: user space against kernel. For ROUNDS rounds (each zokio, netty,
# netty, zokio), starts each server in turn (its own JVM, pinned to cpus 0-1 like the http_plaintext/http_json
# bench, two event loops), warms it with wrk for 10 s (JIT compilation done), then measures an 8 s wrk run
# (2 threads, 256 connections) and reads the server's utime and stime from /proc; prints user and kernel
# microseconds per request and requests per server CPU-second.
# Servers: zokio-loop (handlers on the event loop, io_uring, --idle power_save) and netty-http (the bench's Netty
# server, io_uring). Needs wrk and a build (./zokio build).
# Usage: tools/http-cpu-split.sh ROUNDS [/plaintext|/json]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
ROUNDS="${1:?usage: tools/http-cpu-split.sh ROUNDS [/plaintext|/json]}"
URL_PATH="${2:-/plaintext}"
CP="$ROOT/zokio-bench/target/classes:$ROOT/zokio-examples/target/classes:$ROOT/zokio-core/target/classes:$(cat "$ROOT/zokio-bench/target/classpath.txt")"
FLAGS=(--enable-native-access=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED -Xms256m -Xmx256m
       -Djdk.virtualThreadScheduler.parallelism=2)
TICK="$(getconf CLK_TCK)"
PORT=18090

measure() { # NAME MAIN ARGS...
  local name="$1"; shift
  local log; log="$(mktemp)"
  taskset -c 0,1 "$JAVA" "${FLAGS[@]}" -cp "$CP" "$@" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
  wrk -t2 -c256 -d10s "http://127.0.0.1:$PORT$URL_PATH" >/dev/null
  read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
  local out; out="$(wrk -t2 -c256 -d8s "http://127.0.0.1:$PORT$URL_PATH")"
  read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$log"
  local reqs; reqs="$(echo "$out" | awk '/requests in/ {print $1}')"
  awk -v n="$name" -v r="$reqs" -v u="$((u1 - u0))" -v s="$((s1 - s0))" -v t="$TICK" 'BEGIN {
    us = u / t * 1e6 / r; ks = s / t * 1e6 / r;
    printf "%-11s requests=%d user_us_per_req=%.2f kernel_us_per_req=%.2f reqs_per_cpu_s=%.0f\n", n, r, us, ks, r / ((u + s) / t) }'
}

zokio() {
  measure zokio-loop -Dzokio.backend=uring io.zokio.examples.http.HttpHelloServer --port "$PORT" --workers 2 \
    --handlers loop --idle power_save
}
netty() {
  measure netty-http io.zokio.bench.http.NettyHelloServer --port "$PORT" --threads 2
}
# ABBA: the server measured second in a pair tends to do better, so each round puts each server in both places
for _ in $(seq "$ROUNDS"); do
  zokio; netty; netty; zokio
done
