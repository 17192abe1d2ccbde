package io.zokio.testkit.fault;

import java.util.Locale;

/**
 * What a {@link FaultyBackend} injects, and the seed that makes it reproducible. Immutable; build it with
 * {@link #builder(long)} or take a preset ({@link #none}, {@link #resultPreserving}, {@link #all}).
 *
 * <p><b>Threading:</b> immutable, any thread.
 *
 * <p>Probabilities are per operation (errors, short transfers, delays) or per {@code poll} (reordering, a full
 * submission queue, completion-queue overflow, an interrupted submission), each in {@code 0..1}. Two classes:
 * <ul>
 *   <li><b>Result-preserving</b>: delays, reordering, a full SQ, CQ overflow, an {@code io_uring_enter} that
 *       says EINTR or EAGAIN (retried inside). Every operation still ends with the result the kernel gave; only
 *       when and in which order callbacks run changes. The conformance suite runs under these.</li>
 *   <li><b>Result-changing</b>: ECANCELED, ECONNRESET, ENOBUFS, short reads and writes, retryable accept
 *       errors. Callers see errors and partial transfers they must handle; tests that expect exact results cannot
 *       run under them.</li>
 * </ul>
 *
 * <p>{@link #toString()} names the seed first: a failure message that includes the config reproduces the run.
 */
