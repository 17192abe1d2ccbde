package io.zokio.fs;

import io.zokio.loop.EventLoop;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeClosedException;
import io.zokio.runtime.internal.WorkerLoops;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only log over one file whose appends return once the record is durable, with group commit: the
 * records that arrive together go to disk with one write and one {@code fdatasync}. Up to
 * {@value #MAX_IN_FLIGHT} batches are in flight: what arrives while one batch syncs starts at once as the next
 * (its write overlaps the first one's sync); what arrives while two are in flight waits for one of them.
 *
 * <p><b>Threading:</b> any thread may append, concurrently; {@link #append} and {@link #close} block (park: a
 * virtual thread unmounts) and throw {@link IllegalStateException} on an event-loop thread, {@link #appendAsync}
 * never blocks. The log's state lives on one worker's event loop (the file's): appenders hand records over
 * under a short lock, and that loop builds, submits and completes the batches. The loop thread never waits for
 * the lock (it only tries it, and queues another drain when an appender holds it): a worker's thread blocked
 * there could be waiting for a virtual thread that only that worker would run.
 *
 * <p><b>Order.</b> Each record gets the next offset in the order the appends arrived (the order in which they
 * took the hand-over lock), and the file holds exactly the records, back to back, in that order, from the size
 * the file had when the log was opened. Nothing else may write the file while the log is open.
 *
 * <p><b>Durability contract.</b>
 * <ul>
 *   <li>{@link #append} returns, and {@link #appendAsync}'s future completes normally, only after the batch that
 *       holds the record was written whole and {@code fdatasync(2)} of the file returned success. From then on
 *       the record survives a crash of the process, the kernel or the machine, as far as the device honours
 *       cache flushes. Batches complete in the order they started, whatever order their syncs finish in, and
 *       a batch after a failed one fails too, so the acknowledged records are always a prefix of the log. {@code fdatasync} rather than {@code fsync}: it flushes the data and the metadata needed
 *       to read it back (the file size when it grew), not timestamps, which is all a log needs.</li>
 *   <li>A record whose append has not returned may or may not be on disk after a crash: what survives is every
 *       acknowledged record plus any subset of the blocks of the batches in flight (at most
 *       {@value #MAX_IN_FLIGHT}), so a reader must check records after the acknowledged prefix, e.g. by a length
 *       and a checksum in each.</li>
 *   <li>The page cache is used (no {@code O_DIRECT}): the write copies into it, and the sync flushes it.</li>
 *   <li>On io_uring the write and the sync are one linked chain ({@code IOSQE_IO_LINK}) submitted together; a
 *       failed or short write ends the sync with {@code ECANCELED}. On NIO the loop runs the same two steps in the
 *       same order.</li>
 *   <li>A failed or short write, or a failed sync, fails every append of that batch with an {@link IOException}
 *       naming the step, and the log then refuses every later append (with an {@code IOException} whose cause is
 *       the first failure): after a failed {@code fdatasync} the kernel may have dropped the dirty pages, so
 *       going on would build on data that may be lost. Reopen the log (and check its tail) to continue.</li>
 * </ul>
 *
 * <p><b>Close.</b> {@link #close} refuses new appends ({@link ClosedChannelException}), waits until every append
 * accepted before it is durable or failed, then closes the file. Every append gets exactly one outcome.
 */
public final class GroupCommitLog implements AutoCloseable {
    /** A batch holds at most this many bytes, unless its first record alone is larger. */
    static final long MAX_BATCH_BYTES = 4L << 20;
    /** Batches in flight at once: what arrives during one batch's sync starts at once as the next. */
    static final int MAX_IN_FLIGHT = 2;

    private final AsyncFile file;
    private final EventLoop loop;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final Runnable drainTask = this::drain;

    // hand-over state, guarded by `lock`. The loop thread only tries it (and queues a drain when it is taken):
    // a worker's thread that blocked on it could be waiting for a virtual thread that only it would run.
    private final ReentrantLock lock = new ReentrantLock();
    private ArrayList<CommitBatch.Pending> incoming = new ArrayList<>();
    /**
     * A drain task is queued, or {@link #MAX_IN_FLIGHT} batches are in flight (the end of one drains): appenders
     * need not queue another.
     */
    private boolean drainScheduled;
    private volatile boolean closed;

    // loop-thread state
    private final ArrayDeque<CommitBatch.Pending> backlog = new ArrayDeque<>();
    /** Batches not in use. */
    private final ArrayDeque<CommitBatch> free = new ArrayDeque<>();
    /** Started batches, in start order, until settled (they settle in this order, whatever order they end in). */
    private final ArrayDeque<CommitBatch> started = new ArrayDeque<>();
    /** Started batches whose completions are not all back. */
    private int inFlight;
    /** The first failure a batch settled with: every later batch fails too. */
    private IOException settledFailure;
    /** A drain saw the log closed: nothing can arrive any more. */
    private boolean closingSeen;
    private long nextOffset;

    // written by the loop thread only, read anywhere
    private volatile IOException failure;
    private volatile long syncs;
    private volatile long durable;
    private volatile long end;

    private GroupCommitLog(AsyncFile file, long start) {
        this.file = file;
        this.loop = WorkerLoops.of(file.runtime()).loop(file.worker());
        this.nextOffset = start;
        this.end = start;
    }

    /** Opens (creating if needed) the log at {@code path} on the calling task's runtime; see {@link #open(Runtime, Path)}. */
    public static GroupCommitLog open(Path path) throws IOException {
        Runtime rt = Runtime.current();
        if (rt == null) {
            throw new IllegalStateException("not inside a Zokio runtime: use GroupCommitLog.open(runtime, path)");
        }
        return open(rt, path);
    }

    /**
     * Opens the log at {@code path} for writing, creating the file if needed; appends start at its current size.
     * Blocking (parks).
     */
    public static GroupCommitLog open(Runtime rt, Path path) throws IOException {
        AsyncFile f = AsyncFile.open(rt, path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return over(f);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /**
     * A log over an open file, appending from its current size; the log owns the file from now on (closes it).
     * Blocking (parks: one {@code statx}).
     */
    public static GroupCommitLog over(AsyncFile file) throws IOException {
        Objects.requireNonNull(file, "file");
        return new GroupCommitLog(file, file.size());
    }

    // ------------------------------------------------------------------ appending

    /**
     * Appends the bytes between {@code record}'s position and limit and returns once they are durable (see the
     * class documentation); returns the record's offset in the file. The buffer's position moves to its limit;
     * its bytes are read while the call waits (not copied first), so no other thread may change them meanwhile.
     * An interrupt does not end the wait (the record may already be on its way to disk): the call returns or
     * throws as usual, with the interrupt status set.
     *
     * @throws ClosedChannelException when the log is closed
     * @throws IOException when the record's batch failed, or an earlier batch did (the log is then failed)
     * @throws IllegalArgumentException for an empty record
     * @throws IllegalStateException on an event-loop thread
     */
    public long append(ByteBuffer record) throws IOException {
        if (Runtime.isWorkerThread()) {
            throw new IllegalStateException("GroupCommitLog.append on an event-loop thread would block the loop: "
                    + "use appendAsync, or append from a task");
        }
        // no copy: this thread waits for the outcome, so the buffer stays untouched while the loop reads it
        CompletableFuture<Long> f = enqueue(view(record));
        record.position(record.limit());
        return await(f);
    }

    /**
     * Appends as {@link #append} without blocking; the future completes with the record's offset once it is
     * durable, or exceptionally with the exceptions {@code append} throws. The bytes are copied before the
     * method returns (the buffer may be reused at once; its position moves to its limit). The future completes
     * on the log's loop thread: dependent stages without an executor run there and must not block.
     *
     * @throws IllegalArgumentException for an empty record
     */
    public CompletableFuture<Long> appendAsync(ByteBuffer record) {
        ByteBuffer copy = ByteBuffer.allocate(view(record).remaining());
        copy.put(record).flip();
        return enqueue(copy);
    }

    /** The record's bytes as a buffer of their own (position 0 to remaining). */
    private static ByteBuffer view(ByteBuffer record) {
        Objects.requireNonNull(record, "record");
        if (!record.hasRemaining()) {
            throw new IllegalArgumentException("empty record");
        }
        return record.slice();
    }

    /** Hands {@code data} over in arrival order (the order of this lock), or refuses it. */
    private CompletableFuture<Long> enqueue(ByteBuffer data) {
        CommitBatch.Pending p = new CommitBatch.Pending(data, new CompletableFuture<>());
        boolean schedule;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new ClosedChannelException());
            }
            IOException f = failure;
            if (f != null) {
                return CompletableFuture.failedFuture(refused(f));
            }
            incoming.add(p);
            schedule = !drainScheduled;
            drainScheduled = true;
        } finally {
            lock.unlock();
        }
        if (schedule) {
            scheduleDrain();
        }
        return p.future();
    }

    // ------------------------------------------------------------------ metrics

    /** {@code fdatasync}s that succeeded so far (one per durable batch). Any thread. */
    public long syncs() {
        return syncs;
    }

    /** Appends made durable so far. With group commit, {@code appends() / syncs()} is the mean batch size. */
    public long appends() {
        return durable;
    }

    /** The offset the next record will get: the file's durable end once nothing is in flight. Any thread. */
    public long end() {
        return end;
    }

    public Path path() {
        return file.path();
    }

    /** False once {@link #close} was called. */
    public boolean isOpen() {
        return !closed;
    }

    // ------------------------------------------------------------------ close

    /**
     * Refuses new appends, waits until every append accepted before is durable or failed, then closes the file.
     * Idempotent; blocking (parks), not on an event-loop thread.
     */
    @Override
    public void close() throws IOException {
        if (Runtime.isWorkerThread()) {
            throw new IllegalStateException("GroupCommitLog.close() on an event-loop thread would block the loop: "
                    + "close from a task");
        }
        boolean schedule;
        lock.lock();
        try {
            closed = true;
            schedule = !drainScheduled;
            drainScheduled = true;
        } finally {
            lock.unlock();
        }
        if (schedule) {
            scheduleDrain();
        }
        await(drained);
        file.close();
    }

    // ------------------------------------------------------------------ loop side

    private void scheduleDrain() {
        try {
            loop.execute(drainTask);
        } catch (RejectedExecutionException e) {
            // the runtime is shut down: nothing will run on the loop again
            IOException gone = new RuntimeClosedException(e);
            ArrayList<CommitBatch.Pending> lost;
            lock.lock();
            try {
                lost = incoming;
                incoming = new ArrayList<>();
                drainScheduled = false;
            } finally {
                lock.unlock();
            }
            for (CommitBatch.Pending p : lost) {
                p.future().completeExceptionally(gone);
            }
            drained.complete(null);
        }
    }

    /** Loop thread: the queued drain task. */
    private void drain() {
        drain(false);
    }

    /**
     * Loop thread: takes what was handed over and starts batches from it while fewer than
     * {@link #MAX_IN_FLIGHT} are in flight. When it stops it sets {@code drainScheduled} (under the lock, so an
     * appender that sees it set knows a drain will take its record) to whether the end of a batch in flight will
     * drain again. Unless called from {@link #batchEnded} (which settles first), it settles what ended and
     * releases a waiting {@link #close}.
     */
    private void drain(boolean fromEnd) {
        while (true) {
            if (!lock.tryLock()) { // an appender holds it for a moment, on another carrier: drain again soon
                retryLater();
                break;
            }
            try {
                if (!incoming.isEmpty()) {
                    backlog.addAll(incoming);
                    incoming = new ArrayList<>();
                }
                closingSeen = closed;
                if (backlog.isEmpty() || inFlight >= MAX_IN_FLIGHT) {
                    drainScheduled = inFlight >= MAX_IN_FLIGHT;
                    break;
                }
            } finally {
                lock.unlock();
            }
            IOException f = failure;
            if (f != null) {
                CommitBatch.Pending p;
                while ((p = backlog.poll()) != null) {
                    p.future().completeExceptionally(refused(f));
                }
                continue; // settles drainScheduled
            }
            startBatch();
        }
        if (!fromEnd) {
            settleEnded();
        }
    }

    /** Loop thread: the hand-over lock was taken; queues the drain task again (the loop runs it next turn). */
    private void retryLater() {
        try {
            loop.execute(drainTask);
        } catch (RejectedExecutionException closing) {
            // the loop is closing: it cancels the batches in flight, whose ends drain again
        }
    }

    /** Loop thread: starts one batch from the backlog (not empty). */
    private void startBatch() {
        CommitBatch batch = free.isEmpty() ? new CommitBatch(file.path()) : free.poll();
        while (!backlog.isEmpty()
                && (batch.isEmpty() || batch.bytes() + backlog.peek().length() <= MAX_BATCH_BYTES)) {
            batch.add(backlog.poll());
        }
        started.add(batch);
        if (!file.use().enter()) { // the log closes its file only after draining, so this is a misuse
            batch.endWith(new ClosedChannelException());
            failure = failure == null ? batch.failure() : failure;
            return;
        }
        inFlight++;
        long at = nextOffset;
        nextOffset += batch.bytes();
        try {
            batch.start(loop, file.fd(), at, this::batchEnded);
        } catch (RuntimeException e) { // the loop is closing: nothing was submitted
            file.use().exit();
            inFlight--;
            if (failure == null) {
                failure = loop.isClosed() ? new RuntimeClosedException(e)
                        : new IOException("group commit of " + file.path() + " was not submitted", e);
            }
            batch.endWith(failure);
        }
    }

    /**
     * Loop thread: both completions of {@code b} are back. Records a failure, starts the next batches (so the
     * kernel works while waiters are woken), then settles the ended batches in start order.
     */
    private void batchEnded(CommitBatch b, IOException f) {
        file.use().exit();
        inFlight--;
        if (f != null && failure == null) {
            failure = f;
        }
        drain(true);
        settleEnded();
    }

    /**
     * Loop thread: completes the futures of the ended batches at the head of {@link #started}, in start order. A
     * batch after one that failed fails too, even if its own write and sync succeeded: a reader recovering the
     * log stops at the first lost batch. Releases a waiting close once everything settled.
     */
    private void settleEnded() {
        while (!started.isEmpty() && started.peek().isEnded()) {
            CommitBatch b = started.poll();
            IOException f = b.failure();
            if (f == null && settledFailure != null) {
                f = refused(settledFailure);
            }
            if (f == null) {
                syncs = syncs + 1; // single writer: the loop thread
                durable = durable + b.size();
                end = b.offset() + b.bytes();
            } else if (settledFailure == null) {
                settledFailure = f;
            }
            b.settle(f);
            free.add(b);
        }
        if (closingSeen && started.isEmpty() && backlog.isEmpty()) {
            drained.complete(null);
        }
    }

    private IOException refused(IOException first) {
        return new IOException("log " + file.path() + " failed earlier and accepts no further appends: "
                + first.getMessage(), first);
    }

    /** Waits for {@code f} without giving up on an interrupt (the outcome is on its way); rethrows its failure. */
    private static <T> T await(CompletableFuture<T> f) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IOException(c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "GroupCommitLog[" + file.path() + ", end=" + end + ", syncs=" + syncs + ", appends=" + durable
                + (failure != null ? ", failed" : "") + "]";
    }
}
