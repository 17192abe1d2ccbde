package io.zokio.testkit.sim;

/**
 * The settings of a {@link SimBackend}: an immutable value, safe to share between threads.
 *
 * <p>Every operation draws, at submit time and in submission order, its latency (uniform in
 * {@code [minLatencyNs, maxLatencyNs]}), whether it fails (probability {@code faultRate}) and whether a transfer is
 * cut short (probability {@code shortRate}) from one {@code SplittableRandom(seed)}, so the same seed and the same
 * submissions give the same results on the same virtual timeline.
 *
 * @param seed the random seed
 * @param minLatencyNs the least virtual time an operation takes, {@code >= 0}
 * @param maxLatencyNs the most virtual time an operation takes, {@code >= minLatencyNs}
 * @param faultRate probability in {@code [0, 1]} that an operation fails ({@code -EIO} for files,
 *                  {@code -ECONNRESET} for sockets)
 * @param shortRate probability in {@code [0, 1]} that a READ, WRITE, RECV or SEND moves only part of what it could
 * @param socketBufferBytes capacity of each direction of a simulated connection, {@code >= 1}
 */
public record SimConfig(long seed, long minLatencyNs, long maxLatencyNs, double faultRate, double shortRate,
                        int socketBufferBytes) {
    public static final long DEFAULT_MIN_LATENCY_NS = 1_000;
    public static final long DEFAULT_MAX_LATENCY_NS = 100_000;
    public static final int DEFAULT_SOCKET_BUFFER_BYTES = 64 * 1024;
    /** A bound that keeps the per-connection buffers of a test within reason. */
    public static final int MAX_SOCKET_BUFFER_BYTES = 64 * 1024 * 1024;

    public SimConfig {
        if (minLatencyNs < 0) {
            throw new IllegalArgumentException("minLatencyNs must not be negative: " + minLatencyNs);
        }
        if (maxLatencyNs < minLatencyNs) {
            throw new IllegalArgumentException("maxLatencyNs (" + maxLatencyNs + ") must be >= minLatencyNs ("
                    + minLatencyNs + ")");
        }
        if (maxLatencyNs - minLatencyNs == Long.MAX_VALUE) {
            throw new IllegalArgumentException("latency range too wide: [0, Long.MAX_VALUE]");
        }
        checkRate("faultRate", faultRate);
        checkRate("shortRate", shortRate);
        if (socketBufferBytes < 1 || socketBufferBytes > MAX_SOCKET_BUFFER_BYTES) {
            throw new IllegalArgumentException("socketBufferBytes must be in 1.." + MAX_SOCKET_BUFFER_BYTES + ": "
                    + socketBufferBytes);
        }
    }

    private static void checkRate(String name, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) { // also rejects NaN
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + rate);
        }
    }

    /** Seed 0, latency 1..100 us, no faults, no short transfers, 64 KiB socket buffers. */
    public static SimConfig defaults() {
        return seeded(0);
    }

    /** {@link #defaults()} with {@code seed}. */
    public static SimConfig seeded(long seed) {
        return new SimConfig(seed, DEFAULT_MIN_LATENCY_NS, DEFAULT_MAX_LATENCY_NS, 0.0, 0.0,
                DEFAULT_SOCKET_BUFFER_BYTES);
    }

    public SimConfig withSeed(long seed) {
        return new SimConfig(seed, minLatencyNs, maxLatencyNs, faultRate, shortRate, socketBufferBytes);
    }

    public SimConfig withLatency(long minLatencyNs, long maxLatencyNs) {
        return new SimConfig(seed, minLatencyNs, maxLatencyNs, faultRate, shortRate, socketBufferBytes);
    }

    public SimConfig withFaultRate(double faultRate) {
        return new SimConfig(seed, minLatencyNs, maxLatencyNs, faultRate, shortRate, socketBufferBytes);
    }

    public SimConfig withShortRate(double shortRate) {
        return new SimConfig(seed, minLatencyNs, maxLatencyNs, faultRate, shortRate, socketBufferBytes);
    }

    public SimConfig withSocketBufferBytes(int socketBufferBytes) {
        return new SimConfig(seed, minLatencyNs, maxLatencyNs, faultRate, shortRate, socketBufferBytes);
    }
}
