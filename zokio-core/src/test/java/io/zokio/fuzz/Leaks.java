package io.zokio.fuzz;

import io.zokio.loop.BackendKind;
import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.UringFeatures;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * <b>Threading:</b> call from the test thread, with no sequence running.
 *
 * <p>What a sequence may not leave behind: Zokio threads, and descriptors of the kinds a runtime opens
 * (sockets, io_uring rings, eventfds, epoll instances, pipes, files under the test's directory). Descriptors
 * are counted by kind from {@code /proc/self/fd}, so that jars the class loader opens meanwhile do not count.
 */
final class Leaks {
    private final Map<String, Integer> fdsBefore;
    private final Set<Thread> threadsBefore;
    private final Path dir;

    private Leaks(Path dir) {
        this.dir = dir;
        this.fdsBefore = fds(dir);
        this.threadsBefore = zokioThreads();
    }

    /** A snapshot taken before a sequence; {@code dir} (may be null) is the sequence's scratch directory. */
    static Leaks before(Path dir) {
        warmUp();
        return new Leaks(dir);
    }

    private static boolean warm;

    /**
     * Once per JVM, before the first snapshot: a runtime with a TCP pair and a UDP socket, so that what the JDK
     * opens once and keeps for good (the NIO socket layer's first socket) is not taken for a leak.
     */
    private static synchronized void warmUp() {
        if (warm) {
            return;
        }
        warm = true;
        jdkPollers();
        Runtime rt = Runtime.builder().workers(1).backend(BackendKind.NIO).build();
        try {
            rt.blockOn(() -> {
                java.net.InetSocketAddress any = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
                try (io.zokio.net.TcpListener l = io.zokio.net.TcpListener.bind(rt, any,
                        io.zokio.net.TcpListener.Options.defaults());
                        io.zokio.net.TcpStream c = io.zokio.net.TcpStream.connect(rt, l.localAddress(), null);
                        io.zokio.net.TcpStream s = l.accept();
                        io.zokio.net.UdpSocket u = io.zokio.net.UdpSocket.bind(rt, any)) {
                    return null;
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            rt.close();
        }
    }

    /** A runtime on {@code kind}; aborts (skips) the property with the kernel's reason when io_uring is refused. */
    static Runtime runtime(BackendKind kind, int workers) {
        if (kind == BackendKind.IO_URING) {
            UringFeatures probe = IoUringBackend.probe();
            if (!probe.available()) {
                throw new TestAbortedException("io_uring refused by the kernel: " + probe.cause());
            }
        }
        // a short grace: a sequence often leaves tasks parked for good, which a graceful close would wait for
        return Runtime.builder().workers(workers).backend(kind).shutdownGrace(java.time.Duration.ofMillis(50)).build();
    }

    /**
     * Makes the JDK start its virtual-thread pollers (an epoll instance and an eventfd each, kept for the life
     * of the JVM) now: a virtual thread that waits on a JDK socket starts them, and some test code does.
     */
    private static void jdkPollers() {
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                java.net.Socket c = new java.net.Socket(ss.getInetAddress(), ss.getLocalPort());
                java.net.Socket a = ss.accept()) {
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    c.setSoTimeout(1);
                    c.getInputStream().read();
                } catch (IOException expected) {
                    // timed out: the poller has been used
                }
                try {
                    c.getOutputStream().write(1);
                    a.getInputStream().read();
                } catch (IOException ignored) {
                    // only the pollers matter here
                }
            });
            t.join();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("warm-up of the JDK's pollers failed", e);
        }
    }

    /** Closes {@code rt} (bounded) and asserts that nothing of it is left; {@code log} goes into the message. */
    void closeAndCheck(Runtime rt, Fuzz.Log log) throws InterruptedException {
        Thread closer = Thread.ofPlatform().name("fuzz-closer").start(rt::close);
        closer.join(Fuzz.HANG_MS);
        if (closer.isAlive()) {
            throw new AssertionError("hang: Runtime.close() did not return within " + Fuzz.HANG_MS + " ms\n" + log);
        }
        long inUse = rt.metrics().buffers().inUseBuffers();
        if (inUse != 0) {
            throw new AssertionError(inUse + " pooled buffers still in use after close\n" + log);
        }
        Set<Thread> now = zokioThreads();
        now.removeAll(threadsBefore);
        for (Thread t : now) {
            t.join(Fuzz.HANG_MS);
            if (t.isAlive()) {
                throw new AssertionError("thread left after close: " + t.getName() + "\n" + log);
            }
        }
        Map<String, Integer> after = fds(dir);
        for (Map.Entry<String, Integer> e : after.entrySet()) {
            int was = fdsBefore.getOrDefault(e.getKey(), 0);
            if (e.getValue() > was) {
                throw new AssertionError("descriptors leaked: " + e.getKey() + " " + was + " -> " + e.getValue()
                        + " (before " + fdsBefore + ", after " + after + ")\n" + log);
            }
        }
    }

    /**
     * After a failed sequence: closes {@code rt} (bounded) without checking for leaks, so that the sequence's own
     * failure is what the property reports, not the leak it caused by stopping half-way.
     */
    static void closeQuietly(Runtime rt) {
        Thread closer = Thread.ofPlatform().name("fuzz-closer").start(rt::close);
        try {
            closer.join(Fuzz.HANG_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Set<Thread> zokioThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("zokio-") && t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Open descriptors of this process by kind. */
    static Map<String, Integer> fds(Path dir) {
        Map<String, Integer> kinds = new TreeMap<>();
        try (Stream<Path> s = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String target;
                try {
                    target = java.nio.file.Files.readSymbolicLink(p).toString();
                } catch (IOException gone) {
                    continue; // closed meanwhile (e.g. the directory stream's own descriptor)
                }
                String kind = kind(target, dir);
                if (kind != null) {
                    kinds.merge(kind, 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
        return kinds;
    }

    private static String kind(String target, Path dir) {
        if (target.startsWith("socket:")) {
            return "socket";
        }
        if (target.startsWith("pipe:")) {
            return "pipe";
        }
        if (target.startsWith("anon_inode:")) {
            return target; // [io_uring], [eventfd], [eventpoll], ...
        }
        if (dir != null && target.startsWith(dir.toString())) {
            return "file under " + dir.getFileName();
        }
        return null;
    }
}
