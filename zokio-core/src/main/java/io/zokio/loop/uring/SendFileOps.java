package io.zokio.loop.uring;

import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.loop.uring.ffi.Pipes;
import io.zokio.loop.uring.ffi.SubmissionQueue;
import java.util.Arrays;

/**
 * SENDFILE on io_uring: a state machine per slot that moves a file range to a socket through a pipe from a
 * pool the backend owns (SPLICE file to pipe, SPLICE pipe to socket until the pipe is empty, POLLOUT when a
 * splice says EAGAIN), one SQE of the op in the kernel at a time, all on the op's own user_data, with
 * {@code -Dzokio.uring.sendfile=splice}; by default {@code sendfile(2)} on the loop thread with POLLOUT waits.
 *
 * <p><b>Threading:</b> loop-thread only (called by {@link MultiCqeOps}).
 *
 * <p><b>Invariants:</b> a pipe is empty whenever it is in the free pool; a pipe that an error or a cancel left
 * with bytes in it is closed, never reused (its bytes could not be sent in order). The op's result is what
 * reached the socket: short when the range is longer than the pipe, 0 at or past the end of the file.
 */
final class SendFileOps {
    // phases of a SENDFILE
    private static final int FILL = 1;
    private static final int DRAIN = 2;
    private static final int POLL = 3;
    private static final int INLINE = 4;
    /**
     * Pipe capacity asked for SENDFILE: a 1 MiB body moves in one chunk (two SPLICEs). The kernel grants up to
     * /proc/sys/fs/pipe-max-size (default 1 MiB) and allocates pipe pages only when they are filled.
     */
    private static final int PIPE_BYTES = 1024 * 1024;

    private final IoUringBackend backend;
    private final SubmissionQueue sq;
    private final SlotTable slots;
    private final Pipes pipes = new Pipes();
    /**
     * Read when the backend opens. SENDFILE calls {@code sendfile(2)} on the loop thread (waiting for POLLOUT
     * through the ring when the socket is full), as epoll servers do: the default, because the http bench
     * measured it 1.5x the splice path for 1 MiB bodies (3.2k against 2.1k requests/s, same run); a page-cache
     * miss then blocks the loop for the read. {@code -Dzokio.uring.sendfile=splice} selects the path that never
     * blocks the loop (two SPLICEs through a pipe per chunk, each a hand-off to io-wq).
     */
    private final boolean inlineSendfile = !"splice".equals(System.getProperty("zokio.uring.sendfile", "inline"));

    // per slot (grown with the slot table): phase, pipe, bytes put in the pipe, bytes still in it
    private int[] phase = new int[64];
    private int[] pipeOf = new int[64];
    private int[] filled = new int[64];
    private int[] inPipe = new int[64];

    /** Pipes: read end at 2i, write end at 2i + 1; free ones on a stack. */
    private int[] pipeFds = new int[0];
    private int[] freePipes = new int[0];
    private int freePipeCount;
    private int pipeCapacity = -1;

    SendFileOps(IoUringBackend backend, SubmissionQueue sq, SlotTable slots) {
        this.backend = backend;
        this.sq = sq;
        this.slots = slots;
    }

    void ensure(int slot) {
        if (slot >= phase.length) {
            int n = Math.max(slot + 1, phase.length * 2);
            phase = Arrays.copyOf(phase, n);
            pipeOf = Arrays.copyOf(pipeOf, n);
            filled = Arrays.copyOf(filled, n);
            inPipe = Arrays.copyOf(inPipe, n);
        }
    }

    /** Starts a SENDFILE in {@code slot} (its first SQE, or an immediate result). */
    void start(Completion c, int slot, long ud) {
        if (inlineSendfile) {
            pipeOf[slot] = -1;
            inlineSendFile(c, slot, ud);
            return;
        }
        int p;
        try {
            p = acquirePipe();
        } catch (ErrnoException e) {
            pipeOf[slot] = -1; // no pipe: onCqe ends it without touching the pipe pool
            backend.immediate(ud, -e.errno());
            return;
        }
        pipeOf[slot] = p;
        filled[slot] = 0;
        inPipe[slot] = 0;
        phase[slot] = FILL;
        int chunk = Math.min(c.spliceLength(), pipeCapacity);
        sq.prepSplice(c.fdIn(), c.offsetIn(), pipeFds[2 * p + 1], -1, chunk, 0, ud);
    }

