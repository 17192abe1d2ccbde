package io.zokio.faults;

import io.zokio.buffer.PooledBuffer;
import io.zokio.fs.AsyncFile;
import io.zokio.fs.Files;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The file scenario of a fault run, through the public API only: a file written chunk by chunk
 * ({@code writeAll}, which must absorb short writes), synced, read back ({@code readFully}, which must absorb
 * short reads) and compared byte for byte; async reads and writes in parallel;
 * {@code Files.write}/{@code readAllBytes}; a task cancelled in the middle of its reads; a
 * {@code Runtime.timeout} around reads. An operation that a fault ends with an {@link IOException} is retried
 * (a pwrite at the same offset is idempotent), a bounded number of times; the content check then must hold
 * exactly.
 *
 * <p><b>Threading:</b> {@link #run} on the test thread; the rest in the runtime's tasks.
 */
final class FsScenario {
    static final int CHUNK = 16 * 1024;
    static final int CHUNKS = 12;
    static final int ATTEMPTS = 40;

    private final FaultHarness h;
    private final Runtime rt;
    private final Ledger ledger;
    private final Path dir;

    FsScenario(FaultHarness h, Path dir) {
        this.h = h;
        this.rt = h.rt;
        this.ledger = h.ledger;
        this.dir = dir;
    }

    void run() throws Exception {
        long seed = h.config.seed();
        byte[] data = new byte[CHUNK * CHUNKS];
        new SplittableRandom(seed).nextBytes(data);
        Path p = dir.resolve("faults-" + Long.toHexString(seed) + ".bin");
        AsyncFile f = h.join(rt.spawn(() -> retry("open", () -> AsyncFile.open(rt, p, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.CREATE))), "open");
        try {
            h.join(rt.spawn(() -> {
                writeAndCheck(f, data);
                return null;
            }), "write and read back");
            asyncReads(f, data);
            h.join(rt.spawn(() -> {
                asyncWrites(f, data);
                return null;
            }), "async writes");
            cancelledReads(f);
            timedOutReads(f);
        } finally {
            h.join(rt.spawn(() -> {
                try {
                    ledger.call("close", () -> {
                        f.close();
                        return null;
                    });
                } catch (IOException e) {
                    // an injected error on close(2): the descriptor may stay open until the JVM ends
                }
                return null;
            }), "close");
        }
        Path q = dir.resolve("files-" + Long.toHexString(seed) + ".bin");
        h.join(rt.spawn(() -> {
            retry("Files.write", () -> Files.write(q, data));
            byte[] back = retry("Files.readAllBytes", () -> Files.readAllBytes(q));
            if (!Arrays.equals(back, data)) {
                throw h.failure("Files.readAllBytes gave " + back.length + " bytes, not what Files.write wrote", null);
            }
            ledger.verifiedBytes.addAndGet(back.length);
            return null;
        }), "Files round trip");
    }

    private void writeAndCheck(AsyncFile f, byte[] data) throws Exception {
        PooledBuffer buf = rt.buffers().acquire(CHUNK);
        MemorySegment seg = buf.segment().asSlice(0, CHUNK);
        try {
            for (int c = 0; c < CHUNKS; c++) {
                MemorySegment.copy(data, c * CHUNK, seg, ValueLayout.JAVA_BYTE, 0, CHUNK);
                long pos = (long) c * CHUNK;
                retry("writeAll", () -> {
                    f.writeAll(seg, pos);
                    return null;
                });
                h.checkReleasable(seg, "write buffer");
            }
            retry("fsync", () -> {
                f.fsync();
                return null;
            });
            for (int c = CHUNKS - 1; c >= 0; c--) {
                seg.fill((byte) 0);
                long pos = (long) c * CHUNK;
                retry("readFully", () -> {
                    f.readFully(seg, pos);
                    return null;
                });
                h.checkReleasable(seg, "read buffer");
                long differs = seg.mismatch(MemorySegment.ofArray(data).asSlice(pos, CHUNK));
                if (differs >= 0) {
                    throw h.failure("chunk " + c + " read back differs at byte " + differs, null);
                }
                ledger.verifiedBytes.addAndGet(CHUNK);
            }
        } finally {
            buf.release();
        }
    }

    /** One readAsync per chunk, all in flight at once; each gives a prefix of its chunk (short reads allowed). */
    private void asyncReads(AsyncFile f, byte[] data) throws Exception {
        List<PooledBuffer> bufs = new ArrayList<>();
        List<CompletableFuture<Integer>> reads = new ArrayList<>();
        for (int c = 0; c < CHUNKS; c++) {
            PooledBuffer b = rt.buffers().acquire(CHUNK);
            bufs.add(b);
            long id = ledger.start("readAsync");
            reads.add(f.readAsync(b.segment().asSlice(0, CHUNK), (long) c * CHUNK).toCompletableFuture()
                    .whenComplete((n, e) -> ledger.end(id, e)));
        }
        try {
            for (int c = 0; c < CHUNKS; c++) {
                Integer n;
                try {
                    n = reads.get(c).get(FaultHarness.JOIN_SECONDS, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    continue; // an injected error, recorded by the ledger
                } catch (java.util.concurrent.TimeoutException e) {
                    throw h.failure("readAsync of chunk " + c + " did not end (a hang)", e);
                }
                MemorySegment got = bufs.get(c).segment().asSlice(0, n);
                long differs = got.mismatch(MemorySegment.ofArray(data).asSlice((long) c * CHUNK, n));
                if (n <= 0 || differs >= 0) {
                    throw h.failure("readAsync of chunk " + c + " gave " + n + " bytes, differing at " + differs, null);
                }
                ledger.verifiedBytes.addAndGet(n);
            }
        } finally {
            for (PooledBuffer b : bufs) {
                h.checkReleasable(b.segment(), "async read buffer");
                b.release();
            }
        }
    }

    /**
     * One writeAsync per chunk past the end of the data, all in flight at once; each writes a prefix of its
     * chunk (short writes allowed), which then reads back exactly.
     */
    private void asyncWrites(AsyncFile f, byte[] data) throws Exception {
        long base = data.length;
        List<PooledBuffer> bufs = new ArrayList<>();
        List<CompletableFuture<Integer>> writes = new ArrayList<>();
        for (int c = 0; c < CHUNKS; c++) {
            PooledBuffer b = rt.buffers().acquire(CHUNK);
            MemorySegment.copy(data, c * CHUNK, b.segment(), ValueLayout.JAVA_BYTE, 0, CHUNK);
            bufs.add(b);
            long id = ledger.start("writeAsync");
            writes.add(f.writeAsync(b.segment().asSlice(0, CHUNK), base + (long) c * CHUNK).toCompletableFuture()
                    .whenComplete((n, e) -> ledger.end(id, e)));
        }
        int[] written = new int[CHUNKS];
        try {
            for (int c = 0; c < CHUNKS; c++) {
                try {
                    written[c] = writes.get(c).get(FaultHarness.JOIN_SECONDS, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    written[c] = 0; // an injected error: nothing reached the file
                } catch (java.util.concurrent.TimeoutException e) {
                    throw h.failure("writeAsync of chunk " + c + " did not end (a hang)", e);
                }
            }
        } finally {
            for (PooledBuffer b : bufs) {
                h.checkReleasable(b.segment(), "async write buffer");
            }
        }
        for (int c = 0; c < CHUNKS; c++) {
            int n = written[c];
            if (n == 0) {
                continue;
            }
            MemorySegment seg = bufs.get(c).segment().asSlice(0, n);
            seg.fill((byte) 0);
            long pos = base + (long) c * CHUNK;
            retry("readFully", () -> {
                f.readFully(seg, pos);
                return null;
            });
            long differs = seg.mismatch(MemorySegment.ofArray(data).asSlice((long) c * CHUNK, n));
            if (differs >= 0) {
                throw h.failure("writeAsync of chunk " + c + " (" + n + " bytes) reads back differing at " + differs,
                        null);
            }
            ledger.verifiedBytes.addAndGet(n);
        }
        for (PooledBuffer b : bufs) {
            b.release();
        }
    }

    /** A task reading in a loop, cancelled once it started: its reads end, it ends cancelled, nothing leaks. */
    private void cancelledReads(AsyncFile f) throws Exception {
        PooledBuffer buf = rt.buffers().acquire(CHUNK);
        MemorySegment seg = buf.segment().asSlice(0, CHUNK);
        CountDownLatch started = new CountDownLatch(1);
        Task<Void> t = rt.spawn(() -> {
            try {
                for (int i = 0; i < 10_000; i++) {
                    started.countDown();
                    long pos = (long) (i % CHUNKS) * CHUNK;
                    ledger.call("read in a cancelled task", () -> f.read(seg, pos));
                }
            } catch (IOException e) {
                // interrupted or an injected error: the loop ends either way
            } finally {
                started.countDown();
            }
            return null;
        });
        started.await(FaultHarness.JOIN_SECONDS, TimeUnit.SECONDS);
        t.cancel();
        try {
            t.toCompletableFuture().get(FaultHarness.JOIN_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.CancellationException | java.util.concurrent.ExecutionException e) {
            // cancelled, as asked
        } catch (java.util.concurrent.TimeoutException e) {
            throw h.failure("a cancelled task's reads did not end (a hang)", e);
        }
        h.checkReleasable(seg, "cancelled task's buffer");
        buf.release();
    }

    /** Reads under {@code Runtime.timeout}: they finish or the timeout cancels them; either way they end. */
    private void timedOutReads(AsyncFile f) throws Exception {
        PooledBuffer buf = rt.buffers().acquire(CHUNK);
        MemorySegment seg = buf.segment().asSlice(0, CHUNK);
        long id = ledger.start("Runtime.timeout around reads");
        Task<Void> t = rt.spawn(() -> {
            Throwable outcome = null;
            try {
                rt.timeout(Duration.ofMillis(2), () -> {
                    for (int i = 0; i < 200; i++) {
                        long pos = (long) (i % CHUNKS) * CHUNK;
                        ledger.call("read under a timeout", () -> f.read(seg, pos));
                    }
                    return null;
                });
            } catch (java.util.concurrent.TimeoutException e) {
                outcome = null; // the timeout won: its reads were cancelled and ended (the ledger saw each)
            } catch (RuntimeException e) {
                outcome = e; // CompletionException around a read's IOException: documented; anything else is not
            } finally {
                ledger.end(id, outcome);
            }
            return null;
        });
        h.join(t, "reads under Runtime.timeout");
        h.checkReleasable(seg, "timed-out reads' buffer");
        buf.release();
    }

    /** Runs {@code call} until it succeeds, at most {@link #ATTEMPTS} times (faults end some attempts). */
    private <T> T retry(String what, Ledger.IoCall<T> call) throws IOException, InterruptedException {
        IOException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return ledger.call(what, call);
            } catch (IOException e) {
                last = e;
            }
        }
        throw h.failure(what + " failed " + ATTEMPTS + " times in a row", last);
    }
}
