package io.zokio.loop.conformance;

import io.zokio.loop.EventLoop;
import io.zokio.loop.EventLoopBuilder;
import io.zokio.testkit.fault.FaultConfig;
import io.zokio.testkit.fault.FaultCounts;
import io.zokio.testkit.fault.FaultyBackend;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * {@link BackendConformanceTest} with every loop built over a {@link FaultyBackend} that injects the
 * <em>result-preserving</em> faults ({@link FaultConfig#resultPreserving}: delayed and reordered completions, a
 * full submission queue, completion-queue overflow, EINTR/EAGAIN on submission retried inside), so every
 * expectation of the suite still holds while the decorator checks exactly-once delivery. Result-changing faults
 * have their own assertions in {@code io.zokio.testkit.fault.FaultyBackendTest}.
 *
 * <p>Seeds: the base seed is {@code -Dzokio.fault.seed} or {@link #DEFAULT_SEED}; each test derives its own from
 * it and its name. A failure (in the test or its teardown) is rethrown with the seed and the command that
 * replays it.
 *
 * <p>{@link #COUNTS_TURNS}: tests that assert what a given number of non-waiting turns delivers; timing faults
 * break exactly that by design, so those run over the decorator with no faults (invariant checks only).
 */
abstract class FaultyConformanceTest extends BackendConformanceTest {
    static final long DEFAULT_SEED = 0x5EED_2026L;

    /** Tests whose assertions count turns or polls (not results), with why. */
    static final Set<String> COUNTS_TURNS = Set.of(
            // "delivered by one run(NO_WAIT)": delays and CQ overflow spread them over several turns
            "tenThousandNopsSubmittedBetweenTurnsAreDeliveredByOneNoWaitRun",
            "tenThousandNopsSubmittedInOneTurnAreDeliveredByThatNoWaitRun",
            // "after spin(2) the NOP is delivered and inFlight() is exact"
            "backendCountsWhatIsInFlight");

    private static final List<FaultyBackend> BACKENDS = new ArrayList<>();

    private final long baseSeed = FaultConfig.seedFromProperty(DEFAULT_SEED);
    private String testName = "?";
    private FaultConfig config;

    @RegisterExtension
    final Seeds seeds = new Seeds();

    @Override
    protected EventLoop build(EventLoopBuilder builder) {
        long seed = FaultConfig.derive(baseSeed, testName);
        config = COUNTS_TURNS.contains(testName) ? FaultConfig.none(seed) : FaultConfig.resultPreserving(seed);
        EventLoop loop = FaultyBackend.wrap(builder.build(), config);
        synchronized (BACKENDS) {
            BACKENDS.add((FaultyBackend) loop.backend());
        }
        return loop;
    }

    /** How to reproduce this test's run. */
    String replay() {
        return "faults " + config + " (base seed 0x" + Long.toHexString(baseSeed) + "); replay: ./zokio test -pl "
                + "zokio-core,zokio-testkit -Dtest=" + getClass().getSimpleName() + "#" + testName + " -D"
                + FaultConfig.SEED_PROPERTY + "=0x" + Long.toHexString(baseSeed);
    }

    /** Prints what was injected over the class: the figures the reliability note quotes. */
    @AfterAll
    static void printTotals() {
        long ops = 0;
        long faults = 0;
        long lost = 0;
        synchronized (BACKENDS) {
            for (FaultyBackend b : BACKENDS) {
                FaultCounts c = b.counts();
                ops += c.submitted();
                faults += c.faults();
                lost += c.lost();
            }
            System.out.println("faulty conformance over " + BACKENDS.size() + " loops: " + ops + " operations, "
                    + faults + " faults injected, " + lost + " completions lost or duplicated");
            BACKENDS.clear();
        }
    }

    /** Learns the test's name before the loop is built; adds the seed to every failure. */
    final class Seeds implements BeforeEachCallback, TestExecutionExceptionHandler,
            LifecycleMethodExecutionExceptionHandler {
        @Override
        public void beforeEach(ExtensionContext context) {
            testName = context.getTestMethod().map(Method::getName).orElse("?");
        }

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
            throw withSeed(t);
        }

        @Override
        public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
            throw withSeed(t);
        }

        @Override
        public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
            throw withSeed(t);
        }

        private Throwable withSeed(Throwable t) {
            if (t instanceof TestAbortedException || config == null) {
                return t;
            }
            AssertionError e = new AssertionError(t + "\n  under " + replay(), t);
            return e;
        }
    }
}
