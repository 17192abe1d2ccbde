package io.zokio.faults;

import io.zokio.buffer.BufferPoolMetrics;
import io.zokio.loop.BackendKind;
import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.UringFeatures;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import io.zokio.testkit.fault.FaultConfig;
import io.zokio.testkit.fault.FaultCounts;
import io.zokio.testkit.fault.FaultInjection;
import io.zokio.testkit.fault.FaultyBackend;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * One fault run: a runtime of {@code workers} workers whose loops all run over {@link FaultyBackend}s with one
 * config, the {@link Ledger} of the public operations a scenario started, and the checks made after it: every
 * task joined within a bound, every operation ended exactly once, the buffer pool back to 0 buffers in use, no
 * buffer released while an operation in flight names it, and the decorators' own exactly-once checks (which
 * {@code close} runs). Every failure message starts with the config, whose {@code toString()} starts with the
 * seed.
 *
 * <p><b>Threading:</b> created and checked by the test thread; {@link #checkReleasable} and the ledger are
 * called from the scenario's tasks (any thread but a loop thread).
 */
final class FaultHarness implements AutoCloseable {
    /** A bound on any one scenario step: far beyond what a healthy run needs, short of the test's @Timeout. */
    static final long JOIN_SECONDS = 30;

    /** Totals per backend over every run in this JVM, for {@link FaultFiguresTest}. */
    private static final Map<BackendKind, Totals> TOTALS = new EnumMap<>(BackendKind.class);

    final BackendKind kind;
    final FaultConfig config;
    final Runtime rt;
    final Ledger ledger = new Ledger();
    private final List<FaultyBackend> backends = new ArrayList<>();
    private boolean closed;
    /** False for runs that should not count in the printed figures (the harness's own self-test). */
    boolean countInFigures = true;

    private FaultHarness(BackendKind kind, FaultConfig config, int workers, CarrierMode mode) {
        this.kind = kind;
        this.config = config;
        this.rt = FaultInjection.configure(Runtime.builder().workers(workers).backend(kind).carrierMode(mode).blockedThreshold(
                java.time.Duration.ZERO), config, backends::add).build();
    }

    /** Opens a run; skips (with the kernel's reason) when io_uring is asked for and refused. */
    static FaultHarness open(BackendKind kind, FaultConfig config, int workers, CarrierMode mode) {
        if (kind == BackendKind.IO_URING) {
            UringFeatures probe = IoUringBackend.probe();
            Assumptions.assumeTrue(probe.available(), () -> "io_uring refused by the kernel: " + probe.cause());
        }
        return new FaultHarness(kind, config, workers, mode);
    }

    /** The config of seed number {@code i} of a test: result-changing faults on top of the timing ones. */
    static FaultConfig resultChanging(long base, String test, int i) {
        return FaultConfig.builder(FaultConfig.derive(base, test + "#" + i)).delay(0.2, 3).reorder(0.5)
                .sqFull(0.1, 3).cqOverflow(0.2, 2).interrupted(0.1)
                .canceled(0.04).connReset(0.04).noBufs(0.1).shortTransfer(0.3).build();
    }

    /** Fails with the seed and what is still open. */
    AssertionError failure(String what, Throwable cause) {
        return new AssertionError("[" + config + "] " + what + "; operations still open: " + ledger.open()
                + violations(), cause);
    }

    /** Joins a scenario task within {@link #JOIN_SECONDS}; a hang fails with the seed and the open operations. */
    <T> T join(Task<T> t, String what) {
        try {
            return t.toCompletableFuture().get(JOIN_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw failure(what + " did not end within " + JOIN_SECONDS + " s (a hang)", e);
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            throw failure(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | java.util.concurrent.CancellationException e) {
            throw failure(what + " was interrupted or cancelled", e);
        }
    }

    /**
     * Asserts that no operation in flight on any worker's loop names {@code memory}: the caller's API call has
     * returned, so the kernel must be done with it before the buffer goes back to the pool.
     */
    void checkReleasable(MemorySegment memory, String what) throws InterruptedException {
        for (int w = 0; w < rt.workers(); w++) {
            int n = rt.onLoop(w, loop -> ((FaultyBackend) loop.backend()).outstandingNaming(memory));
            if (n != 0) {
                throw failure(what + ": " + n + " operation(s) on worker " + w + " still name a buffer whose call"
                        + " returned (it would be freed while in the kernel)", null);
            }
        }
    }

    private String violations() {
        StringBuilder b = new StringBuilder();
        for (FaultyBackend f : backends) {
            if (f.violation() != null) {
                b.append("; decorator: ").append(f.violation());
            }
        }
        return b.toString();
    }

    /**
     * The checks after a scenario: the ledger balanced, no pooled buffer in use, then (after the runtime closed
     * and joined its workers) no decorator violation and nothing lost. Adds the counts to the totals.
     */
    FaultCounts finish() {
        ledger.checkBalanced(this);
        BufferPoolMetrics pool = rt.metrics().buffers();
        if (pool.inUseBuffers() + pool.unpooledInUse() != 0) {
            throw failure("buffer pool: " + pool.inUseBuffers() + " pooled and " + pool.unpooledInUse()
                    + " unpooled buffers still in use after every task ended (a leak)", null);
        }
        close();
        String v = violations();
        if (!v.isEmpty()) {
            throw failure("the decorators found an invariant broken", null);
        }
        FaultCounts sum = sum();
        if (sum.lost() != 0) {
            throw failure(sum.lost() + " completions lost or duplicated", null);
        }
        if (countInFigures) {
            synchronized (TOTALS) {
                TOTALS.computeIfAbsent(kind, k -> new Totals()).add(sum, ledger, config.seed(), openFds());
            }
        }
        return sum;
    }

    private FaultCounts sum() {
        long[] s = new long[11];
        for (FaultyBackend f : backends) {
            FaultCounts c = f.counts(); // after close: the workers were joined
            long[] v = {c.submitted(), c.delivered(), c.delayed(), c.reorderedPolls(), c.sqFullPolls(),
                    c.overflowed(), c.interrupted(), c.canceled(), c.connReset(), c.noBufs(), c.shortTransfers()};
            for (int i = 0; i < s.length; i++) {
                s[i] += v[i];
            }
        }
        return new FaultCounts(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10]);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            rt.close();
        }
    }

    /** Descriptors open in this process (Linux {@code /proc/self/fd}), or -1. */
    static long openFds() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** The totals for one backend so far (null when none ran). */
    static Totals totals(BackendKind kind) {
        synchronized (TOTALS) {
            return TOTALS.get(kind);
        }
    }

    /** Sums over runs of one backend. Guarded by {@code TOTALS}. */
    static final class Totals {
        final long[] counts = new long[11];
        long runs;
        long apiOps;
        long verifiedBytes;
        final Map<String, Long> outcomes = new java.util.TreeMap<>();
        final List<String> seeds = new ArrayList<>();

        /** Descriptors open in this process after the first and the latest run (-1: unknown). */
        long fdsAfterFirst = -1;
        long fdsAfterLast = -1;

        private void add(FaultCounts c, Ledger l, long seed, long fds) {
            if (fdsAfterFirst < 0) {
                fdsAfterFirst = fds;
            }
            fdsAfterLast = fds;
            long[] v = {c.submitted(), c.delivered(), c.delayed(), c.reorderedPolls(), c.sqFullPolls(),
                    c.overflowed(), c.interrupted(), c.canceled(), c.connReset(), c.noBufs(), c.shortTransfers()};
            for (int i = 0; i < v.length; i++) {
                counts[i] += v[i];
            }
            runs++;
            apiOps += l.started();
            verifiedBytes += l.verifiedBytes.get();
            l.outcomes().forEach((k, n) -> outcomes.merge(k, n, Long::sum));
            seeds.add("0x" + Long.toHexString(seed));
        }

        FaultCounts faultCounts() {
            long[] s = counts;
            return new FaultCounts(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10]);
        }
    }
}