    /** One sendfile(2) attempt: a result (queued, delivered by the next poll) or a POLLOUT wait. */
    private void inlineSendFile(Completion c, int slot, long ud) {
        int r = pipes.sendfile(c.fd(), c.fdIn(), c.offsetIn(), c.spliceLength());
        if (r == -Errno.EAGAIN) {
            phase[slot] = INLINE;
            backend.ensureSqe();
            sq.prepPollOut(c.fd(), ud);
        } else {
            phase[slot] = 0;
            backend.immediate(ud, r);
        }
    }

    /** One CQE of the SENDFILE in {@code slot}: the next step, or its one delivery (returns callbacks run). */
    int onCqe(Completion c, int slot, long ud, int res) {
        int p = pipeOf[slot];
        if (phase[slot] == INLINE) {
            if (res < 0 || stopping(slot)) {
                return finish(c, ud, res < 0 ? res : -Errno.ECANCELED);
            }
            inlineSendFile(c, slot, ud); // writable again
            return 0;
        }
        if (p < 0) {
            return finish(c, ud, res); // a result known without the kernel (inline sendfile, or no pipe)
        }
        if (res == -Errno.EAGAIN && phase[slot] == DRAIN && !stopping(slot)) {
            phase[slot] = POLL; // the socket is full: wait until it takes more
            backend.ensureSqe();
            sq.prepPollOut(c.fd(), ud);
            return 0;
        }
        if (phase[slot] == DRAIN && res == 0) {
            res = -Errno.EIO; // splice to a socket never moves 0 of a non-empty pipe: do not spin
        }
        if (phase[slot] == FILL && res > 0) {
            filled[slot] = res;
            inPipe[slot] = res;
        } else if (phase[slot] == DRAIN && res > 0) {
            inPipe[slot] -= res;
        }
        int sent = filled[slot] - inPipe[slot];
        boolean dirty = inPipe[slot] > 0;
        if (res < 0) {
            return endSendFile(c, ud, p, dirty, sent > 0 ? sent : stopping(slot) ? -Errno.ECANCELED : res);
        }
        if (phase[slot] == FILL && res == 0) {
            return endSendFile(c, ud, p, false, 0); // the offset is at or past the end of the file
        }
        if (!dirty) {
            return endSendFile(c, ud, p, false, filled[slot]);
        }
        if (stopping(slot)) {
            return endSendFile(c, ud, p, true, sent > 0 ? sent : -Errno.ECANCELED);
        }
        drain(c, slot, ud); // after FILL, after a short DRAIN, or after POLL said writable
        return 0;
    }

    private void drain(Completion c, int slot, long ud) {
        phase[slot] = DRAIN;
        backend.ensureSqe();
        sq.prepSplice(pipeFds[2 * pipeOf[slot]], -1, c.fd(), -1, inPipe[slot], 0, ud);
    }

    /** Ends a SENDFILE; a pipe that still holds bytes is replaced (they can never be sent in order). */
    private int endSendFile(Completion c, long ud, int p, boolean dirty, int res) {
        if (dirty) {
            pipes.close(pipeFds[2 * p]);
            pipes.close(pipeFds[2 * p + 1]);
            pipeFds[2 * p] = -1;
            pipeFds[2 * p + 1] = -1;
        }
        freePipes[freePipeCount++] = p;
        return finish(c, ud, res);
    }

    private int acquirePipe() throws ErrnoException {
        int p;
        if (freePipeCount > 0) {
            p = freePipes[--freePipeCount];
        } else {
            p = pipeFds.length / 2;
            pipeFds = Arrays.copyOf(pipeFds, pipeFds.length + 2);
            freePipes = Arrays.copyOf(freePipes, freePipes.length + 1);
            pipeFds[2 * p] = -1;
            pipeFds[2 * p + 1] = -1;
        }
        if (pipeFds[2 * p] < 0) {
            try {
                int[] fds = pipes.open(false, PIPE_BYTES);
                pipeFds[2 * p] = fds[0];
                pipeFds[2 * p + 1] = fds[1];
                if (pipeCapacity < 0) {
                    int cap = pipes.capacity(fds[1]);
                    pipeCapacity = cap > 0 ? cap : 65536;
                }
            } catch (ErrnoException e) {
                freePipes[freePipeCount++] = p;
                throw e;
            }
        }
        return p;
    }


    private boolean stopping(int slot) {
        return slots.isCancelling(slot) || backend.isClosed();
    }

    private int finish(Completion c, long ud, int res) {
        slots.take(ud);
        backend.deliverFinal(c, res);
        return 1;
    }

    /** After the ring is closed: closes every pipe. */
    void free() {
        for (int fd : pipeFds) {
            if (fd >= 0) {
                pipes.close(fd);
            }
        }
        pipeFds = new int[0];
        freePipeCount = 0;
    }
}
