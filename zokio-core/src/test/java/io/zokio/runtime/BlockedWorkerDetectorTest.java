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
 * not on a busy runtime of short tasks; the JFR events are recorded. No timing is asserted: the slow task
 * blocks until the detector has reported it.
 */
class BlockedWorkerDetectorTest {

    private static long warnings(Runtime rt) {
        return rt.metrics().workers().stream().mapToLong(WorkerMetrics::blockedWarnings).sum();
    }

    private static void awaitWarning(Runtime rt, long atLeast) throws InterruptedException {
        while (warnings(rt) < atLeast) {
            Thread.sleep(5);
        }
    }

    @Test
    @Timeout(60)
    void aSlowTaskAndAStalledLoopAreReportedWithTheirStacksAndRecorded(@TempDir Path dir) throws Exception {
        try (Recording rec = new Recording()) {
            rec.enable("io.zokio.SlowTask");
            rec.enable("io.zokio.LoopStall");
            rec.enable("io.zokio.BlockingCallOnLoop");
            rec.start();
            try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                    .blockedThreshold(Duration.ofMillis(20)).build()) {
                CountDownLatch release = new CountDownLatch(1);
                rt.execute(() -> holdTheWorker(release)); // a task
                awaitWarning(rt, 1);
                release.countDown();
                CountDownLatch release2 = new CountDownLatch(1);
                rt.onLoop(0, loop -> {
                    loop.execute(() -> holdTheLoop(release2)); // loop code, not a worker task
                    return null;
                });
                awaitWarning(rt, 2);
                release2.countDown();
                CountDownLatch refused = new CountDownLatch(1);
                rt.execute(() -> {
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

    private static void holdTheWorker(CountDownLatch release) {
        awaitQuietly(release);
    }

    private static void holdTheLoop(CountDownLatch release) {
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
                .blockedThreshold(Duration.ofSeconds(5)).build()) {
            for (int round = 0; round < 20; round++) {
                CountDownLatch done = new CountDownLatch(10_000);
                for (int i = 0; i < 10_000; i++) {
                    rt.execute(done::countDown);
                }
                assertTrue(done.await(20, TimeUnit.SECONDS));
                rt.blockOn(() -> {
                    Thread.sleep(2);
                    return null;
                });
            }
            assertEquals(0, warnings(rt));
        }
    }

    @Test
    void aNegativeThresholdIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Runtime.builder().blockedThreshold(Duration.ofMillis(-1)));
    }
}
