package io.zokio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.internal.WorkerLoops;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TcpStream.tryWrite of a direct buffer on a worker against a peer that does not read: it sends until the socket's
 * buffer is full, then returns 0, and every byte it counted arrives; on each backend (NIO sends nothing inline).
 */
@Timeout(60)
class TryWriteFullBufferTest {

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void tryWriteReturnsZeroOnceTheSendBufferIsFull(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1, CarrierMode.AFFINE);
             ServerSocket server = new ServerSocket(0, 1, NetTestSupport.loopback(0).getAddress())) {
            boolean inline = WorkerLoops.of(rt).loop(0).features().inlineCalls().isPresent();
            TcpStream s = NetTestSupport.on(rt, () -> TcpStream.connect(rt,
                    NetTestSupport.loopback(server.getLocalPort()), Duration.ofSeconds(10)));
            try (Socket peer = server.accept(); s) {
                long sent = NetTestSupport.on(rt, () -> {
                    ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
                    while (chunk.hasRemaining()) {
                        chunk.put((byte) 7);
                    }
                    long total = 0;
                    while (true) {
                        chunk.clear();
                        int n = s.tryWrite(chunk);
                        if (n == 0) {
                            return total;
                        }
                        assertEquals(n, chunk.position(), "the buffer's position moves by the bytes sent");
                        total += n;
                    }
                });
                if (inline) {
                    assertTrue(sent > 0, "the empty send buffer took some bytes");
                } else {
                    assertEquals(0, sent, kind + " sends nothing inline");
                }
                s.shutdownOutput();
                InputStream in = peer.getInputStream();
                long got = 0;
                byte[] b = new byte[64 * 1024];
                for (int n; (n = in.read(b)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        assertEquals(7, b[i]);
                    }
                    got += n;
                }
                assertEquals(sent, got, "every byte tryWrite counted arrived, and nothing else");
            }
        }
    }
}
