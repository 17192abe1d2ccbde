package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.metrics.WorkerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blocked-worker detector fires on a task (or a loop callback) that holds a worker past the threshold and
 * not on a busy runtime of short tasks; the JFR events are recorded. No test waits for real time: the watchdog's
 * threshold is a day, and the test samples by hand at fake times a threshold apart.
 */
class BlockedWorkerDetectorTest {

    private static long warnings(Runtime rt) {
        return rt.metrics().workers().stream().mapToLong(WorkerMetrics::blockedWarnings).sum();
    }

    /** A threshold the watchdog thread never reaches during a test: the test samples by hand, in fake time. */
    private static final Duration NEVER = Duration.ofDays(1);
    private static final long LATER = Duration.ofDays(2).toNanos();

    @Test
    @Timeout(60)
    void aSlowTaskAndAStalledLoopAreReportedWithTheirStacksAndRecorded(@TempDir Path dir) throws Exception {
        try (Recording rec = new Recording()) {
            rec.enable("io.zokio.SlowTask");
            rec.enable("io.zokio.LoopStall");
            rec.enable("io.zokio.BlockingCallOnLoop");
            rec.start();
            try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                    .blockedThreshold(NEVER).build()) {
                BlockedWorkerDetector detector = rt.detector();
                long t = 0;
                CountDownLatch started = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                rt.executeOnLoop(() -> holdTheWorker(started, release)); // a task
                assertTrue(started.await(20, TimeUnit.SECONDS));
                detector.sampleAll(t); // the worker made progress since the start: nothing suspect yet
                detector.sampleAll(t += LATER); // no progress since: the stall's clock starts
                assertEquals(0, warnings(rt));
                detector.sampleAll(t += LATER); // still the same task, a threshold later
                assertEquals(1, warnings(rt));
                detector.sampleAll(t += LATER);
                assertEquals(1, warnings(rt), "one report per stall");
                release.countDown();
                CountDownLatch started2 = new CountDownLatch(1);
                CountDownLatch release2 = new CountDownLatch(1);
                rt.onLoop(0, loop -> {
                    loop.execute(() -> holdTheLoop(started2, release2)); // loop code, not a worker task
                    return null;
                });
                assertTrue(started2.await(20, TimeUnit.SECONDS));
                detector.sampleAll(t += LATER);
                detector.sampleAll(t += LATER);
                assertEquals(1, warnings(rt));
                detector.sampleAll(t += LATER);
                assertEquals(2, warnings(rt));
                release2.countDown();
                CountDownLatch refused = new CountDownLatch(1);
                rt.executeOnLoop(() -> {
                    try {
                        Channel.bounded(1).receive();
                    } catch (IllegalStateException expected) {
                        refused.countDown();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                assertTrue(refused.await(20, TimeUnit.SECONDS));
            }
            rec.stop();
            Path file = dir.resolve("rec.jfr");
            rec.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            RecordedEvent slow = events.stream().filter(e -> e.getEventType().getName().equals("io.zokio.SlowTask"))
                    .findFirst().orElseThrow();
            assertTrue(slow.getString("stack").contains("holdTheWorker"), slow.getString("stack"));
            RecordedEvent stall = events.stream()
                    .filter(e -> e.getEventType().getName().equals("io.zokio.LoopStall")).findFirst().orElseThrow();
            assertTrue(stall.getString("stack").contains("holdTheLoop"), stall.getString("stack"));
            assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.zokio.BlockingCallOnLoop")
                    && e.getString("call").contains("Channel.receive")));
            assertTrue(Files.size(file) > 0);
        }
    }

    private static void holdTheWorker(CountDownLatch started, CountDownLatch release) {
        started.countDown();
        awaitQuietly(release);
    }

    private static void holdTheLoop(CountDownLatch started, CountDownLatch release) {
        started.countDown();
        awaitQuietly(release);
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Timeout(60)
    void shortTasksRaiseNoWarning() throws Exception {
        try (Runtime rt = Runtime.builder().workers(2).backend(RuntimeTestSupport.testBackend())
                .blockedThreshold(NEVER).build()) {
            long t = 0;
            for (int round = 0; round < 20; round++) {
                CountDownLatch done = new CountDownLatch(10_000);
                for (int i = 0; i < 10_000; i++) {
                    rt.executeOnLoop(done::countDown);
                }
                assertTrue(done.await(20, TimeUnit.SECONDS));
                for (int i = 0; i < rt.workers(); i++) {
                    // the round is over: let each worker go idle (parked in its loop's wait), a stable state; a
                    // worker the OS has not run yet would look stuck to a sample in fake time
                    while (!rt.worker(i).loop.isBlockedInKernel()) {
                        Thread.yield();
                    }
                }
                rt.detector().sampleAll(t += LATER); // a threshold's worth of fake time between looks
            }
            assertEquals(0, warnings(rt));
        }
    }

    @Test
    void aNegativeThresholdIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Runtime.builder().blockedThreshold(Duration.ofMillis(-1)));
    }
}
