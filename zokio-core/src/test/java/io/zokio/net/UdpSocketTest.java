package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** UdpSocket on loopback: send/receive, connect filter, batched receive, timeout, close; on each backend. */
@Timeout(60)
class UdpSocketTest {

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer b) {
        b.flip();
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void sendReceiveConnectAndBatch(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 2);
             UdpSocket a = UdpSocket.bind(rt, ANY_LOOPBACK);
             UdpSocket b = UdpSocket.bind(rt, ANY_LOOPBACK);
             UdpSocket stranger = UdpSocket.bind(rt, ANY_LOOPBACK)) {
            InetSocketAddress aAddr = a.localAddress();
            InetSocketAddress bAddr = b.localAddress();
            assertTrue(aAddr.getPort() > 0);
            on(rt, () -> {
                assertEquals(5, a.send(text("hello"), bAddr));
                ByteBuffer in = ByteBuffer.allocate(100);
                assertEquals(aAddr.getPort(), b.receive(in, Duration.ofSeconds(10)).getPort());
                assertEquals("hello", text(in));

                // connected: the stranger's datagram is dropped, the peer's arrives
                b.connect(aAddr);
                stranger.send(text("noise"), bAddr);
                a.send(text("signal"), bAddr);
                ByteBuffer in2 = ByteBuffer.allocateDirect(100);
                b.receive(in2, Duration.ofSeconds(10));
                assertEquals("signal", text(in2));
                b.send(text("reply")); // to the connected peer
                ByteBuffer in3 = ByteBuffer.allocate(100);
                assertEquals(bAddr.getPort(), a.receive(in3).getPort());
                assertEquals("reply", text(in3));
                b.disconnect();

                // a burst, then one batched receive takes what is queued (at least the first)
                for (int i = 0; i < 8; i++) {
                    a.send(text("m" + i), bAddr);
                }
                int total = 0;
                while (total < 8) {
                    ByteBuffer[] bufs = new ByteBuffer[8];
                    for (int i = 0; i < bufs.length; i++) {
                        bufs[i] = ByteBuffer.allocate(16);
                    }
                    InetSocketAddress[] from = new InetSocketAddress[8];
                    int n = b.receiveBatch(bufs, from, Duration.ofSeconds(10));
                    assertTrue(n >= 1 && n <= 8 - total, "batch of " + n);
                    for (int i = 0; i < n; i++) {
                        assertEquals("m" + (total + i), text(bufs[i]), "loopback keeps order");
                        assertEquals(aAddr.getPort(), from[i].getPort());
                    }
                    total += n;
                }
                assertThrows(SocketTimeoutException.class, () -> b.receive(ByteBuffer.allocate(8), Duration.ofMillis(20)));
                assertThrows(IllegalStateException.class, () -> a.send(text("x")), "not connected");
                assertThrows(NullPointerException.class, () -> a.receive(null));
                assertThrows(IllegalArgumentException.class, () -> a.receive(ByteBuffer.allocate(1), Duration.ofSeconds(-1)));
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void closeFailsAPendingReceive(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            UdpSocket s = UdpSocket.bind(rt, ANY_LOOPBACK);
            var pending = rt.spawn(() -> s.receive(ByteBuffer.allocate(8)));
            // close may run before the receive started (ClosedChannelException) or while it waits (Asynchronous...)
            s.close();
            var e = assertThrows(java.util.concurrent.CompletionException.class, pending::join);
            assertTrue(e.getCause() instanceof ClosedChannelException, String.valueOf(e.getCause()));
            assertThrows(ClosedChannelException.class, () -> on(rt, () -> s.send(text("x"), s.localAddress())));
            var async = UdpSocket.bind(rt, ANY_LOOPBACK);
            var f = async.sendAsync(text("to self"), async.localAddress());
            assertEquals(7, f.get());
            async.close();
            assertThrows(ExecutionException.class, () -> async.sendAsync(text("x"), async.localAddress()).get());
            assertTrue(!async.isOpen());
            assertEquals(AsynchronousCloseException.class.getSuperclass(), ClosedChannelException.class);
        }
    }
}
