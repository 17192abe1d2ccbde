package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CompletionStage style, interrupts, and blocking calls refused on loop threads; on each backend. */
@Timeout(60)
class AsyncStyleTest {

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void asyncConnectAcceptEchoChain(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 2);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            // server: accept, read 100 bytes in whatever pieces, write them back; all in callbacks
            CompletableFuture<Void> served = l.acceptAsync(Duration.ofSeconds(30)).thenCompose(s -> {
                ByteBuffer buf = ByteBuffer.allocate(100);
                return readAll(s, buf).thenCompose(v -> s.writeAllAsync(buf.flip(), null)).whenComplete((v, e) -> s.closeQuietly());
            });
            ByteBuffer out = ByteBuffer.allocateDirect(100);
            for (int i = 0; i < 100; i++) {
                out.put((byte) i);
            }
            out.flip();
            ByteBuffer back = ByteBuffer.allocate(100);
            CompletableFuture<TcpStream> client = TcpStream.connectAsync(rt, loopback(l.port()), Duration.ofSeconds(30));
            client.thenCompose(c -> c.writeAllAsync(out, null).thenCompose(v -> readAll(c, back))
                    .whenComplete((v, e) -> c.closeQuietly())).get(30, TimeUnit.SECONDS);
            served.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 100; i++) {
                assertEquals((byte) i, back.get(i));
            }
            // an async timeout completes exceptionally with SocketTimeoutException
            TcpStream idle = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null));
            TcpStream peer = on(rt, () -> l.accept());
            var e = assertThrows(ExecutionException.class,
                    () -> idle.readAsync(ByteBuffer.allocate(1), Duration.ofMillis(20)).get(30, TimeUnit.SECONDS));
            assertInstanceOf(SocketTimeoutException.class, e.getCause());
            idle.close();
            peer.close();
        }
    }

    private static CompletableFuture<Void> readAll(TcpStream s, ByteBuffer buf) {
        return s.readAsync(buf, null).thenCompose(n -> {
            if (n < 0) {
                return CompletableFuture.failedFuture(new java.io.EOFException());
            }
            return buf.hasRemaining() ? readAll(s, buf) : CompletableFuture.completedFuture(null);
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void interruptCancelsABlockedReadAndTheStreamStaysUsable(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            TcpStream c = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null));
            TcpStream s = on(rt, () -> l.accept());
            CompletableFuture<Thread> reader = new CompletableFuture<>();
            Task<Boolean> t = rt.spawn(() -> {
                reader.complete(Thread.currentThread());
                try {
                    c.read(ByteBuffer.allocate(4));
                    return false;
                } catch (InterruptedIOException expected) {
                    return Thread.currentThread().isInterrupted(); // the interrupt status is kept
                }
            });
            Thread r = reader.get();
            // interrupt until the read gave up (an interrupt before the read parked is seen when it parks)
            while (!t.isDone()) {
                r.interrupt();
                Thread.onSpinWait();
            }
            assertTrue(t.join());
            on(rt, () -> {
                s.writeAll(ByteBuffer.wrap(new byte[] {5}));
                ByteBuffer b = ByteBuffer.allocate(1);
                assertEquals(1, c.read(b));
                return null;
            });
            c.close();
            s.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void blockingCallsOnALoopThreadAreRefused(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            TcpStream c = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null));
            CompletableFuture<Throwable> refused = new CompletableFuture<>();
            rt.executeOnLoop(() -> { // a lightweight task: runs on the worker (loop) thread itself
                try {
                    c.read(ByteBuffer.allocate(1));
                    refused.complete(null);
                } catch (Throwable e) {
                    refused.complete(e);
                }
            });
            assertInstanceOf(IllegalStateException.class, refused.get(30, TimeUnit.SECONDS));
            // the refused call left the stream usable
            TcpStream s = on(rt, () -> l.accept());
            on(rt, () -> {
                s.writeAll(ByteBuffer.wrap(new byte[] {1}));
                assertEquals(1, c.read(ByteBuffer.allocate(1)));
                return null;
            });
            c.close();
            s.close();
        }
    }
}
