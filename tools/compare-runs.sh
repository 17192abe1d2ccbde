#!/bin/sh
# Compares two result files of ./zokio bench line by line (same bench, impl and level):
#   tools/compare-runs.sh FIRST.txt SECOND.txt
# Per line: the median in both runs, their ratio (second / first), whether each median lies within the other
# run's min..max ("yes" when both do; "-" for lines without min= and max=), and the ratio of the line's share:
# its median over the geometric mean of every impl's median at the same bench and level, second run over first.
# A machine that runs faster or slower as a whole moves every impl's median but no impl's share, so the share
# shows how far the comparisons between impls (the ratios the benches report) moved. Then per bench: the
# largest difference of medians, the largest difference of shares, and how many lines agree within spread.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 FIRST.txt SECOND.txt" >&2; exit 2; }
awk '
function field(line, key,    n, i, kv) {
    n = split(line, kv, " ")
    for (i = 1; i <= n; i++) if (index(kv[i], key "=") == 1) return substr(kv[i], length(key) + 2)
    return ""
}
function level(line,    k, lv, j) {
    k = field(line, "name")
    split("connections file_bytes mode workload leak_detection", lv, " ")
    for (j = 1; j <= 5; j++) if (field(line, lv[j]) != "") k = k " " lv[j] "=" field(line, lv[j])
    return k
}
function worse(r) { return r >= 1 ? r : 1 / r }
FNR == 1 { file++ }
/^name=/ && field($0, "ops_per_sec") + 0 > 0 {
    g = level($0); imp = field($0, "impl"); k = g " " imp
    if (file == 1) {
        if (!(k in med1)) { order[++count] = k; groupOf[k] = g }
        med1[k] = field($0, "ops_per_sec"); lo1[k] = field($0, "min"); hi1[k] = field($0, "max")
    } else {
        med2[k] = field($0, "ops_per_sec"); lo2[k] = field($0, "min"); hi2[k] = field($0, "max")
    }
}
END {
    for (i = 1; i <= count; i++) {
        k = order[i]
        if (!(k in med2)) continue
        g = groupOf[k]; log1[g] += log(med1[k]); log2[g] += log(med2[k]); n[g]++
    }
    printf "%-58s %12s %12s %6s %7s %6s\n", "line", "first", "second", "ratio", "within", "share"
    for (i = 1; i <= count; i++) {
        k = order[i]
        if (!(k in med2)) continue
        g = groupOf[k]
        r = med2[k] / med1[k]
        s = r / exp((log2[g] - log1[g]) / n[g])
        if (lo1[k] == "" || lo2[k] == "") w = "-"
        else w = (med2[k] + 0 >= lo1[k] + 0 && med2[k] + 0 <= hi1[k] + 0 \
                  && med1[k] + 0 >= lo2[k] + 0 && med1[k] + 0 <= hi2[k] + 0) ? "yes" : "no"
        printf "%-58s %12s %12s %6.2f %7s %6.2f\n", k, med1[k], med2[k], r, w, s
        split(g, parts, " "); b = parts[1]; sub(/^name=/, "", b)
        if (!(b in worst)) border[++benches] = b
        if (worse(r) > worst[b]) worst[b] = worse(r)
        if (worse(s) > worstShare[b]) worstShare[b] = worse(s)
        lines[b]++
        if (w == "yes") agree[b]++
    }
    printf "\n%-16s %18s %18s %s\n", "bench", "largest difference", "of shares", "lines within spread"
    for (i = 1; i <= benches; i++) {
        b = border[i]
        printf "%-16s %17.0f%% %17.0f%% %d of %d\n", b, (worst[b] - 1) * 100, (worstShare[b] - 1) * 100, \
            agree[b] + 0, lines[b]
    }
}' "$1" "$2"
