package io.zokio.fs;

import io.zokio.sys.Errno;
import io.zokio.loop.DirectFileCalls;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * <b>Threading:</b> any thread; per-thread state lives in a {@link ThreadLocal} (one small reader per thread
 * that reads files).
 *
 * <p>The page-cache fast path of {@link AsyncFile#read(MemorySegment, long)} on io_uring: a read whose data is
 * in the page cache is copied on the calling thread with {@code preadv2(RWF_NOWAIT)}, which never waits for a
 * disk (it answers EAGAIN instead), so the hop to the loop and back, the dominant cost of a 4 KiB cached read,
 * is skipped. A miss, or any error, goes through io_uring as usual. Never used for DIRECT files (a direct read
 * always waits for the device) or on the NIO backend (its descriptors are not kernel fds).
 *
 * <p><b>Who reads inline</b> ({@value #PROPERTY}, read when a file is opened):
 * <ul>
 *   <li>{@code auto} (default): platform threads always (they share no carrier); virtual threads when the
 *       file's runtime is {@link CarrierMode#AFFINE}: its own tasks, where a fair turn is cheap (below), and
 *       any other virtual thread under the parking budget. Virtual threads reading a file of a
 *       {@link CarrierMode#SHARED} runtime take the loop path, which parks them.</li>
 *   <li>{@code true}: also virtual threads of a SHARED runtime.</li>
 *   <li>{@code false}: nobody; every read goes through the loop.</li>
 * </ul>
 *
 * <p><b>Fairness budget</b> (Tokio's coop budget). An inline read does not park, so a virtual thread reading a
 * hot file in a loop would keep its carrier, as FileChannel does. After a run of inline reads a virtual thread
 * therefore gives its turn away once:
 * <ul>
 *   <li>carried by one of the runtime's workers (AFFINE): {@link Thread#yield()} every {@link #AFFINE_BUDGET}
 *       reads; the runtime puts a yielding thread at the back of its worker's queue, behind everything runnable
 *       there, including what the worker's timers and loop have woken;</li>
 *   <li>any other virtual thread: the next read takes the loop path every {@link #SHARED_BUDGET} reads, which
 *       parks it. On the JDK's scheduler a yield was measured to starve a sleeping thread as FileChannel does
 *       (the woken sleeper queues behind the yielders), so it parks instead: quick runs of the {@code pinning}
 *       bench (1,000 readers, one 1 ms sleeper) put the sleeper's p50 lateness at 0.3 ms with inline reads
 *       off, 7 ms with them on, against 6-1400 ms for FileChannel.</li>
 * </ul>
 * Platform threads have no budget.
 */
final class InlineReads {
    /** The switch, read when a file is opened: {@code -Dzokio.fs.inlineReads=auto|true|false}. */
    static final String PROPERTY = "zokio.fs.inlineReads";
    /** Result meaning "not served inline: use the loop". */
    static final int MISS = Integer.MIN_VALUE;
    /** Inline reads in a row before a parked loop read, off the runtime's workers (small: 16 let the pinning bench's sleeper wait 100s of ms). */
    static final int SHARED_BUDGET = Integer.getInteger("zokio.fs.inlineBudget", 4);
    /** Inline reads in a row before a yield, on the runtime's workers. */
    static final int AFFINE_BUDGET = Integer.getInteger("zokio.fs.inlineYieldBudget", 32);

    /** Who reads inline; see the class comment. */
    enum Policy {
        /** Nobody. */
        OFF,
        /** Platform threads, and virtual threads of an AFFINE runtime. */
        AUTO,
        /** Every thread. */
        ALL;

        /** Whether a file whose backend offers {@code calls} should try inline reads at all. */
        boolean appliesTo(DirectFileCalls calls) {
            return this != OFF && calls.inlineReadsAvailable();
        }

        /** Whether the calling thread reads inline from a file of {@code rt} ({@link #appliesTo} is true). */
        boolean admits(Runtime rt) {
            return this == ALL || !Thread.currentThread().isVirtual() || rt.carrierMode() == CarrierMode.AFFINE;
        }
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private static final class State {
        /** Made on this thread's first inline read. */
        DirectFileCalls.InlineReader reader;
        /** Inline reads since this thread last gave its turn away. */
        int streak;
        /** The runtime whose worker carries this virtual thread, once seen (AFFINE), else null. */
        Runtime carriedBy;
        /** Reads this thread served inline, and the turns it gave away by yielding (for tests). */
        long hits;
        long yields;
    }

    private InlineReads() {
    }

    /** The policy for files opened now: {@value #PROPERTY}, {@code auto} when unset. */
    static Policy policy() {
        String v = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "auto" -> Policy.AUTO;
            case "true" -> Policy.ALL;
            case "false" -> Policy.OFF;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be auto, true or false: " + v);
        };
    }

    /** Reads the calling thread served inline so far (tests). */
    static long hitsOfCurrentThread() {
        return STATE.get().hits;
    }

    /** Yields the calling thread made for the budget so far (tests). */
    static long yieldsOfCurrentThread() {
        return STATE.get().yields;
    }

    /** Bytes read inline (0 at end of file), or {@link #MISS}. */
    static int tryRead(AsyncFile f, MemorySegment dst, long position) {
        Runtime rt = f.runtime();
        if (!f.inlinePolicy().admits(rt)) {
            return MISS;
        }
        State s = STATE.get();
        if (Thread.currentThread().isVirtual() && ++s.streak > SHARED_BUDGET) {
            if (s.carriedBy != rt && rt.isCarriedByWorker()) {
                s.carriedBy = rt; // an AFFINE virtual thread stays on this runtime's workers for its life
            }
            if (s.carriedBy != rt) {
                s.streak = 0;
                return MISS; // the loop path parks this thread once: the others on its carrier get a turn
            }
            if (s.streak > AFFINE_BUDGET) {
                s.streak = 0;
                s.yields++;
                Thread.yield(); // to the back of this worker's queue; then go on inline
            }
        }
        if (!f.use().enter()) {
            return MISS; // closed: the loop path throws ClosedChannelException
        }
        int r;
        try {
            DirectFileCalls.InlineReader reader = s.reader;
            if (reader == null) {
                reader = s.reader = f.fileCalls().newInlineReader();
            }
            r = reader.read(f.fd(), dst, position);
        } finally {
            f.use().exit();
        }
        if (r >= 0) {
            s.hits++;
            return r;
        }
        if (r != -Errno.EAGAIN && r != -Errno.EINTR) {
            // EOPNOTSUPP (a filesystem without NOWAIT reads), EINVAL, EBADF...: let io_uring answer from now on
            f.disableInline();
        }
        s.streak = 0;
        return MISS;
    }
}
