package io.zokio.buffer;

/**
 * A snapshot of a {@link BufferPool}'s counters. Immutable; exact when taken while no thread uses the pool,
 * otherwise each field may lag a few operations behind (the caches' counters are read without a lock).
 *
 * @param acquires          acquisitions so far, pooled and unpooled
 * @param cacheHits         acquisitions served by a {@link LocalCache} without touching the shared pool
 * @param inUseBuffers      pooled buffers acquired and not yet released
 * @param unpooledInUse     oversized (unpooled) buffers acquired and not yet released
 * @param allocatedBuffers  pooled buffers carved from slabs so far (never shrinks until close)
 * @param freeBuffers       pooled buffers free in the shared lists and the caches
 * @param highWaterBytes    the most bytes ever outside the shared free lists at once (in use or cached by a
 *                          worker), tracked at batch transfers
 * @param reservedBytes     native bytes held: slabs plus live unpooled buffers
 * @param leaksDetected     buffers the leak detector found unreachable without release
 */
public record BufferPoolMetrics(long acquires, long cacheHits, long inUseBuffers, long unpooledInUse,
                                long allocatedBuffers, long freeBuffers, long highWaterBytes,
                                long reservedBytes, long leaksDetected) {
    /** Fraction of acquisitions served by a cache, 0 when there were none. */
    public double cacheHitRate() {
        return acquires == 0 ? 0.0 : (double) cacheHits / acquires;
    }
}
