package io.zokio.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * <b>Threading:</b> any thread. The bounded pool behind {@link Runtime#blocking}: at most {@code limit}
 * platform threads (idle ones exit after 10 s), further work queues. It remembers its threads so that shutdown
 * can join them and a test can see every thread it started gone.
 *
 * <p><b>Adaptive limit</b> (with adaptive tuning on): the limit starts at {@code min(max, 2 x processors, 8
 * or more)} and doubles, up to {@code max}, when a task waited in the queue longer than {@value #SLOW_WAIT_MS}
 * ms (the pool is too small for the load: every thread was blocked; seen when such a task starts, or by the
 * runtime's watchdog thread looking at the queue's oldest task, {@link #tick}); it halves, not below its start, after
 * {@value #CALM_TASKS} tasks in a row found a thread free. Each change is counted ({@link #adaptations()}).
 * Without adaptive tuning the limit is {@code max}.
 */
final class BlockingPool {
    static final long SLOW_WAIT_MS = 10;
    static final int CALM_TASKS = 256;

    private final ThreadPoolExecutor pool;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private final int max;
    private final int floor;
    private final boolean adaptive;
    private final AtomicLong adaptations = new AtomicLong();
    private final AtomicInteger calm = new AtomicInteger();

    BlockingPool(int max, boolean adaptive) {
        this.max = max;
        this.adaptive = adaptive;
        this.floor = adaptive ? Math.min(max, Math.max(8, 2 * java.lang.Runtime.getRuntime().availableProcessors()))
                : max;
        pool = new ThreadPoolExecutor(floor, floor, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(() -> {
                try {
                    r.run();
                } finally {
                    threads.remove(Thread.currentThread());
                }
            }, "zokio-blocking-" + ids.getAndIncrement());
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    void execute(Runnable r) {
        if (!adaptive) {
            pool.execute(r);
            return;
        }
        boolean threadFree = pool.getActiveCount() < pool.getMaximumPoolSize();
        pool.execute(new Timed(r, System.nanoTime(), threadFree));
    }

    /**
     * A periodic look (the runtime's watchdog thread calls it): if the oldest queued task has waited longer
     * than {@value #SLOW_WAIT_MS} ms, every thread is busy, so the limit grows. Without it a pool whose threads
     * all block would never start the queued task whose wait is the signal.
     */
    void tick(long nowNs) {
        if (adaptive && pool.getQueue().peek() instanceof Timed t
                && nowNs - t.queuedAt > TimeUnit.MILLISECONDS.toNanos(SLOW_WAIT_MS)) {
            grow();
        }
    }

    private void grow() {
        int limit = pool.getMaximumPoolSize();
        if (limit < max) {
            setLimit(Math.min(max, limit * 2));
        }
        calm.set(0);
    }

    /** A queued task with the time it was queued and whether a thread was free then. */
    private final class Timed implements Runnable {
        final Runnable task;
        final long queuedAt;
        final boolean threadFree;

        Timed(Runnable task, long queuedAt, boolean threadFree) {
            this.task = task;
            this.queuedAt = queuedAt;
            this.threadFree = threadFree;
        }

        @Override
        public void run() {
            observe(System.nanoTime() - queuedAt, threadFree);
            task.run();
        }
    }

    /** A task started after waiting {@code waitNs}; {@code threadFree} if a thread was free when it came. */
    private void observe(long waitNs, boolean threadFree) {
        int limit = pool.getMaximumPoolSize();
        if (waitNs > TimeUnit.MILLISECONDS.toNanos(SLOW_WAIT_MS)) {
            grow();
        } else if (threadFree && calm.incrementAndGet() >= CALM_TASKS) {
            calm.set(0);
            if (limit > floor) {
                setLimit(Math.max(floor, limit / 2));
            }
        }
    }

    private synchronized void setLimit(int limit) {
        int now = pool.getMaximumPoolSize();
        if (limit == now) {
            return;
        }
        if (limit > now) { // the maximum first, so that core <= maximum holds at every step
            pool.setMaximumPoolSize(limit);
            pool.setCorePoolSize(limit);
        } else {
            pool.setCorePoolSize(limit);
            pool.setMaximumPoolSize(limit);
        }
        adaptations.incrementAndGet();
    }

    int limit() {
        return pool.getMaximumPoolSize();
    }

    int threads() {
        return threads.size();
    }

    long adaptations() {
        return adaptations.get();
    }

    /** Stops taking work, waits for what runs, then joins every thread the pool started. */
    void shutdown(long deadlineNs) throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
        for (Thread t : threads.toArray(Thread[]::new)) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())));
        }
    }
}
