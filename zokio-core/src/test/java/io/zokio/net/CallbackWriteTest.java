package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link SocketStream#writeAsync(ByteBuffer, Duration, SocketStream.IoCallback)}: one callback per call, each outcome. */
@Timeout(60)
class CallbackWriteTest {

    /** What one callback reported, and on which thread. */
    private record Outcome(int bytes, IOException failure, int calls, boolean onLoop) {
    }

    /** Starts a callback write from {@code s}'s own loop and returns what its callback reported. */
    private static Outcome writeOnLoop(Runtime rt, TcpStream s, ByteBuffer src, Duration timeout) throws Exception {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();
        onLoopOf(rt, s, () -> s.writeAsync(src, timeout, (n, failure) ->
                done.complete(new Outcome(n, failure, calls.incrementAndGet(), Runtime.isWorkerThread()))));
        Outcome o = done.get(30, TimeUnit.SECONDS);
        for (int turn = 0; turn < 3; turn++) {
            onLoopOf(rt, s, () -> { }); // a few loop turns: a second callback would be delivered in them
        }
        return new Outcome(o.bytes, o.failure, calls.get(), o.onLoop);
    }

    private static void onLoopOf(Runtime rt, TcpStream s, Runnable r) throws InterruptedException {
        rt.onLoop(s.worker(), loop -> {
            r.run();
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void writesAdvanceTheBufferAndCallBackOnceOnTheLoop(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 2);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            TcpStream c = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null));
            TcpStream s = on(rt, () -> l.accept());
            byte[] payload = "callback style".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ByteBuffer heap = ByteBuffer.wrap(payload);
            Outcome o = writeOnLoop(rt, c, heap, null);
            assertNull(o.failure);
            assertEquals(payload.length, o.bytes);
            assertEquals(payload.length, heap.position(), "the position moved over the bytes written");
            assertEquals(1, o.calls);
            assertTrue(o.onLoop, "the callback runs on the stream's loop");
            ByteBuffer got = ByteBuffer.allocate(payload.length);
            on(rt, () -> {
                s.readFully(got);
                return null;
            });
            assertArrayEquals(payload, got.array());

            Outcome empty = writeOnLoop(rt, c, ByteBuffer.allocate(0), null);
            assertEquals(0, empty.bytes);
            assertNull(empty.failure);
            assertEquals(1, empty.calls);

            c.close();
            Outcome closed = writeOnLoop(rt, c, ByteBuffer.wrap(payload), null);
            assertInstanceOf(ClosedChannelException.class, closed.failure);
            assertEquals(1, closed.calls);
            s.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aWriteThePeerNeverTakesTimesOutAndASecondWriteIsRefused(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            TcpStream c = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null));
            TcpStream s = on(rt, () -> l.accept());
            ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
            // fill the socket buffers: the peer never reads
            IOException failure = null;
            for (int i = 0; i < 256 && failure == null; i++) {
                block.clear();
                failure = writeOnLoop(rt, c, block, Duration.ofMillis(50)).failure;
            }
            assertInstanceOf(SocketTimeoutException.class, failure);
            // while a write is pending, another one is a programming error, refused at once
            CompletableFuture<Void> pending = new CompletableFuture<>();
            // (both in one loop task: the first cannot settle before the task returns)
            CompletableFuture<Throwable> second = new CompletableFuture<>();
            onLoopOf(rt, c, () -> {
                c.writeAsync(block.clear(), null, (n, f) -> pending.complete(null));
                second.complete(assertThrows(IllegalStateException.class,
                        () -> c.writeAsync(ByteBuffer.allocate(1), null, (n, f) -> { })));
            });
            assertInstanceOf(IllegalStateException.class, second.get(30, TimeUnit.SECONDS));
            c.close(); // the pending write ends with its one callback
            pending.get(30, TimeUnit.SECONDS);
            s.close();
        }
    }
}
