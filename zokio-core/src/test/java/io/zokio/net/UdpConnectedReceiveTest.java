package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** UdpSocket.receiveBatch on a connected socket, and with no buffers; on each backend. */
@Timeout(60)
class UdpConnectedReceiveTest {
    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(ByteBuffer b) {
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return new String(out, StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void batchOfAConnectedSocketSkipsOtherSenders(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             UdpSocket a = UdpSocket.bind(rt, ANY_LOOPBACK);
             UdpSocket peer = UdpSocket.bind(rt, ANY_LOOPBACK);
             UdpSocket stranger = UdpSocket.bind(rt, ANY_LOOPBACK)) {
            InetSocketAddress to = a.localAddress();
            a.connect(peer.localAddress());
            assertEquals(peer.localAddress(), a.remoteAddress());
            assertTrue(a.worker() >= 0);
            on(rt, () -> {
                assertEquals(0, a.receiveBatch(new ByteBuffer[0], new InetSocketAddress[0], Duration.ofSeconds(1)),
                        "no buffers: nothing received");
                peer.send(text("one"), to);
                stranger.send(text("noise"), to);
                peer.send(text("two"), to);
                ByteBuffer[] dsts = {ByteBuffer.allocate(16), ByteBuffer.allocate(16), ByteBuffer.allocate(16)};
                InetSocketAddress[] senders = new InetSocketAddress[3];
                int n = a.receiveBatch(dsts, senders, Duration.ofSeconds(10));
                assertEquals(2, n, "the stranger's datagram is dropped, the queue then ends");
                assertEquals("one", text(dsts[0]));
                assertEquals("two", text(dsts[1]));
                assertEquals(peer.localAddress(), senders[0]);
                assertEquals(peer.localAddress(), senders[1]);
                assertNull(senders[2]);
                assertEquals(0, dsts[2].position());
                return null;
            });
        }
    }
}
