package io.zokio.examples.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * <b>Threading:</b> any thread.
 *
 * <p>The errors a soak run found: a count, and the first few messages kept for the final report.
 */
final class SoakErrors {
    private static final int KEEP = 20;
    private final AtomicLong count = new AtomicLong();
    private final List<String> first = new ArrayList<>();

    void record(String load, String what) {
        long n = count.incrementAndGet();
        if (n <= KEEP) {
            synchronized (first) {
                first.add(load + ": " + what);
            }
        }
    }

    void record(String load, Throwable e) {
        record(load, e.toString());
    }

    long count() {
        return count.get();
    }

    List<String> first() {
        synchronized (first) {
            return List.copyOf(first);
        }
    }
}
