package io.zokio.runtime;

import io.zokio.metrics.RuntimeMXBean;
import io.zokio.metrics.RuntimeMetrics;
import io.zokio.metrics.WorkerMetrics;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * <b>Threading:</b> any thread (JMX calls arrive on the JMX connector's threads). Each getter takes a fresh
 * {@link Runtime#metrics()} snapshot.
 *
 * <p>The JMX view of one runtime, registered while it is open as
 * {@code io.zokio:type=Runtime,name=<name>[-<n>]} (a suffix keeps names of runtimes with one prefix apart).
 */
final class RuntimeMXBeanImpl implements RuntimeMXBean {
    private static final System.Logger LOG = System.getLogger("io.zokio.runtime");
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Runtime runtime;
    private ObjectName objectName;

    private RuntimeMXBeanImpl(Runtime runtime) {
        this.runtime = runtime;
    }

    /** Registers a view of {@code runtime}; null (and one log line) if the platform MBean server refuses. */
    static RuntimeMXBeanImpl register(Runtime runtime, String name) {
        RuntimeMXBeanImpl bean = new RuntimeMXBeanImpl(runtime);
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            String quoted = ObjectName.quote(name + "-" + INSTANCES.incrementAndGet());
            ObjectName on = new ObjectName("io.zokio:type=Runtime,name=" + quoted);
            server.registerMBean(new StandardMBean(bean, RuntimeMXBean.class, true), on);
            bean.objectName = on;
            return bean;
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "runtime metrics not published over JMX: {0}", e.toString());
            return null;
        }
    }

    void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName);
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "runtime MBean already gone: {0}", e.toString());
        }
    }

    ObjectName objectName() {
        return objectName;
    }

    private List<WorkerMetrics> workers() {
        return runtime.metrics().workers();
    }

    private long[] perWorker(ToLongFunction<WorkerMetrics> f) {
        return workers().stream().mapToLong(f).toArray();
    }

    private double[] perWorkerDouble(ToDoubleFunction<WorkerMetrics> f) {
        return workers().stream().mapToDouble(f).toArray();
    }

    @Override
    public String getBackend() {
        return runtime.metrics().backend();
    }

    @Override
    public String getCarrierMode() {
        return runtime.carrierMode().name();
    }

    @Override
    public int getWorkers() {
        return runtime.workers();
    }

    @Override
    public long getTasksSpawned() {
        return runtime.metrics().tasksSpawned();
    }

    @Override
    public long getTasksRun() {
        return runtime.metrics().tasksRun();
    }

    @Override
    public long[] getTasksRunPerWorker() {
        return perWorker(WorkerMetrics::tasksRun);
    }

    @Override
    public long[] getTasksStolenPerWorker() {
        return perWorker(WorkerMetrics::tasksStolen);
    }

    @Override
    public int[] getLocalQueueDepthPerWorker() {
        return workers().stream().mapToInt(WorkerMetrics::localQueueDepth).toArray();
    }

    @Override
    public int getInjectQueueDepth() {
        return runtime.metrics().injectQueueDepth();
    }

    @Override
    public long[] getParksPerWorker() {
        return perWorker(WorkerMetrics::parks);
    }

    @Override
    public long[] getWakeupsPerWorker() {
        return perWorker(WorkerMetrics::wakeups);
    }

    @Override
    public long[] getLoopTurnsPerWorker() {
        return perWorker(w -> w.loop().turns());
    }

    @Override
    public long[] getKernelEntriesPerWorker() {
        return perWorker(w -> w.loop().kernelEntries());
    }

    @Override
    public long[] getSubmissionsPerWorker() {
        return perWorker(w -> w.loop().submissions());
    }

    @Override
    public long[] getCompletionsPerWorker() {
        return perWorker(w -> w.loop().completions());
    }

    @Override
    public long[] getSpinBudgetNsPerWorker() {
        return perWorker(w -> w.loop().spinBudgetNs());
    }

    @Override
    public int[] getTimersActivePerWorker() {
        return workers().stream().mapToInt(WorkerMetrics::timersActive).toArray();
    }

    @Override
    public long getTimersFired() {
        return runtime.metrics().timersFired();
    }

    @Override
    public double[] getBusyRatioPerWorker() {
        return perWorkerDouble(WorkerMetrics::busyRatio);
    }

    @Override
    public int getLiveTasks() {
        return runtime.metrics().liveTasks();
    }

    @Override
    public int getBlockingLimit() {
        return runtime.metrics().blockingLimit();
    }

    @Override
    public double getBufferCacheHitRate() {
        return runtime.buffers().metrics().cacheHitRate();
    }

    @Override
    public long getBuffersInUse() {
        var m = runtime.buffers().metrics();
        return m.inUseBuffers() + m.unpooledInUse();
    }

    @Override
    public long getBufferHighWaterBytes() {
        return runtime.buffers().metrics().highWaterBytes();
    }

    @Override
    public String getReport() {
        RuntimeMetrics m = runtime.metrics();
        return m.format();
    }
}
