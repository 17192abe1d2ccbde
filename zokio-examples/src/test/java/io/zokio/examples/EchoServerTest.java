package io.zokio.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.loop.IdleMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Starts the echo server in-process on an ephemeral port and echoes bytes through it, on each backend. */
class EchoServerTest {

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"IO_URING", "NIO"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void echoesBytesOnSeveralConnections(BackendKind kind) throws Exception {
        echoes(kind, false);
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"IO_URING", "NIO"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void echoesBytesWithOneMultishotReceivePerConnection(BackendKind kind) throws Exception {
        echoes(kind, true);
        EchoServer server = startOrSkip(kind, true);
        try (Socket s = connect(server)) { // stops with a multishot receive armed
            assertArrayEquals(new byte[] {4, 5}, roundTrip(s, new byte[] {4, 5}));
            server.stop();
            assertTrue(server.awaitTermination(30, TimeUnit.SECONDS), "loop thread finished");
            assertEquals(-1, s.getInputStream().read(), "server closed the connection");
        }
    }

    private static void echoes(BackendKind kind, boolean multishot) throws Exception {
        try (EchoServer server = startOrSkip(kind, multishot)) {
            assertTrue(server.port() > 0, "bound port");
            byte[] payload = new byte[100_000]; // several 4 KiB receives, and writes larger than one
            new Random(42).nextBytes(payload);
            for (int round = 0; round < 3; round++) { // later connections reuse pooled connection objects
                try (Socket a = connect(server); Socket b = connect(server)) {
                    assertArrayEquals(payload, roundTrip(a, payload));
                    assertArrayEquals("PING\n".getBytes(), roundTrip(b, "PING\n".getBytes()));
                    assertArrayEquals(payload, roundTrip(b, payload));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"IO_URING", "NIO"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void stopsWithConnectionsOpen(BackendKind kind) throws Exception {
        EchoServer server = startOrSkip(kind);
        try (Socket s = connect(server)) {
            assertArrayEquals(new byte[] {1, 2, 3}, roundTrip(s, new byte[] {1, 2, 3}));
            server.stop();
            assertTrue(server.awaitTermination(30, TimeUnit.SECONDS), "loop thread finished");
            assertEquals(-1, s.getInputStream().read(), "server closed the connection");
        }
    }

    private static EchoServer startOrSkip(BackendKind kind) throws IOException {
        return startOrSkip(kind, false);
    }

    private static EchoServer startOrSkip(BackendKind kind, boolean multishot) throws IOException {
        try {
            return EchoServer.start(0, kind, IdleMode.BALANCED, multishot);
        } catch (IOException e) {
            // io_uring may be refused by the kernel (disabled, seccomp, memlock); a backend may not be built yet
            Assumptions.assumeTrue(!refused(e, kind), "backend " + kind + " unavailable here: " + e.getMessage());
            throw e;
        }
    }

    private static boolean refused(Throwable e, BackendKind kind) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedOperationException) {
                return true;
            }
            if (kind == BackendKind.IO_URING && t instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private static Socket connect(EchoServer server) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(30_000);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 30_000);
        return s;
    }

    /** Writes {@code data} from a second thread (so a large payload cannot deadlock) and reads it all back. */
    private static byte[] roundTrip(Socket s, byte[] data) throws Exception {
        OutputStream out = s.getOutputStream();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                out.write(data);
                out.flush();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        byte[] back = new byte[data.length];
        InputStream in = s.getInputStream();
        int n = 0;
        while (n < back.length) {
            int r = in.read(back, n, back.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        writer.join();
        assertEquals(data.length, n, "bytes echoed");
        return back;
    }
}
