package io.zokio.fs;

import io.zokio.loop.Errno;
import io.zokio.loop.uring.ffi.NoWaitReader;
import java.lang.foreign.MemorySegment;

/**
 * <b>Threading:</b> any thread; per-thread state lives in a {@link ThreadLocal} (one small reader per thread
 * that reads files).
 *
 * <p>The inline fast path of {@link AsyncFile#read(MemorySegment, long)} on io_uring: a read whose data is in the
 * page cache is copied on the calling thread with {@code preadv2(RWF_NOWAIT)}, which never waits for a disk
 * (it answers EAGAIN instead), so the hop to the loop and back, the dominant cost of a 4 KiB cached read, is
 * skipped. A miss, or any error, goes through io_uring as usual.
 *
 * <p><b>Fairness budget</b> (Tokio's coop budget): after {@code BUDGET} inline reads in a row a thread takes
 * the loop path once, which parks it, so that a virtual thread reading a hot file in a loop still lets the
 * others on its carrier run. Off with {@code -Dzokio.fs.inlineReads=false}; never used for DIRECT files (a
 * direct read always waits for the device) or on the NIO backend (its descriptors are not kernel fds).
 */
final class InlineReads {
    static final boolean ENABLED = !"false".equals(System.getProperty("zokio.fs.inlineReads"))
            && NoWaitReader.available();
    /** Result meaning "not served inline: use the loop". */
    static final int MISS = Integer.MIN_VALUE;
    /**
     * Inline reads in a row before one loop read; {@code -Dzokio.fs.inlineBudget}. Small on purpose: with a
     * thousand virtual threads reading a cached file (the {@code pinning} bench) a budget of 16 let the timer
     * thread wait hundreds of ms, 2 kept it in single-digit ms while reads stayed at FileChannel speed (quick
     * runs on 2 busy cores; see the README).
     */
    static final int BUDGET = Integer.getInteger("zokio.fs.inlineBudget", 4);

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private static final class State {
        final NoWaitReader reader = new NoWaitReader();
        int streak;
    }

    private InlineReads() {
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
