package io.zokio.bench.fs;

import java.nio.ByteBuffer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * <b>Threading:</b> each writer calls {@link #writerLoop}'s body on its own thread, touching only its own slot
 * (count and histogram); the driver calls {@link #measure} and, after joining the writers, {@link #finish}.
 *
 * <p>One measured round of the {@code wal} bench: {@value #WRITERS} writers append {@value #RECORD_BYTES}-byte
 * records in a closed loop, each waiting until its record is durable. After a warm-up the window opens; an append
 * that completes while it is open counts, and its commit latency (from the call to its return) goes into the
 * writer's histogram. Syncs are read from the impl's counter at both ends of the window.
 */
final class WalWindow {
    static final int WRITERS = 64;
    static final int RECORD_BYTES = 4096;
    private static final long MAX_LATENCY_NS = 60_000_000_000L;

    /** One durable append, as an impl makes it. */
    interface Append {
        void append(int writer, ByteBuffer record) throws Exception;
    }

    private final long[] counts = new long[WRITERS * 16]; // one slot per writer, 128 bytes apart
    private final Histogram[] latency = new Histogram[WRITERS];
    /** 0 warm-up, 1 measuring, 2 stop. */
    private volatile int phase;
    long ops;
    double secs;
    long syncs;
    double p50Ms;
    double p99Ms;

    WalWindow() {
        for (int i = 0; i < WRITERS; i++) {
            latency[i] = new Histogram(MAX_LATENCY_NS, 3);
        }
    }

    boolean stopped() {
        return phase == 2;
    }

    /** The closed loop of writer {@code id}: appends its record until the window closes. */
    Runnable writerLoop(int id, Append a) {
        return () -> {
            ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
            for (int i = 0; i < RECORD_BYTES; i++) {
                record.put(i, (byte) (id + i));
            }
            try {
                while (phase != 2) {
                    long t0 = System.nanoTime();
                    a.append(id, record.clear());
                    long t1 = System.nanoTime();
                    if (phase == 1) {
                        counts[id * 16]++;
                        latency[id].recordValue(Math.min(t1 - t0, MAX_LATENCY_NS));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("writer " + id + " failed", e);
            }
        };
    }

    /** Warms up for {@code warmMs}, measures {@code windowMs}, then tells the writers to stop. */
    void measure(long warmMs, long windowMs, LongSupplier syncCounter) throws InterruptedException {
        Thread.sleep(warmMs);
        long s0 = syncCounter.getAsLong();
        long t0 = System.nanoTime();
        phase = 1;
        Thread.sleep(windowMs);
        long t1 = System.nanoTime();
        phase = 2;
        syncs = syncCounter.getAsLong() - s0;
        secs = (t1 - t0) / 1e9;
    }

    /** After the writers were joined: totals and latency percentiles of the window. */
    void finish() {
        Histogram all = new Histogram(MAX_LATENCY_NS, 3);
        long n = 0;
        for (int i = 0; i < WRITERS; i++) {
            n += counts[i * 16];
            all.add(latency[i]);
        }
        ops = n;
        p50Ms = all.getValueAtPercentile(50) / 1e6;
        p99Ms = all.getValueAtPercentile(99) / 1e6;
    }
}
