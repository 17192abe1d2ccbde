package io.zokio.net;

import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connect to a listener whose accept queue is full and that never accepts: once the queue is full the kernel
 * drops the handshake, and the connect fails with SocketTimeoutException naming the address; on each backend.
 */
@Timeout(60)
class ConnectTimeoutTest {
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void connectToAFullAcceptQueueTimesOutNamingTheAddress(BackendKind kind) throws Exception {
        List<TcpStream> queued = new ArrayList<>();
        try (Runtime rt = NetTestSupport.open(kind, 1);
             ServerSocket full = new ServerSocket(0, 1, loopback(0).getAddress())) {
            InetSocketAddress at = loopback(full.getLocalPort());
            SocketTimeoutException t = on(rt, () -> {
                for (int i = 0; i < 64; i++) {
                    try {
                        queued.add(TcpStream.connect(rt, at, Duration.ofMillis(200)));
                    } catch (SocketTimeoutException e) {
                        return e;
                    }
                }
                return null;
            });
            assertNotNull(t, "a connect timed out once the queue was full (" + queued.size() + " queued)");
            assertTrue(t.getMessage().endsWith(": " + at), t.getMessage());
            assertTrue(t.getMessage().startsWith("connect timed out after 200 ms"), t.getMessage());
            // the queue is still full: the async connect fails the same way
            java.util.concurrent.ExecutionException async = assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> TcpStream.connectAsync(rt, at, Duration.ofMillis(200)).get(30, TimeUnit.SECONDS));
            SocketTimeoutException at2 = assertInstanceOf(SocketTimeoutException.class, async.getCause());
            assertTrue(at2.getMessage().endsWith(": " + at), at2.getMessage());
        } finally {
            for (TcpStream s : queued) {
                s.close();
            }
        }
    }
}
