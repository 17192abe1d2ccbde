package io.zokio.fs;

import io.zokio.loop.Errno;
import io.zokio.loop.uring.ffi.NoWaitReader;
import java.lang.foreign.MemorySegment;

/**
 * <b>Threading:</b> any thread; per-thread state lives in a {@link ThreadLocal} (one small reader per thread
 * that reads files).
 *
 * <p>An opt-in fast path of {@link AsyncFile#read(MemorySegment, long)} on io_uring
 * ({@code -Dzokio.fs.inlineReads=true}, read when a file is opened): a read whose data is in the page cache is
 * copied on the calling thread with {@code preadv2(RWF_NOWAIT)}, which never waits for a disk (it answers
 * EAGAIN instead), so the hop to the loop and back, the dominant cost of a 4 KiB cached read, is skipped. A
 * miss, or any error, goes through io_uring as usual.
 *
 * <p><b>Why it is off by default.</b> An inline read does not block, but it does not park either: a virtual
 * thread reading a hot file in a loop keeps its carrier, as FileChannel does. Quick runs (2 shared cores) of the
 * {@code pinning} bench (1,000 readers, one 1 ms sleeper) put the sleeper's p50 lateness at 0.3 ms with the path
 * off, 7 ms with it on (budget 4), against 6-1400 ms for FileChannel, while {@code file_read} from virtual
 * threads went from about 0.25x to 0.45x FileChannel's rate (a budget spent on {@code Thread.yield} instead
 * reached 0.9x but starved the sleeper as FileChannel does). The loop hop of the default path is the runtime's
 * cross-thread submit-and-unpark.
 *
 * <p><b>Fairness budget</b> (Tokio's coop budget): after {@code BUDGET} inline reads in a row a thread takes
 * the loop path once, which parks it, so that a virtual thread reading a hot file in a loop still lets the
 * others on its carrier run ({@code -Dzokio.fs.inlineBudget}). Never used for DIRECT files (a
 * direct read always waits for the device) or on the NIO backend (its descriptors are not kernel fds).
 */
final class InlineReads {
    /** The switch, read when a file is opened: {@code -Dzokio.fs.inlineReads=true}. */
    static final String PROPERTY = "zokio.fs.inlineReads";
    /** Result meaning "not served inline: use the loop". */
    static final int MISS = Integer.MIN_VALUE;
    /** Inline reads in a row before one loop read. Small on purpose: 16 let the pinning bench's sleeper wait 100s of ms. */
    static final int BUDGET = Integer.getInteger("zokio.fs.inlineBudget", 4);


    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private static final class State {
        final NoWaitReader reader = new NoWaitReader();
        int streak;
    }

    private InlineReads() {
    }

    /** Whether files opened now use the inline path (off unless {@value #PROPERTY} is true). */
    static boolean enabled() {
        return Boolean.getBoolean(PROPERTY) && NoWaitReader.available();
    }

    /** Bytes read inline (0 at end of file), or {@link #MISS}. */
    static int tryRead(AsyncFile f, MemorySegment dst, long position) {
        State s = STATE.get();
        if (++s.streak > BUDGET) {
            s.streak = 0;
            return MISS; // the loop path parks this thread once: the others on its carrier get a turn
        }
        if (!f.use().enter()) {
            return MISS; // closed: the loop path throws ClosedChannelException
        }
        int r;
        try {
            r = s.reader.read(f.fd(), dst, position);
        } finally {
            f.use().exit();
        }
        if (r >= 0) {
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
