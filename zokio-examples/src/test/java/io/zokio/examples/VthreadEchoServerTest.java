package io.zokio.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.loop.BackendKind;
import io.zokio.loop.IdleMode;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The virtual-thread echo server, on each backend, with one and two workers (SO_REUSEPORT listeners). */
@Timeout(60)
class VthreadEchoServerTest {

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void echoesOnManyConnectionsAndStopsWithThemOpen(BackendKind kind) throws Exception {
        for (int workers = 1; workers <= 2; workers++) {
            VthreadEchoServer server;
            try {
                server = VthreadEchoServer.start(0, kind, IdleMode.BALANCED, workers);
            } catch (RuntimeException e) {
                Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
                throw e;
            }
            List<Socket> sockets = new ArrayList<>();
            try {
                byte[] payload = new byte[50_000];
                new Random(workers).nextBytes(payload);
                for (int i = 0; i < 20; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                    s.setSoTimeout(30_000);
                    sockets.add(s);
                }
                for (Socket s : sockets) {
                    s.getOutputStream().write(payload);
                    byte[] back = new byte[payload.length];
                    new DataInputStream(s.getInputStream()).readFully(back);
                    assertArrayEquals(payload, back);
                }
            } finally {
                server.close();
            }
            for (Socket s : sockets) {
                assertEquals(-1, s.getInputStream().read(), "closed by the server's shutdown");
                s.close();
            }
        }
    }
}
