package io.zokio.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Threading:</b> any thread. The bounded pool behind {@link Runtime#blocking}: at most {@code max} platform
 * threads (idle ones exit after 10 s), further work queues. It remembers its threads so that shutdown can
 * join them and a test can see every thread it started gone.
 */
final class BlockingPool {
    private final ThreadPoolExecutor pool;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();

    BlockingPool(int max) {
        pool = new ThreadPoolExecutor(max, max, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
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
        pool.execute(r);
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
