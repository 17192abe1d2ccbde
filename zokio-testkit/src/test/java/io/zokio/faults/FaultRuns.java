package io.zokio.faults;

import io.zokio.runtime.RuntimeBuilder;
import io.zokio.testkit.fault.FaultConfig;
import io.zokio.testkit.fault.FaultCounts;
import io.zokio.testkit.fault.FaultInjection;
import io.zokio.testkit.fault.FaultyBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts the runtimes that core's net and fs test suites build on fault-injecting backends when
 * {@code -Dzokio.test.faults=preserving} is set (the {@code net-fs-under-faults} surefire execution does; the
 * suites' builders reach {@link #apply} through core's {@code TestRuntimes} and {@link FaultRunsCustomizer}), and
 * remembers, per test, the seeds used and the decorators built so that {@link FaultSeedsExtension} can add the
 * seeds to a failure and check the decorators' invariants after the test.
 *
 * <p><b>Threading:</b> any thread; the state is per JVM and meant for tests that run one at a time (surefire's
 * default), guarded by the class lock.
 *
 * <p>Seeds: the base seed is {@code -Dzokio.fault.seed} or {@link #DEFAULT_SEED}; the n-th runtime of a test
 * gets {@code derive(base, test + "#" + n)}, its worker {@code i} {@code derive(that, "worker-" + i)}, so one
 * base seed and the test's name reproduce the faults a run drew (the kernel's timing can still vary).
 */
public final class FaultRuns {
    /** {@code preserving}: result-preserving faults ({@link FaultConfig#resultPreserving}); unset or none: off. */
    public static final String MODE_PROPERTY = "zokio.test.faults";
    public static final long DEFAULT_SEED = 0x5EED_2026L;

    private static String test = "?";
    private static final List<String> SEEDS = new ArrayList<>();
    private static final List<FaultyBackend> BACKENDS = new ArrayList<>();
    private static long runtimes;
    private static long operations;
    private static long faults;
    private static long lost;

    private FaultRuns() {
    }

    /** Whether the suites run under faults in this JVM. */
    public static boolean enabled() {
        String mode = System.getProperty(MODE_PROPERTY, "none").trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "", "none" -> false;
            case "preserving" -> true;
            default -> throw new IllegalArgumentException("-D" + MODE_PROPERTY + " must be none or preserving: "
                    + mode);
        };
    }

    /** {@code b}, set to inject result-preserving faults when {@link #enabled()}. */
    public static synchronized RuntimeBuilder apply(RuntimeBuilder b) {
        if (!enabled()) {
            return b;
        }
        long base = FaultConfig.seedFromProperty(DEFAULT_SEED);
        FaultConfig config = FaultConfig.resultPreserving(FaultConfig.derive(base, test + "#" + SEEDS.size()));
        SEEDS.add(config.toString());
        runtimes++;
        return FaultInjection.configure(b, config, FaultRuns::opened);
    }

    private static synchronized void opened(FaultyBackend backend) {
        BACKENDS.add(backend);
    }

    /** Starts a test's window (its display name keys the seeds). */
    static synchronized void begin(String testName) {
        test = testName;
        SEEDS.clear();
        BACKENDS.clear();
    }

    /** How to reproduce the current test's faults, or null when it built no runtime under faults. */
    static synchronized String replay() {
        if (SEEDS.isEmpty()) {
            return null;
        }
        long base = FaultConfig.seedFromProperty(DEFAULT_SEED);
        return "under faults, runtimes " + SEEDS + "; replay: -D" + MODE_PROPERTY + "=preserving -D"
                + FaultConfig.SEED_PROPERTY + "=0x" + Long.toHexString(base) + " and -Dtest= this test (" + test + ")";
    }

    /**
     * Ends the test's window: the first invariant a decorator found broken (with its seed), or null. A decorator
     * whose runtime has closed must have delivered every operation exactly once ({@code lost() == 0}: fewer
     * deliveries is a loss, more a duplicate); one still open (a test that left its runtime open) only adds
     * figures.
     */
    static synchronized String end() {
        String failure = null;
        for (FaultyBackend b : BACKENDS) {
            if (failure == null && b.violation() != null) {
                failure = b.violation();
            }
            FaultCounts c = b.counts(); // final once closed; a racy read otherwise (figures only)
            operations += c.submitted();
            faults += c.faults();
            if (b.isClosed()) {
                lost += Math.abs(c.lost());
                if (failure == null && c.lost() != 0) {
                    failure = (c.lost() > 0 ? c.lost() + " operations lost" : -c.lost() + " deliveries duplicated")
                            + " (submitted " + c.submitted() + ", delivered " + c.delivered() + ")";
                }
            }
        }
        BACKENDS.clear();
        SEEDS.clear();
        return failure;
    }

    /** What the suites ran under faults so far in this JVM. */
    static synchronized String totals() {
        return runtimes + " runtimes, " + operations + " operations, " + faults + " faults injected, " + lost
                + " completions lost or duplicated";
    }
}
