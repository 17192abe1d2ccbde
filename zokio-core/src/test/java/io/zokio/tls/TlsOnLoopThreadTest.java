package io.zokio.tls;

import static io.zokio.tls.TlsTestSupport.clientBuilder;
import static io.zokio.tls.TlsTestSupport.localhost;
import static io.zokio.tls.TlsTestSupport.on;
import static io.zokio.tls.TlsTestSupport.serverBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On an event-loop thread the blocking calls of a {@link TlsStream} are refused with
 * {@link IllegalStateException}, and {@link TlsStream#close} there closes the connection without waiting to send
 * close_notify (the peer sees a truncation); each backend.
 */
@Timeout(60)
class TlsOnLoopThreadTest {
    private static final Duration T = Duration.ofSeconds(20);

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void blockingCallsAreRefusedOnALoopAndCloseThereSkipsCloseNotify(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2);
             var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12).build(), s -> {
                 s.writeAll(ByteBuffer.wrap(new byte[] {1}));
                 s.read(ByteBuffer.allocate(1)); // until the client's end
             })) {
            TlsStream c = on(rt, () -> {
                TlsStream s = TlsStream.connect(rt, localhost(server.port()), clientBuilder(certs.serverCrt).build(), T);
                assertEquals(1, s.read(ByteBuffer.allocate(1)));
                return s;
            });
            CompletableFuture<List<Throwable>> onLoop = new CompletableFuture<>();
            rt.executeOnLoop(() -> {
                List<Throwable> refused = new ArrayList<>();
                for (Runnable call : List.<Runnable>of(() -> call(() -> c.read(ByteBuffer.allocate(1))),
                        () -> call(() -> c.write(ByteBuffer.allocate(1))), () -> call(() -> c.handshake(T)),
                        () -> call(c::shutdownOutput))) {
                    try {
                        call.run();
                        refused.add(null);
                    } catch (Throwable t) {
                        refused.add(t);
                    }
                }
                try {
                    c.close();
                    onLoop.complete(refused);
                } catch (Throwable t) {
                    onLoop.completeExceptionally(t);
                }
            });
            List<Throwable> refused = onLoop.get(30, TimeUnit.SECONDS);
            assertEquals(4, refused.size());
            for (Throwable t : refused) {
                IllegalStateException e = assertInstanceOf(IllegalStateException.class, t);
                assertTrue(e.getMessage().startsWith("a blocking TLS call on event-loop thread "), e.getMessage());
            }
            assertFalse(c.isOpen());
            assertInstanceOf(TlsTruncationException.class, server.next(), "no close_notify came from the loop");
        }
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private static void call(Call c) {
        try {
            c.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("expected a refusal, got " + e, e);
        }
    }
}
