/*
 * NOP completions per second through liburing, the C baseline of the `nop` bench (NopBench): one ring set up
 * as Zokio's io_uring backend sets up its own by default (4096 SQEs, 8192 CQEs, COOP_TASKRUN | TASKRUN_FLAG |
 * SUBMIT_ALL), then batches of 64: 64 SQEs prepared as NOPs, one io_uring_enter that submits them and asks for
 * events without waiting (io_uring_submit_and_get_events: to_submit 64, min_complete 0, GETEVENTS, as Zokio's
 * run(NO_WAIT) enters), then the 64 CQEs reaped and checked. The clock is read every 16 batches. A warm-up of
 * WARMUP_MS runs first and is not counted. Single thread. Prints one line:
 *
 *   ops=N secs=S ops_per_sec=X setup_flags=0xF
 *
 *   gcc -O2 -o /tmp/nop-cost tools/nop-cost.c -luring && /tmp/nop-cost MEASURE_MS [WARMUP_MS]
 *
 * Needs liburing 2.3 or newer (Debian: apt-get install liburing-dev).
 */
#include <errno.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ENTRIES 4096
#define BATCH 64

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* One batch: 64 NOPs, one enter, 64 CQEs. Exits on an error. */
static void batch(struct io_uring *ring) {
    for (int i = 0; i < BATCH; i++) {
        struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
        io_uring_prep_nop(sqe);
        io_uring_sqe_set_data64(sqe, i + 1);
    }
    int done = 0;
    while (done < BATCH) {
        int r = io_uring_submit_and_get_events(ring);
        if (r < 0) {
            fprintf(stderr, "io_uring_submit_and_get_events: %s\n", strerror(-r));
            exit(1);
        }
        struct io_uring_cqe *cqe;
        unsigned head, seen = 0;
        io_uring_for_each_cqe(ring, head, cqe) {
            if (cqe->res != 0) {
                fprintf(stderr, "NOP completed with %d\n", cqe->res);
                exit(1);
            }
            seen++;
        }
        io_uring_cq_advance(ring, seen);
        done += seen;
    }
}

/* Runs batches for ms milliseconds (at least 16 batches); stores the seconds taken, returns the NOPs. */
static long run(struct io_uring *ring, long ms, double *secs) {
    double t0 = now(), end = t0 + ms / 1e3, t1;
    long ops = 0;
    do {
        for (int rep = 0; rep < 16; rep++) {
            batch(ring);
        }
        ops += 16L * BATCH;
        t1 = now();
    } while (t1 < end);
    *secs = t1 - t0;
    return ops;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s MEASURE_MS [WARMUP_MS]\n", argv[0]);
        return 2;
    }
    long measure_ms = atol(argv[1]);
    long warmup_ms = argc == 3 ? atol(argv[2]) : 100;
    struct io_uring ring;
    struct io_uring_params p;
    /* On EINVAL the flags are dropped one at a time in this order, as Zokio's IoUringSetup drops them. */
    static const unsigned optional[] = {IORING_SETUP_TASKRUN_FLAG, IORING_SETUP_COOP_TASKRUN, IORING_SETUP_SUBMIT_ALL};
    unsigned flags = IORING_SETUP_CQSIZE | IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG
            | IORING_SETUP_SUBMIT_ALL;
    int r;
    for (size_t drop = 0;; drop++) {
        memset(&p, 0, sizeof p);
        p.flags = flags;
        p.cq_entries = 2 * ENTRIES;
        r = io_uring_queue_init_params(ENTRIES, &ring, &p);
        if (r != -EINVAL || drop == sizeof optional / sizeof optional[0]) {
            break;
        }
        flags &= ~optional[drop];
    }
    if (r < 0) {
        fprintf(stderr, "io_uring_queue_init_params: %s\n", strerror(-r));
        return 1;
    }
    double secs;
    run(&ring, warmup_ms, &secs);
    long ops = run(&ring, measure_ms, &secs);
    printf("ops=%ld secs=%.6f ops_per_sec=%.0f setup_flags=0x%x\n", ops, secs, ops / secs, p.flags);
    io_uring_queue_exit(&ring);
    return 0;
}
