package io.zokio.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.testing.TestRuntimes;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ZokioSocket} behaves as the JDK's socket in what libraries rely on, on both backends, against a peer on
 * the JDK's own {@link ServerSocket} (a platform thread per connection).
 */
@Timeout(60)
class ZokioSocketTest {

    static Runtime open(BackendKind kind) {
        try {
            return TestRuntimes.customize(Runtime.builder().workers(2).backend(kind)).build();
        } catch (RuntimeException e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
    }

    /** A peer that accepts one connection and hands it to the test. */
    static final class Peer implements AutoCloseable {
        final ServerSocket server;
        final BlockingQueue<Socket> accepted = new ArrayBlockingQueue<>(4);
        final Thread thread;

        Peer() throws IOException {
            server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            thread = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        accepted.put(server.accept());
                    }
                } catch (IOException | InterruptedException e) {
                    // closed: the test is over
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        Socket take() throws InterruptedException {
            Socket s = accepted.poll(30, TimeUnit.SECONDS);
            assertNotNull(s, "the peer accepted nothing");
            return s;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void exchangesBytesThroughItsStreamsAndReportsItsState(BackendKind kind) throws Exception {
        try (Runtime rt = open(kind); Peer peer = new Peer()) {
            SocketFactory factory = new ZokioSocketFactory(rt);
            try (Socket s = factory.createSocket("localhost", peer.port()); Socket p = peer.take()) {
                assertTrue(s.isConnected());
                assertTrue(s.isBound());
                assertEquals(peer.port(), s.getPort());
                assertEquals(InetAddress.getLoopbackAddress(), s.getInetAddress());
                assertEquals(p.getPort(), s.getLocalPort());
                byte[] request = "PING 0123456789".getBytes(StandardCharsets.US_ASCII);
                s.getOutputStream().write(request);
                byte[] got = new byte[request.length];
                new DataInputStream(p.getInputStream()).readFully(got);
                assertArrayEquals(request, got);
                p.getOutputStream().write("PONG".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = new byte[4];
                new DataInputStream(s.getInputStream()).readFully(reply);
                assertEquals("PONG", new String(reply, StandardCharsets.US_ASCII));
                s.close();
                assertTrue(s.isClosed());
                assertTrue(s.isConnected(), "a closed socket still reports that it was connected");
                assertEquals(peer.port(), s.getPort(), "the remote address survives close");
                assertEquals(-1, p.getInputStream().read(), "the peer sees the close as end of stream");
                assertThrows(SocketException.class, s::getInputStream);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void aReadTimeoutThrowsAndLeavesTheSocketUsable(BackendKind kind) throws Exception {
        try (Runtime rt = open(kind); Peer peer = new Peer();
             ZokioSocket s = new ZokioSocket(rt)) {
            s.setSoTimeout(50);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.port()), 10_000);
            try (Socket p = peer.take()) {
                InputStream in = s.getInputStream();
                assertThrows(SocketTimeoutException.class, in::read);
                assertFalse(s.isClosed());
                p.getOutputStream().write(42);
                s.setSoTimeout(0);
                assertEquals(42, in.read(), "the byte sent after the timeout arrives");
                s.getOutputStream().write(7);
                assertEquals(7, p.getInputStream().read());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void closeFromAnotherThreadUnblocksAReadWithSocketException(BackendKind kind) throws Exception {
        try (Runtime rt = open(kind); Peer peer = new Peer()) {
            Socket s = new ZokioSocketFactory(rt).createSocket(InetAddress.getLoopbackAddress(), peer.port());
            try (Socket p = peer.take()) {
                CountDownLatch reading = new CountDownLatch(1);
                CompletableFuture<Throwable> failure = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        InputStream in = s.getInputStream();
                        reading.countDown();
                        failure.complete(new AssertionError("read returned " + in.read()));
                    } catch (Throwable t) {
                        failure.complete(t);
                    }
                });
                assertTrue(reading.await(30, TimeUnit.SECONDS));
                // the reader may not be parked yet; either way its read must end in a SocketException
                s.close();
                Throwable t = failure.get(30, TimeUnit.SECONDS);
                assertTrue(t instanceof SocketException, "expected SocketException, got " + t);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void halfCloseFollowsTheJdkSocket(BackendKind kind) throws Exception {
        try (Runtime rt = open(kind); Peer peer = new Peer();
             Socket s = new ZokioSocketFactory(rt).createSocket("localhost", peer.port());
             Socket p = peer.take()) {
            s.shutdownOutput();
            assertTrue(s.isOutputShutdown());
            assertEquals(-1, p.getInputStream().read(), "the peer sees FIN");
            assertThrows(SocketException.class, s::getOutputStream);
            s.shutdownInput();
            assertTrue(s.isInputShutdown());
            assertThrows(SocketException.class, s::getInputStream);
            assertThrows(SocketException.class, s::shutdownInput, "a second shutdownInput is refused");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void readsAfterShutdownInputReturnEndOfStream(BackendKind kind) throws Exception {
        try (Runtime rt = open(kind); Peer peer = new Peer();
             Socket s = new ZokioSocketFactory(rt).createSocket("localhost", peer.port());
             Socket p = peer.take()) {
            InputStream in = s.getInputStream();
            s.shutdownInput();
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[8]));
            p.getOutputStream().write(1);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void refusedConnectionIsAConnectExceptionNamingTheAddress(BackendKind kind) throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        try (Runtime rt = open(kind); ZokioSocket s = new ZokioSocket(rt)) {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            ConnectException e = assertThrows(ConnectException.class, () -> s.connect(target, 5_000));
            assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
            assertFalse(s.isConnected());
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void optionsSetBeforeConnectAreApplied(BackendKind kind) throws Exception {
        try (Runtime rt = open(kind); Peer peer = new Peer(); ZokioSocket s = new ZokioSocket(rt)) {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.setSoLinger(true, 3);
            assertTrue(s.getTcpNoDelay());
            s.connect(InetSocketAddress.createUnresolved("localhost", peer.port()));
            try (Socket p = peer.take()) {
                assertTrue(s.getTcpNoDelay());
                assertTrue(s.getKeepAlive());
                assertEquals(3, s.getSoLinger());
                s.setTcpNoDelay(false);
                assertFalse(s.getTcpNoDelay());
                assertThrows(SocketException.class, () -> s.bind(new InetSocketAddress(
                        InetAddress.getLoopbackAddress(), 1)));
                assertNull(s.getChannel());
            }
        }
    }
}