public record FaultConfig(
        long seed,
        double delay, int maxDelayPolls,
        double reorder,
        double sqFull, int maxSqFullPolls,
        double cqOverflow, int cqLimit,
        double interrupted,
        double canceled,
        double connReset,
        double noBufs,
        double shortTransfer,
        double acceptErrors) {

    /** The system property that overrides a test's base seed (decimal or {@code 0x} hex). */
    public static final String SEED_PROPERTY = "zokio.fault.seed";

    public FaultConfig {
        for (double p : new double[] {delay, reorder, sqFull, cqOverflow, interrupted, canceled, connReset, noBufs,
                shortTransfer, acceptErrors}) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("fault probabilities must be in 0..1: " + p);
            }
        }
        if (maxDelayPolls < 1 || maxSqFullPolls < 1 || cqLimit < 1) {
            throw new IllegalArgumentException("maxDelayPolls, maxSqFullPolls and cqLimit must be >= 1");
        }
    }

    /** No faults: the decorator only checks its invariants (exactly once, never inside submit). */
    public static FaultConfig none(long seed) {
        return builder(seed).build();
    }

    /** Every fault that keeps results exact: delay, reorder, SQ full, CQ overflow, EINTR/EAGAIN on enter. */
    public static FaultConfig resultPreserving(long seed) {
        return builder(seed).delay(0.2, 3).reorder(0.5).sqFull(0.1, 3).cqOverflow(0.2, 2).interrupted(0.1).build();
    }

    /** {@link #resultPreserving} plus every result-changing fault, each at {@code p}. */
    public static FaultConfig all(long seed, double p) {
        return builder(seed).delay(0.2, 3).reorder(0.5).sqFull(0.1, 3).cqOverflow(0.2, 2).interrupted(0.1)
                .canceled(p).connReset(p).noBufs(p).shortTransfer(p).build();
    }

    /** A copy with another seed. */
    public FaultConfig withSeed(long newSeed) {
        return new FaultConfig(newSeed, delay, maxDelayPolls, reorder, sqFull, maxSqFullPolls, cqOverflow, cqLimit,
                interrupted, canceled, connReset, noBufs, shortTransfer, acceptErrors);
    }

    /** True when no fault changes a result (only timing and order). */
    public boolean preservesResults() {
        return canceled == 0 && connReset == 0 && noBufs == 0 && shortTransfer == 0 && acceptErrors == 0;
    }

    /** The base seed: {@value #SEED_PROPERTY} when set, else {@code fallback}. */
    public static long seedFromProperty(long fallback) {
        String s = System.getProperty(SEED_PROPERTY);
        if (s == null || s.isBlank()) {
            return fallback;
        }
        s = s.trim().toLowerCase(Locale.ROOT);
        try {
            return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be a decimal or 0x hex long: " + s, e);
        }
    }

    /** A seed derived from a base seed and a name (a test's), so each test draws its own sequence. */
    public static long derive(long base, String name) {
        long h = base ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001B3L;
        }
        return h ^ (h >>> 29);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("seed=0x").append(Long.toHexString(seed));
        append(b, "delay", delay, "<=" + maxDelayPolls + " polls");
        append(b, "reorder", reorder, null);
        append(b, "sqFull", sqFull, "<=" + maxSqFullPolls + " polls");
        append(b, "cqOverflow", cqOverflow, "limit " + cqLimit);
        append(b, "EINTR/EAGAIN", interrupted, null);
        append(b, "ECANCELED", canceled, null);
        append(b, "ECONNRESET", connReset, null);
        append(b, "ENOBUFS", noBufs, null);
        append(b, "short", shortTransfer, null);
        append(b, "accept errors", acceptErrors, null);
        return b.toString();
    }

    private static void append(StringBuilder b, String name, double p, String detail) {
        if (p > 0) {
            b.append(", ").append(name).append(' ').append(p);
            if (detail != null) {
                b.append(" (").append(detail).append(')');
            }
        }
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    /** Builds a {@link FaultConfig}; every fault starts off. Not thread-safe. */
    public static final class Builder {
        private final long seed;
        private double delay;
        private int maxDelayPolls = 1;
        private double reorder;
        private double sqFull;
        private int maxSqFullPolls = 1;
        private double cqOverflow;
        private int cqLimit = 1;
        private double interrupted;
        private double canceled;
        private double connReset;
        private double noBufs;
        private double shortTransfer;
        private double acceptErrors;

        private Builder(long seed) {
            this.seed = seed;
        }

        /** Holds a completion back for 1..{@code maxPolls} polls with probability {@code p}. */
        public Builder delay(double p, int maxPolls) {
            this.delay = p;
            this.maxDelayPolls = maxPolls;
            return this;
        }

        /** Shuffles the completions a poll delivers with probability {@code p} per poll. */
        public Builder reorder(double p) {
            this.reorder = p;
            return this;
        }

        /** Refuses submissions to the inner backend for 1..{@code maxPolls} polls (queued, never failed). */
        public Builder sqFull(double p, int maxPolls) {
            this.sqFull = p;
            this.maxSqFullPolls = maxPolls;
            return this;
        }

        /** With probability {@code p} per poll, delivers at most 1..{@code limit} completions, keeping the rest. */
        public Builder cqOverflow(double p, int limit) {
            this.cqOverflow = p;
            this.cqLimit = limit;
            return this;
        }

        /** The submission step fails with EINTR or EAGAIN (as io_uring_enter may) and is retried next poll. */
        public Builder interrupted(double p) {
            this.interrupted = p;
            return this;
        }

        /** The operation (any but CLOSE) ends with {@code -ECANCELED} without reaching the kernel. */
        public Builder canceled(double p) {
            this.canceled = p;
            return this;
        }

        /** A stream-socket operation ends with {@code -ECONNRESET} without reaching the kernel. */
        public Builder connReset(double p) {
            this.connReset = p;
            return this;
        }

        /** A send ends with {@code -ENOBUFS} without reaching the kernel. */
        public Builder noBufs(double p) {
            this.noBufs = p;
            return this;
        }

        /** A read, write, send or receive transfers fewer bytes (its length is cut before submission). */
        public Builder shortTransfer(double p) {
            this.shortTransfer = p;
            return this;
        }

        /**
         * A multishot accept meets an error accept(2) says to retry on (ECONNABORTED, EPROTO, ENETDOWN, ...): it
         * ends with one without reaching the kernel, one is delivered as an intermediate result ahead of a
         * connection the kernel accepted, or the multishot is stopped after a connection and ends with one.
         */
        public Builder acceptErrors(double p) {
            this.acceptErrors = p;
            return this;
        }

        public FaultConfig build() {
            return new FaultConfig(seed, delay, maxDelayPolls, reorder, sqFull, maxSqFullPolls, cqOverflow, cqLimit,
                    interrupted, canceled, connReset, noBufs, shortTransfer, acceptErrors);
        }
    }
}
