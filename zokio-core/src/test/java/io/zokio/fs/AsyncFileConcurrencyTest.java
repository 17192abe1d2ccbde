package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * AsyncFile under concurrency on both backends: many virtual threads writing disjoint regions while others
 * read and verify stable ones, close waiting for operations in flight, and the kernel-buffer invariant for an
 * interrupted read (a FIFO read that blocks until the test writes to the FIFO).
 */
@ParameterizedClass
@EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncFileConcurrencyTest {
    @Parameter
    BackendKind backend;
    @TempDir
    Path dir;
    Runtime rt;
    Arena arena;

    @BeforeEach
    void start() {
        rt = FsTestSupport.runtime(backend, 2);
        arena = Arena.ofShared();
    }

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
        if (arena != null) { // null when the setup skipped (io_uring refused)
            arena.close();
        }
    }

    private static byte[] block(int region, int round, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(region * 1_000_003L + round).nextBytes(b);
        return b;
    }

    @Test
    void concurrentReadersAndWriters() throws Exception {
        Path p = dir.resolve("shared.bin");
        int regions = 16;
        int size = 16 * 1024;
        int rounds = 20;
        try (AsyncFile f = inTask(rt, () -> AsyncFile.open(rt, p, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE))) {
            // stable regions 8..15 are written once up front; readers verify them while writers rewrite 0..7
            inTask(rt, () -> {
                for (int r = regions / 2; r < regions; r++) {
                    MemorySegment s = arena.allocate(size);
                    MemorySegment.copy(block(r, 0, size), 0, s, ValueLayout.JAVA_BYTE, 0, size);
                    f.writeAll(s, (long) r * size);
                }
                return null;
            });
            List<Task<Void>> tasks = new ArrayList<>();
            for (int w = 0; w < regions / 2; w++) {
                int region = w;
                tasks.add(rt.spawn(() -> {
                    MemorySegment s = arena.allocate(size);
                    for (int round = 1; round <= rounds; round++) {
                        MemorySegment.copy(block(region, round, size), 0, s, ValueLayout.JAVA_BYTE, 0, size);
                        f.writeAll(s, (long) region * size);
                    }
                    return null;
                }));
            }
            for (int rd = 0; rd < 8; rd++) {
                int seed = rd;
                tasks.add(rt.spawn(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    MemorySegment s = arena.allocate(size);
                    for (int i = 0; i < rounds * 2; i++) {
                        int r = regions / 2 + rnd.nextInt(regions / 2);
                        f.readFully(s, (long) r * size);
                        assertArrayEquals(block(r, 0, size), s.toArray(ValueLayout.JAVA_BYTE), "stable region " + r);
                    }
                    return null;
                }));
            }
            for (Task<Void> t : tasks) {
                t.join();
            }
        }
        byte[] all = java.nio.file.Files.readAllBytes(p);
        for (int r = 0; r < regions; r++) {
            byte[] expected = block(r, r < regions / 2 ? rounds : 0, size);
            assertArrayEquals(expected, Arrays.copyOfRange(all, r * size, (r + 1) * size), "region " + r);
        }
    }

    @Test
    void closeWaitsForOperationsInFlightAndLaterOnesFail() throws Exception {
        Path fifo = makeFifo("close.fifo");
        AsyncFile f = inTask(rt, () -> AsyncFile.open(rt, fifo, StandardOpenOption.READ, StandardOpenOption.WRITE));
        MemorySegment buf = arena.allocate(64);
        var read = f.readAsync(buf).toCompletableFuture(); // blocks in the kernel (or pool) until data comes
        Task<Void> closer = rt.spawn(() -> {
            f.close();
            return null;
        });
        while (f.isOpen()) {
            Thread.onSpinWait(); // the closer shut the gate; it now waits for the read
        }
        assertFalse(closer.isDone() && !read.isDone(), "close returned while a read was still in flight");
        java.nio.file.Files.write(fifo, "data".getBytes()); // lets the read finish
        assertEquals(4, read.get());
        closer.join();
        assertTrue(closer.isDone());
    }

    @Test
    void interruptedReadKeepsItsBufferUntilItsCompletion() throws Exception {
        Path fifo = makeFifo("cancel.fifo");
        AsyncFile f = inTask(rt, () -> AsyncFile.open(rt, fifo, StandardOpenOption.READ, StandardOpenOption.WRITE));
        MemorySegment buf = arena.allocate(64);
        buf.fill((byte) '#');
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicReference<Thread> reader = new AtomicReference<>();
        Task<Void> t = rt.spawn(() -> {
            reader.set(Thread.currentThread());
            try {
                outcome.set(f.read(buf));
            } catch (InterruptedIOException e) {
                outcome.set(e);
            }
            outcome.set(new Object[] {outcome.get(), Thread.currentThread().isInterrupted()});
            return null;
        });
        while (reader.get() == null || reader.get().getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // parked in submitAndAwait (the read is submitted or about to be)
        }
        reader.get().interrupt();
        // io_uring cancels the poll-armed read at once; the NIO pool thread is already blocked in read(2) and
        // cannot be stopped, so that read ends only with the data written here. Either way the call returns
        // after the operation's own completion, never while the kernel could still write into buf.
        java.nio.file.Files.write(fifo, "hello".getBytes());
        t.join();
        Object[] r = (Object[]) outcome.get();
        assertTrue((Boolean) r[1], "the interrupt status is set again");
        if (r[0] instanceof InterruptedIOException) {
            byte[] untouched = new byte[64];
            Arrays.fill(untouched, (byte) '#');
            assertArrayEquals(untouched, buf.toArray(ValueLayout.JAVA_BYTE), "a cancelled read wrote nothing");
            MemorySegment again = arena.allocate(64);
            assertEquals(5, inTask(rt, () -> f.read(again)), "the data is still in the FIFO");
        } else {
            assertEquals(5, r[0], "the read completed with the data before it could be cancelled");
            assertEquals("hello", new String(buf.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE)));
        }
        inTask(rt, () -> {
            f.close();
            return null;
        });
    }

    @Test
    void cancelledAsyncReadCompletesOnlyWithItsCompletion() throws Exception {
        Path fifo = makeFifo("async-cancel.fifo");
        AsyncFile f = inTask(rt, () -> AsyncFile.open(rt, fifo, StandardOpenOption.READ, StandardOpenOption.WRITE));
        MemorySegment buf = arena.allocate(64);
        buf.fill((byte) '#');
        var read = f.readAsync(buf).toCompletableFuture();
        assertTrue(read.cancel(true), "the cancel was requested");
        // the future completes from the operation's completion: cancelled (io_uring, or NIO before the pool
        // started it) or with the data (NIO, already blocked in read(2)), never before the kernel let go of buf
        java.nio.file.Files.write(fifo, "hello".getBytes());
        Object outcome;
        try {
            outcome = read.join();
        } catch (java.util.concurrent.CancellationException e) {
            outcome = e;
        }
        if (outcome instanceof java.util.concurrent.CancellationException) {
            assertTrue(read.isCancelled());
            byte[] untouched = new byte[64];
            Arrays.fill(untouched, (byte) '#');
            assertArrayEquals(untouched, buf.toArray(ValueLayout.JAVA_BYTE));
            assertEquals(5, inTask(rt, () -> f.read(arena.allocate(64))), "the data is still in the FIFO");
        } else {
            assertEquals(5, outcome);
        }
        inTask(rt, () -> {
            f.close();
            return null;
        });
    }

    private Path makeFifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo is not available");
        return fifo;
    }
}
