package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.buffer.FixedBufferPool;
import io.zokio.buffer.FixedBufferPool.FixedBuffer;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Fixed buffers: pool properties (conservation, no double release, disjoint memory) and I/O on both backends. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FixedBuffersTest {
    @TempDir
    Path dir;

    @Test
    void poolConservesBuffersAndRefusesDoubleRelease() {
        try (FixedBufferPool pool = new FixedBufferPool(32, 5000)) {
            assertEquals(8192, pool.segments()[1].address() - pool.segments()[0].address(), "page-aligned stride");
            assertEquals(0, pool.segments()[0].address() % 4096);
            for (long seed = 0; seed < 20; seed++) {
                SplittableRandom rnd = new SplittableRandom(seed);
                List<FixedBuffer> held = new ArrayList<>();
                for (int step = 0; step < 2000; step++) {
                    if (rnd.nextBoolean()) {
                        FixedBuffer b = pool.acquire();
                        if (held.size() == pool.count()) {
                            assertNull(b, "an exhausted pool gives null");
                        } else {
                            assertTrue(held.stream().noneMatch(h -> h.index() == b.index()), "handed out twice");
                            held.add(b);
                        }
                    } else if (!held.isEmpty()) {
                        FixedBuffer b = held.remove(rnd.nextInt(held.size()));
                        b.release();
                        assertThrows(IllegalStateException.class, b::release, "double release");
                    }
                    assertEquals(pool.count(), pool.available() + pool.inUse(), "conservation");
                    assertEquals(held.size(), pool.inUse());
                }
                held.forEach(FixedBuffer::release);
            }
            FixedBuffer b = pool.acquire();
            assertThrows(IllegalStateException.class, pool::close, "refuses while in use");
            b.release();
        }
    }

    @Test
    void buffersNeverShareMemory() {
        try (FixedBufferPool pool = new FixedBufferPool(16, 4096)) {
            Set<Long> starts = new HashSet<>();
            MemorySegment[] segs = pool.segments();
            for (int i = 0; i < segs.length; i++) {
                assertTrue(starts.add(segs[i].address()));
                if (i > 0) {
                    assertTrue(segs[i].address() >= segs[i - 1].address() + segs[i - 1].byteSize());
                }
            }
            assertThrows(IllegalArgumentException.class, () -> new FixedBufferPool(0, 4096));
            assertThrows(IllegalArgumentException.class, () -> new FixedBufferPool(1, 0));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void readAndWriteThroughRegisteredBuffers(BackendKind backend) throws Exception {
        Path p = dir.resolve("fixed-" + backend + ".bin");
        FixedBufferPool pool = new FixedBufferPool(8, 16384);
        try (Runtime rt = FsTestSupport.runtime(backend, 2)) {
            boolean registered = FixedBuffers.register(rt, pool);
            if (backend == BackendKind.NIO) {
                assertFalse(registered, "NIO has nothing to register: plain reads and writes");
            } else if (registered) {
                assertTrue(FixedBuffers.isRegistered(rt, pool));
                assertThrows(IllegalStateException.class, () -> FixedBuffers.register(rt, pool), "one per runtime");
            } // else the kernel refused (RLIMIT_MEMLOCK): the plain path below is what runs, and must work too
            inTask(rt, () -> {
                try (AsyncFile f = AsyncFile.open(rt, p, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE)) {
                    FixedBuffer out = pool.acquire();
                    FixedBuffer in = pool.acquire();
                    assertNotEquals(out.index(), in.index());
                    byte[] data = new byte[12000];
                    new SplittableRandom(9).nextBytes(data);
                    MemorySegment.copy(data, 0, out.segment(), ValueLayout.JAVA_BYTE, 0, data.length);
                    assertEquals(12000, FixedBuffers.write(f, out, 12000, 4096));
                    assertEquals(12000, FixedBuffers.read(f, in, 16384, 4096), "short at end of file");
                    assertArrayEquals(data, in.segment().asSlice(0, 12000).toArray(ValueLayout.JAVA_BYTE));
                    assertEquals(-1, FixedBuffers.read(f, in, 100, 1 << 20));
                    assertThrows(IllegalArgumentException.class, () -> FixedBuffers.read(f, in, 16385, 0));
                    out.release();
                    in.release();
                }
                return null;
            });
        } finally {
            pool.close(); // after the runtime: its rings pinned the memory until they closed
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void argumentsAreCheckedAndAnEmptyReadIsNotEndOfFile(BackendKind backend) throws Exception {
        Path p = dir.resolve("args-" + backend + ".bin");
        FixedBufferPool pool = new FixedBufferPool(2, 4096);
        try (Runtime rt = FsTestSupport.runtime(backend, 1)) {
            FixedBuffers.register(rt, pool); // either way: the checks come before any I/O
            inTask(rt, () -> {
                try (AsyncFile f = AsyncFile.open(rt, p, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE)) {
                    FixedBuffer b = pool.acquire();
                    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                            () -> FixedBuffers.write(f, b, -1, 0));
                    assertEquals("length must be 0..4096: -1", negative.getMessage());
                    IllegalArgumentException position = assertThrows(IllegalArgumentException.class,
                            () -> FixedBuffers.read(f, b, 10, -1));
                    assertEquals("position must not be negative: -1", position.getMessage());
                    assertThrows(NullPointerException.class, () -> FixedBuffers.read(null, b, 10, 0));
                    assertThrows(NullPointerException.class, () -> FixedBuffers.read(f, null, 10, 0));
                    assertEquals(0, FixedBuffers.read(f, b, 0, 1 << 20), "nothing asked: 0, not end of file");
                    assertEquals(0, FixedBuffers.write(f, b, 0, 0));
                    assertEquals(0, f.size(), "nothing written");
                    b.release();
                }
                return null;
            });
        } finally {
            pool.close();
        }
    }
}
