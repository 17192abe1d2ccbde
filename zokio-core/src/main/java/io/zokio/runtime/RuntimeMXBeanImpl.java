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
 * {@link Runtime#metrics()} snapshot. {@link #publish} and {@link #unregister} are ordered by the bean's lock.
 *
 * <p>The JMX view of one runtime, registered while it is open as
 * {@code io.zokio:type=Runtime,name=<name>[-<n>]} (a suffix keeps names of runtimes with one prefix apart).
 *
 * <p><b>Cost at startup:</b> the first {@link ManagementFactory#getPlatformMBeanServer()} of a process creates
 * the platform MBean server and registers the JDK's own MXBeans, a few hundred milliseconds of class loading.
 * The runtime does not pay it on its build: when the platform server already exists (a JMX agent, a monitoring
 * library or the application made it) the view is registered at once, which is cheap; otherwise a short-lived
 * daemon thread registers it a second after the build, when the start's burst of work is over (a runtime closed
 * before then never creates the server). {@code RuntimeBuilder.jmx(false)} registers nothing.
 */
final class RuntimeMXBeanImpl implements RuntimeMXBean {
    private static final System.Logger LOG = System.getLogger("io.zokio.runtime");
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** How long after the build a runtime creates the platform MBean server for its view. */
    private static final java.time.Duration DEFER = java.time.Duration.ofSeconds(1);

    private final Runtime runtime;
    private final String name;
    /** Guarded by this bean's lock. */
    private ObjectName objectName;
    /** Guarded by this bean's lock: set by {@link #unregister}, after which nothing is registered. */
    private boolean closed;
    /** Done once a registration was tried (registered or not). */
    private final java.util.concurrent.CountDownLatch tried = new java.util.concurrent.CountDownLatch(1);

    private RuntimeMXBeanImpl(Runtime runtime, String name) {
        this.runtime = runtime;
        this.name = name;
    }

    /**
     * A view of {@code runtime}, registered now when the platform MBean server exists, else by a daemon thread a
     * second later;
     * a refusal is logged at DEBUG and leaves the runtime without a JMX view.
     */
    static RuntimeMXBeanImpl publish(Runtime runtime, String name) {
        RuntimeMXBeanImpl bean = new RuntimeMXBeanImpl(runtime, name);
        if (platformServerExists()) {
            bean.register();
        } else {
            // after the start's burst of work (the first connections, the first JIT compilations): a timer on the
            // runtime's wheel, then a short-lived thread, since creating the server takes a few hundred ms
            runtime.schedule(DEFER, () -> Thread.ofPlatform().daemon().name("zokio-jmx-" + name)
                    .start(bean::register));
        }
        return bean;
    }

    /**
     * True when the platform MBean server was created already: {@code getPlatformMBeanServer()} makes it through
     * {@link javax.management.MBeanServerFactory#createMBeanServer()}, which lists it for {@code findMBeanServer}.
     * Reading the list creates nothing.
     */
    private static boolean platformServerExists() {
        try {
            return !javax.management.MBeanServerFactory.findMBeanServer(null).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void register() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer(); // outside the lock: may be slow
            synchronized (this) {
                if (closed) {
                    return;
                }
                String quoted = ObjectName.quote(name + "-" + INSTANCES.incrementAndGet());
                ObjectName on = new ObjectName("io.zokio:type=Runtime,name=" + quoted);
                server.registerMBean(new StandardMBean(this, RuntimeMXBean.class, true), on);
                objectName = on;
            }
        } catch (JMException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "runtime metrics not published over JMX: {0}", e.toString());
        } finally {
            tried.countDown();
        }
    }

    /** Waits until the registration was tried (tests). */
    void awaitTried() throws InterruptedException {
        tried.await();
    }

    synchronized void unregister() {
        closed = true;
        tried.countDown(); // a deferred registration that never ran will not run
        if (objectName == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName);
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "runtime MBean already gone: {0}", e.toString());
        }
    }

    synchronized ObjectName objectName() {
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
