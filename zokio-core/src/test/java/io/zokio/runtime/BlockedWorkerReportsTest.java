package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.IdleMode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a blocked-worker report says and when it comes: only once the stall has lasted the threshold, naming the
 * worker that is held; at most one WARNING per worker per second however many stalls it has; none at all with a
 * zero threshold. Workers are held with latches; time is fake: a detector that is never started is sampled by
 * hand ({@link BlockedWorkerDetector#unstartedCopy}), while the runtime's own watchdog has a threshold of a day.
 */
class BlockedWorkerReportsTest {
    private static final Duration NEVER = Duration.ofDays(1);
    private static final long THRESHOLD_NS = Duration.ofMillis(100).toNanos();
    private static final long SECOND_NS = 1_000_000_000L;

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    /** Every hold of a worker; released after each test, whatever its outcome, so that the runtime can close. */
    private final List<CountDownLatch> holds = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("io.zokio.runtime");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
        holds.forEach(CountDownLatch::countDown);
    }

    private static Runtime twoIdleWorkers() {
        return Runtime.builder().workers(2).backend(RuntimeTestSupport.testBackend()).idleMode(IdleMode.POWER_SAVE)
                .blockedThreshold(NEVER).build();
    }

    /** The worker index a captured warning names (its third parameter). */
    private static int workerOf(LogRecord r) {
        return (Integer) r.getParameters()[2];
    }

    private List<LogRecord> warningsFor(int worker) {
        return warnings.stream().filter(r -> workerOf(r) == worker).collect(Collectors.toList());
    }

    /** A stall of loop code on {@code worker}, released by the returned latch; returns once it holds the worker. */
    private CountDownLatch holdLoop(Runtime rt, int worker, String[] threadName) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        holds.add(release);
        rt.onLoop(worker, loop -> {
            threadName[0] = Thread.currentThread().getName();
            loop.execute(() -> holdTheLoop(started, release));
            return null;
        });
        assertTrue(started.await(20, TimeUnit.SECONDS));
        return release;
    }

    private static void holdTheLoop(CountDownLatch started, CountDownLatch release) {
        started.countDown();
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until worker {@code i} is parked in its loop's wait, where a sample never finds it suspect. */
    private static void idle(Runtime rt, int i) {
        while (!rt.worker(i).loop.isBlockedInKernel()) {
            Thread.yield();
        }
    }

    @Test
    @Timeout(60)
    void aReportComesOnceTheThresholdHasPassedAndNamesTheHeldWorker() throws Exception {
        Runtime rt = twoIdleWorkers();
        try {
            BlockedWorkerDetector d = rt.detector().unstartedCopy(Duration.ofNanos(THRESHOLD_NS));
            String[] name = new String[1];
            holdLoop(rt, 1, name);
            long t = SECOND_NS;
            idle(rt, 0);
            d.sampleAll(t); // the held worker made progress since the detector's start: nothing suspect yet
            idle(rt, 0);
            d.sampleAll(++t); // first sample of the stall: its clock starts here
            long since = t;
            idle(rt, 0);
            d.sampleAll(since + THRESHOLD_NS - 1);
            assertEquals(0, warnings.size(), "no report before the threshold");
            assertEquals(0, rt.worker(1).blockedWarnings.get());
            idle(rt, 0);
            d.sampleAll(since + THRESHOLD_NS);
            assertEquals(1, warnings.size(), "one report at the threshold");
            LogRecord r = warnings.get(0);
            assertEquals(1, workerOf(r), "the report names the held worker's index");
            String text = new java.util.logging.SimpleFormatter().formatMessage(r);
            assertTrue(text.contains(name[0]), "the report names the held worker's thread " + name[0] + ": " + text);
            assertTrue(text.contains("holdTheLoop"), "the report carries the held worker's stack: " + text);
            assertTrue((Long) r.getParameters()[4] >= THRESHOLD_NS / 1_000_000, "held at least the threshold");
            assertEquals(1, rt.worker(1).blockedWarnings.get());
            assertEquals(0, rt.worker(0).blockedWarnings.get(), "the idle worker is not reported");
        } finally {
            holds.forEach(CountDownLatch::countDown);
            rt.close();
        }
    }

    @Test
    @Timeout(60)
    void atMostOneWarningPerWorkerPerSecond() throws Exception {
        Runtime rt = twoIdleWorkers();
        try {
            BlockedWorkerDetector d = rt.detector().unstartedCopy(Duration.ofNanos(THRESHOLD_NS));
            String[] name = new String[1];
            long t = SECOND_NS;
            // stall A on worker 1: reported and logged
            CountDownLatch a = holdLoop(rt, 1, name);
            t = reportStall(rt, d, t, 0);
            long firstWarning = t;
            assertEquals(1, warningsFor(1).size());
            a.countDown();
            idle(rt, 1); // its next stall starts in a new turn: a sample sees the worker progress in between
            // stall B on worker 1 within the second, and one on worker 0 alongside it: B is counted, not logged;
            // worker 0 has its own allowance
            CountDownLatch b = holdLoop(rt, 1, name);
            CountDownLatch c = holdLoop(rt, 0, name);
            t = reportStall(rt, d, t, -1);
            assertTrue(t - firstWarning < SECOND_NS);
            assertEquals(2, rt.worker(1).blockedWarnings.get(), "every stall is counted");
            assertEquals(1, warningsFor(1).size(), "a second stall within the second is not logged");
            assertEquals(1, warningsFor(0).size(), "another worker's stall is logged");
            b.countDown();
            c.countDown();
            idle(rt, 1);
            // stall C on worker 1 a second after the first warning: logged again
            holdLoop(rt, 1, name);
            t = reportStall(rt, d, Math.max(t, firstWarning + SECOND_NS - THRESHOLD_NS - 1), 0);
            assertTrue(t - firstWarning >= SECOND_NS);
            assertEquals(3, rt.worker(1).blockedWarnings.get());
            assertEquals(2, warningsFor(1).size(), "a stall after the interval is logged");
        } finally {
            holds.forEach(CountDownLatch::countDown);
            rt.close();
        }
    }

    /**
     * Samples a held worker from fake time {@code t} until its stall is reported (a threshold after the first
     * sample that sees it); {@code idleWorker} is waited for before each sample (-1: none). Returns the time of
     * the reporting sample.
     */
    private static long reportStall(Runtime rt, BlockedWorkerDetector d, long t, int idleWorker) {
        long[] times = {t + 1, t + 2, t + 2 + THRESHOLD_NS}; // progress since the last look, stall seen, reported
        for (long s : times) {
            if (idleWorker >= 0) {
                idle(rt, idleWorker);
            }
            d.sampleAll(s);
        }
        return times[2];
    }

    @Test
    @Timeout(60)
    void aZeroThresholdStartsNoDetectorThread() {
        Set<Thread> before = watchdogs();
        try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                .blockedThreshold(Duration.ZERO).adaptiveTuning(false).build()) {
            assertNull(rt.detector());
            Set<Thread> started = watchdogs();
            started.removeAll(before);
            assertEquals(Set.of(), started, "no watchdog thread");
        }
    }

    @Test
    @Timeout(60)
    void aZeroThresholdReportsNothingHoweverLongAWorkerIsHeld() throws Exception {
        // adaptive tuning keeps the watchdog thread for the blocking pool; it must report nothing
        Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                .blockedThreshold(Duration.ZERO).build();
        try {
            BlockedWorkerDetector d = rt.detector();
            assertNotNull(d);
            holdLoop(rt, 0, new String[1]);
            for (long t = SECOND_NS; t < 100 * SECOND_NS; t += SECOND_NS) {
                d.sampleAll(t);
            }
            assertEquals(0, rt.worker(0).blockedWarnings.get());
            assertEquals(0, warnings.size());
        } finally {
            holds.forEach(CountDownLatch::countDown);
            rt.close();
        }
    }

    private static Set<Thread> watchdogs() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().endsWith("-watchdog"))
                .collect(Collectors.toSet());
    }
}
