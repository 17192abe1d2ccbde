package io.zokio.fs;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.FsyncFlags;
import io.zokio.sys.Errno;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * <b>Threading:</b> loop-thread only (the loop of its {@link GroupCommitLog}). The log keeps a few instances and
 * reuses each once it has settled: up to {@link GroupCommitLog#MAX_IN_FLIGHT} are in flight, and an ended one
 * waits until the batches started before it have settled.
 *
 * <p>One group commit: the records of a batch copied, in order, into one native staging buffer, written with one
 * positional WRITE linked to one FSYNC with {@link FsyncFlags#FSYNC_DATASYNC} ({@link EventLoop#submitLinked}:
 * one submission on io_uring, the same order on other backends). The batch ends when both completions are
 * back, whichever order they arrive in: the log hears of it first (and starts the next batch), then every
 * record's future completes ({@link #settle}): each with its offset when the write was whole and the sync
 * succeeded, otherwise every one exceptionally with an {@link IOException} that says which step failed. A
 * batch's staging buffer is refilled only after both its completions are back, so the kernel never reads memory
 * that is being refilled.
 */
final class CommitBatch implements Callback {
    /**
     * One record waiting to be made durable: its bytes and its caller's future. {@code data} is a view of the
     * caller's buffer that nobody writes until the future completes (a blocking append waits for it), or a
     * private copy (an asynchronous append); the loop copies it to the staging buffer.
     */
    record Pending(ByteBuffer data, CompletableFuture<Long> future) {
        int length() {
            return data.remaining();
        }
    }

    private final Path path;
    private final Completion write = new Completion();
    private final Completion sync = new Completion();
    private final ArrayList<Pending> records = new ArrayList<>();
    private MemorySegment staging = MemorySegment.NULL;
    private long offset;
    private long bytes;
    private int writeResult;
    private int syncResult;
    private int outstanding;
    /** Told once per started batch, before its futures complete: the batch and null, or the failure. */
    private BiConsumer<CommitBatch, IOException> onEnd;
    /** Both completions are back (or the start failed); {@link #failure} holds the outcome until settled. */
    private boolean ended;
    private IOException failure;

    CommitBatch(Path path) {
        this.path = path;
        write.callback(this);
        sync.callback(this);
    }

    /** Adds a record at the end of the batch being built. */
    void add(Pending p) {
        records.add(p);
        bytes += p.length();
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    int size() {
        return records.size();
    }

    long bytes() {
        return bytes;
    }

    /**
     * Copies the records to the staging buffer and submits WRITE at {@code at} linked to FDATASYNC on
     * {@code fd}.
     *
     * @throws RuntimeException when the loop refuses the submission (it is closing); nothing is in flight then
     */
    void start(EventLoop loop, int fd, long at, BiConsumer<CommitBatch, IOException> end) {
        this.offset = at;
        this.onEnd = end;
        MemorySegment buf = stagingFor(bytes);
        long pos = 0;
        for (Pending p : records) {
            MemorySegment.copy(MemorySegment.ofBuffer(p.data()), 0, buf, pos, p.length());
            pos += p.length();
        }
        write.prepWrite(fd, buf, at);
        sync.prepFsync(fd, FsyncFlags.FSYNC_DATASYNC);
        outstanding = 2;
        loop.submitLinked(write, sync);
    }

    @Override
    public Action onComplete(EventLoop loop, Completion c, int result) {
        if (c == write) {
            writeResult = result;
        } else {
            syncResult = result;
        }
        if (--outstanding == 0) {
            ended = true;
            failure = outcome();
            BiConsumer<CommitBatch, IOException> end = onEnd;
            onEnd = null;
            end.accept(this, failure);
        }
        return Action.DISARM;
    }

    /** Null when the batch is durable, else the failure that names the step. */
    private IOException outcome() {
        String what = records.size() + " record(s), " + bytes + " bytes at offset " + offset + " of " + path;
        if (writeResult < 0) {
            return new IOException("group commit of " + what + " failed: the write failed ("
                    + Errno.name(-writeResult) + "); none of these records is durable",
                    FsErrors.of("pwrite", writeResult, path));
        }
        if (writeResult != bytes) {
            return new IOException("group commit of " + what + " failed: the write stored only " + writeResult
                    + " bytes (disk full?); none of these records is durable");
        }
        if (syncResult < 0) {
            return new IOException("group commit of " + what + " failed: fdatasync failed ("
                    + Errno.name(-syncResult) + "); the records may or may not be on disk",
                    FsErrors.of("fdatasync", syncResult, path));
        }
        return null;
    }

    /** Marks a batch whose start failed as ended with {@code f}. */
    void endWith(IOException f) {
        ended = true;
        failure = f;
        onEnd = null;
    }

    boolean isEnded() {
        return ended;
    }

    /** The ended batch's own outcome: null when it is durable. */
    IOException failure() {
        return failure;
    }

    /** The offset the batch was written at. */
    long offset() {
        return offset;
    }

    /**
     * Completes every future of the batch: with its offset when {@code failure} is null, else exceptionally
     * with it. The batch is empty (and not ended) again afterwards.
     */
    void settle(IOException failure) {
        long at = offset;
        for (Pending p : records) {
            if (failure == null) {
                p.future().complete(at);
            } else {
                p.future().completeExceptionally(failure);
            }
            at += p.length();
        }
        records.clear();
        bytes = 0;
        ended = false;
        this.failure = null;
    }

    /** A staging segment of at least {@code n} bytes; GC-managed, so a replaced one is freed once unreachable. */
    private MemorySegment stagingFor(long n) {
        if (staging.byteSize() < n) {
            long cap = Math.max(64 * 1024, Long.highestOneBit(Math.max(1, n - 1)) << 1);
            staging = Arena.ofAuto().allocate(cap, 4096);
        }
        return staging.asSlice(0, n);
    }
}
