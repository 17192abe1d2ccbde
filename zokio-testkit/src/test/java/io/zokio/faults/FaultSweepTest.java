package io.zokio.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.CarrierMode;
import io.zokio.testing.ExpectIoUring;
import io.zokio.testkit.fault.FaultConfig;
import io.zokio.testkit.fault.FaultCounts;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The public networking and file APIs under result-changing faults (ECANCELED, ECONNRESET, ENOBUFS, short
 * transfers, on top of delays, reordering, a full SQ, CQ overflow and EINTR/EAGAIN), over many seeds, on each
 * backend (io_uring skips with the kernel's reason where refused). Per seed: a fresh runtime of two workers on
 * fault-injecting backends runs {@link NetScenario} or {@link FsScenario}, then {@link FaultHarness#finish}
 * checks every operation ended exactly once with a result or a documented exception, no task hung, no buffer
 * was in use or named by an operation in flight after its call returned, and the decorators' exactly-once checks.
 *
 * <p>Seeds: {@code -Dzokio.fault.seed} (decimal or 0x hex) or {@link #DEFAULT_SEED}; seed {@code i} of a test
 * is derived from it and the test's name; {@code -Dzokio.fault.seeds=N} runs N per test (default
 * {@link #DEFAULT_SEEDS}). Every failure message starts with the config, seed first. After the class, one line
 * per backend gives the figures (faults by kind, operations, completions lost or duplicated, seeds).
 */
@ExtendWith(ExpectIoUring.class)
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultSweepTest {
    static final long DEFAULT_SEED = 0xFA17_5EEDL;
    static final int DEFAULT_SEEDS = 12;
    /** Descriptors the JVM may open lazily between the first and the last run. */
    static final int FD_TOLERANCE = 4;

    private final long base = FaultConfig.seedFromProperty(DEFAULT_SEED);
    private final int seeds = Integer.getInteger("zokio.fault.seeds", DEFAULT_SEEDS);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void networkingUnderResultChangingFaults(BackendKind kind) throws Exception {
        for (int i = 0; i < seeds; i++) {
            FaultConfig config = FaultHarness.resultChanging(base, "net-" + kind, i);
            CarrierMode mode = i % 2 == 0 ? CarrierMode.SHARED : CarrierMode.AFFINE;
            try (FaultHarness h = FaultHarness.open(kind, config, 2, mode)) {
                new NetScenario(h).run();
                h.finish();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void filesUnderResultChangingFaults(BackendKind kind) throws Exception {
        for (int i = 0; i < seeds; i++) {
            FaultConfig config = FaultHarness.resultChanging(base, "fs-" + kind, i);
            CarrierMode mode = i % 2 == 0 ? CarrierMode.SHARED : CarrierMode.AFFINE;
            try (FaultHarness h = FaultHarness.open(kind, config, 2, mode)) {
                new FsScenario(h, dir).run();
                h.finish();
            }
        }
    }

    /**
     * What must hold over the whole sweep, asserted, then the figures: one line per backend that ran. No completion
     * lost or duplicated; the process's descriptors do not grow with the runs (a descriptor leaked per run would
     * add one per seed; {@value #FD_TOLERANCE} allow for the JVM opening a file lazily).
     */
    @AfterAll
    static void sweepTotalsHoldThenPrintFigures() {
        for (BackendKind kind : new BackendKind[] {BackendKind.NIO, BackendKind.IO_URING}) {
            FaultHarness.Totals t = FaultHarness.totals(kind);
            if (t == null) {
                continue;
            }
            FaultCounts c = t.faultCounts();
            assertEquals(0, c.lost(), kind + ": completions lost (positive) or duplicated (negative)");
            if (t.fdsAfterFirst >= 0) {
                assertTrue(t.fdsAfterLast <= t.fdsAfterFirst + FD_TOLERANCE, kind + ": open descriptors grew from "
                        + t.fdsAfterFirst + " after the first run to " + t.fdsAfterLast + " after " + t.runs + " runs");
            }
            System.out.println("fault sweep " + kind + ": " + t.runs + " runs, " + c.submitted()
                    + " loop operations, " + t.apiOps + " API calls " + t.outcomes + ", " + t.verifiedBytes
                    + " bytes verified; faults " + c.faults()
                    + " [delayed " + c.delayed() + ", reordered polls " + c.reorderedPolls() + ", SQ-full polls "
                    + c.sqFullPolls() + ", CQ overflow " + c.overflowed() + ", EINTR/EAGAIN " + c.interrupted()
                    + ", ECANCELED " + c.canceled() + ", ECONNRESET " + c.connReset() + ", ENOBUFS " + c.noBufs()
                    + ", short " + c.shortTransfers() + "]; completions lost or duplicated " + c.lost()
                    + "; open fds after first/last run " + t.fdsAfterFirst + "/" + t.fdsAfterLast
                    + "; base seed 0x" + Long.toHexString(FaultConfig.seedFromProperty(DEFAULT_SEED)) + ", seeds "
                    + t.seeds);
        }
    }
}
