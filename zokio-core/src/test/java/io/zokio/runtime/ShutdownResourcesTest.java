package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.loop.Completion;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** After close(), the descriptors and threads a runtime used are back to their starting level. */
class ShutdownResourcesTest {
    private static final Path FDS = Path.of("/proc/self/fd");

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(FDS)) {
            return s.count();
        }
    }

    /** Opens a runtime, echoes over TCP, leaves a task blocked in a recv, then shuts down. */
    private static void useAndClose() throws Exception {
        Runtime rt = RuntimeTestSupport.nio(2);
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
            rt.spawn(() -> {
                started.countDown();
                try {
                    return rt.submitAndAwait(0, new Completion().prepRecv(sfd, arena.allocate(16), 0));
                } finally {
                    Thread.interrupted(); // cancelled: clear the flag so that the cleanup runs to its end
                    rt.submitAndAwait(0, new Completion().prepClose(sfd));
                }
            });
            started.await();
            for (int fd : new int[] {cfd, lfd}) {
                rt.onLoop(0, loop -> {
                    loop.sockets().closeNow(fd);
                    return null;
                });
            }
            rt.shutdownNow(); // cancels the recv and waits for the task (and its cleanup) before the arena closes
        }
    }

    @Test
    @Timeout(30)
    void descriptorsAndThreadsReturnToTheirStartingLevel() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(FDS), "needs /proc/self/fd");
        // the platform MBean server first: runtimes then register their JMX view at once, not from a thread of
        // their own that could still be creating the server while descriptors are counted
        java.lang.management.ManagementFactory.getPlatformMBeanServer();
        useAndClose(); // warm-up: the JDK opens some descriptors once per process
        Set<Thread> threadsBefore = RuntimeTestSupport.zokioThreads();
        long fdsBefore = openFds();
        for (int i = 0; i < 3; i++) {
            useAndClose();
        }
        RuntimeTestSupport.assertNoNewThreads(threadsBefore);
        assertEquals(fdsBefore, openFds(), "descriptors leaked");
    }
}
