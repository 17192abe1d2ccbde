#!/usr/bin/env bash
# Compares two builds of Zokio on the same benchmarks, interleaved: round r runs build A then B (odd rounds) or
# B then A (even rounds), each in a fresh JVM, and the summary gives per bench line the median ops/s of each
# build and the ratio B/A, with each build's min and max. Figures swing 10-30% between runs on a small VM: read
# a ratio inside the spread of the two builds as "no change".
#
# Usage: tools/ab-bench.sh DIR_A DIR_B ROUNDS OUT_DIR [bench args...]
#   DIR_A, DIR_B: directories holding zokio-core-classes, zokio-examples-classes, zokio-bench-classes and
#   classpath.txt (copies of a built tree's target/classes and zokio-bench/target/classpath.txt), e.g.
#     for m in zokio-core zokio-examples zokio-bench; do cp -r $m/target/classes /tmp/a/$m-classes; done
#     cp zokio-bench/target/classpath.txt /tmp/a/
#   bench args: as for ./zokio bench, e.g. nop pingpong echo spawn_many file_read --quick
set -euo pipefail
[[ $# -ge 4 ]] || { sed -n '2,12p' "$0"; exit 2; }
A="$1"; B="$2"; ROUNDS="$3"; OUT="$4"; shift 4
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
FLAGS=(--enable-native-access=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
       --sun-misc-unsafe-memory-access=allow -Xms2g -Xmx2g)
mkdir -p "$OUT"
run() { # build-dir label round bench-args...
  local dir="$1" label="$2" round="$3"
  shift 3
  local cp="$dir/zokio-bench-classes:$dir/zokio-examples-classes:$dir/zokio-core-classes:$(cat "$dir/classpath.txt")"
  echo "ab-bench: round $round build $label" >&2
  "$JAVA" "${FLAGS[@]}" -cp "$cp" io.zokio.bench.BenchMain "$@" > "$OUT/$label-$round.txt" 2>&1 || true
}
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2)); then run "$A" A "$r" "$@"; run "$B" B "$r" "$@"; else run "$B" B "$r" "$@"; run "$A" A "$r" "$@"; fi
done
python3 - "$OUT" "$ROUNDS" <<'PY'
import sys, re, glob, statistics, collections
out, rounds = sys.argv[1], int(sys.argv[2])
vals = collections.defaultdict(lambda: {'A': [], 'B': []})
for f in sorted(glob.glob(out + '/[AB]-*.txt')):
    build = f.rsplit('/', 1)[1][0]
    for line in open(f):
        if not line.startswith('name='):
            continue
        kv = dict(p.split('=', 1) for p in line.split() if '=' in p)
        if 'ops_per_sec' not in kv:
            continue
        key = kv['name'] + ' ' + kv['impl'] + (' conns=' + kv['connections'] if 'connections' in kv else '')
        vals[key][build].append(float(kv['ops_per_sec']))
print('%-42s %12s %12s %7s  %s' % ('bench impl', 'A median', 'B median', 'B/A', 'A min..max | B min..max'))
for key, v in vals.items():
    if not v['A'] or not v['B']:
        continue
    a, b = statistics.median(v['A']), statistics.median(v['B'])
    print('%-42s %12.0f %12.0f %7.2f  %.0f..%.0f | %.0f..%.0f' % (key, a, b, b / a if a else float('nan'),
          min(v['A']), max(v['A']), min(v['B']), max(v['B'])))
PY
