package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.runtime.Runtime;
import java.io.EOFException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * AsyncFile on both backends: data integrity (random writes then reads with checksums, offsets past 2 GiB,
 * short reads at end of file), vectored I/O, append, sync, space and size, and misuse at the API edge.
 */
@ParameterizedClass
@EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncFileTest {
    static final StandardOpenOption[] RW = {StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.CREATE};

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

    private MemorySegment native_(byte[] data) {
        MemorySegment s = arena.allocate(Math.max(1, data.length)).asSlice(0, data.length);
        MemorySegment.copy(data, 0, s, ValueLayout.JAVA_BYTE, 0, data.length);
        return s;
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    @Test
    void randomWritesThenReadsMatchByChecksum() throws Exception {
        Path p = dir.resolve("random.bin");
        int region = 1 << 20;
        byte[] mirror = new byte[region];
        int[] extent = {0};
        inTask(rt, () -> {
            SplittableRandom rnd = new SplittableRandom(42);
            try (AsyncFile f = AsyncFile.open(rt, p, RW)) {
                for (int i = 0; i < 300; i++) {
                    int len = 1 + rnd.nextInt(20_000);
                    int off = rnd.nextInt(region - len);
                    byte[] data = new byte[len];
                    rnd.nextBytes(data);
                    f.writeAll(native_(data), off);
                    System.arraycopy(data, 0, mirror, off, len);
                    extent[0] = Math.max(extent[0], off + len);
                }
                f.fdatasync();
                assertEquals(extent[0], f.size());
                MemorySegment back = arena.allocate(extent[0]);
                f.readFully(back, 0);
                assertEquals(crc(Arrays.copyOf(mirror, extent[0])), crc(back.toArray(ValueLayout.JAVA_BYTE)));
                for (int i = 0; i < 200; i++) { // random reads of random lengths agree with the mirror too
                    int len = 1 + rnd.nextInt(8192);
                    int off = rnd.nextInt(extent[0] - len);
                    MemorySegment b = arena.allocate(len);
                    f.readFully(b, off);
                    assertArrayEquals(Arrays.copyOfRange(mirror, off, off + len), b.toArray(ValueLayout.JAVA_BYTE));
                }
            }
            return null;
        });
        assertEquals(crc(Arrays.copyOf(mirror, extent[0])), crc(java.nio.file.Files.readAllBytes(p)));
    }

    @Test
    void offsetsPastTwoGiBMakeASparseFile() throws Exception {
        Path p = dir.resolve("sparse.bin");
        long far = (3L << 30) + 5; // 3 GiB + 5: past every 32-bit offset
        byte[] data = "beyond 2 GiB".getBytes();
        inTask(rt, () -> {
            try (AsyncFile f = AsyncFile.open(rt, p, RW)) {
                f.writeAll(native_(data), far);
                assertEquals(far + data.length, f.size());
                MemorySegment b = arena.allocate(data.length);
                f.readFully(b, far);
                assertArrayEquals(data, b.toArray(ValueLayout.JAVA_BYTE));
                MemorySegment hole = arena.allocate(4096);
                assertEquals(4096, f.read(hole, 1L << 31));
                assertArrayEquals(new byte[4096], hole.toArray(ValueLayout.JAVA_BYTE), "the hole reads as zeros");
                assertTrue(f.stat().blocks() * 512 < 1L << 30 || backend == BackendKind.NIO,
                        "sparse: far fewer blocks than the size");
            }
            return null;
        });
    }

    @Test
    void shortReadsAtEndOfFile() throws Exception {
        Path p = dir.resolve("short.bin");
        java.nio.file.Files.write(p, new byte[100]);
        inTask(rt, () -> {
            try (AsyncFile f = AsyncFile.open(rt, p, StandardOpenOption.READ)) {
                MemorySegment b = arena.allocate(4096);
                assertEquals(100, f.read(b, 0), "short read across the end");
                assertEquals(40, f.read(b, 60));
                assertEquals(-1, f.read(b, 100), "at the end");
                assertEquals(-1, f.read(b, 1 << 20), "past the end");
                assertEquals(0, f.read(b.asSlice(0, 0), 0), "an empty buffer reads 0, not EOF");
                assertThrows(EOFException.class, () -> f.readFully(b.asSlice(0, 200), 0));
                ByteBuffer heap = ByteBuffer.allocate(30);
                assertEquals(30, f.read(heap, 70));
                assertEquals(30, heap.position());
                assertEquals(-1, f.read(ByteBuffer.allocateDirect(10), 100));
            }
            return null;
        });
    }

    @Test
    void vectoredAppendSyncSpaceAndSize() throws Exception {
        Path p = dir.resolve("misc.bin");
        inTask(rt, () -> {
            try (AsyncFile f = AsyncFile.open(rt, p, RW)) {
                MemorySegment[] out = {native_("abc".getBytes()), native_("defgh".getBytes())};
                assertEquals(8, f.write(out, 10));
                MemorySegment[] in = {arena.allocate(4), arena.allocate(4)};
                assertEquals(8, f.read(in, 10));
                assertEquals("abcd", new String(in[0].toArray(ValueLayout.JAVA_BYTE)));
                assertEquals("efgh", new String(in[1].toArray(ValueLayout.JAVA_BYTE)));
                assertEquals(-1, f.read(in, 18));
                f.fsync();
                f.fdatasync();
                f.fallocate(0, 65536);
                assertEquals(65536, f.size());
                f.truncate(12);
                assertEquals(12, f.size());
                f.truncate(100_000);
                assertEquals(100_000, f.size());
                assertTrue(f.stat().isRegularFile());
                ByteBuffer direct = ByteBuffer.allocateDirect(3).put("xyz".getBytes()).flip();
                assertEquals(3, f.write(direct, 0));
                assertFalse(direct.hasRemaining());
                assertThrows(IllegalStateException.class, () -> f.append(native_(new byte[1])), "not APPEND");
            }
            try (AsyncFile a = AsyncFile.open(rt, p, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                a.append(native_("TAIL".getBytes()));
            }
            byte[] all = java.nio.file.Files.readAllBytes(p);
            assertEquals(100_004, all.length);
            assertEquals("TAIL", new String(all, 100_000, 4));
            assertEquals("xyz", new String(all, 0, 3));
            return null;
        });
    }

    @Test
    void misuseFailsAtTheApiEdge() throws Exception {
        Path p = dir.resolve("misuse.bin");
        inTask(rt, () -> {
            AsyncFile f = AsyncFile.open(rt, p, RW);
            MemorySegment b = arena.allocate(16);
            assertThrows(IllegalArgumentException.class, () -> f.read(b, -1));
            assertThrows(IllegalArgumentException.class, () -> f.write(b, -5));
            assertThrows(NullPointerException.class, () -> f.read((MemorySegment) null, 0));
            assertThrows(IllegalArgumentException.class, () -> f.read(MemorySegment.ofArray(new byte[4]), 0),
                    "a heap segment cannot be handed to the kernel");
            try (Arena confined = Arena.ofConfined()) {
                assertThrows(IllegalArgumentException.class, () -> f.read(confined.allocate(8), 0),
                        "a confined segment is refused on every backend (the NIO pool could not reach it)");
            }
            assertThrows(IllegalArgumentException.class, () -> f.truncate(-1));
            assertThrows(IllegalArgumentException.class, () -> f.fallocate(0, 0));
            f.close();
            f.close(); // idempotent
            assertFalse(f.isOpen());
            assertThrows(ClosedChannelException.class, () -> f.read(b, 0));
            assertThrows(ClosedChannelException.class, f::size);
            assertThrows(IllegalArgumentException.class,
                    () -> AsyncFile.open(rt, p, StandardOpenOption.READ, StandardOpenOption.APPEND));
            java.nio.file.NoSuchFileException missing = assertThrows(java.nio.file.NoSuchFileException.class,
                    () -> AsyncFile.open(rt, dir.resolve("missing"), StandardOpenOption.READ));
            assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
            ErrnoException e = (ErrnoException) missing.getCause();
            assertEquals(Errno.ENOENT, e.errno());
            assertEquals("openat", e.syscall());
            var ex = assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> AsyncFile.open(rt, p,
                    StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
            assertEquals(Errno.EEXIST, ErrnoException.errnoOf(ex));
            return null;
        });
        assertThrows(IllegalStateException.class, () -> AsyncFile.open(p), "outside a runtime");
    }

    @Test
    void asynchronousStyle() throws Exception {
        Path p = dir.resolve("async.bin");
        AsyncFile f = AsyncFile.openAsync(rt, p, RW).toCompletableFuture().get();
        MemorySegment src = native_("async!".getBytes());
        assertEquals(6, f.writeAsync(src, 0).toCompletableFuture().get());
        assertEquals(0, f.fsyncAsync(true).toCompletableFuture().get());
        MemorySegment dst = arena.allocate(16);
        assertEquals(6, f.readAsync(dst, 0).toCompletableFuture().get());
        assertEquals("async!", new String(dst.asSlice(0, 6).toArray(ValueLayout.JAVA_BYTE)));
        assertEquals(-1, f.readAsync(dst, 6).toCompletableFuture().get());
        inTask(rt, () -> {
            f.close();
            return null;
        });
        var failed = f.readAsync(dst, 0).toCompletableFuture();
        var e = assertThrows(java.util.concurrent.ExecutionException.class, failed::get);
        assertTrue(e.getCause() instanceof ClosedChannelException, String.valueOf(e.getCause()));
    }
}
