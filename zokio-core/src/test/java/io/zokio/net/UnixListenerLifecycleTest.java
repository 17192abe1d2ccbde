package io.zokio.net;

import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.sys.UnixAddress;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * UnixListener and UnixStream through their life: binding and connecting on the current runtime, an accept
 * timeout that leaves the listener usable, acceptEach with a throwing handler, descriptions, the closed listener,
 * and a socket file replaced by someone else; on each backend.
 */
@Timeout(60)
class UnixListenerLifecycleTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void acceptTimeoutLeavesTheListenerUsableAndDescriptionsFollowTheState(BackendKind kind) throws Exception {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("l.sock"));
        try (Runtime rt = NetTestSupport.open(kind, 2)) {
            UnixListener l = on(rt, () -> UnixListener.bind(path)); // the current runtime's
            assertEquals(UnixAddress.of(path), l.address());
            assertTrue(l.worker() == 0 || l.worker() == 1, "worker " + l.worker());
            assertEquals("UnixListener[" + UnixAddress.of(path) + ", worker=" + l.worker() + "]", l.toString());
            SocketTimeoutException t = assertThrows(SocketTimeoutException.class,
                    () -> on(rt, () -> l.accept(Duration.ofMillis(20))));
            assertTrue(t.getMessage() != null, "a timeout says so");
            byte got = on(rt, () -> {
                try (UnixStream c = UnixStream.connect(path); UnixStream s = l.accept(Duration.ofSeconds(10))) {
                    assertTrue(c.toString().startsWith("UnixStream[fd="), c.toString());
                    assertTrue(c.toString().endsWith(", worker=" + c.worker() + "]"), c.toString());
                    c.writeAll(ByteBuffer.wrap(new byte[] {42}));
                    ByteBuffer b = ByteBuffer.allocate(1);
                    s.readFully(b);
                    c.close();
                    assertTrue(c.toString().endsWith(", closed]"), c.toString());
                    return b.get(0);
                }
            });
            assertEquals(42, got, "the listener accepts after a timed-out accept");
            l.close();
            assertFalse(l.isOpen());
            assertTrue(l.toString().endsWith(", closed]"), l.toString());
            ExecutionException async = assertThrows(ExecutionException.class,
                    () -> l.acceptAsync(null).get(10, TimeUnit.SECONDS));
            assertInstanceOf(ClosedChannelException.class, async.getCause());
            ExecutionException each = assertThrows(ExecutionException.class,
                    () -> l.acceptEach(s -> { }).get(10, TimeUnit.SECONDS));
            assertInstanceOf(ClosedChannelException.class, each.getCause());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void acceptEachClosesTheStreamOfAThrowingHandlerAndGoesOn(BackendKind kind) throws Exception {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("each.sock"));
        try (Runtime rt = NetTestSupport.open(kind, 2)) {
            UnixListener l = UnixListener.bind(rt, path);
            LinkedBlockingQueue<UnixStream> kept = new LinkedBlockingQueue<>();
            int[] calls = {0};
            var done = l.acceptEach(s -> {
                if (calls[0]++ == 0) {
                    throw new IllegalStateException("handler failed");
                }
                kept.add(s);
            });
            on(rt, () -> {
                try (UnixStream first = UnixStream.connect(rt, path)) {
                    assertEquals(-1, first.read(ByteBuffer.allocate(1)), "the failed handler's stream is closed");
                }
                try (UnixStream second = UnixStream.connect(rt, path)) {
                    UnixStream s = kept.poll(30, TimeUnit.SECONDS);
                    s.writeAll(ByteBuffer.wrap(new byte[] {7}));
                    s.close();
                    ByteBuffer b = ByteBuffer.allocate(1);
                    second.readFully(b);
                    assertEquals(7, b.get(0), "the next connection reaches the handler");
                }
                return null;
            });
            l.close();
            done.get(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void closeLeavesAFileThatReplacedTheSocket(BackendKind kind) throws Exception {
        Path p = dir.resolve("replaced.sock");
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            UnixListener l = UnixListener.bind(rt, UnixDomainSocketAddress.of(p));
            Files.delete(p);
            Files.writeString(p, "someone else's");
            l.close();
            l.close(); // idempotent
            assertEquals("someone else's", Files.readString(p), "only the file the bind created is removed");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void asyncConnectToAPathLongerThanSunPathFailsWithItsLength(BackendKind kind) throws Exception {
        UnixAddress tooLong = UnixAddress.ofPath(dir.resolve("x".repeat(UnixAddress.MAX_PATH_BYTES)));
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> UnixStream.connectAsync(rt, tooLong, null).get(10, TimeUnit.SECONDS));
            java.net.SocketException se = assertInstanceOf(java.net.SocketException.class, e.getCause());
            assertTrue(se.getMessage().startsWith("Unix domain path too long: "), se.getMessage());
        }
    }
}
