# Line and branch coverage per package from a JaCoCo CSV report (its columns: GROUP, PACKAGE, CLASS,
# INSTRUCTION_MISSED, INSTRUCTION_COVERED, BRANCH_MISSED, BRANCH_COVERED, LINE_MISSED, LINE_COVERED, ...),
# lowest line coverage first, then the total. Usage: awk -F, -v module=NAME -f summary.awk report.csv
NR > 1 {
    bm[$2] += $6; bc[$2] += $7; lm[$2] += $8; lc[$2] += $9
    BM += $6; BC += $7; LM += $8; LC += $9
}
function pct(c, m) { return c + m == 0 ? "   -  " : sprintf("%5.1f%%", 100.0 * c / (c + m)) }
END {
    printf "%-40s %8s %8s %7s %9s\n", module " package", "lines", "branches", "lines#", "branches#"
    n = 0
    for (p in lc) { key[++n] = p }
    # insertion sort by line coverage, ascending
    for (i = 2; i <= n; i++) {
        k = key[i]; j = i - 1
        while (j > 0 && lc[key[j]] / (lc[key[j]] + lm[key[j]] + 1e-9) > lc[k] / (lc[k] + lm[k] + 1e-9)) {
            key[j + 1] = key[j]; j--
        }
        key[j + 1] = k
    }
    for (i = 1; i <= n; i++) {
        p = key[i]
        printf "%-40s %8s %8s %7d %9d\n", p, pct(lc[p], lm[p]), pct(bc[p], bm[p]), lc[p] + lm[p], bc[p] + bm[p]
    }
    printf "%-40s %8s %8s %7d %9d\n", module " total", pct(LC, LM), pct(BC, BM), LC + LM, BC + BM
}
