package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.EOFException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TcpListener and TcpStream in the blocking style on virtual threads, on each backend. */
@Timeout(60)
class TcpStreamTest {

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void echoRoundTripAndAddresses(BackendKind kind) throws Exception {
        for (CarrierMode mode : CarrierMode.values()) {
            try (Runtime rt = NetTestSupport.open(kind, 2, mode);
                 TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
                Task<Void> server = rt.spawn(() -> {
                    try (TcpStream s = l.accept()) {
                        ByteBuffer b = ByteBuffer.allocate(5);
                        s.readFully(b);
                        s.writeAll(b.flip());
                    }
                    return null;
                });
                String echoed = on(rt, () -> {
                    try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), Duration.ofSeconds(10))) {
                        c.setNoDelay(true);
                        assertTrue(c.noDelay());
                        assertEquals(l.port(), c.remoteAddress().getPort());
                        c.writeAll(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
                        ByteBuffer in = ByteBuffer.allocateDirect(5);
                        c.readFully(in);
                        assertEquals(-1, c.read(ByteBuffer.allocate(1))); // server closed after echoing
                        byte[] out = new byte[5];
                        in.flip().get(out);
                        return new String(out, StandardCharsets.US_ASCII);
                    }
                });
                assertEquals("hello", echoed, mode.toString());
                server.join();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void manyConnectionsAtOnce(BackendKind kind) throws Exception {
        int n = 100;
        try (Runtime rt = NetTestSupport.open(kind, 2);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults().backlog(256))) {
            Task<Void> acceptor = rt.spawn(() -> {
                for (int i = 0; i < n; i++) {
                    TcpStream s = l.accept();
                    rt.spawn(() -> {
                        try (s) {
                            ByteBuffer b = ByteBuffer.allocate(64);
                            while (s.read(b) >= 0) {
                                s.writeAll(b.flip());
                                b.clear();
                            }
                        }
                        return null;
                    });
                }
                return null;
            });
            List<Task<Integer>> clients = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                clients.add(rt.spawn(() -> {
                    try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), null)) {
                        for (int round = 0; round < 10; round++) {
                            ByteBuffer out = ByteBuffer.allocate(4).putInt(0, id * 100 + round);
                            c.writeAll(out);
                            ByteBuffer in = ByteBuffer.allocate(4);
                            c.readFully(in);
                            assertEquals(id * 100 + round, in.getInt(0));
                        }
                        return id;
                    }
                }));
            }
            for (int i = 0; i < n; i++) {
                assertEquals(i, clients.get(i).join());
            }
            acceptor.join();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void halfCloseLetsThePeerAnswerAfterEndOfStream(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 2);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            Task<Void> server = rt.spawn(() -> {
                try (TcpStream s = l.accept()) {
                    // read to end of stream, then answer with the count: the client's output is shut, its input not
                    long total = 0;
                    ByteBuffer b = ByteBuffer.allocate(1000);
                    int k;
                    while ((k = s.read(b)) >= 0) {
                        total += k;
                        b.clear();
                    }
                    s.writeAll(ByteBuffer.allocate(8).putLong(0, total));
                    s.shutdownOutput();
                }
                return null;
            });
            long echoed = on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), null)) {
                    c.writeAll(ByteBuffer.allocate(12345));
                    c.shutdownOutput();
                    ByteBuffer in = ByteBuffer.allocate(8);
                    c.readFully(in);
                    assertEquals(-1, c.read(ByteBuffer.allocate(1)));
                    assertThrows(ErrnoException.class, () -> c.write(ByteBuffer.allocate(1)),
                            "writes after shutdownOutput fail (EPIPE)");
                    return in.getLong(0);
                }
            });
            assertEquals(12345, echoed);
            server.join();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void peerResetSurfacesAsErrnoOrEndOfStream(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             ServerSocket peer = new ServerSocket(0, 8, loopback(0).getAddress())) {
            Thread resetter = Thread.ofPlatform().start(() -> {
                try (Socket s = peer.accept()) {
                    s.getInputStream().read(); // wait for the client's byte
                    s.setSoLinger(true, 0);    // close with RST
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            IOException e = on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(peer.getLocalPort()), null)) {
                    c.writeAll(ByteBuffer.wrap(new byte[] {1}));
                    return assertThrows(IOException.class, () -> {
                        ByteBuffer b = ByteBuffer.allocate(16);
                        for (int i = 0; i < 100; i++) {
                            if (c.read(b) < 0) {
                                throw new EOFException("end of stream instead of a reset");
                            }
                        }
                    });
                }
            });
            resetter.join();
            ErrnoException errno = assertInstanceOf(ErrnoException.class, e);
            assertEquals(Errno.ECONNRESET, errno.errno());
            assertEquals("recv", errno.syscall());
        }
    }

    private static <T> T assertInstanceOf(Class<T> type, Object o) {
        assertTrue(type.isInstance(o), () -> "expected " + type.getSimpleName() + " but got " + o);
        return type.cast(o);
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void partialReadsFromASlowPeerAssembleInOrder(BackendKind kind) throws Exception {
        byte[] message = new byte[3000];
        new Random(7).nextBytes(message);
        try (Runtime rt = NetTestSupport.open(kind, 1);
             ServerSocket peer = new ServerSocket(0, 8, loopback(0).getAddress())) {
            Thread slow = Thread.ofPlatform().start(() -> {
                try (Socket s = peer.accept()) {
                    s.setTcpNoDelay(true);
                    // dribble: one flushed chunk at a time, each sent only after the reader acknowledged the last
                    for (int off = 0; off < message.length; off += 7) {
                        s.getOutputStream().write(message, off, Math.min(7, message.length - off));
                        s.getOutputStream().flush();
                        if (s.getInputStream().read() < 0) {
                            return;
                        }
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] got = on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(peer.getLocalPort()), null)) {
                    ByteBuffer all = ByteBuffer.allocate(message.length);
                    int reads = 0;
                    while (all.hasRemaining()) {
                        int before = all.position();
                        assertTrue(c.read(all) > 0);
                        reads++;
                        c.writeAll(ByteBuffer.wrap(new byte[] {1})); // ack
                        assertTrue(all.position() - before <= 7, "never more than the peer sent");
                    }
                    assertTrue(reads > 1);
                    return all.array();
                }
            });
            slow.join();
            assertArrayEquals(message, got);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void largeTransferBothWaysMatchesChecksum(BackendKind kind) throws Exception {
        int size = 8 << 20;
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        CRC32 want = new CRC32();
        want.update(data);
        try (Runtime rt = NetTestSupport.open(kind, 2);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            // server: echoes with direct buffers and vectored writes
            Task<Void> server = rt.spawn(() -> {
                try (TcpStream s = l.accept()) {
                    ByteBuffer a = ByteBuffer.allocateDirect(10_000);
                    ByteBuffer b = ByteBuffer.allocateDirect(20_000);
                    ByteBuffer[] pair = {a, b};
                    long k;
                    while ((k = s.read(pair)) >= 0) {
                        a.flip();
                        b.flip();
                        while (a.hasRemaining() || b.hasRemaining()) {
                            s.write(pair);
                        }
                        a.clear();
                        b.clear();
                    }
                    s.shutdownOutput();
                }
                return null;
            });
            long got = on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), null)) {
                    Task<Void> writer = rt.spawn(() -> {
                        c.outputStream().write(data);
                        c.shutdownOutput();
                        return null;
                    });
                    CRC32 crc = new CRC32();
                    byte[] buf = new byte[50_000];
                    long total = 0;
                    int k;
                    var in = c.inputStream();
                    while ((k = in.read(buf)) >= 0) {
                        crc.update(buf, 0, k);
                        total += k;
                    }
                    writer.join();
                    assertEquals(size, total);
                    return crc.getValue();
                }
            });
            assertEquals(want.getValue(), got);
            server.join();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void readTimeoutFailsTheReadAndLeavesTheStreamUsable(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), null);
                     TcpStream s = l.accept(Duration.ofSeconds(10))) {
                    SocketTimeoutException t = assertThrows(SocketTimeoutException.class,
                            () -> c.read(ByteBuffer.allocate(8), Duration.ofMillis(20)));
                    assertTrue(t.getMessage().contains("recv timed out"), t.getMessage());
                    s.writeAll(ByteBuffer.wrap(new byte[] {9}));
                    ByteBuffer b = ByteBuffer.allocate(1);
                    assertEquals(1, c.read(b, Duration.ofSeconds(10)));
                    assertEquals(9, b.get(0));
                    return null;
                }
            });
            on(rt, () -> assertThrows(SocketTimeoutException.class, () -> l.accept(Duration.ofMillis(10))));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void writeTimeoutWhenThePeerStopsReading(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), null);
                     TcpStream s = l.accept()) {
                    c.setSendBufferSize(64 * 1024);
                    c.setWriteTimeout(Duration.ofMillis(50));
                    ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
                    long sent = 0;
                    // the peer never reads: once both socket buffers are full, a write times out
                    SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> {
                        while (true) {
                            chunk.clear();
                            c.writeAll(chunk);
                        }
                    });
                    assertTrue(e.getMessage().contains("send timed out"), e.getMessage());
                    // the stream is still usable: drain a little on the other side, then write again
                    ByteBuffer sink = ByteBuffer.allocate(1 << 16);
                    assertTrue(s.read(sink) > 0);
                    c.setWriteTimeout(null);
                    assertEquals(1, c.write(ByteBuffer.wrap(new byte[] {1})));
                    return sent;
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void closeFailsPendingOperationsOnceAndLaterOnesAtTheEdge(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 2);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            // two pairs, so that closing one end never shows the other pending read an end of stream first
            TcpStream c = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null));
            TcpStream s1 = on(rt, () -> l.accept());
            TcpStream c2 = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null));
            TcpStream s = on(rt, () -> l.accept());
            var pending = c.readAsync(ByteBuffer.allocate(8), null);
            Task<Void> blocked = rt.spawn(() -> {
                s.read(ByteBuffer.allocate(8));
                return null;
            });
            var pendingAccept = l.acceptAsync(null);
            on(rt, () -> {
                c.close();
                s.close();
                l.close();
                return null;
            });
            var e1 = assertThrows(java.util.concurrent.ExecutionException.class, pending::get);
            assertInstanceOf(java.nio.channels.AsynchronousCloseException.class, e1.getCause());
            // pending when closed (AsynchronousCloseException) or not yet started (ClosedChannelException)
            var e2 = assertThrows(java.util.concurrent.CompletionException.class, blocked::join);
            assertInstanceOf(java.nio.channels.ClosedChannelException.class, e2.getCause());
            var e3 = assertThrows(java.util.concurrent.ExecutionException.class, pendingAccept::get);
            assertInstanceOf(java.nio.channels.AsynchronousCloseException.class, e3.getCause());
            s1.close();
            c2.close();
            assertFalse(c.isOpen());
            assertThrows(java.nio.channels.ClosedChannelException.class, () -> on(rt, () -> c.read(ByteBuffer.allocate(1))));
            assertThrows(java.nio.channels.ClosedChannelException.class, () -> on(rt, () -> c.write(ByteBuffer.allocate(1))));
            assertThrows(java.nio.channels.ClosedChannelException.class, () -> on(rt, () -> l.accept()));
            c.close(); // idempotent
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void badArgumentsAreRefusedAtTheEdge(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), null)) {
                    assertThrows(NullPointerException.class, () -> c.read((ByteBuffer) null));
                    assertThrows(NullPointerException.class, () -> c.write((ByteBuffer) null));
                    assertThrows(IllegalArgumentException.class, () -> c.read(ByteBuffer.allocate(1), Duration.ofMillis(-1)));
                    assertThrows(IllegalArgumentException.class, () -> c.setReadTimeout(Duration.ofSeconds(-1)));
                    assertThrows(IllegalArgumentException.class, () -> c.setSendBufferSize(0));
                    assertThrows(IllegalArgumentException.class, () -> c.setLinger(Duration.ofSeconds(-2)));
                    assertThrows(java.nio.ReadOnlyBufferException.class,
                            () -> c.read(ByteBuffer.allocate(4).asReadOnlyBuffer()));
                    assertThrows(IllegalArgumentException.class, () -> l.accept(Duration.ofNanos(-5)));
                    // a failed prep leaves the stream usable
                    assertEquals(0, c.read(ByteBuffer.allocate(0)));
                    c.setReceiveBufferSize(65536);
                    assertTrue(c.receiveBufferSize() > 0);
                    c.setKeepAlive(true);
                    assertTrue(c.keepAlive());
                    c.setLinger(Duration.ofSeconds(3));
                    assertEquals(3, c.linger());
                    c.setLinger(null);
                    return null;
                }
            });
            assertThrows(IllegalArgumentException.class, () -> TcpListener.Options.defaults().backlog(0));
            assertThrows(NullPointerException.class, () -> TcpStream.connect(rt, null, null));
            assertThrows(java.net.UnknownHostException.class,
                    () -> TcpStream.connect(rt, java.net.InetSocketAddress.createUnresolved("nowhere.invalid", 1), null));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void connectRefusedCarriesSyscallAndErrno(BackendKind kind) throws Exception {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, loopback(0).getAddress())) {
            freePort = probe.getLocalPort();
        }
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            java.net.ConnectException refused = assertThrows(java.net.ConnectException.class,
                    () -> on(rt, () -> TcpStream.connect(rt, loopback(freePort), Duration.ofSeconds(10))));
            ErrnoException e = assertInstanceOf(ErrnoException.class, refused.getCause());
            assertEquals("connect", e.syscall());
            assertEquals(Errno.ECONNREFUSED, e.errno());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void secondConcurrentReadIsRefused(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), null); TcpStream s = l.accept()) {
                    var first = c.readAsync(ByteBuffer.allocate(4), null);
                    assertThrows(IllegalStateException.class, () -> c.read(ByteBuffer.allocate(4)));
                    s.writeAll(ByteBuffer.wrap(new byte[] {1, 2}));
                    assertEquals(2, first.get());
                    return null;
                }
            });
        }
    }
}
