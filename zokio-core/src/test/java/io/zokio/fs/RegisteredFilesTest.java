package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.UringFeatures;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import io.zokio.testing.TestRuntimes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Registered files for hot files ({@link ZokioOpenOption#REGISTERED}, {@link AsyncFile#register()}) on each
 * backend: the same data as through the descriptor, close while operations are in flight, more files than the
 * table holds (the rest go on unregistered), and a disabled table.
 */
@Timeout(120)
class RegisteredFilesTest {
    @TempDir
    Path dir;

    private static Runtime runtime(BackendKind kind, int workers, int slots) {
        if (kind == BackendKind.IO_URING) {
            UringFeatures probe = IoUringBackend.probe();
            Assumptions.assumeTrue(probe.available(), () -> "io_uring refused by the kernel: " + probe.cause());
        }
        return TestRuntimes.customize(Runtime.builder().workers(workers).backend(kind)).registeredFileSlots(slots).build();
    }

    /** Skips when the kernel refused the tables (e.g. a tiny RLIMIT_NOFILE), with its reason. */
    private static void assumeRegistered(Runtime rt, AsyncFile f) {
        Assumptions.assumeTrue(f.isRegistered(), () -> "registered files refused here: "
                + rt.registeredFilesUnavailable());
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void dataThroughARegisteredFileMatchesTheDescriptor(BackendKind kind) throws Exception {
        try (Runtime rt = runtime(kind, 3, 64); Arena arena = Arena.ofShared()) {
            Path p = dir.resolve("hot.bin");
            inTask(rt, () -> {
                try (AsyncFile f = AsyncFile.open(rt, p, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, ZokioOpenOption.REGISTERED)) {
                    assumeRegistered(rt, f);
                    assertEquals(1, rt.registeredFiles());
                    assertTrue(f.register(), "idempotent");
                    assertEquals(1, rt.registeredFiles());
                    Random rnd = new Random(7);
                    byte[] all = new byte[256 * 1024];
                    rnd.nextBytes(all);
                    // random-sized chunks written at scattered offsets, in a shuffled order
                    List<long[]> chunks = new ArrayList<>();
                    for (int off = 0; off < all.length; ) {
                        int len = Math.min(all.length - off, 1 + rnd.nextInt(9000));
                        chunks.add(new long[] {off, len});
                        off += len;
                    }
                    java.util.Collections.shuffle(chunks, rnd);
                    for (long[] c : chunks) {
                        MemorySegment src = arena.allocate(c[1]);
                        src.copyFrom(MemorySegment.ofArray(all).asSlice(c[0], c[1]));
                        f.writeAll(src, c[0]);
                    }
                    f.fsync();
                    f.fdatasync();
                    MemorySegment back = arena.allocate(all.length);
                    f.readFully(back, 0);
                    assertArrayEquals(all, back.toArray(ValueLayout.JAVA_BYTE));
                    MemorySegment[] parts = {arena.allocate(100), arena.allocate(300)};
                    assertEquals(400, f.read(parts, 1000));
                    assertArrayEquals(java.util.Arrays.copyOfRange(all, 1100, 1400),
                            parts[1].toArray(ValueLayout.JAVA_BYTE));
                    assertEquals(400, f.write(parts, all.length)); // vectored write past the end
                    MemorySegment one = arena.allocate(8);
                    assertEquals(8, f.readAsync(one, 12).toCompletableFuture().join());
                    assertArrayEquals(java.util.Arrays.copyOfRange(all, 12, 20), one.toArray(ValueLayout.JAVA_BYTE));
                    assertEquals(all.length + 400, f.size()); // statx by descriptor still works
                    f.truncate(all.length);
                    assertEquals(-1, f.read(one, all.length));
                }
                return null;
            });
            assertEquals(0, rt.registeredFiles(), "close unregisters");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void closeWhileReadsAreInFlightUnregistersAfterThem(BackendKind kind) throws Exception {
        try (Runtime rt = runtime(kind, 2, 16); Arena arena = Arena.ofShared()) {
            Path p = dir.resolve("busy.bin");
            byte[] data = new byte[64 * 1024];
            new Random(3).nextBytes(data);
            java.nio.file.Files.write(p, data);
            AsyncFile f = inTask(rt, () -> AsyncFile.open(rt, p, StandardOpenOption.READ));
            inTask(rt, () -> f.register());
            assumeRegistered(rt, f);
            AtomicLong reads = new AtomicLong();
            List<Task<Void>> readers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                readers.add(rt.spawn(() -> {
                    Random rnd = new Random(seed);
                    MemorySegment buf = arena.allocate(4096);
                    while (true) {
                        int at = rnd.nextInt(data.length / 4096) * 4096;
                        try {
                            assertEquals(4096, f.read(buf, at));
                        } catch (ClosedChannelException closed) {
                            return null; // the gate shut before this read entered
                        }
                        assertEquals(data[at + 17], buf.get(ValueLayout.JAVA_BYTE, 17));
                        reads.incrementAndGet();
                    }
                }));
            }
            while (reads.get() < 200 && readers.stream().noneMatch(Task::isDone)) {
                Thread.onSpinWait(); // not a timing assertion: waits until reads are surely in flight
            }
            inTask(rt, () -> {
                f.close(); // waits for the reads inside, then unregisters, then closes
                return null;
            });
            for (Task<Void> r : readers) {
                r.join();
            }
            assertFalse(f.isRegistered());
            assertEquals(0, rt.registeredFiles());
            assertThrows(ClosedChannelException.class, () -> inTask(rt, () -> f.register()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void moreFilesThanSlotsFallBackToDescriptors(BackendKind kind) throws Exception {
        int slots = 4;
        try (Runtime rt = runtime(kind, 2, slots); Arena arena = Arena.ofShared()) {
            inTask(rt, () -> {
                List<AsyncFile> files = new ArrayList<>();
                try {
                    for (int i = 0; i < 10; i++) {
                        Path p = dir.resolve("f" + i);
                        java.nio.file.Files.writeString(p, "file number " + i);
                        files.add(AsyncFile.open(rt, p, StandardOpenOption.READ, ZokioOpenOption.REGISTERED));
                    }
                    assumeRegistered(rt, files.get(0));
                    long registered = files.stream().filter(AsyncFile::isRegistered).count();
                    assertEquals(slots, registered, "the table holds " + slots);
                    assertEquals(slots, rt.registeredFiles());
                    for (int i = 0; i < files.size(); i++) {
                        MemorySegment b = arena.allocate(32);
                        int n = files.get(i).read(b, 0);
                        assertEquals("file number " + i, new String(b.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE),
                                java.nio.charset.StandardCharsets.US_ASCII));
                    }
                    // closing a registered file frees its index for one that had none
                    AsyncFile first = files.stream().filter(AsyncFile::isRegistered).findFirst().orElseThrow();
                    AsyncFile waiting = files.stream().filter(x -> !x.isRegistered()).findFirst().orElseThrow();
                    first.close();
                    assertTrue(waiting.register());
                    MemorySegment b = arena.allocate(32);
                    assertTrue(waiting.read(b, 0) > 0);
                } finally {
                    for (AsyncFile f : files) {
                        f.close();
                    }
                }
                return null;
            });
            assertEquals(0, rt.registeredFiles());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aDisabledTableLeavesFilesUnregistered(BackendKind kind) throws Exception {
        try (Runtime rt = runtime(kind, 2, 0); Arena arena = Arena.ofShared()) {
            Path p = dir.resolve("plain.bin");
            java.nio.file.Files.writeString(p, "plain");
            inTask(rt, () -> {
                try (AsyncFile f = AsyncFile.open(rt, p, StandardOpenOption.READ, ZokioOpenOption.REGISTERED)) {
                    assertFalse(f.isRegistered());
                    assertFalse(f.register());
                    assertEquals(5, f.read(arena.allocate(8), 0));
                }
                return null;
            });
            assertNotNull(rt.registeredFilesUnavailable());
            assertEquals(0, rt.registeredFiles());
            assertThrows(IllegalArgumentException.class, () -> Runtime.builder().registeredFileSlots(-1));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void openAsyncWithRegisteredRegisters(BackendKind kind) throws Exception {
        try (Runtime rt = runtime(kind, 2, 8); Arena arena = Arena.ofShared()) {
            Path p = dir.resolve("async.bin");
            java.nio.file.Files.writeString(p, "async");
            AsyncFile f = AsyncFile.openAsync(rt, p, StandardOpenOption.READ, ZokioOpenOption.REGISTERED)
                    .toCompletableFuture().join();
            try {
                assertNull(rt.registeredFilesUnavailable());
                assertTrue(f.isRegistered());
                MemorySegment b = arena.allocate(8);
                assertEquals(5, f.readAsync(b, 0).toCompletableFuture().join());
            } finally {
                inTask(rt, () -> {
                    f.close();
                    return null;
                });
            }
            assertEquals(0, rt.registeredFiles());
        }
    }
}
