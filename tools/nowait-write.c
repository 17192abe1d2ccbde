/*
 * Whether the filesystem holding DIR takes buffered writes with RWF_NOWAIT (the call an inline, never-blocking
 * write on the caller's thread would need, as Zokio's inline reads use preadv2 with RWF_NOWAIT), and how long
 * plain pwrite(2) takes for the file_seq bench's workload: 128 sequential 1 MiB writes of a new file, one at
 * a time, into the page cache.
 *
 *   gcc -O2 -o /tmp/nowait-write tools/nowait-write.c && /tmp/nowait-write DIR
 *
 * Prints "nowait=supported", "nowait=EAGAIN" (supported, would block here) or "nowait=<errno name>", then the
 * pwrite figure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)
#define CHUNKS 128

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/nowait-write.%d", argv[1], (int) getpid());
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        perror("open");
        return 1;
    }
    char *buf = malloc(CHUNK);
    memset(buf, 1, CHUNK);
    struct iovec v = {buf, CHUNK};
    ssize_t r = pwritev2(fd, &v, 1, 0, RWF_NOWAIT);
    if (r == CHUNK) {
        printf("nowait=supported\n");
    } else if (r < 0 && errno == EAGAIN) {
        printf("nowait=EAGAIN\n");
    } else {
        printf("nowait=%s (errno %d)\n", r < 0 ? strerrorname_np(errno) : "short", r < 0 ? errno : 0);
    }
    if (ftruncate(fd, 0) != 0) {
        perror("ftruncate");
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < CHUNKS; i++) {
        if (pwrite(fd, buf, CHUNK, i * (long) CHUNK) != CHUNK) {
            perror("pwrite");
            break;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("pwrite: %d x 1 MiB in %.1f ms, %.1f us each, %.2f GB/s\n", CHUNKS, s * 1e3, s * 1e6 / CHUNKS,
           (double) CHUNKS * CHUNK / s / 1e9);
    close(fd);
    unlink(path);
    free(buf);
    return 0;
}
