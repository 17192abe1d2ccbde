package io.zokio.buffer;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Configuration of a {@link BufferPool}. Not thread-safe; build once, then share the pool.
 */
public final class BufferPoolBuilder {
    /** System property that turns the leak detector on for every pool that does not say otherwise. */
    public static final String LEAK_DETECTION_PROPERTY = "zokio.buffer.leakDetection";

    int minClassBytes = 512;
    int maxClassBytes = 1 << 20;
    long slabBytes = 4L << 20;
    long cacheBytesPerClass = 256L << 10;
    int maxCachedPerClass = 64;
    boolean leakDetection = Boolean.getBoolean(LEAK_DETECTION_PROPERTY);
    Consumer<? super Throwable> leakListener = t -> { };

    BufferPoolBuilder() {
    }

    /** Smallest and largest size class, powers of two; larger requests are allocated unpooled. */
    public BufferPoolBuilder sizeClasses(int minBytes, int maxBytes) {
        if (Integer.bitCount(minBytes) != 1 || Integer.bitCount(maxBytes) != 1 || minBytes < 8 || maxBytes < minBytes
                || maxBytes > (1 << 30)) {
            throw new IllegalArgumentException("size classes must be powers of two, 8 <= min <= max <= 1 GiB: "
                    + minBytes + ".." + maxBytes);
        }
        this.minClassBytes = minBytes;
        this.maxClassBytes = maxBytes;
        return this;
    }

    /** Bytes of one native allocation carved into buffers (at least one buffer of the class is carved). */
    public BufferPoolBuilder slabBytes(long bytes) {
        if (bytes < 4096) {
            throw new IllegalArgumentException("slab must be at least 4096 bytes: " + bytes);
        }
        this.slabBytes = bytes;
        return this;
    }

    /**
     * Per-worker cache size: up to {@code bytesPerClass} of each size class, at least 2 and at most
     * {@code maxBuffersPerClass} buffers.
     */
    public BufferPoolBuilder cache(long bytesPerClass, int maxBuffersPerClass) {
        if (bytesPerClass < 0 || maxBuffersPerClass < 2) {
            throw new IllegalArgumentException("cache needs bytes >= 0 and at least 2 buffers per class");
        }
        this.cacheBytesPerClass = bytesPerClass;
        this.maxCachedPerClass = maxBuffersPerClass;
        return this;
    }

    /** Records where each buffer was acquired and reports the ones dropped without release (costly). */
    public BufferPoolBuilder leakDetection(boolean on) {
        this.leakDetection = on;
        return this;
    }

    /**
     * Also tells {@code listener} of every leak (on the detector's thread), with a Throwable whose stack is the
     * acquisition site; the WARNING log line is written either way. For tests and frameworks that fail on leaks.
     */
    public BufferPoolBuilder leakListener(Consumer<? super Throwable> listener) {
        this.leakListener = Objects.requireNonNull(listener);
        return this;
    }

    /** The pool. */
    public BufferPool build() {
        return BufferPool.build(this);
    }
}
