package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.metrics.RuntimeMetrics;
import io.zokio.metrics.WorkerMetrics;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runtime.metrics() against known workloads, and its JMX view. */
class RuntimeMetricsTest {

    private static Runtime shared(int workers) {
        return Runtime.builder().workers(workers).backend(RuntimeTestSupport.testBackend())
                .carrierMode(CarrierMode.SHARED).threadNamePrefix("metrics-test-").build();
    }

    @Test
    @Timeout(30)
    void taskCountsMatchTheWorkload() throws Exception {
        try (Runtime rt = shared(2)) {
            RuntimeMetrics before = rt.metrics();
            CountDownLatch outside = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                rt.executeOnLoop(outside::countDown);
            }
            assertTrue(outside.await(20, TimeUnit.SECONDS));
            CountDownLatch inside = new CountDownLatch(500);
            rt.executeOnLoop(() -> {
                for (int i = 0; i < 500; i++) {
                    rt.executeOnLoop(inside::countDown);
                }
            });
            assertTrue(inside.await(20, TimeUnit.SECONDS));
            RuntimeMetrics m = rt.metrics();
            assertEquals(1001, m.tasksSpawnedOutside() - before.tasksSpawnedOutside());
            assertEquals(500, m.workers().stream().mapToLong(WorkerMetrics::tasksSpawned).sum());
            // only execute() tasks went through the worker queues (SHARED: no continuations)
            assertEquals(1501, m.tasksRun() - before.tasksRun());
            assertEquals(2, m.workers().size());
            for (WorkerMetrics w : m.workers()) {
                assertTrue(w.busyRatio() >= 0 && w.busyRatio() <= 1, "busy ratio " + w.busyRatio());
                assertTrue(w.tasksStolen() >= w.steals(), "each steal moves at least one task");
                assertTrue(w.loop().turns() > 0);
            }
            assertTrue(m.format().contains("worker 1 "), m.format());
            var buf = rt.buffers().acquire(4096);
            assertEquals(1, rt.metrics().buffers().inUseBuffers());
            buf.release();
            assertEquals(0, rt.metrics().buffers().inUseBuffers());
            assertTrue(rt.metrics().buffers().acquires() >= 1);
        }
    }

    @Test
    @Timeout(30)
    void timersAndCompletionsAreCounted() throws Exception {
        try (Runtime rt = shared(2)) {
            CountDownLatch fired = new CountDownLatch(50);
            for (int i = 0; i < 50; i++) {
                rt.schedule(Duration.ofMillis(1 + i % 5), fired::countDown);
            }
            assertTrue(fired.await(20, TimeUnit.SECONDS));
            long completionsBefore = rt.metrics().completions();
            long submissionsBefore = rt.metrics().workers().stream().mapToLong(w -> w.loop().submissions()).sum();
            rt.blockOn(() -> {
                Completion nop = new Completion();
                for (int i = 0; i < 100; i++) {
                    rt.submitAndAwait(0, nop.prepNop());
                }
                return null;
            });
            RuntimeMetrics m = rt.metrics();
            assertEquals(50, m.timersFired());
            assertEquals(0, m.workers().stream().mapToInt(WorkerMetrics::timersActive).sum());
            assertTrue(m.completions() - completionsBefore >= 100, "completions " + m.completions());
            long submissions = m.workers().stream().mapToLong(w -> w.loop().submissions()).sum();
            assertTrue(submissions - submissionsBefore >= 100, "submissions " + submissions);
            long polls = 0;
            for (long b : m.workers().get(0).loop().batchHistogram()) {
                polls += b;
            }
            assertTrue(polls > 0);
        }
    }

    @Test
    @Timeout(30)
    void jmxViewIsRegisteredWhileTheRuntimeIsOpen() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name;
        try (Runtime rt = shared(1)) {
            CountDownLatch ran = new CountDownLatch(10);
            for (int i = 0; i < 10; i++) {
                rt.executeOnLoop(ran::countDown);
            }
            assertTrue(ran.await(20, TimeUnit.SECONDS));
            var found = server.queryNames(new ObjectName("io.zokio:type=Runtime,*"), null);
            name = found.stream().filter(n -> n.getKeyProperty("name").contains("metrics-test")).findFirst()
                    .orElseThrow();
            long run = (Long) server.getAttribute(name, "TasksRun");
            assertTrue(run >= 10, "TasksRun " + run);
            assertEquals(1, server.getAttribute(name, "Workers"));
            assertTrue(((String) server.getAttribute(name, "Report")).contains("worker 0"));
        }
        assertFalse(server.isRegistered(name), "unregistered at close");
    }

    @Test
    @Timeout(30)
    void jmxOffRegistersNothingAndTheDefaultRegistersOnceTried() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                .threadNamePrefix("jmx-off-").jmx(false).build()) {
            assertEquals(null, rt.mxBean());
            assertTrue(server.queryNames(new ObjectName("io.zokio:type=Runtime,*"), null).stream()
                    .noneMatch(n -> n.getKeyProperty("name").contains("jmx-off")));
        }
        ObjectName name;
        try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                .threadNamePrefix("jmx-on-").build()) {
            rt.mxBean().awaitTried();
            name = rt.mxBean().objectName();
            assertTrue(server.isRegistered(name), "registered: " + name);
        }
        assertFalse(server.isRegistered(name), "unregistered at close");
    }
}
