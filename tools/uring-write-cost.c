/*
 * What a buffered 1 MiB write costs through io_uring against pwrite(2), in C, one request at a time (the
 * file_seq bench's write workload without the JVM): a 1 GiB file in DIR is written once, then overwritten in
 * sequential 1 MiB requests three times per way: pwrite(2); an io_uring WRITE (default ring); the same on a
 * ring with SINGLE_ISSUER and DEFER_TASKRUN (as Zokio sets its rings up); and with IOSQE_ASYNC (straight to
 * io_uring's worker threads, no attempt on the submitting thread first).
 *
 *   gcc -O2 -o /tmp/uring-write-cost tools/uring-write-cost.c -luring && /tmp/uring-write-cost DIR
 *
 * Prints wall time and process CPU (the io-wq workers included) per request, and GB/s, per way.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)
#define FILE_BYTES (1L << 30)
#define PASSES 3

static double wall(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static void uring_write(struct io_uring *ring, int fd, char *buf, long pos, int sqe_flags) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
    io_uring_prep_write(sqe, fd, buf, CHUNK, pos);
    sqe->flags |= sqe_flags;
    io_uring_submit_and_wait(ring, 1);
    struct io_uring_cqe *cqe;
    if (io_uring_wait_cqe(ring, &cqe) != 0 || cqe->res != CHUNK) {
        fprintf(stderr, "io_uring write failed: %d\n", cqe ? cqe->res : -1);
        exit(1);
    }
    io_uring_cqe_seen(ring, cqe);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/uring-write-cost.%d", argv[1], (int) getpid());
    char *buf = aligned_alloc(4096, CHUNK);
    memset(buf, 7, CHUNK);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror("open");
        return 1;
    }
    for (long pos = 0; pos < FILE_BYTES; pos += CHUNK) {
        if (pwrite(fd, buf, CHUNK, pos) != CHUNK) {
            perror("pwrite");
            return 1;
        }
    }
    const char *names[] = {"pwrite", "io_uring", "io_uring single_issuer+defer_taskrun", "io_uring IOSQE_ASYNC"};
    for (int way = 0; way < 4; way++) {
        struct io_uring ring;
        if (way > 0) {
            unsigned flags = way == 2 ? IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN : 0;
            int r = io_uring_queue_init(8, &ring, flags);
            if (r < 0) {
                fprintf(stderr, "io_uring_queue_init: %s\n", strerror(-r));
                return 1;
            }
        }
        double w0 = wall(), c0 = cpu();
        long n = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            for (long pos = 0; pos < FILE_BYTES; pos += CHUNK, n++) {
                if (way == 0) {
                    if (pwrite(fd, buf, CHUNK, pos) != CHUNK) {
                        perror("pwrite");
                        return 1;
                    }
                } else {
                    uring_write(&ring, fd, buf, pos, way == 3 ? IOSQE_ASYNC : 0);
                }
            }
        }
        double w = wall() - w0, c = cpu() - c0;
        printf("%-38s %7.1f us wall, %7.1f us CPU per 1 MiB write, %5.2f GB/s\n", names[way], w / n * 1e6,
               c / n * 1e6, n * (double) CHUNK / w / 1e9);
        if (way > 0) {
            io_uring_queue_exit(&ring);
        }
    }
    close(fd);
    unlink(path);
    return 0;
}
