package io.zokio.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.UringFeatures;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import io.zokio.testing.ExpectIoUring;
import io.zokio.testkit.fault.FaultConfig;
import io.zokio.testkit.fault.FaultCounts;
import io.zokio.testkit.fault.FaultInjection;
import io.zokio.testkit.fault.FaultyBackend;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A multishot accept ({@code TcpListener.acceptEach}) goes on accepting through the errors accept(2) says to
 * retry on (ECONNABORTED, EPROTO, ENETDOWN, ...), whether the backend ends the multishot with one or delivers one
 * ahead of a connection: the decorator injects them at half the chances, every client is still accepted, the
 * accept does not end until the listener closes, and the process holds no more sockets, pipes or other non-file
 * descriptors afterwards than before.
 */
@ExtendWith(ExpectIoUring.class)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AcceptErrorsTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final int CLIENTS = 40;

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void multishotAcceptKeepsAcceptingThroughRetryableErrorsAndLeaksNoDescriptor(BackendKind kind) throws Exception {
        if (kind == BackendKind.IO_URING) {
            UringFeatures probe = IoUringBackend.probe();
            Assumptions.assumeTrue(probe.available(), () -> "io_uring refused by the kernel: " + probe.cause());
        }
        long seed = FaultConfig.derive(FaultConfig.seedFromProperty(0xACCE97L), "acceptErrors-" + kind);
        round(kind, seed ^ 1, 4); // warm-up: classes loaded, pools and caches sized
        long before = openFds();
        FaultCounts counts = round(kind, seed, CLIENTS);
        assertTrue(counts.acceptErrors() >= CLIENTS / 4, "accept errors injected: " + counts);
        assertEquals(0, counts.lost(), "every accept submission delivered once");
        assertFdsBack(before);
    }

    /** Accepts {@code n} clients one by one under injected accept errors; returns what was injected. */
    private static FaultCounts round(BackendKind kind, long seed, int n) throws Exception {
        FaultConfig config = FaultConfig.builder(seed).acceptErrors(0.5).build();
        List<FaultyBackend> decorators = new CopyOnWriteArrayList<>();
        List<TcpStream> accepted = new CopyOnWriteArrayList<>();
        Semaphore arrived = new Semaphore(0);
        try (Runtime rt = FaultInjection.configure(Runtime.builder().workers(1).backend(kind), config,
                decorators::add).build()) {
            TcpListener l = rt.spawn(() -> TcpListener.bind(rt, LOOPBACK, TcpListener.Options.defaults()))
                    .toCompletableFuture().get(20, TimeUnit.SECONDS);
            CompletableFuture<Void> done = l.acceptEach(s -> {
                accepted.add(s);
                arrived.release();
            });
            for (int i = 0; i < n; i++) {
                try (Socket c = new Socket()) {
                    c.connect(l.localAddress());
                    assertTrue(arrived.tryAcquire(20, TimeUnit.SECONDS), "client " + i + " accepted [" + config + "]");
                }
                assertFalse(done.isDone(), () -> "accepting ended after an injected error: " + outcome(done)
                        + " [" + config + "]");
            }
            assertEquals(n, accepted.size(), "one stream per client");
            for (TcpStream s : accepted) {
                s.close();
            }
            l.close();
            assertNull(done.get(20, TimeUnit.SECONDS), "accepting ends normally when the listener closes");
        }
        FaultyBackend f = decorators.get(0);
        assertNull(f.violation());
        return f.counts();
    }

    private static String outcome(CompletableFuture<Void> done) {
        try {
            done.getNow(null);
            return "completed";
        } catch (RuntimeException e) {
            return String.valueOf(e.getCause());
        }
    }

    /**
     * Descriptors open in this process now that are not files on a path: sockets, pipes, eventfds, rings. The
     * JVM opens and closes files of its own at any time (a jar, this listing of /proc); it opens none of these
     * kinds while the test runs, so their count is exact the moment the runtime has closed.
     */
    private static long openFds() {
        java.io.File[] fds = new java.io.File("/proc/self/fd").listFiles();
        if (fds == null) {
            return -1;
        }
        long n = 0;
        for (java.io.File fd : fds) {
            try {
                if (!java.nio.file.Files.readSymbolicLink(fd.toPath()).toString().startsWith("/")) {
                    n++;
                }
            } catch (java.io.IOException closedMeanwhile) {
                // the listing's own descriptor, or a file the JVM closed since: not one of ours
            }
        }
        return n;
    }

    /** The process holds no more sockets, pipes, eventfds or rings than {@code before}. */
    private static void assertFdsBack(long before) {
        Assumptions.assumeTrue(before >= 0, "no /proc/self/fd here");
        long now = openFds();
        assertTrue(now <= before, "descriptors (not files) before " + before + ", after " + now);
    }
}
