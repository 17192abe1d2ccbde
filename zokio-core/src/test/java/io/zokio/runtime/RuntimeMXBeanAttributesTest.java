package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.buffer.PooledBuffer;
import io.zokio.loop.Completion;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every attribute of the runtime's JMX view, read through the platform MBean server after a known workload. */
class RuntimeMXBeanAttributesTest {

    @Test
    @Timeout(30)
    void attributesReflectTheWorkload() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer(); // exists: the view registers at build
        try (Runtime rt = Runtime.builder().workers(2).backend(RuntimeTestSupport.testBackend())
                .carrierMode(CarrierMode.SHARED).threadNamePrefix("mxattr-").build()) {
            rt.mxBean().awaitTried();
            ObjectName name = rt.mxBean().objectName();
            assertTrue(server.isRegistered(name), "registered: " + name);

            CountDownLatch ran = new CountDownLatch(100);
            for (int i = 0; i < 100; i++) {
                rt.executeOnLoop(ran::countDown);
            }
            assertTrue(ran.await(20, TimeUnit.SECONDS));
            CountDownLatch fired = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                rt.schedule(Duration.ofMillis(1), fired::countDown);
            }
            assertTrue(fired.await(20, TimeUnit.SECONDS));
            rt.blockOn(() -> {
                Completion nop = new Completion();
                for (int i = 0; i < 10; i++) {
                    rt.submitAndAwait(0, nop.prepNop());
                }
                return null;
            });

            assertEquals(rt.metrics().backend(), server.getAttribute(name, "Backend"));
            assertEquals("SHARED", server.getAttribute(name, "CarrierMode"));
            assertEquals(2, server.getAttribute(name, "Workers"));
            assertTrue((Long) server.getAttribute(name, "TasksSpawned") >= 100);
            long[] run = (long[]) server.getAttribute(name, "TasksRunPerWorker");
            assertEquals(2, run.length);
            assertTrue(Arrays.stream(run).sum() >= 100, Arrays.toString(run));
            long[] stolen = (long[]) server.getAttribute(name, "TasksStolenPerWorker");
            assertTrue(Arrays.stream(stolen).sum() <= Arrays.stream(run).sum(), "a stolen task is a run task");
            assertEquals(2, ((int[]) server.getAttribute(name, "LocalQueueDepthPerWorker")).length);
            assertEquals(0, server.getAttribute(name, "InjectQueueDepth"), "nothing is waiting");
            assertEquals(2, ((long[]) server.getAttribute(name, "ParksPerWorker")).length);
            assertEquals(2, ((long[]) server.getAttribute(name, "WakeupsPerWorker")).length);
            for (long turns : (long[]) server.getAttribute(name, "LoopTurnsPerWorker")) {
                assertTrue(turns > 0, "every loop turned");
            }
            assertEquals(2, ((long[]) server.getAttribute(name, "KernelEntriesPerWorker")).length);
            assertTrue(((long[]) server.getAttribute(name, "SubmissionsPerWorker"))[0] >= 10);
            assertTrue(((long[]) server.getAttribute(name, "CompletionsPerWorker"))[0] >= 10);
            for (long spin : (long[]) server.getAttribute(name, "SpinBudgetNsPerWorker")) {
                assertTrue(spin >= 0);
            }
            assertEquals(0, Arrays.stream((int[]) server.getAttribute(name, "TimersActivePerWorker")).sum(),
                    "every timer fired");
            assertTrue((Long) server.getAttribute(name, "TimersFired") >= 3);
            for (double busy : (double[]) server.getAttribute(name, "BusyRatioPerWorker")) {
                assertTrue(busy >= 0 && busy <= 1, "busy ratio " + busy);
            }
            assertTrue((Integer) server.getAttribute(name, "BlockingLimit") >= 1);

            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            Task<Void> held = rt.spawn(() -> {
                started.countDown();
                release.await();
                return null;
            });
            started.await();
            assertTrue((Integer) server.getAttribute(name, "LiveTasks") >= 1, "the held task is live");
            release.countDown();
            held.join();

            long inUse = (Long) server.getAttribute(name, "BuffersInUse");
            PooledBuffer buf = rt.buffers().acquire(4096);
            try {
                assertEquals(inUse + 1, server.getAttribute(name, "BuffersInUse"));
                assertTrue((Long) server.getAttribute(name, "BufferHighWaterBytes") >= 4096);
            } finally {
                buf.release();
            }
            assertEquals(inUse, server.getAttribute(name, "BuffersInUse"));
            double hit = (Double) server.getAttribute(name, "BufferCacheHitRate");
            assertTrue(hit >= 0 && hit <= 1, "hit rate " + hit);
        }
    }

    @Test
    @Timeout(30)
    void closeToleratesAViewUnregisteredByOthers() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                .threadNamePrefix("mxgone-").build();
        rt.mxBean().awaitTried();
        ObjectName name = rt.mxBean().objectName();
        server.unregisterMBean(name);
        rt.close(); // the view is gone already: nothing to unregister, nothing thrown
        assertTrue(rt.isTerminated());
        assertFalse(server.isRegistered(name));
    }
}
