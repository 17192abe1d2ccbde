/*
 * What one cached 4 KiB random read costs the kernel through pread(2) (FileChannel's call) and through
 * preadv2(2) with and without RWF_NOWAIT (the only read that reports a would-block instead of blocking, used
 * by Zokio's inline reads). Single thread, the same offsets for each variant, eight rounds, then the mean of
 * each variant over the rounds.
 *
 *   gcc -O2 -o /tmp/pread-cost tools/pread-cost.c && /tmp/pread-cost FILE
 *
 * FILE should be page-cached (e.g. `cat FILE > /dev/null` first) and at least a few MiB.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size < 4096) {
        perror(argv[1]);
        return 1;
    }
    long pages = st.st_size / 4096;
    char *buf = aligned_alloc(4096, 4096);
    struct iovec v = {buf, 4096};
    const int n = 2000000;
    const int rounds = 8;
    double sum[3] = {0, 0, 0};
    for (int round = 0; round < rounds; round++) {
        double t[4];
        srand(1);
        t[0] = now();
        for (int i = 0; i < n; i++) pread(fd, buf, 4096, (rand() % pages) * 4096L);
        srand(1);
        t[1] = now();
        for (int i = 0; i < n; i++) preadv2(fd, &v, 1, (rand() % pages) * 4096L, RWF_NOWAIT);
        srand(1);
        t[2] = now();
        for (int i = 0; i < n; i++) preadv2(fd, &v, 1, (rand() % pages) * 4096L, 0);
        t[3] = now();
        printf("pread %.0f ns  preadv2(RWF_NOWAIT) %.0f ns  preadv2(0) %.0f ns\n", (t[1] - t[0]) / n * 1e9,
               (t[2] - t[1]) / n * 1e9, (t[3] - t[2]) / n * 1e9);
        for (int k = 0; k < 3; k++) sum[k] += (t[k + 1] - t[k]) / n * 1e9;
    }
    printf("mean over %d rounds: pread %.0f ns  preadv2(RWF_NOWAIT) %.0f ns (%+.1f%%)  preadv2(0) %.0f ns (%+.1f%%)\n",
           rounds, sum[0] / rounds, sum[1] / rounds, 100 * (sum[1] / sum[0] - 1), sum[2] / rounds,
           100 * (sum[2] / sum[0] - 1));
    return 0;
}
