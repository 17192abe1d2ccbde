package io.zokio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.metrics.WorkerMetrics;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.internal.WorkerLoops;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Writes from a task on an io_uring worker go out on the caller's thread when the socket's buffer has room
 * ({@link io.zokio.loop.InlineSocketCalls}): in order, without loop submissions, and a close that races them still
 * ends every write exactly once and closes the descriptor.
 */
class InlineTransfersTest {
    private static final int WRITES = 200;
    private static final int BYTES = 64;
    /** Connections closed under a writer: enough to hit the window between an inline claim and its close check. */
    private static final int ROUNDS = 300;

    @Test
    void smallWritesLeaveWithoutSubmissionsAndInOrder() throws Exception {
        try (Runtime rt = NetTestSupport.open(BackendKind.IO_URING, 1, CarrierMode.AFFINE);
             ServerSocket server = new ServerSocket(0, 1, NetTestSupport.loopback(0).getAddress())) {
            Assumptions.assumeTrue(WorkerLoops.of(rt).loop(0).features().inlineCalls().isPresent(),
                    "this backend offers no inline sends: " + rt.metrics().backend());
            byte[] expected = new byte[WRITES * BYTES];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (byte) (i * 31 + i / BYTES);
            }
            long submittedDuringWrites = NetTestSupport.on(rt, () -> {
                try (TcpStream s = TcpStream.connect(rt, NetTestSupport.loopback(server.getLocalPort()),
                        Duration.ofSeconds(10))) {
                    long before = submissions(rt);
                    for (int i = 0; i < WRITES; i++) {
                        s.writeAll(ByteBuffer.wrap(expected, i * BYTES, BYTES));
                    }
                    return submissions(rt) - before;
                }
            });
            byte[] got;
            try (Socket peer = server.accept(); InputStream in = peer.getInputStream()) {
                got = in.readAllBytes();
            }
            assertArrayEquals(expected, got);
            // the loop may submit its own housekeeping, but not one send per write
            assertTrue(submittedDuringWrites < WRITES / 4, "submissions during " + WRITES + " writes: "
                    + submittedDuringWrites);
        }
    }

    @Test
    void tryWriteSendsNowOnAWorkerAndNothingElsewhere() throws Exception {
        for (BackendKind kind : new BackendKind[] {BackendKind.IO_URING, BackendKind.NIO}) {
            try (Runtime rt = NetTestSupport.open(kind, 1, CarrierMode.AFFINE);
                 ServerSocket server = new ServerSocket(0, 1, NetTestSupport.loopback(0).getAddress())) {
                boolean inline = WorkerLoops.of(rt).loop(0).features().inlineCalls().isPresent();
                TcpStream s = NetTestSupport.on(rt, () -> TcpStream.connect(rt,
                        NetTestSupport.loopback(server.getLocalPort()), Duration.ofSeconds(10)));
                try (Socket peer = server.accept(); s) {
                    ByteBuffer onWorker = ByteBuffer.wrap(new byte[] {1, 2, 3});
                    int sentOnWorker = NetTestSupport.on(rt, () -> s.tryWrite(onWorker));
                    assertEquals(inline ? 3 : 0, sentOnWorker, kind + ": tryWrite on a worker");
                    ByteBuffer offWorker = ByteBuffer.wrap(new byte[] {4});
                    assertEquals(0, s.tryWrite(offWorker), kind + ": tryWrite off the workers sends nothing");
                    NetTestSupport.on(rt, () -> {
                        s.writeAll(onWorker);
                        s.writeAll(offWorker);
                        return null;
                    });
                    byte[] got = peer.getInputStream().readNBytes(4);
                    assertArrayEquals(new byte[] {1, 2, 3, 4}, got, kind + ": bytes in order");
                }
                assertThrows(ClosedChannelException.class, () -> s.tryWrite(ByteBuffer.allocate(1)));
            }
        }
    }

    @Test
    void readsAfterAFullReadTakeWhatIsWaitingWithoutSubmissions() throws Exception {
        try (Runtime rt = NetTestSupport.open(BackendKind.IO_URING, 1, CarrierMode.AFFINE);
             ServerSocket server = new ServerSocket(0, 1, NetTestSupport.loopback(0).getAddress())) {
            Assumptions.assumeTrue(WorkerLoops.of(rt).loop(0).features().inlineCalls().isPresent(),
                    "this backend offers no inline calls: " + rt.metrics().backend());
            byte[] sent = new byte[16 * 4096]; // fits the loopback receive buffer: all of it waits before reading
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) (i * 7 + i / 4096);
            }
            byte[] got = new byte[sent.length];
            long[] readsAndSubmissions = NetTestSupport.on(rt, () -> {
                try (TcpStream s = TcpStream.connect(rt, NetTestSupport.loopback(server.getLocalPort()),
                        Duration.ofSeconds(10))) {
                    try (Socket peer = server.accept()) {
                        peer.getOutputStream().write(sent);
                    } // closed: the reader ends at end of stream
                    long before = submissions(rt);
                    ByteBuffer buf = ByteBuffer.allocateDirect(4096);
                    int off = 0;
                    long reads = 0;
                    int n;
                    while ((n = s.read(buf.clear())) >= 0) {
                        buf.flip().get(got, off, n);
                        off += n;
                        reads++;
                    }
                    return new long[] {reads, submissions(rt) - before, off};
                }
            });
            assertEquals(sent.length, readsAndSubmissions[2]);
            assertArrayEquals(sent, got);
            long reads = readsAndSubmissions[0];
            assertTrue(reads >= 16 && readsAndSubmissions[1] < reads / 2, "submissions during " + reads + " reads: "
                    + readsAndSubmissions[1]);
        }
    }

    @Test
    void closeRacingInlineWritesEndsEachWriteAndClosesTheDescriptor() throws Exception {
        try (Runtime rt = NetTestSupport.open(BackendKind.IO_URING, 2, CarrierMode.AFFINE);
             ServerSocket server = new ServerSocket(0, 50, NetTestSupport.loopback(0).getAddress())) {
            long fdsBefore = openDescriptors();
            for (int round = 0; round < ROUNDS; round++) {
                AtomicReference<Throwable> ended = new AtomicReference<>();
                TcpStream s = NetTestSupport.on(rt, () -> TcpStream.connect(rt,
                        NetTestSupport.loopback(server.getLocalPort()), Duration.ofSeconds(10)));
                try (Socket peer = server.accept()) {
                    var writer = rt.spawn(() -> {
                        ByteBuffer b = ByteBuffer.allocate(BYTES);
                        try {
                            while (true) {
                                s.write(b.clear());
                            }
                        } catch (IOException e) {
                            ended.set(e);
                        }
                        return null;
                    });
                    drainSome(peer);
                    s.close();
                    writer.join();
                    assertInstanceOf(ClosedChannelException.class, ended.get(), "round " + round);
                }
            }
            // close() returns once the descriptor is closed: the rounds leave none behind
            long grown = openDescriptors() - fdsBefore;
            assertTrue(grown <= 4, "descriptors grew by " + grown + " over " + ROUNDS + " connections");
        }
    }

    private static void drainSome(Socket peer) throws IOException {
        byte[] buf = new byte[4096];
        InputStream in = peer.getInputStream();
        int total = 0;
        while (total < 8 * BYTES) {
            int n = in.read(buf);
            if (n < 0) {
                return;
            }
            total += n;
        }
    }

    private static long openDescriptors() throws IOException {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long submissions(Runtime rt) {
        long n = 0;
        for (WorkerMetrics w : rt.metrics().workers()) {
            n += w.loop().submissions();
        }
        return n;
    }
}
