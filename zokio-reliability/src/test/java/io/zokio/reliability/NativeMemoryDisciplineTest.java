package io.zokio.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.buffer.FixedBufferPool;
import io.zokio.buffer.PooledBuffer;
import io.zokio.fs.AsyncFile;
import io.zokio.fs.FixedBuffers;
import io.zokio.loop.BackendKind;
import io.zokio.loop.BufferGroup;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Native memory returns to its baseline after each runtime closes. Each cycle opens a runtime and
 * uses what holds native memory: the runtime's buffer pool, a registered fixed-buffer pool (io_uring) with
 * fixed-buffer file I/O, plain file I/O, a TCP echo over heap buffers (native staging) and a multishot receive
 * into a buffer group (a provided buffer ring on io_uring); then closes everything and the runtime. While open,
 * NMT "Other" must show the pools (so the probe sees the memory it judges) and io_uring mappings must be present;
 * after the close, descriptors and mappings are back exactly and "Other" within {@link #TOLERANCE_KB}.
 */
class NativeMemoryDisciplineTest {
    private static final int CYCLES = 5;
    /** Fixed-buffer pool: 64 x 64 KiB, 4 MiB that must show up while open and be gone after. */
    private static final int FIXED_COUNT = 64;
    private static final int FIXED_BYTES = 64 * 1024;
    /**
     * NMT Other may differ by this much from the level after the warm-up cycle: JDK-internal mallocs there vary
     * by a few hundred KiB; what one cycle allocates is over 4 MiB, so a leak of it cannot hide below 1 MiB.
     */
    private static final long TOLERANCE_KB = 1024;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "backend={0}")
    @ValueSource(strings = {"nio", "uring"})
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void nativeMemoryReturnsToBaselineAfterEachClose(String backendName) throws Exception {
        Assumptions.assumeTrue(Probes.procAvailable(), "needs /proc/self/fd and /proc/self/maps");
        Assumptions.assumeTrue(Probes.nmtEnabled(), "needs -XX:NativeMemoryTracking=summary (the module's pom sets it)");
        BackendKind backend = Backends.require(backendName);
        Path file = Files.write(dir.resolve("data"), new byte[1 << 20]);
        long baseFds = 0;
        long baseMaps = 0;
        long baseOther = 0;
        for (int c = 0; c <= CYCLES; c++) {
            long[] open = useEverything(backend, file); // {other KiB while open, io_uring maps while open}
            List<String> left = Probes.zokioThreadsLeft(5_000);
            assertTrue(left.isEmpty(), "Zokio threads alive after close: " + left);
            Probes.settleGc(10);
            long fds = Probes.openFds();
            long maps = Probes.uringMappings();
            long other = Probes.nmt().kb("Other");
            System.out.printf(Locale.ROOT, "reliability: native_discipline backend=%s cycle=%d other_open_kb=%d"
                    + " other_closed_kb=%d uring_maps_open=%d uring_maps_closed=%d fds=%d%n", backendName, c, open[0],
                    other, open[1], maps, fds);
            assertTrue(open[0] - other >= (long) FIXED_COUNT * FIXED_BYTES / 1024,
                    "NMT Other showed the 4 MiB fixed-buffer pool while open: " + open[0] + " vs " + other + " KiB");
            if (backend == BackendKind.IO_URING) {
                assertTrue(open[1] > maps, "the rings were mapped while open");
            }
            if (c == 0) { // warm-up: the JDK's one-time descriptors and mallocs
                baseFds = fds;
                baseMaps = maps;
                baseOther = other;
                continue;
            }
            assertEquals(baseFds, fds, "cycle " + c + ": descriptors");
            assertEquals(baseMaps, maps, "cycle " + c + ": io_uring mappings");
            assertTrue(other - baseOther <= TOLERANCE_KB, "cycle " + c + ": NMT Other " + baseOther + " -> " + other
                    + " KiB");
        }
    }

    /** One cycle; returns NMT Other (KiB) and the io_uring mapping count while everything was open. */
    private static long[] useEverything(BackendKind backend, Path file) throws Exception {
        long[] open = new long[2];
        try (FixedBufferPool fixed = new FixedBufferPool(FIXED_COUNT, FIXED_BYTES)) {
            Runtime rt = Runtime.builder().workers(2).backend(backend).shutdownGrace(Duration.ZERO)
                    .threadNamePrefix("zokio-nmt-").build();
            try {
                boolean registered = FixedBuffers.register(rt, fixed);
                assertEquals(backend == BackendKind.IO_URING, registered, "fixed buffers registered on io_uring only");
                rt.blockOn(() -> {
                    // runtime buffer pool
                    PooledBuffer pb = rt.buffers().acquire(16 * 1024);
                    pb.segment().fill((byte) 1);
                    // files: plain and fixed-buffer I/O
                    try (AsyncFile f = AsyncFile.open(rt, file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                            Arena arena = Arena.ofShared()) {
                        MemorySegment seg = arena.allocate(4096, 4096);
                        f.writeAll(pb.segment().asSlice(0, 4096), 0);
                        f.readFully(seg, 0);
                        FixedBufferPool.FixedBuffer fb = fixed.acquire();
                        if (registered) {
                            FixedBuffers.write(f, fb, 4096, 4096);
                            FixedBuffers.read(f, fb, 4096, 0);
                        } else {
                            f.readFully(fb.segment().asSlice(0, 4096), 0);
                        }
                        fb.release();
                    }
                    pb.release();
                    echoAndMultishot(rt);
                    open[0] = Probes.nmt().kb("Other");
                    open[1] = Probes.uringMappings();
                    return null;
                });
            } finally {
                rt.close();
            }
        }
        return open;
    }

    /** An echo over heap buffers (staging) and a multishot receive into a buffer group, then all closed. */
    private static void echoAndMultishot(Runtime rt) throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (TcpListener l = TcpListener.bind(rt, any, TcpListener.Options.defaults().worker(0))) {
            CompletableFuture<TcpStream> acc = l.acceptAsync(Duration.ofSeconds(30));
            try (TcpStream client = TcpStream.connect(rt, l.localAddress(), Duration.ofSeconds(30));
                    TcpStream server = acc.join()) {
                byte[] msg = new byte[10_000];
                client.writeAll(ByteBuffer.wrap(msg)); // heap: staged through native memory
                BufferGroup group = server.openBufferGroup(8, 4096);
                AtomicLong got = new AtomicLong();
                CompletableFuture<Void> done = server.readEach(group, (data, id) -> {
                    group.release(id);
                    return got.addAndGet(data.byteSize()) < msg.length;
                });
                done.join();
                assertEquals(msg.length, got.get(), "bytes received through the buffer group");
                server.closeBufferGroup(group);
                ByteBuffer back = ByteBuffer.allocate(100);
                server.writeAll(ByteBuffer.wrap(new byte[100]));
                client.readFully(back);
            }
        }
    }
}
