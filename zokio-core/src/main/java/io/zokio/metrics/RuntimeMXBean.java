package io.zokio.metrics;

/**
 * The JMX view of a runtime's metrics, registered as {@code io.zokio:type=Runtime,name=<thread name prefix>}
 * while the runtime is open. Totals over all workers, and per-worker arrays by worker index.
 */
public interface RuntimeMXBean {
    String getBackend();

    String getCarrierMode();

    int getWorkers();

    long getTasksSpawned();

    long getTasksRun();

    long[] getTasksRunPerWorker();

    long[] getTasksStolenPerWorker();

    int[] getLocalQueueDepthPerWorker();

    int getInjectQueueDepth();

    long[] getParksPerWorker();

    long[] getWakeupsPerWorker();

    long[] getLoopTurnsPerWorker();

    long[] getKernelEntriesPerWorker();

    long[] getSubmissionsPerWorker();

    long[] getCompletionsPerWorker();

    long[] getSpinBudgetNsPerWorker();

    int[] getTimersActivePerWorker();

    long getTimersFired();

    double[] getBusyRatioPerWorker();

    int getLiveTasks();

    int getBlockingLimit();

    /** Buffer pool: the share of acquisitions served by a per-thread cache. */
    double getBufferCacheHitRate();

    /** Buffer pool: buffers acquired and not released. */
    long getBuffersInUse();

    /** Buffer pool: the most bytes ever out of its shared free lists at once. */
    long getBufferHighWaterBytes();

    /** The whole snapshot, formatted as {@link RuntimeMetrics#format()}. */
    String getReport();
}
