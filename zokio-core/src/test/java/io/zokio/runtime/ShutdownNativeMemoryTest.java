package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After {@code shutdownNow()} of an io_uring runtime with I/O in flight, its native memory is released.
 *
 * <p>Why this approach: the JDK counts no explicit {@link Arena}'s memory anywhere public (the "direct"
 * BufferPoolMXBean sees only automatic arenas and direct buffers), and RSS is noisy. Zokio's native memory
 * comes from two places, both checked deterministically: (1) explicit arenas owned by the loop's objects
 * (rings' scratch, slot table, timespecs, eventfd buffers): every {@code Arena} reachable from a worker's
 * loop is found by walking its fields, and after shutdown each must be closed (its memory freed by
 * {@code close()}), except automatic ones, which the GC frees and which refuse {@code close()};
 * (2) the kernel rings mapped with mmap: the {@code io_uring} lines of {@code /proc/self/maps} must return to
 * their starting count (and the descriptors to theirs).
 */
class ShutdownNativeMemoryTest {
    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final Path FDS = Path.of("/proc/self/fd");

    private static long uringMappings() throws IOException {
        try (Stream<String> s = Files.lines(MAPS)) {
            return s.filter(l -> l.contains("io_uring")).count();
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(FDS)) {
            return s.count();
        }
    }

    /** Every Arena reachable from {@code root} through fields of Zokio's loop classes (and their arrays). */
    static List<Arena> arenasReachableFrom(Object root) throws IllegalAccessException {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> todo = new ArrayDeque<>();
        List<Arena> out = new ArrayList<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Object o = todo.poll();
            if (!seen.add(o)) {
                continue;
            }
            if (o instanceof Arena a) {
                out.add(a);
                continue;
            }
            if (o instanceof Object[] arr) {
                for (Object e : arr) {
                    if (e != null) {
                        todo.add(e);
                    }
                }
                continue;
            }
            if (!o.getClass().getName().startsWith("io.zokio.loop")) {
                continue; // JDK objects: not walked (an Arena field is found from its owner's side)
            }
            for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    f.setAccessible(true);
                    Object v = f.get(o);
                    if (v != null) {
                        todo.add(v);
                    }
                }
            }
        }
        return out;
    }

    @Test
    @Timeout(60)
    void uringArenasClosedAndRingsUnmappedAfterShutdownNowWithIoInFlight() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(MAPS) && Files.isDirectory(FDS), "needs /proc/self/maps and fd");
        runOnce(); // warm-up: the JDK opens some descriptors once per process
        long mapsBefore = uringMappings();
        long fdsBefore = openFds();
        List<Arena> arenas = runOnce();
        assertTrue(mapsWhileOpen > mapsBefore, "the rings were visible in /proc/self/maps while open");
        assertFalse(arenas.isEmpty(), "the io_uring backend owns explicit arenas");
        for (Arena a : arenas) {
            if (a.scope().isAlive()) {
                // only an automatic arena may outlive the loop: close() on it is unsupported
                assertThrows(UnsupportedOperationException.class, a::close, "explicit arena left open: " + a);
            }
        }
        assertEquals(mapsBefore, uringMappings(), "io_uring mappings leaked");
        assertEquals(fdsBefore, openFds(), "descriptors leaked");
    }

    private static long mapsWhileOpen;

    /** An io_uring runtime with a recv and a raw loop read in flight, closed by shutdownNow. */
    private static List<Arena> runOnce() throws Exception {
        Runtime rt = IoAwaitTest.open(BackendKind.IO_URING, 2);
        assertEquals("io_uring", rt.backendName());
        mapsWhileOpen = uringMappings();
        List<Arena> arenas = new ArrayList<>();
        for (int i = 0; i < rt.workers(); i++) {
            arenas.addAll(arenasReachableFrom(rt.worker(i).loop));
        }
        try (Arena arena = Arena.ofShared()) {
            int lfd = rt.onLoop(0, loop -> loop.sockets().openTcpListener(IoAwaitTest.LOOPBACK, 16, false));
            InetSocketAddress addr = rt.onLoop(0, loop -> loop.sockets().localAddress(lfd));
            int cfd = rt.blockOn(() -> {
                int fd = rt.onLoop(0, loop -> loop.sockets().openTcpSocket(false));
                rt.submitAndAwait(0, new Completion().prepConnect(fd, addr));
                return fd;
            });
            int sfd = rt.blockOn(() -> rt.submitAndAwait(0, new Completion().prepAccept(lfd)));
            CountDownLatch started = new CountDownLatch(1);
            int[] recvResult = {1};
            Task<Integer> t = rt.spawn(() -> {
                started.countDown();
                try {
                    recvResult[0] = rt.submitAndAwait(0, new Completion().prepRecv(sfd, arena.allocate(16), 0));
                    return recvResult[0];
                } finally {
                    Thread.interrupted(); // cancelled: clear the flag so that the cleanup runs to its end
                    rt.submitAndAwait(0, new Completion().prepClose(sfd));
                    // cfd has the raw read below in flight: the kernel keeps the file until that completes
                    rt.submitAndAwait(0, new Completion().prepClose(cfd));
                }
            });
            started.await();
            // a raw callback-style read on the client side: its callback must run exactly once at shutdown
            int[] rawCalls = {0};
            int[] rawResult = {1};
            rt.onLoop(0, loop -> {
                loop.submit(new Completion().prepRecv(cfd, arena.allocate(16), 0).callback((l, c, res) -> {
                    rawCalls[0]++;
                    rawResult[0] = res;
                    return io.zokio.loop.Action.DISARM;
                }));
                return null;
            });
            rt.onLoop(0, loop -> {
                loop.sockets().closeNow(lfd);
                return null;
            });
            rt.shutdownNow();
            assertTrue(t.isDone());
            assertTrue(t.isCancelled(), "the blocked task is cancelled at once");
            assertTrue(recvResult[0] < 0, "the in-flight recv completed (cancelled): " + recvResult[0]);
            assertEquals(1, rawCalls[0], "the raw operation's callback ran exactly once");
            // EOF (0) if the task's cleanup closed the peer first, else cancelled by the loop's close
            assertTrue(rawResult[0] <= 0, "the raw recv ended without data: " + rawResult[0]);
        }
        return arenas;
    }
}
